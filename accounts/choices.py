"""Enumerations of the organisation model, with the official Indonesian labels (domain §1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    OPD = "opd", _("OPD (regional agency)")
    SEKRETARIAT = "sekretariat", _("Secretariat")
    BIDANG = "bidang", _("Division (bidang)")
    BAGIAN = "bagian", _("Section (bagian)")
    SUBBIDANG = "subbidang", _("Subdivision (subbidang)")
    SUBBAGIAN = "subbagian", _("Subsection (subbagian)")
    SEKSI = "seksi", _("Seksi")
    UPT = "upt", _("Technical unit (UPT)")
    PUSKESMAS = "puskesmas", _("Puskesmas")
    SEKOLAH = "sekolah", _("School")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")


class PositionKind(models.TextChoices):
    JPT_UTAMA = "jpt_utama", "JPT Utama"
    JPT_MADYA = "jpt_madya", "JPT Madya"
    JPT_PRATAMA = "jpt_pratama", "JPT Pratama"
    ADMINISTRATOR = "administrator", "Administrator"
    PENGAWAS = "pengawas", "Pengawas"
    PELAKSANA = "pelaksana", "Pelaksana"
    FUNGSIONAL_KEAHLIAN = "fungsional_keahlian", "Fungsional Keahlian"
    FUNGSIONAL_KETERAMPILAN = "fungsional_keterampilan", "Fungsional Keterampilan"


# Structural rank, highest first. Only these may be a PPK: "at least pengawas level" (domain §1).
PPK_ELIGIBLE_KINDS = frozenset(
    {
        PositionKind.JPT_UTAMA,
        PositionKind.JPT_MADYA,
        PositionKind.JPT_PRATAMA,
        PositionKind.ADMINISTRATOR,
        PositionKind.PENGAWAS,
    }
)
JPT_KINDS = frozenset({PositionKind.JPT_UTAMA, PositionKind.JPT_MADYA, PositionKind.JPT_PRATAMA})
FUNGSIONAL_KINDS = frozenset(
    {PositionKind.FUNGSIONAL_KEAHLIAN, PositionKind.FUNGSIONAL_KETERAMPILAN}
)


class Jenjang(models.TextChoices):
    AHLI_UTAMA = "ahli_utama", "Ahli Utama"
    AHLI_MADYA = "ahli_madya", "Ahli Madya"
    AHLI_MUDA = "ahli_muda", "Ahli Muda"
    AHLI_PERTAMA = "ahli_pertama", "Ahli Pertama"
    PENYELIA = "penyelia", "Penyelia"
    MAHIR = "mahir", "Mahir"
    TERAMPIL = "terampil", "Terampil"
    PEMULA = "pemula", "Pemula"


JENJANG_BY_KIND = {
    PositionKind.FUNGSIONAL_KEAHLIAN: (
        Jenjang.AHLI_UTAMA,
        Jenjang.AHLI_MADYA,
        Jenjang.AHLI_MUDA,
        Jenjang.AHLI_PERTAMA,
    ),
    PositionKind.FUNGSIONAL_KETERAMPILAN: (
        Jenjang.PENYELIA,
        Jenjang.MAHIR,
        Jenjang.TERAMPIL,
        Jenjang.PEMULA,
    ),
}


class EmploymentType(models.TextChoices):
    PNS = "PNS", "PNS"
    PPPK = "PPPK", "PPPK"


# PNS golongan ruang with its pangkat (domain §1).
PNS_GOLONGAN = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}
PPPK_GOLONGAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
]
GOLONGAN_CHOICES = [(g, f"{g} – {p}") for g, p in PNS_GOLONGAN.items()] + [
    (g, g) for g in PPPK_GOLONGAN
]


def golongan_fits(employment_type: str, golongan: str) -> bool:
    """PNS take a golongan ruang (III/a); PPPK a roman numeral (IX). Empty is allowed for both."""
    if not golongan:
        return True
    if employment_type == EmploymentType.PNS:
        return golongan in PNS_GOLONGAN
    return golongan in PPPK_GOLONGAN


class EmployeeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DISMISSED = "dismissed", _("Dismissed")


class AssignmentKind(models.TextChoices):
    DEFINITIF = "definitif", _("Definitive")
    PLT = "plt", _("Plt (acting)")
    PLH = "plh", _("Plh (daily acting)")


class AdminRoleKind(models.TextChoices):
    ADMIN_OPD = "admin_opd", _("OPD administrator")
    ADMIN_BKD = "admin_bkd", _("BKD administrator")
