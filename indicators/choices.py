"""Vocabulary of the work plan shared by the indicator library and the SKP (domain §3).

Official Indonesian terms stay untranslated (Kuantitas, Penerima Layanan, Berorientasi Pelayanan…):
the domain brief asks for them exactly as written, in both languages.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Aspek(models.TextChoices):
    KUANTITAS = "kuantitas", "Kuantitas"
    KUALITAS = "kualitas", "Kualitas"
    WAKTU = "waktu", "Waktu"
    BIAYA = "biaya", "Biaya"


class TargetDirection(models.TextChoices):
    """Which side of an IKI's target is good: at least (the default), at most (a ceiling: maternal
    deaths, stunting, complaints), exactly, or a range (from target to its upper bound). The values
    are the members' names in lower case of appraisal.rules.Direction, which computes with them."""

    AT_LEAST = "at_least", _("at least (≥)")
    AT_MOST = "at_most", _("at most (≤)")
    EXACTLY = "exactly", _("exactly (=)")
    RANGE = "range", _("range (from–to)")


TARGET_SIGNS = {
    TargetDirection.AT_LEAST: "≥",
    TargetDirection.AT_MOST: "≤",
    TargetDirection.EXACTLY: "=",
}


def target_display(direction: str, value, upper, unit: str, text: str) -> str:
    """An IKI target as written everywhere (forms, pages, PDFs, exports): "≥ 12 dokumen",
    "≤ 14 %", "= 100 %", "80–90 %"; a narrative target as it is. Numbers keep the decimal point
    of the stored value; the PDFs write their own Indonesian decimal comma."""
    if value is None:
        return text
    number = f"{value.normalize():f}"
    if direction == TargetDirection.RANGE and upper is not None:
        return f"{number}–{upper.normalize():f} {unit}".strip()
    sign = TARGET_SIGNS.get(direction, "≥")
    return f"{sign} {number} {unit}".strip()


# Each RHK is expected to carry these three aspects (warn, do not block).
EXPECTED_ASPEK = (Aspek.KUANTITAS, Aspek.KUALITAS, Aspek.WAKTU)


class Perspektif(models.TextChoices):
    """JPT SKPs: the balanced-scorecard perspective of each RHK."""

    PENERIMA_LAYANAN = "penerima_layanan", "Penerima Layanan"
    PROSES_BISNIS = "proses_bisnis", "Proses Bisnis"
    PENGUATAN_INTERNAL = "penguatan_internal", "Penguatan Internal"
    ANGGARAN = "anggaran", "Anggaran"


class Sector(models.TextChoices):
    HEALTH = "kesehatan", _("Health")
    EDUCATION = "pendidikan", _("Education")
    POPULATION = "adminduk", _("Population administration")
    GENERAL = "umum", _("General administration")
    FINANCE = "keuangan", _("Finance")
    INFRASTRUCTURE = "infrastruktur", _("Infrastructure")


class PositionGroup(models.TextChoices):
    """The kind of position a library entry suits (coarser than accounts.PositionKind)."""

    ANY = "semua", _("Any position")
    JPT = "jpt", _("JPT (head of agency)")
    STRUCTURAL = "struktural", _("Administrator / Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    FUNGSIONAL = "fungsional", _("Functional")


class BerakhlakValue(models.TextChoices):
    BERORIENTASI_PELAYANAN = "berorientasi_pelayanan", "Berorientasi Pelayanan"
    AKUNTABEL = "akuntabel", "Akuntabel"
    KOMPETEN = "kompeten", "Kompeten"
    HARMONIS = "harmonis", "Harmonis"
    LOYAL = "loyal", "Loyal"
    ADAPTIF = "adaptif", "Adaptif"
    KOLABORATIF = "kolaboratif", "Kolaboratif"


# The 21 guide behaviours (panduan perilaku), verbatim from the rule: fixed text, not translated.
GUIDE_BEHAVIOURS = {
    BerakhlakValue.BERORIENTASI_PELAYANAN: (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    ),
    BerakhlakValue.AKUNTABEL: (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas "
        "tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    ),
    BerakhlakValue.KOMPETEN: (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    ),
    BerakhlakValue.HARMONIS: (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    ),
    BerakhlakValue.LOYAL: (
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun "
        "1945, setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
        "Menjaga rahasia jabatan dan negara",
    ),
    BerakhlakValue.ADAPTIF: (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    ),
    BerakhlakValue.KOLABORATIF: (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumberdaya untuk tujuan bersama",
    ),
}
