"""Random, mutated and damaged workbooks through the employee import (issue 9): 400 per run
(IMPORT_FUZZ_CASES=1000 for a longer one; the corpus of 1,000 ran clean on 2026-12-08).

Every attempt must end in a report or in the whole workbook imported: nothing raises out of the
services the upload page calls, the upload, preview and confirmation pages answer 200 or 302, and
afterwards the organisation tables are either exactly as before or hold every row of the file.

The cases come from a fixed seed, one random.Random per case, so a failure names its case and
reproduces alone: IMPORT_FUZZ_CASE=417 .venv/bin/pytest tests/accounts/test_import_fuzz.py
(IMPORT_FUZZ_SEED picks another corpus). Each attempt runs in a savepoint that is rolled back.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import string
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.comments import Comment

from accounts.choices import AssignmentKind, EmployeeStatus, PositionKind
from accounts.importing import COLUMNS, parse_and_validate
from accounts.importing.models import EmployeeImport, ImportStatus
from accounts.importing.records import import_confirm, import_record_create
from accounts.org.models import Assignment, Employee, OrgUnit, Position
from core.errors import DomainError
from tests.actors import actor, system

SEED = int(os.environ.get("IMPORT_FUZZ_SEED", "20250309"))
ONLY = os.environ.get("IMPORT_FUZZ_CASE")
CASES = int(os.environ.get("IMPORT_FUZZ_CASES", "400"))
THROUGH_THE_VIEW = 12  # every 12th case goes through the upload, preview and confirm pages
MODELS = (OrgUnit, Position, Employee, Assignment, get_user_model())


@dataclass
class Case:
    index: int
    kind: str
    content: bytes
    persona: str = "admin_bkd"
    complete: bool = False
    rows: int | None = None  # the data rows the reader must find, where the file says so

    @property
    def name(self) -> str:
        return f"case {self.index} ({self.kind}, {self.persona}, complete={self.complete})"


# ---------------------------------------------------------------- valid rows against `org`


def new_nip(rng: random.Random) -> str:
    """A valid NIP born in the 1960s: factories.make_nip starts at 1970, so none collide."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    tmt = f"{birth.year + rng.randint(20, 35)}{rng.randint(1, 12):02d}"
    return f"{birth:%Y%m%d}{tmt}{rng.choice('12')}{rng.randint(1, 999):03d}"


NAMES = ["Budi Santoso", "Siti Aminah", "I Made Wirawan", "Ni Luh Putu", "Andi Pratama", "Rina"]


def person(rng, nip, **values) -> dict:
    data = {
        "NIP": nip,
        "Nama": f"{rng.choice(NAMES)} {rng.randint(1, 999)}",
        "Status Kepegawaian": "PNS",
        "Golongan": rng.choice(["III/a", "III/b", "IV/a", ""]),
        "Email": rng.choice(["", f"p{rng.randint(1, 9999)}@example.go.id"]),
        "No HP": rng.choice(["", f"0812{rng.randint(1000000, 9999999)}"]),
    }
    data.update(values)
    return data


def a_new_opd(rng, org) -> list[dict]:
    """A new OPD of three units: head, kepala bidang, kepala seksi, staff and a fungsional."""
    code = f"DIS{rng.randint(1, 99)}"
    head, kabid, kasi, staff, ahli = (new_nip(rng) for _ in range(5))
    top = {"Kode Unit": code, "Nama Unit": f"Dinas Uji {code}"}
    bidang = {"Kode Unit": f"{code}.B", "Nama Unit": "Bidang Umum", "Kode Unit Induk": code}
    seksi = {"Kode Unit": f"{code}.S", "Nama Unit": "Seksi Data", "Kode Unit Induk": f"{code}.B"}
    return [
        person(
            rng, head, **top, **{"Nama Jabatan": "Kepala Dinas", "Jenis Jabatan": "JPT Pratama"}
        ),
        person(
            rng,
            kabid,
            **bidang,
            **{"Nama Jabatan": "Kepala Bidang", "Jenis Jabatan": "Administrator"},
            **{"NIP Atasan Langsung": head},
        ),
        person(
            rng,
            kasi,
            **seksi,
            **{"Nama Jabatan": "Kepala Seksi", "Jenis Jabatan": "Pengawas"},
            **{"NIP Atasan Langsung": kabid},
        ),
        person(
            rng,
            staff,
            **seksi,
            **{"Nama Jabatan": "Pengolah Data", "Jenis Jabatan": "Pelaksana"},
            **{"NIP Atasan Langsung": kasi, "Status Kepegawaian": "PPPK", "Golongan": "V"},
        ),
        person(
            rng,
            ahli,
            **bidang,
            **{"Nama Jabatan": "Statistisi Ahli Muda", "Jenis Jabatan": "Fungsional Keahlian"},
            **{"Jenjang": "Ahli Muda", "NIP Atasan Langsung": kabid},
        ),
    ]


SURV = {
    "Kode Unit": "DINKES.SURV",
    "Nama Unit": "Seksi Surveilans",
    "Kode Unit Induk": "DINKES.P2P",
}


def staff_under_the_kasi(rng, org) -> list[dict]:
    """New staff in an existing unit under an existing supervisor (org.ppk)."""
    return [
        person(
            rng,
            new_nip(rng),
            **SURV,
            **{"Nama Jabatan": rng.choice(["Pengelola Data", "Analis Data", "Pengadministrasi"])},
            **{"Jenis Jabatan": "Pelaksana", "NIP Atasan Langsung": org.ppk.nip},
        )
        for _ in range(rng.randint(1, 3))
    ]


def existing_staff_again(rng, org) -> list[dict]:
    """The fixture's staff re-imported: unchanged, renamed, or moved to another post (mutasi)."""
    rows = []
    for employee in (org.pegawai, org.colleague):
        position = rng.choice(["Pengelola Data", "Pengelola Data", "Analis Data"])
        rows.append(
            person(
                rng,
                employee.nip,
                **SURV,
                **{"Nama Jabatan": position, "Jenis Jabatan": "Pelaksana"},
                **{"NIP Atasan Langsung": org.ppk.nip, "Golongan": "III/a"},
                Nama=rng.choice([employee.name, employee.name + " Baru"]),
            )
        )
    return rows


TEMPLATES = (a_new_opd, staff_under_the_kasi, existing_staff_again)


def valid_rows(rng, org) -> list[dict]:
    chosen = rng.sample(TEMPLATES, rng.randint(1, 2))
    return [row for template in chosen for row in template(rng, org)]


# ---------------------------------------------------------------- random cell values


def random_text(rng, size: int) -> str:
    pools = [
        string.printable,
        "aiueoAIUEO ngkmrst.,-/()'",
        "éüñßøÅçİıǅﬁ—“”‘’…€",
        "日本語中文한국어ไทยعربيעברית",
        "\u00a0\u2003\u3000\u200b\u200d\u2028\ufeff",
        "²³¹٠١٢３４５",
        "😀👍🏽🇮🇩",
    ]
    pool = "".join(rng.sample(pools, rng.randint(1, 3)))
    text = "".join(rng.choice(pool) for _ in range(size))
    # XML 1.0 forbids most control characters: openpyxl will not write them (Excel escapes them)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"_x{ord(m.group()):04X}_", text)


def mangled_nip(rng, org) -> str:
    nip = rng.choice([new_nip(rng), org.pegawai.nip, org.ppk.nip, org.outsider.nip])
    how = rng.randrange(8)
    at = rng.randrange(18)
    if how == 0:
        return nip[:at]
    if how == 1:
        return nip + str(rng.randrange(10))
    if how == 2:
        return nip[:at] + rng.choice("O l²٣１x- ") + nip[at + 1 :]
    if how == 3:
        return nip[:14] + rng.choice("03456789") + nip[15:]
    if how == 4:
        return nip[:4] + f"{rng.randint(0, 99):02d}{rng.randint(0, 99):02d}" + nip[8:]
    if how == 5:
        return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return nip


def random_value(rng, org):
    """Anything a cell can hold, now and then something that fits one of the columns."""
    kind = rng.randrange(24)
    if kind == 0:
        return None
    if kind == 1:
        return rng.choice(["", " ", "\t", "\n", "   \n  "])
    if kind == 2:
        return random_text(rng, rng.randint(1, 40))
    if kind == 3:
        return random_text(rng, rng.randint(200, 3000))
    if kind == 4:
        return rng.choice([0, -1, 1, 2**31, 2**53 + 1, 10**17, -(10**18), 198001012005011001])
    if kind == 5:
        return rng.choice([0.5, -3.25, 1e20, 1.98001012005011e17, 81234567890.0, 1e-300])
    if kind == 6:
        return rng.choice([True, False])
    if kind == 7:
        return dt.date(rng.randint(1901, 2100), rng.randint(1, 12), rng.randint(1, 28))
    if kind == 8:
        return dt.datetime(2024, rng.randint(1, 12), 5, rng.randint(0, 23), 30)
    if kind == 9:
        return rng.choice([dt.time(8, 30), dt.timedelta(hours=rng.randint(1, 99))])
    if kind == 10:
        return "=" + rng.choice(["SUM(A1:A3)", "1/0", "NOW()", 'HYPERLINK("http://x")', ""])
    if kind == 11:
        return rng.choice(["_x0000_", "a_x0001_b", "_x001F_", "_xD800_", "x005F_x0000_"])
    if kind in (12, 13):
        return mangled_nip(rng, org)
    if kind == 14:
        return rng.choice(["PNS", "PPPK", "pns", "Honorer", "PNS ", "P N S"])
    if kind == 15:
        return rng.choice(["III/a", "iii / A", "IX", "9", "09", "XVIII", "IV/f", "²", "9" * 5000])
    if kind == 16:
        return rng.choice([*PositionKind.labels, "Fungsional", "jpt  pratama", "Honorer"])
    if kind == 17:
        return rng.choice(["Ahli Muda", "ahli pertama", "Mahir", "Penyelia", "Ahli Super"])
    if kind == 18:
        return rng.choice(
            ["DINKES", "DINKES.P2P", "DISDIK", "BKPSDM", "dinkes", "X" * 41, "DINKES "]
        )
    if kind == 19:
        return rng.choice(["a@b.go.id", "bukan-email", "a@@b", "x" * 250 + "@b.id", "ü@ü.id"])
    if kind == 20:
        return rng.choice(["081234567890", 81234567890, "+62 812-3456-7890", "0" * 31])
    if kind == 21:
        return rng.choice([org.pegawai.nip, org.ppk.nip, org.kepala_unit.nip, org.outsider.nip])
    return rng.choice(["Kepala Dinas", "Kepala Seksi", "Analis Data", "#N/A", "#REF!", "TRUE"])


def mutate_rows(rng, org, rows: list[dict]) -> str:
    """Change a few cells or rows in place; return what was done."""
    done = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
        how = rng.randrange(10)
        if how <= 5 or not rows:
            index, column = rng.randrange(max(len(rows), 1)), rng.choice(COLUMNS)
            if rows:
                rows[index][column] = random_value(rng, org)
            done.append(f"cell {index + 2}/{column}")
        elif how == 6:
            rows.append(dict(rng.choice(rows)))
            done.append("duplicate row")
        elif how == 7:
            rows.pop(rng.randrange(len(rows)))
            done.append("drop row")
        elif how == 8:
            rows.insert(rng.randrange(len(rows) + 1), {})
            done.append("blank row")
        else:
            a, b = rng.randrange(len(rows)), rng.randrange(len(rows))
            rows[a]["NIP Atasan Langsung"] = rows[b].get("NIP")
            done.append("supervisor swap")
    return ", ".join(done) or "clean"


# ---------------------------------------------------------------- workbooks and their damage


CANONICAL = {column.casefold(): column for column in COLUMNS}


def build(
    rows: list[dict], header=COLUMNS, sheets=("Pegawai",), data_sheet=0, extras=None
) -> bytes:
    """The rows under `header` (matched as the reader matches it; other columns get text)."""
    book = Workbook()
    book.remove(book.active)
    keys = [CANONICAL.get(" ".join(str(h).split()).casefold()) for h in header]
    for number, title in enumerate(sheets):
        sheet = book.create_sheet(title)
        if number != data_sheet:
            if extras is not None:
                extras(sheet)
            continue
        sheet.append(list(header))
        for data in rows:
            sheet.append([data.get(key) if key else "lain" for key in keys] if data else [])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def filled(rows: list[dict]) -> int:
    """How many rows the reader should find: those with a value (a formula reads as empty)."""

    def blank(value) -> bool:
        return value is None or (
            isinstance(value, str) and (not value.strip() or (len(value) > 1 and value[0] == "="))
        )

    return sum(1 for data in rows if not all(blank(v) for v in data.values()))


def rezip(content: bytes, change: Callable[[str, bytes], bytes | None], add=()) -> bytes:
    """Rewrite each member through `change` (None drops it) and append extra members."""
    out = BytesIO()
    with (
        zipfile.ZipFile(BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = change(item.filename, source.read(item.filename))
            if data is not None:
                target.writestr(item.filename, data)
        for name, data in add:
            target.writestr(name, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def on_sheet(content: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    return rezip(content, lambda name, data: edit(data) if name == SHEET else data)


def cell(ref: str, body: str) -> bytes:
    return f'<row r="{re.sub("[A-Z]", "", ref)}"><c r="{ref}" {body}</c></row>'.encode()


def append_row(xml: bytes, row: bytes) -> bytes:
    return xml.replace(b"</sheetData>", row + b"</sheetData>")


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lololololololololol">'
    + b"".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)


FAR_ROW = " and a row at 1048576"
# Files whose data rows are all still there for the reader to find (see make_case).
ROWS_KEPT = (
    "mutated",
    "shuffled columns",
    "duplicated column",
    "extra columns",
    "header spelled loosely",
    "extra sheets",
    "data sheet not named Pegawai",
    "styled workbook",
    "dimension",
    "stray cell at XFD",
)


def damaged(rng, base: bytes) -> tuple[str, bytes]:
    """A damaged or hostile file, built from a valid workbook `base`."""
    how = rng.randrange(22)
    if how == 0:
        return "truncated", base[: rng.randrange(len(base))]
    if how == 1:
        return "random bytes", rng.randbytes(rng.randrange(5000))
    if how == 2:
        return "zip magic then noise", b"PK\x03\x04" + rng.randbytes(rng.randrange(3000))
    if how == 3:
        flipped = bytearray(base)
        for _ in range(rng.randint(1, 12)):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        return "bit flips", bytes(flipped)
    if how == 4:
        members = [(f"{random_text(rng, 5)}.bin", rng.randbytes(200)) for _ in range(3)]
        return "zip of garbage", rezip(build([]), lambda name, data: None, add=members)
    if how == 5:
        victim = rng.choice(zipfile.ZipFile(BytesIO(base)).namelist())
        return f"garbage {victim}", rezip(
            base, lambda name, data: rng.randbytes(300) if name == victim else data
        )
    if how == 6:
        victim = rng.choice(zipfile.ZipFile(BytesIO(base)).namelist())
        return f"missing {victim}", rezip(base, lambda name, data: None if name == victim else data)
    if how == 7:
        return "sheet xml cut short", on_sheet(base, lambda xml: xml[: rng.randrange(len(xml))])
    if how == 8:
        lines = ["NIP,Nama,Status Kepegawaian", "198001012005011001,Budi,PNS"]
        return "csv renamed", "\n".join(lines).encode(rng.choice(["utf-8", "utf-16"]))
    if how == 9:
        return "pdf renamed", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    if how == 10:
        ref = rng.choice(["A1:XFD1048576", "A1:XFD200000", "A1:A1", "A1:O2", "A1:ZZZZ9"])
        far = cell("A1048576", 't="inlineStr"><is><t>x</t></is>')

        with_far_row = rng.random() < 0.5

        def huge(xml):
            xml = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml)
            return append_row(xml, far) if with_far_row else xml

        return f"dimension {ref}{FAR_ROW * with_far_row}", on_sheet(base, huge)
    if how == 11:
        row = rng.choice(["2000000", "2000000000", "0", "-5", "abc", "1"])
        return f"row number {row}", on_sheet(
            base,
            lambda xml: append_row(
                xml, f'<row r="{row}"><c t="inlineStr"><is><t>1</t></is></c></row>'.encode()
            ),
        )
    if how == 12:
        body = rng.choice(
            [
                't="n"><v>abc</v>',
                't="s"><v>999</v>',
                't="b"><v>7</v>',
                't="d"><v>not-a-date</v>',
                't="e"><v>#DIV/0!</v>',
                f"><v>{'9' * 5000}</v>",
                "><v>1e999</v>",
                't="str"><v>text</v>',
                "><f>SUM(A1)</f>",
            ]
        )
        return f"odd cell {body[:12]}", on_sheet(
            base, lambda xml: append_row(xml, cell("A50", body))
        )
    if how == 13:
        return "stray cell at XFD", on_sheet(
            base, lambda xml: append_row(xml, cell("XFD7", 't="inlineStr"><is><t>x</t></is>'))
        )
    if how == 14:
        laughs = LAUGHS + b"<lolz>&lol9;</lolz>"
        return "billion laughs", on_sheet(base, lambda xml: laughs)
    if how == 15:
        xxe = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        return "external entity", on_sheet(
            base, lambda xml: xxe + xml.replace(b"<t>NIP</t>", b"<t>&x;</t>", 1)
        )
    if how == 16:
        bomb = BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(SHEET, b"0" * (3 * 1024 * 1024))
        return "zip bomb", bomb.getvalue()
    if how == 17:
        encrypted = bytearray(base)
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            for match in re.finditer(re.escape(signature), bytes(encrypted)):
                encrypted[match.start() + offset] |= 1
        return "encrypted flag", bytes(encrypted)
    if how == 18:
        return "no sheets", rezip(
            base,
            lambda name, data: (
                re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data)
                if name == "xl/workbook.xml"
                else data
            ),
        )
    if how == 19:
        return "empty file", b""
    if how == 20:
        return "html renamed", b"<html><body><table><tr><td>NIP</td></tr></table></body></html>"
    return "duplicate members", rezip(base, lambda name, data: data, add=[(SHEET, b"<oops/>")])


def structural(rng, rows: list[dict]) -> tuple[str, bytes]:
    """Columns shuffled, missing, duplicated or extra; sheets added, empty or misplaced."""
    how = rng.randrange(11)
    header = list(COLUMNS)
    if how == 0:
        rng.shuffle(header)
        return "shuffled columns", build(rows, header)
    if how == 1:
        for _ in range(rng.randint(1, 3)):
            header.pop(rng.randrange(len(header)))
        return "missing columns", build(rows, header)
    if how == 2:
        header.insert(rng.randrange(len(header)), rng.choice(COLUMNS))
        return "duplicated column", build(rows, header)
    if how == 3:
        for _ in range(rng.randint(1, 4)):
            header.insert(
                rng.randrange(len(header) + 1), rng.choice(["Catatan", "", "NIP Lama", 42, None])
            )
        return "extra columns", build(rows, header)
    if how == 4:
        header = [
            rng.choice([h.upper(), f"  {h} ", h.lower(), h.replace(" ", "  ")]) for h in header
        ]
        return "header spelled loosely", build(rows, header)
    if how == 5:
        sheets = ["Petunjuk", "Pegawai", "Lain"]
        return "extra sheets", build(
            rows, sheets=sheets, data_sheet=1, extras=lambda s: s.append(["x"])
        )
    if how == 6:
        return "data sheet not named Pegawai", build(rows, sheets=["Data", "Lain"])
    if how == 7:
        return "empty Pegawai sheet", build(rows, sheets=["Data", "Pegawai"], data_sheet=0)
    if how == 8:
        return "header only", build([], header)
    if how == 9:
        book = Workbook()
        book.active.title = "Pegawai"
        book.create_sheet("Kosong")
        buffer = BytesIO()
        book.save(buffer)
        return "empty workbook", buffer.getvalue()
    return "styled workbook", styled(rows)


def styled(rows: list[dict]) -> bytes:
    """What Excel users add: a comment, a frozen header, formats, a hyperlink, a merged range."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append(list(COLUMNS))
    for data in rows:
        sheet.append([data.get(column) for column in COLUMNS])
    sheet.freeze_panes = "A2"
    sheet["A1"].comment = Comment("18 digit", "BKD")
    sheet["B2"].hyperlink = "https://example.go.id"
    for row in sheet.iter_rows(min_row=2, max_col=1):
        row[0].number_format = "@"
    sheet.merge_cells("Q1:R1")
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_case(index: int, org) -> Case:
    rng = random.Random(f"{SEED}:{index}")
    rows = valid_rows(rng, org)
    family = rng.random()
    if family < 0.5:
        kind = "mutated: " + mutate_rows(rng, org, rows)
        content = build(rows)
    elif family < 0.72:
        kind, content = structural(rng, rows)
    else:
        kind, content = damaged(rng, build(rows))
    return Case(
        index,
        kind,
        content,
        persona=rng.choice(["admin_bkd", "admin_bkd", "admin_bkd", "admin_opd"]),
        complete=rng.random() < 0.1,
        rows=filled(rows) + kind.endswith(FAR_ROW) if kind.startswith(ROWS_KEPT) else None,
    )


# ---------------------------------------------------------------- the checks


def snapshot() -> dict:
    tables = {m.__name__: list(m.objects.order_by("pk").values_list()) for m in MODELS}
    tables.update({f"history {m.__name__}": m.history.count() for m in MODELS})
    return tables


def assert_fully_applied(preview_rows: list[list]) -> None:
    """Every row of the preview is in the database as previewed (removals have left)."""
    employees = Employee.objects.select_related("position__unit")
    by_nip = {e.nip: e for e in employees.filter(nip__in=[r[1] for r in preview_rows])}
    for row, nip, name, unit, position, action in preview_rows:
        employee = by_nip.get(nip)
        assert employee is not None, f"row {row}: {nip} missing"
        if action == "removed":
            assert employee.status != EmployeeStatus.ACTIVE, f"{nip} still active"
            continue
        assert employee.status == EmployeeStatus.ACTIVE and employee.name == name, row
        assert (employee.position.name, employee.position.unit.code) == (position, unit), row
        assert Assignment.objects.filter(
            employee=employee,
            position=employee.position,
            kind=AssignmentKind.DEFINITIF,
            end_date__isnull=True,
        ).exists(), f"row {row}: no open assignment"


def judge(before: dict, applied_rows: list[list] | None) -> None:
    """0 partial imports: all of the workbook, or nothing at all."""
    if applied_rows is None:
        after = snapshot()
        changed = [table for table in before if before[table] != after[table]]
        assert not changed, f"not imported, yet changed: {changed}"
    else:
        assert_fully_applied(applied_rows)


def assert_every_row_read(case: Case, plan_rows: int) -> None:
    """No row silently skipped: a file that kept its rows is read with all of them."""
    if case.rows is not None:
        assert plan_rows == case.rows, f"read {plan_rows} of the {case.rows} rows"


def through_the_services(case: Case, org) -> list[list] | None:
    """What the upload page and the confirmation do, without HTTP: the preview rows, if applied."""
    user = getattr(org, case.persona).user
    importer = actor(user)
    upload = SimpleUploadedFile("pegawai.xlsx", case.content)
    plan = parse_and_validate(upload, actor=importer, complete=case.complete)
    assert plan.error_count or plan.ok
    if not plan.file_errors:
        assert_every_row_read(case, plan.counts["rows"])
    assert all(
        isinstance(m, str) and m for m in [*plan.file_errors, *(e.message for e in plan.errors)]
    )
    if not plan.ok:
        return None
    record = import_record_create(upload, plan, upload.name, actor=importer)
    try:
        import_confirm(record, actor=importer)
    except DomainError:  # stale or refused: the page shows the message; nothing written
        return None
    assert record.status == ImportStatus.APPLIED
    return plan.preview_rows()


def through_the_pages(case: Case, client) -> list[list] | None:
    upload = SimpleUploadedFile(
        "pegawai.xlsx", case.content, content_type="application/octet-stream"
    )
    data = {"file": upload, **({"complete": "on"} if case.complete else {})}
    response = client.post(reverse("imports:upload"), data)
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        context = response.context
        assert context["form"].errors or context.get("file_errors") or context.get("errors")
        return None
    assert client.get(response.url).status_code == 200
    record = EmployeeImport.objects.get(public_id=response.url.rstrip("/").split("/")[-1])
    assert_every_row_read(case, record.summary["rows"])
    confirmed = client.post(response.url)
    assert confirmed.status_code == 302, confirmed.status_code
    record.refresh_from_db()
    return record.rows if record.status == ImportStatus.APPLIED else None


def attempt(case: Case, org, clients, before: dict) -> tuple[str | None, bool]:
    """Run one case in a savepoint rolled back afterwards: the problem found, if any, and
    whether the workbook was imported. `before` is the database every case starts from."""
    applied = None
    try:
        with transaction.atomic():
            if case.index % THROUGH_THE_VIEW == 0:
                applied = through_the_pages(case, clients[case.persona])
            else:
                applied = through_the_services(case, org)
            judge(before, applied)
            transaction.set_rollback(True)
    except Exception:  # noqa: BLE001 - every failure is collected and reported with its case
        return traceback.format_exc(limit=-6), False
    return None, applied is not None


@pytest.mark.django_db
@pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")  # the "duplicate members" case
def test_fuzzed_workbooks_never_fail_and_never_import_in_part(org, login):
    clients = {persona: login(persona) for persona in ("admin_bkd", "admin_opd")}
    indexes = [int(ONLY)] if ONLY else range(CASES)
    failures, imported = [], 0
    before = snapshot()  # every case is rolled back, so this is the state each one starts from
    for index in indexes:
        case = make_case(index, org)
        problem, applied = attempt(case, org, clients, before)
        imported += applied
        if problem:
            failures.append(f"seed {SEED}, {case.name}:\n{problem}")
    rerun = f"IMPORT_FUZZ_SEED={SEED} IMPORT_FUZZ_CASE=<n> reruns one case"
    assert not failures, f"{len(failures)} of {len(indexes)} failed ({rerun}):\n" + "\n".join(
        failures[:10]
    )
    # The corpus is no use if nothing ever gets through: clean and lightly mutated files do.
    assert ONLY or imported >= CASES // 10, imported


# ---------------------------------------------------------------- what the fuzz found, pinned


def dinkes_file() -> bytes:
    from tests.accounts.workbooks import dinkes_rows, workbook

    return workbook(dinkes_rows()).getvalue()


def with_dimension(ref: str, *extra_rows: bytes) -> bytes:
    def edit(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', f'<dimension ref="{ref}"/>'.encode(), xml)
        for row in extra_rows:
            xml = append_row(xml, row)
        return xml

    return on_sheet(dinkes_file(), edit)


@pytest.mark.django_db
def test_a_dimension_declared_too_small_hides_no_rows():
    """openpyxl's read-only sheets stopped at the declared last row: 5 rows imported as 1."""
    plan = parse_and_validate(BytesIO(with_dimension("A1:O2")), actor=system())
    assert plan.ok and plan.counts["rows"] == 5


@pytest.mark.django_db
def test_a_huge_dimension_does_not_pad_every_blank_row(monkeypatch):
    """A1:XFD1048576 made openpyxl pad each blank row to 16,384 cells, which the reader then
    looked at one by one: minutes of work for 10 kB. Counted here in cells, not seconds."""
    from accounts.importing import workbook as workbook_module

    looked_at = []
    text = workbook_module._text

    def counted(value):
        looked_at.append(value)
        if len(looked_at) > 10_000:
            raise RuntimeError("stop: the reader is looking at every padded cell")
        return text(value)

    monkeypatch.setattr(workbook_module, "_text", counted)
    far = cell("A1048576", 't="inlineStr"><is><t>198001012005011099</t></is>')

    plan = parse_and_validate(BytesIO(with_dimension("A1:XFD1048576", far)), actor=system())

    assert len(looked_at) < 1000
    assert plan.counts["rows"] == 6 and {e.row for e in plan.errors} == {1048576}


def test_a_row_number_beyond_the_last_row_of_a_sheet_is_a_file_error():
    row = b'<row r="2000000000"><c r="A2000000000" t="inlineStr"><is><t>x</t></is></c></row>'
    plan = parse_and_validate(
        BytesIO(on_sheet(dinkes_file(), lambda xml: append_row(xml, row))), actor=system()
    )
    assert len(plan.file_errors) == 1 and not plan.errors


def test_a_zip_with_a_damaged_version_field_is_a_file_error():
    """zipfile raises NotImplementedError ("zip file version 14.8"), which was a server error."""
    content = bytearray(dinkes_file())
    for match in re.finditer(re.escape(b"PK\x01\x02"), bytes(content)):
        content[match.start() + 6] = 148  # version needed to extract: 14.8
    plan = parse_and_validate(BytesIO(bytes(content)), actor=system())
    assert len(plan.file_errors) == 1 and not plan.errors


def test_an_external_entity_is_not_read():
    xxe = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    content = on_sheet(dinkes_file(), lambda xml: xxe + xml.replace(b"<t>NIP</t>", b"<t>&x;</t>"))
    plan = parse_and_validate(BytesIO(content), actor=system())
    assert len(plan.file_errors) == 1 and "root:" not in plan.file_errors[0]
