"""The fictional demo agency: Pemerintah Kota Laras Bahari, its OPD, units, posts and staffing.

A unit has at most one head post (its kepala); staff posts report to that head. The head reports to
the head of `head_parent` when given, else to the head of the nearest ancestor unit. Staff counts
are people sharing one post (jabatan fungsional and pelaksana are not single seats).
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.choices import PositionKind as K
from accounts.choices import UnitKind as U

AGENCY_NAME = "Pemerintah Kota Laras Bahari"
REGION_NAME = "Kota Laras Bahari"
HEAD_NAME = "H. Mahesa Arung Dirgantara, S.E., M.M."
HEAD_TITLE = "Wali Kota Laras Bahari"
EMAIL_DOMAIN = "larasbahari.go.id"
SEED = "laras-bahari-2026"
DEMO_PASSWORD = "demo12345"
# Demo logins granted an administrative role: (AdminRoleKind, OPD code for admin OPD).
ADMIN_LOGINS = {"admin.bkd": ("admin_bkd", ""), "admin.opd": ("admin_opd", "DINKES")}

# Jenjang codes from accounts.choices.Jenjang, kept short here for a readable table.
AP, AMU, AMA = "ahli_pertama", "ahli_muda", "ahli_madya"
TR, MH, PY = "terampil", "mahir", "penyelia"
FA, FT, PL = K.FUNGSIONAL_KEAHLIAN, K.FUNGSIONAL_KETERAMPILAN, K.PELAKSANA


@dataclass(frozen=True)
class Head:
    name: str
    kind: str
    profile: str = "struktural"
    login: str = ""
    # "vacant": nobody holds the post; "plt:<unit code>": vacant, that unit's head acts as Plt.
    state: str = ""
    # The post's former holder left: "retired" or "transferred_out".
    former: str = ""


@dataclass(frozen=True)
class Staff:
    name: str
    kind: str
    jenjang: str = ""
    count: int = 1
    profile: str = "staf"
    pppk: int = 0  # how many of `count` are PPPK
    login: str = ""  # the first holder gets this demo login
    former: str = ""  # one more former holder who left ("retired" / "transferred_out")


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str
    head: Head | None
    staff: tuple[Staff, ...] = ()
    children: tuple[Unit, ...] = ()
    head_parent: str = ""


def S(name, kind=PL, jenjang="", count=1, profile="staf", pppk=0, login="", former=""):  # noqa: N802
    return Staff(name, kind, jenjang, count, profile, pppk, login, former)


ADM_PKG = S("Pengadministrasi Perkantoran", count=2, pppk=1)


def sekretariat(code: str, title: str, *staff: Staff, subbag: tuple[Staff, ...] = ()) -> Unit:
    children = ()
    if subbag:
        children = (
            Unit(
                f"{code}.SEK.UMPEG",
                "Subbagian Umum dan Kepegawaian",
                U.SUBBAGIAN,
                Head("Kepala Subbagian Umum dan Kepegawaian", K.PENGAWAS),
                subbag,
            ),
        )
    return Unit(
        f"{code}.SEK",
        "Sekretariat",
        U.SEKRETARIAT,
        Head(f"Sekretaris {title}", K.ADMINISTRATOR),
        staff,
        children,
    )


def puskesmas(n: int, place: str, *, perawat: int = 3, bidan: int = 2) -> Unit:
    return Unit(
        f"DINKES.PKM{n:02d}",
        f"UPTD Puskesmas {place}",
        U.PUSKESMAS,
        Head(f"Kepala UPTD Puskesmas {place}", K.PENGAWAS, "kesehatan"),
        (
            S("Dokter Ahli Pertama", FA, AP, 1, "dokter", pppk=0),
            S("Dokter Ahli Muda", FA, AMU, 1, "dokter"),
            S("Dokter Gigi Ahli Pertama", FA, AP, 1, "drg"),
            S("Perawat Ahli Pertama", FA, AP, 1, "perawat_ahli"),
            S("Perawat Terampil", FT, TR, perawat, "perawat", pppk=perawat - 1),
            S("Perawat Mahir", FT, MH, 1, "perawat"),
            S("Bidan Terampil", FT, TR, bidan, "bidan", pppk=1),
            S("Bidan Mahir", FT, MH, 1, "bidan"),
            S("Asisten Apoteker Terampil", FT, TR, 1, "farmasi", pppk=1),
            S("Pranata Laboratorium Kesehatan Terampil", FT, TR, 1, "lab"),
            S("Sanitarian Terampil", FT, TR, 1, "sanitarian"),
            S("Operator Layanan Kesehatan", PL, count=1),
        ),
    )


def sekolah(code: str, name: str, under: str, guru: int, pppk: int) -> Unit:
    # A kepala sekolah is a guru with an added duty; modelled at pengawas level because teachers'
    # SKP are approved by their kepala sekolah in practice.
    return Unit(
        code,
        name,
        U.SEKOLAH,
        Head(f"Kepala {name}", K.PENGAWAS, "guru"),
        (
            S("Guru Ahli Pertama", FA, AP, guru, "guru", pppk=pppk),
            S("Guru Ahli Muda", FA, AMU, 2, "guru"),
            S("Pengadministrasi Perkantoran", count=1),
        ),
        head_parent=under,
    )


def kelurahan(n: int, place: str) -> Unit:
    return Unit(
        f"KEC.TBK.KEL{n:02d}",
        f"Kelurahan {place}",
        U.KELURAHAN,
        Head(f"Lurah {place}", K.PENGAWAS),
        (
            S("Sekretaris Kelurahan", K.PENGAWAS, count=1, profile="struktural"),
            S("Pengelola Layanan Operasional", count=2, pppk=1),
        ),
    )


def opd(code, name, kind, head_name, head_profile, *children, staff=(), login="", **kw) -> Unit:
    return Unit(
        code, name, kind, Head(head_name, K.JPT_PRATAMA, head_profile, login), staff, children, **kw
    )


def unit(code, name, kind, head: Head, *staff: Staff, children=(), **kw) -> Unit:
    return Unit(code, name, kind, head, staff, children, **kw)


def kabid(title: str, **kw) -> Head:
    return Head(f"Kepala {title}", K.ADMINISTRATOR, **kw)


def kasi(title: str, **kw) -> Head:
    return Head(f"Kepala {title}", K.PENGAWAS, **kw)
