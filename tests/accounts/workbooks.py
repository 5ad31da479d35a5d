"""Small employee workbooks built in memory for the import tests."""

from __future__ import annotations

import datetime as dt
import zipfile
from io import BytesIO

from openpyxl import Workbook

from accounts.importing import COLUMNS, script_actor


def nip(serial: int, gender: int = 1, year: int = 1980) -> str:
    """A valid NIP: born 1 January of `year`, TMT CPNS January 2005, then gender and serial."""
    return f"{year}0101200501{gender}{serial:03d}"


KADIS, KABID, KASI, STAFF, DOKTER = (nip(n) for n in range(1, 6))


def row(nip_: str, name: str, **values) -> dict:
    """One data row as {column: value}; columns not given are empty."""
    data = {"NIP": nip_, "Nama": name, "Status Kepegawaian": "PNS", "Golongan": "III/a"}
    data.update(values)
    return data


def dinkes_rows() -> list[dict]:
    """A small OPD: Kepala Dinas → Kepala Bidang → Kepala Seksi → staff, plus a fungsional."""
    return [
        row(
            KADIS,
            "Kepala Dinas",
            **{
                "Gelar Depan": "dr.",
                "Gelar Belakang": "M.Kes.",
                "Golongan": "IV/b",
                "Kode Unit": "DINKES",
                "Nama Unit": "Dinas Kesehatan",
                "Nama Jabatan": "Kepala Dinas Kesehatan",
                "Jenis Jabatan": "JPT Pratama",
                "Email": "kadis@example.go.id",
            },
        ),
        row(
            KABID,
            "Kepala Bidang",
            **{
                "Kode Unit": "DINKES.P2P",
                "Nama Unit": "Bidang Pencegahan dan Pengendalian Penyakit",
                "Kode Unit Induk": "DINKES",
                "Nama Jabatan": "Kepala Bidang P2P",
                "Jenis Jabatan": "Administrator",
                "NIP Atasan Langsung": KADIS,
            },
        ),
        row(
            KASI,
            "Kepala Seksi",
            **{
                "Kode Unit": "DINKES.SURV",
                "Nama Unit": "Seksi Surveilans dan Imunisasi",
                "Kode Unit Induk": "DINKES.P2P",
                "Nama Jabatan": "Kepala Seksi Surveilans",
                "Jenis Jabatan": "Pengawas",
                "NIP Atasan Langsung": KABID,
            },
        ),
        row(
            STAFF,
            "Pengelola Data",
            **{
                "Kode Unit": "DINKES.SURV",
                "Nama Unit": "Seksi Surveilans dan Imunisasi",
                "Kode Unit Induk": "DINKES.P2P",
                "Nama Jabatan": "Pengelola Data Surveilans",
                "Jenis Jabatan": "Pelaksana",
                "NIP Atasan Langsung": KASI,
                "No HP": "081234567890",
            },
        ),
        row(
            DOKTER,
            "Epidemiolog",
            **{
                "Status Kepegawaian": "PPPK",
                "Golongan": "IX",
                "Kode Unit": "DINKES.P2P",
                "Nama Unit": "Bidang Pencegahan dan Pengendalian Penyakit",
                "Kode Unit Induk": "DINKES",
                "Nama Jabatan": "Epidemiolog Kesehatan Ahli Muda",
                "Jenis Jabatan": "Fungsional Keahlian",
                "Jenjang": "Ahli Muda",
                "NIP Atasan Langsung": KABID,
            },
        ),
    ]


def workbook(rows: list[dict], header=COLUMNS, name: str = "pegawai.xlsx") -> BytesIO:
    """The rows under a header, as an uploaded .xlsx would arrive (a named, rewound buffer)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append(list(header))
    canonical = {column.casefold(): column for column in COLUMNS}
    keys = [canonical.get(" ".join(str(h).split()).casefold(), h) for h in header]
    for data in rows:
        sheet.append([data.get(key) for key in keys])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def replace_number(buffer: BytesIO, placeholder: int, digits: str) -> BytesIO:
    """Rewrite a numeric cell's stored value. openpyxl (like Excel) stores big numbers with 15
    significant digits; some tools store all 18, and the reader must accept that exact number."""
    source = zipfile.ZipFile(buffer)
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(f"<v>{placeholder}</v>".encode(), f"<v>{digits}</v>".encode())
            target.writestr(item, data)
    out.seek(0)
    out.name = buffer.name
    return out


def write_zip_bomb(path, megabytes: int) -> None:
    """An .xlsx-named zip whose sheet is `megabytes` MB of zeros: a few kB on disk."""
    zeros = b"0" * (1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(megabytes):
                member.write(zeros)


DAY = dt.date(2025, 3, 10)


def validate(rows, day=DAY, **kwargs):
    """parse_and_validate on a workbook made of `rows`, as of `day` (by default as the system)."""
    from accounts.importing import parse_and_validate

    kwargs.setdefault("actor", script_actor())
    return parse_and_validate(workbook(rows), import_date=day, **kwargs)


def run_import(rows, day=DAY, user=None, **kwargs):
    """Validate and apply `rows` as a script run by `user`; the plan must be clean."""
    from accounts.importing import apply_plan

    actor = script_actor(user)
    plan = validate(rows, day=day, actor=actor, **kwargs)
    assert plan.ok, (plan.file_errors, plan.errors)
    return apply_plan(plan, actor=actor, file_name="pegawai.xlsx")
