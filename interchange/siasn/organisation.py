"""SIASN's organisation as plain values: its units (`ref-unor`), an employee (`data-utama` with
`rw-jabatan`) and the atasan its structure gives them. No Django: the pull (pull.py) compares
these with ours.

Field names are read as public clients read them, tolerantly (camelCase or PascalCase, missing
keys empty). CONFIRM with BKN's integration team: the ids of `jenisJabatanId` (1 struktural, 2
fungsional tertentu, 4 fungsional umum/pelaksana) and `eselonId` (11…52: the first digit is the
eselon), and that a unit's head is `PemimpinPnsId`/`NipPemimpin` in ref-unor.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Our position kinds as the employee workbook names them (accounts.choices labels).
JPT_MADYA, JPT_PRATAMA = "JPT Madya", "JPT Pratama"
ADMINISTRATOR, PENGAWAS, PELAKSANA = "Administrator", "Pengawas", "Pelaksana"
KEAHLIAN, KETERAMPILAN = "Fungsional Keahlian", "Fungsional Keterampilan"
JENJANG_KEAHLIAN = ("Ahli Utama", "Ahli Madya", "Ahli Muda", "Ahli Pertama")
JENJANG_KETERAMPILAN = ("Penyelia", "Mahir", "Terampil", "Pemula")
STRUKTURAL, FUNGSIONAL_TERTENTU = "1", "2"
# Eselon I of a province is its Sekda (JPT Madya); II the heads of OPD (JPT Pratama); III
# administrators; IV (and the rare V) pengawas.
KIND_BY_ESELON = {"1": JPT_MADYA, "2": JPT_PRATAMA, "3": ADMINISTRATOR, "4": PENGAWAS}
GOLONGAN = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI|XVII)(/[a-e])?$")


@dataclass(frozen=True)
class Unit:
    id: str
    name: str
    parent_id: str
    head_nip: str


@dataclass(frozen=True)
class Person:
    nip: str
    siasn_id: str
    name: str
    front_title: str
    back_title: str
    status: str  # PNS or PPPK
    golongan: str
    unit_id: str
    post_name: str
    post_kind: str  # a label above
    jenjang: str  # a label above, for a fungsional post
    email: str
    phone: str
    instansi_id: str


def _text(item: dict, *keys: str) -> str:
    for key in keys:
        value = item.get(key)
        if value not in (None, ""):
            return " ".join(str(value).split())
    return ""


def units_from(items) -> dict[str, Unit]:
    """ref-unor's list, by SIASN id (items without an id or a name are left out)."""
    units = {}
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        uid = _text(item, "Id", "id")
        name = _text(item, "NamaUnor", "namaUnor", "nama")
        if uid and name:
            parent = _text(item, "DiatasanId", "diatasanId")
            head = _text(item, "NipPemimpin", "PemimpinPnsNip", "nipPemimpin")
            units[uid] = Unit(uid, name, parent if parent != uid else "", head)
    return units


def post_kind(jenis_id: str, eselon_id: str, post_name: str) -> tuple[str, str]:
    """(kind, jenjang) of a SIASN post: struktural by eselon, fungsional tertentu by the jenjang
    ending its name (keahlian or keterampilan), anything else pelaksana."""
    if jenis_id == STRUKTURAL and eselon_id[:1] in KIND_BY_ESELON:
        return KIND_BY_ESELON[eselon_id[:1]], ""
    if jenis_id == FUNGSIONAL_TERTENTU:
        folded = post_name.casefold()
        for kind, levels in ((KEAHLIAN, JENJANG_KEAHLIAN), (KETERAMPILAN, JENJANG_KETERAMPILAN)):
            for level in levels:
                if folded.endswith(level.casefold()):
                    return kind, level
    return PELAKSANA, ""


def _start(post: dict) -> dt.date:
    text = _text(post, "tmtJabatan", "TmtJabatan")
    for shape in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text[:10], shape).date()
        except ValueError:
            continue
    return dt.date.min


def current_post(history) -> dict:
    """The post held now: rw-jabatan's entry with the latest TMT (an empty dict when none)."""
    posts = [p for p in history if isinstance(p, dict)] if isinstance(history, list) else []
    return max(posts, key=_start, default={})


def person_from(data_utama, history) -> Person | None:
    """An employee from data-utama and rw-jabatan; None when SIASN answered no record."""
    if not isinstance(data_utama, dict) or not _text(data_utama, "nipBaru", "nip"):
        return None
    post = current_post(history)
    post_name = _text(post, "namaJabatan", "jabatanNama") or _text(
        data_utama, "jabatanNama", "namaJabatan"
    )
    jenis = _text(post, "jenisJabatanId", "jenisJabatan") or _text(data_utama, "jenisJabatanId")
    eselon = _text(post, "eselonId") or _text(data_utama, "eselonId")
    kind, jenjang = post_kind(jenis, eselon, post_name)
    golongan = _text(data_utama, "golRuangAkhir", "golonganAkhir")
    status = _text(data_utama, "statusPegawai", "jenisPegawaiNama").upper()
    return Person(
        nip=_text(data_utama, "nipBaru", "nip"),
        siasn_id=_text(data_utama, "id", "pnsId"),
        name=_text(data_utama, "nama"),
        front_title=_text(data_utama, "gelarDepan"),
        back_title=_text(data_utama, "gelarBelakang"),
        status="PPPK" if "PPPK" in status else "PNS",
        golongan=golongan if GOLONGAN.match(golongan) else "",
        unit_id=_text(post, "unorId") or _text(data_utama, "unorId"),
        post_name=post_name,
        post_kind=kind,
        jenjang=jenjang,
        email=_text(data_utama, "emailGov", "email"),
        phone=_text(data_utama, "noHp", "noTelp"),
        instansi_id=_text(data_utama, "instansiIndukId", "instansiKerjaId"),
    )


def atasan_nip(person: Person, units: dict[str, Unit]) -> str:
    """SIASN's atasan of a person: the head of their unit, or, for the head themself (or a
    unit without one), the head of the nearest unit above. "" at the top."""
    seen, current = set(), units.get(person.unit_id)
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.head_nip and current.head_nip != person.nip:
            return current.head_nip
        current = units.get(current.parent_id)
    return ""


def roots(units: dict[str, Unit]) -> set[str]:
    """The instansi's top units (the Pemda itself): those whose parent is not in the list."""
    return {uid for uid, unit in units.items() if unit.parent_id not in units}


def top_down(units: dict[str, Unit]) -> list[Unit]:
    """Every unit below a root, parents before children (a unit in a loop is left out)."""
    children: dict[str, list[Unit]] = {}
    for unit in units.values():
        children.setdefault(unit.parent_id, []).append(unit)
    ordered, stack = [], sorted(roots(units), reverse=True)
    while stack:
        uid = stack.pop()
        below = sorted(children.get(uid, []), key=lambda u: u.name, reverse=True)
        ordered.extend(reversed(below))
        stack.extend(u.id for u in below)
    return ordered
