"""The monthly attendance recap import: files read, rows checked, a month replaced with history."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from core.errors import DomainError
from tests.accounts.workbooks import write_zip_bomb
from tests.actors import actor
from tests.factories import EmployeeFactory, place
from tpp.attendance.importing import (
    HEADERS,
    change_reason,
    read,
    recap_import_apply,
    template_workbook,
)
from tpp.attendance.models import ColumnMapping, Recap, RecapImport
from tpp.attendance.policies import opd_for_import

YEAR, MONTH = 2026, 3
SOURCE = "Fingerspot"
HEADER = list(HEADERS.values())  # NIP, Bulan, TL1..TL4, PSW1..PSW4, TK, CT..CLTN, Nilai Kinerja


def xlsx(rows: list[dict], header=HEADER, name="rekap.xlsx", above=()) -> BytesIO:
    """The rows under a header (after the lines `above` it), as an uploaded .xlsx arrives."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Rekap"
    for line in above:
        sheet.append(list(line))
    sheet.append(list(header))
    for data in rows:
        sheet.append([data.get(column) for column in header])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def csv_file(rows: list[dict], delimiter=";", bom=True, name="rekap.csv") -> BytesIO:
    text = StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(HEADER)
    for data in rows:
        writer.writerow(["" if data.get(c) is None else data.get(c) for c in HEADER])
    buffer = BytesIO((("\ufeff" if bom else "") + text.getvalue()).encode())
    buffer.name = name
    return buffer


def read_as(who, file, **kwargs):
    """Read as `who` would on the upload page (an admin OPD for their OPD, `opd=`)."""
    kwargs.setdefault("source", SOURCE)
    return read(file, year=YEAR, month=MONTH, **kwargs)


def apply_as(who, parsed, opd=None, file_name="rekap.xlsx"):
    return recap_import_apply(
        parsed,
        year=YEAR,
        month=MONTH,
        opd=opd,
        source=SOURCE,
        file_name=file_name,
        actor=actor(who),
    )


def recap_of(employee) -> Recap:
    return Recap.objects.get(employee=employee, year=YEAR, month=MONTH)


def dinkes_rows(org) -> list[dict]:
    return [
        {
            "NIP": org.pegawai.nip,
            "Bulan": "2026-03",
            "TL1": 2,
            "TL3": 1,
            "PSW2": 1,
            "TK": 1,
            "CT": 2,
            "CS": 3,
            "Nilai Kinerja": 87.5,
        },
        {"NIP": org.colleague.nip},
        {"NIP": org.ppk.nip, "Bulan": "03/2026", "CLTN": 0, "PSW4": 4},
    ]


def test_a_clean_workbook_is_imported_for_the_admins_opd(org):
    parsed = read_as(org.admin_opd, xlsx(dinkes_rows(org)), opd=org.dinkes)
    assert parsed.ok, (parsed.file_errors, parsed.errors)

    record = apply_as(org.admin_opd, parsed, opd=org.dinkes)

    assert (record.rows, record.replaced, record.opd, record.source) == (3, 0, org.dinkes, SOURCE)
    assert record.created_by == org.admin_opd.user
    recap = recap_of(org.pegawai)
    assert recap.late == [2, 0, 1, 0]
    assert recap.early == [0, 1, 0, 0]
    assert (recap.absent_days, recap.leave_days) == (1, {"CT": 2, "CS": 3})
    assert recap.monthly_score == Decimal("87.50")
    assert recap.imported == record
    blank = recap_of(org.colleague)
    assert (blank.late, blank.absent_days, blank.leave_days, blank.monthly_score) == (
        [0, 0, 0, 0],
        0,
        {},
        None,
    )
    assert recap_of(org.ppk).early == [0, 0, 0, 4]
    assert ColumnMapping.objects.get(source=SOURCE).columns == HEADERS


@pytest.mark.parametrize(
    ("delimiter", "bom", "score"), [(";", True, "87,5"), (",", False, "87.5"), (",", True, "87.5")]
)
def test_a_clean_csv_is_imported_with_either_delimiter(org, delimiter, bom, score):
    rows = dinkes_rows(org)
    rows[0]["Nilai Kinerja"] = score
    parsed = read_as(org.admin_bkd, csv_file(rows, delimiter=delimiter, bom=bom))
    assert parsed.ok, (parsed.file_errors, parsed.errors)

    apply_as(org.admin_bkd, parsed, file_name="rekap.csv")

    recap = recap_of(org.pegawai)
    assert (recap.late, recap.monthly_score) == ([2, 0, 1, 0], Decimal("87.50"))
    assert Recap.objects.count() == 3


def test_headers_match_whatever_their_case_and_spaces_below_a_title(org, english):
    header = [f"  {text.lower()} " for text in HEADER]
    rows = [dict(zip(header, [org.pegawai.nip, None, "x"], strict=False))]
    parsed = read_as(org.admin_bkd, xlsx(rows, header=header, above=[["REKAP MARET 2026"], []]))

    assert parsed.file_errors == []
    assert [(e.row, e.column) for e in parsed.errors] == [(4, "TL1")]


def bad_rows(org) -> list[dict]:
    return [
        {"NIP": org.pegawai.nip, "TL1": -1},  # row 2
        {"NIP": org.colleague.nip, "TL2": "abc", "TK": 25, "CT": 7},  # row 3
        {"NIP": "199001012015011999"},  # row 4
        {"NIP": org.pegawai.nip},  # row 5
        {"NIP": org.ppk.nip, "Nilai Kinerja": "101"},  # row 6
        {"NIP": org.atasan_ppk.nip, "PSW1": 201, "TL4": 2.5},  # row 7
        {"NIP": org.kepala_unit.nip, "Bulan": "2026-04"},  # row 8
        {"NIP": 198001012005011000, "TL1": 1},  # row 9: a NIP typed as a number
        {"NIP": org.admin_opd.nip, "Bulan": "Maret"},  # row 10
        {},  # row 11: empty, skipped
        {"TL1": 3},  # row 12
    ]


def test_every_bad_row_is_reported_with_its_row_and_nothing_is_written(org, english):
    parsed = read_as(org.admin_bkd, xlsx(bad_rows(org)))

    assert not parsed.ok and parsed.rows == []
    found = [(e.row, e.nip, e.column, e.message) for e in parsed.errors]
    expected = [
        (2, org.pegawai.nip, "TL1", "TL1 must be a whole number of 0 or more, not “-1”."),
        (3, org.colleague.nip, "TL2", "TL2 must be a whole number of 0 or more, not “abc”."),
        (
            3,
            org.colleague.nip,
            "TK",
            "32 days absent or on leave is more than the 31 days of the month.",
        ),
        (4, "199001012015011999", "NIP", "No employee has NIP 199001012015011999."),
        (5, org.pegawai.nip, "NIP", f"NIP {org.pegawai.nip} also appears in row 2."),
        (
            6,
            org.ppk.nip,
            "Nilai Kinerja",
            "The performance score must be a number from 0 to 100, not “101”.",
        ),
        (7, org.atasan_ppk.nip, "TL4", "TL4 must be a whole number of 0 or more, not “2.5”."),
        (7, org.atasan_ppk.nip, "PSW1", "PSW1: 201 occurrences is more than 200 in a month."),
        (
            8,
            org.kepala_unit.nip,
            "Bulan",
            "The row is for month 2026-04, but this import is for 03/2026.",
        ),
        (
            10,
            org.admin_opd.nip,
            "Bulan",
            "Month “Maret” is not understood: write 2026-03, 03/2026 or 3.",
        ),
        (12, "", "NIP", "The NIP is empty."),
    ]
    for error in expected:
        assert error in found
    assert any(e.row == 9 and "dropped its last digits" in e.message for e in parsed.errors)
    assert [e.row for e in parsed.errors] == sorted(e.row for e in parsed.errors)
    assert len(found) == len(expected) + 1

    with pytest.raises(DomainError, match="nothing was imported"):
        apply_as(org.admin_bkd, parsed)
    assert not Recap.objects.exists() and not RecapImport.objects.exists()
    assert not ColumnMapping.objects.exists()


def test_an_opds_file_cannot_hold_another_opds_employee(org, english):
    rows = [{"NIP": org.pegawai.nip}, {"NIP": org.outsider.nip, "TL1": 1}]

    parsed = read_as(org.admin_opd, xlsx(rows), opd=org.dinkes)

    assert [(e.row, e.message) for e in parsed.errors] == [
        (
            3,
            f"Employee {org.outsider.nip} does not belong to Dinas Kesehatan (DINKES) for "
            "03/2026: their TPP for that month is paid by another OPD.",
        )
    ]
    assert read_as(org.admin_bkd, xlsx(rows)).ok


def test_an_admin_opd_imports_only_for_their_own_opd(org):
    parsed = read_as(org.admin_opd, xlsx([{"NIP": org.pegawai.nip}]), opd=org.dinkes)
    assert parsed.ok
    for opd in (org.disdik, None):
        with pytest.raises(PermissionDenied):
            apply_as(org.admin_opd, parsed, opd=opd)
    roles = actor(org.admin_opd).roles
    assert opd_for_import(roles, "DINKES") == org.dinkes
    with pytest.raises(Http404):
        opd_for_import(roles, "DISDIK")
    with pytest.raises(PermissionDenied):
        opd_for_import(roles, "")
    with pytest.raises(PermissionDenied):
        opd_for_import(actor(org.pegawai).roles, "DINKES")
    assert not Recap.objects.exists()


def test_a_locked_opds_month_is_refused(org, english):
    rows = [{"NIP": org.outsider.nip}, {"NIP": org.pegawai.nip, "TL1": 1}]

    parsed = read_as(org.admin_bkd, xlsx(rows), locked_opd_ids={org.dinkes.pk})

    assert [(e.row, e.nip, e.message) for e in parsed.errors] == [
        (
            3,
            org.pegawai.nip,
            f"Month locked: the TPP of 03/2026 is locked for the OPD of employee "
            f"{org.pegawai.nip}.",
        )
    ]


def test_importing_again_replaces_the_opds_month_with_history(org):
    first = apply_as(org.admin_bkd, read_as(org.admin_bkd, xlsx(dinkes_rows(org))), opd=org.dinkes)
    other_opd = read_as(org.admin_bkd, xlsx([{"NIP": org.outsider.nip, "TK": 2}]))
    apply_as(org.admin_bkd, other_opd, opd=org.disdik)
    rows = dinkes_rows(org)[:2]
    rows[0]["TL1"] = 5  # changed; the colleague's row is unchanged; the PPK's is gone

    second = apply_as(
        org.admin_opd,
        read_as(org.admin_opd, xlsx(rows, name="rekap-2.xlsx"), opd=org.dinkes),
        opd=org.dinkes,
        file_name="rekap-2.xlsx",
    )

    assert (second.rows, second.replaced) == (2, 2)
    changed = recap_of(org.pegawai)
    assert (changed.late, changed.imported) == ([5, 0, 1, 0], second)
    assert recap_of(org.colleague).imported == first
    assert not Recap.objects.filter(employee=org.ppk).exists()
    assert recap_of(org.outsider).absent_days == 2  # another OPD's month is not touched
    reason = change_reason("rekap-2.xlsx")
    update = Recap.history.get(employee_id=org.pegawai.pk, history_type="~")
    removal = Recap.history.get(employee_id=org.ppk.pk, history_type="-")
    for record in (update, removal):
        assert (record.history_change_reason, record.history_user) == (reason, org.admin_opd.user)
    assert not Recap.history.filter(employee_id=org.colleague.pk, history_type="~").exists()
    created = Recap.history.get(employee_id=org.ppk.pk, history_type="+")
    assert created.history_change_reason == change_reason("rekap.xlsx")


def test_the_whole_agency_is_replaced_when_no_opd_is_given(org):
    apply_as(org.admin_bkd, read_as(org.admin_bkd, xlsx([{"NIP": org.outsider.nip}])))

    record = apply_as(org.admin_bkd, read_as(org.admin_bkd, xlsx([{"NIP": org.pegawai.nip}])))

    assert record.replaced == 1
    assert list(Recap.objects.values_list("employee_id", flat=True)) == [org.pegawai.pk]


def mapped_header() -> dict[str, str]:
    return {"nip": "No. Induk", "tl1": "Telat 1", "tk": "Alpa", "score": "Skor", "cltn": ""}


def test_a_column_mapping_is_kept_for_the_next_file_of_its_source(org, english):
    mapping = mapped_header()
    header = [mapping.get(name, text) for name, text in HEADERS.items() if mapping.get(name, 1)]
    rows = [{"No. Induk": org.pegawai.nip, "Telat 1": 3, "Alpa": 1, "Skor": "80"}]

    parsed = read_as(org.admin_bkd, xlsx(rows, header=header), mapping=mapping)
    assert parsed.ok, (parsed.file_errors, parsed.errors)
    apply_as(org.admin_bkd, parsed)

    assert ColumnMapping.objects.get(source=SOURCE).columns["nip"] == "No. Induk"
    assert ColumnMapping.history.get().history_change_reason == change_reason("rekap.xlsx")
    recap = recap_of(org.pegawai)
    assert (recap.late[0], recap.absent_days, recap.monthly_score) == (3, 1, Decimal(80))
    again = read_as(org.admin_bkd, xlsx(rows, header=header))
    assert again.ok and again.mapping == parsed.mapping
    elsewhere = read_as(org.admin_bkd, xlsx(rows, header=header), source="Other system")
    assert elsewhere.file_errors == ["Missing columns: NIP, TL1, TK, CLTN."]


def test_missing_columns_and_a_bad_mapping_are_file_errors(org, english):
    header = [text for text in HEADER if text not in ("TK", "PSW4", "Nilai Kinerja")]
    parsed = read_as(org.admin_bkd, xlsx([{"NIP": org.pegawai.nip}], header=header))
    assert parsed.file_errors == ["Missing columns: PSW4, TK."]

    parsed = read_as(org.admin_bkd, xlsx([]), mapping={"late": "TL"})
    assert parsed.file_errors == ["Unknown fields in the column mapping: late."]
    parsed = read_as(org.admin_bkd, xlsx([]), mapping={"tk": "TL1"})
    assert parsed.file_errors == ["Column “TL1” is mapped to more than one field."]
    assert read_as(org.admin_bkd, xlsx([])).file_errors == [
        "The file has no rows below the header: one employee per row."
    ]


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF\n"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (PDF, "rekap.xlsx", "not an Excel workbook"),
        (b"NIP;TL1\n198001012005011001;1\n", "rekap.xlsx", "not an Excel workbook"),
        (PDF, "rekap.csv", "not UTF-8 text"),
        (PDF, "rekap.pdf", ".xlsx) or a CSV file"),
        (b"", "rekap.csv", "The file is empty."),
    ],
)
def test_a_file_that_is_no_recap_is_a_file_error(org, english, content, name, message):
    file = BytesIO(content)
    file.name = name

    parsed = read_as(org.admin_bkd, file)

    assert len(parsed.file_errors) == 1 and message in parsed.file_errors[0]
    assert parsed.errors == [] and parsed.rows == []


def test_a_zip_bomb_is_refused_before_it_is_unpacked(org, english, tmp_path, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 2
    path = tmp_path / "bomb.xlsx"
    write_zip_bomb(path, 3)
    with path.open("rb") as file:
        parsed = read_as(org.admin_bkd, file)
    assert "too large once unpacked" in parsed.file_errors[0]


def test_the_template_round_trips(org):
    content = template_workbook(YEAR, MONTH, [org.pegawai, org.colleague])

    book = load_workbook(BytesIO(content))
    assert book.sheetnames == ["Rekap", "Petunjuk"]
    sheet = book["Rekap"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["NIP", "Nama", "Bulan"] and header[3:] == HEADER[2:]
    assert [(row[0].value, row[2].value) for row in sheet.iter_rows(min_row=2)] == [
        (org.pegawai.nip, "2026-03"),
        (org.colleague.nip, "2026-03"),
    ]
    sheet.cell(row=2, column=header.index("TL1") + 1, value=3)
    sheet.cell(row=3, column=header.index("Nilai Kinerja") + 1, value="90,25")
    sheet.cell(row=3, column=header.index("CS") + 1, value=2)
    filled = BytesIO()
    book.save(filled)
    filled.seek(0)
    filled.name = "rekap.xlsx"

    parsed = read_as(org.admin_opd, filled, opd=org.dinkes)

    assert parsed.ok, (parsed.file_errors, parsed.errors)
    by_nip = {row.nip: row for row in parsed.rows}
    assert by_nip[org.pegawai.nip].late == (3, 0, 0, 0)
    assert by_nip[org.colleague.nip].leave_days == {"CS": 2}
    assert by_nip[org.colleague.nip].monthly_score == Decimal("90.25")
    guide = [row[0] for row in book["Petunjuk"].iter_rows(values_only=True) if row]
    assert {"NIP", "Nama", "TL1", "PSW4", "TK", "CLTN", "Nilai Kinerja"} <= set(guide)


def _import_queries(org, count: int) -> tuple[int, int]:
    employees = EmployeeFactory.create_batch(count)
    for employee in employees:
        place(employee, org.staff_pos, start=dt.date(2025, 1, 1))
    rows = [{"NIP": e.nip, "TL1": 1} for e in employees]
    who = actor(org.admin_bkd)
    with CaptureQueriesContext(connection) as reading:
        parsed = read(xlsx(rows), year=YEAR, month=MONTH, source=SOURCE)
    assert parsed.ok
    with CaptureQueriesContext(connection) as writing:
        recap_import_apply(
            parsed, year=YEAR, month=MONTH, opd=None, source=SOURCE, file_name="r", actor=who
        )
    Recap.objects.all().delete()
    return len(reading.captured_queries), len(writing.captured_queries)


def test_reading_and_writing_take_as_many_queries_for_many_rows_as_for_few(org):
    _import_queries(org, 1)  # the first import keeps the source's mapping: two queries more
    few = _import_queries(org, 3)
    many = _import_queries(org, 60)
    assert few == many
    assert many[0] <= 3 and many[1] <= 15
