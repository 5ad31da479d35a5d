"""Properties of the employee import under any input (issue 9), checked with hypothesis.

Whatever a cell holds, the parser answers with a report (file errors, or errors naming a row and a
column, in Indonesian), never an exception; a valid organisation is planned and written exactly as
the file says it; the NIP rules of domain §1 hold for every number; the same file always gives the
same plan, whatever the order of its columns.
"""

from __future__ import annotations

import datetime as dt
import string
from io import BytesIO

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from accounts.choices import (
    FUNGSIONAL_KINDS,
    JENJANG_BY_KIND,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    AssignmentKind,
    PositionKind,
)
from accounts.importing import COLUMNS, ImportPlan, apply_plan, parse_and_validate
from accounts.importing.workbook import nip_text
from accounts.org.models import Assignment, Employee
from accounts.org.nip import NIP_LENGTH, NipError, validate_nip_text
from tests.accounts.workbooks import DAY, dinkes_rows, replace_number, workbook
from tests.actors import system


# Every example of a test shares one database transaction (reads only, or rolled back), so the
# fixtures are set up once per test, not per example; timing varies with the database. The
# examples are derived from the test's name (derandomize), so make test and CI try the same ones
# every run; whole workbooks of random cells are large by design (data_too_large).
def db_settings(examples: int) -> settings:
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )


# Characters an .xlsx can hold: XML 1.0 refuses most control characters (openpyxl will not write
# them), so Excel stores those as _xHHHH_ escapes, generated separately below.
CONTROL = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r")
XML_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters=CONTROL + "\ufffe\uffff")
OTHER_DIGITS = st.characters(categories=("Nd", "No"), exclude_characters=string.digits)


def normalise(text: str) -> str:
    """Spaces as the reader leaves them: trimmed, runs of whitespace as one space."""
    return " ".join(text.split())


# ---------------------------------------------------------------- NIPs


@st.composite
def nip_parts(draw) -> tuple[dt.date, int, int, str, int]:
    """Birth date, TMT CPNS year and month (after the birth month), gender digit, sequence."""
    birth = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2009, 12, 31)))
    months = birth.year * 12 + birth.month - 1 + draw(st.integers(1, 12 * 70))
    return (
        birth,
        months // 12,
        months % 12 + 1,
        draw(st.sampled_from("12")),
        draw(st.integers(0, 999)),
    )


def assemble(birth: dt.date, tmt_year: int, tmt_month: int, gender: str, serial: int) -> str:
    return f"{birth:%Y%m%d}{tmt_year:04d}{tmt_month:02d}{gender}{serial:03d}"


valid_nips = nip_parts().map(lambda parts: assemble(*parts))


@given(nip_parts())
def test_a_nip_built_from_its_parts_is_valid_and_comes_back_unchanged(parts):
    nip = assemble(*parts)
    assert validate_nip_text(nip) == nip


@given(valid_nips, st.lists(st.sampled_from([" ", "  ", "\t", "\u00a0"]), max_size=5), st.data())
def test_spaces_anywhere_in_a_nip_are_ignored(nip, spaces, data):
    spaced = nip
    for space in spaces:
        at = data.draw(st.integers(0, len(spaced)))
        spaced = spaced[:at] + space + spaced[at:]
    assert validate_nip_text(spaced) == nip


@given(
    st.one_of(
        st.text(XML_CHARS, max_size=25),
        st.text(string.digits, min_size=16, max_size=20),
        st.text(st.sampled_from(string.digits + " ²٣１"), min_size=18, max_size=20),
        valid_nips.map(lambda nip: nip[:-3] + "²٣１"),
    )
)
def test_any_text_is_a_valid_nip_or_a_nip_error(text):
    """Never another exception: "²" passes str.isdigit() but not int()."""
    try:
        nip = validate_nip_text(text)
    except NipError as error:
        assert str(error)
        return
    assert len(nip) == NIP_LENGTH and nip.isascii() and nip.isdigit()
    birth = dt.date(int(nip[:4]), int(nip[4:6]), int(nip[6:8]))
    assert (birth.year, birth.month) < (int(nip[8:12]), int(nip[12:14])) and birth.year >= 1900
    assert 1 <= int(nip[12:14]) <= 12 and nip[14] in "12"


@given(valid_nips, st.text(OTHER_DIGITS, min_size=1, max_size=3), st.data())
def test_digits_of_other_scripts_are_refused(nip, digits, data):
    at = data.draw(st.integers(0, NIP_LENGTH - len(digits)))
    with pytest.raises(NipError):
        validate_nip_text(nip[:at] + digits + nip[at + len(digits) :])


@given(nip_parts(), st.sampled_from("03456789"))
def test_a_gender_digit_other_than_1_or_2_is_refused(parts, gender):
    birth, tmt_year, tmt_month, _gender, serial = parts
    with pytest.raises(NipError):
        validate_nip_text(assemble(birth, tmt_year, tmt_month, gender, serial))


@given(nip_parts(), st.integers(0, 99).filter(lambda m: not 1 <= m <= 12))
def test_an_impossible_tmt_month_is_refused(parts, month):
    birth, tmt_year, _month, gender, serial = parts
    with pytest.raises(NipError):
        validate_nip_text(assemble(birth, tmt_year, month, gender, serial))


@given(nip_parts(), st.integers(0, 12 * 50))
def test_a_tmt_not_after_the_birth_month_is_refused(parts, months_before):
    birth, _year, _month, gender, serial = parts
    months = birth.year * 12 + birth.month - 1 - months_before
    tmt_year, tmt_month = months // 12, months % 12 + 1
    with pytest.raises(NipError):
        validate_nip_text(assemble(birth, tmt_year, tmt_month, gender, serial))


@given(valid_nips, st.integers(1, 99), st.integers(1, 99))
def test_an_impossible_birth_date_is_refused(nip, month, day):
    year = int(nip[:4])
    try:
        dt.date(year, month, day)
    except ValueError:
        with pytest.raises(NipError):
            validate_nip_text(f"{year:04d}{month:02d}{day:02d}{nip[8:]}")


@given(st.text(string.digits, max_size=30).filter(lambda text: len(text) != NIP_LENGTH))
def test_a_nip_of_the_wrong_length_is_refused(text):
    with pytest.raises(NipError):
        validate_nip_text(text)


@given(valid_nips.filter(lambda nip: not nip.endswith("000")))
def test_a_nip_typed_as_a_whole_number_keeps_its_digits_but_not_as_a_float(nip):
    """Exact integers survive; an 18-digit float has lost digits (beyond 2**53) and is refused."""
    assert nip_text(int(nip)) == (nip, False)
    assert nip_text(float(nip))[1] is True


# ---------------------------------------------------------------- any cell content


cell_values = st.one_of(
    st.none(),
    st.text(XML_CHARS, max_size=30),
    st.text(XML_CHARS, min_size=250, max_size=3000),  # longer than any column allows
    st.text(OTHER_DIGITS, min_size=1, max_size=20),
    st.text(string.digits, min_size=1, max_size=30),
    st.text(string.digits, min_size=4301, max_size=6000),  # beyond int()'s 4,300 digits
    valid_nips.map(lambda nip: nip[:10] + "²" + nip[11:]),  # a digit to isdigit(), not to int()
    st.sampled_from(["", " ", "\t\n", "PNS", "PPPK", "III/a", "IX", "²", "Ahli Muda", "#N/A"]),
    st.sampled_from(list(PositionKind.labels)),
    st.text(XML_CHARS, max_size=12).map(lambda text: "=" + text),  # a formula, read as empty
    st.from_regex(r"_x00[01][0-9A-F]_", fullmatch=True),  # a control character, as Excel keeps it
    valid_nips,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.times(),
    st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=9000)),
)


def assert_reported(plan, row_count: int) -> None:
    """A plan that lists its problems: file errors, or errors on the file's rows and columns."""
    assert isinstance(plan, ImportPlan)
    assert all(isinstance(m, str) and m for m in plan.file_errors)
    for error in plan.errors:
        assert 2 <= error.row <= row_count + 1 and error.column in COLUMNS, error
        assert isinstance(error.message, str) and error.message, error
    assert plan.ok or plan.error_count


def report(content: bytes, language: str):
    with translation.override(language):
        plan = parse_and_validate(BytesIO(content), import_date=DAY, actor=system())
        return (
            plan,
            [str(m) for m in plan.file_errors],
            [(e.row, e.column, e.message) for e in plan.errors],
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("NIP", "19800101²005011001"),  # was a ValueError from int(): a server error
        ("NIP", "１９８００１０１２００５０１１００１"),  # full-width digits were accepted
        ("NIP Atasan Langsung", "198001012005²11001"),
        ("Golongan", "²"),
        ("Golongan", "9" * 5000),  # int() refuses more than 4,300 digits
    ],
)
def test_odd_digits_are_a_row_error_not_a_server_error(column, value):
    rows = dinkes_rows()
    rows[3][column] = value
    plan, _file_errors, errors = report(workbook(rows).getvalue(), "id")
    assert [(row, col) for row, col, _message in errors] == [(5, column)]


@pytest.mark.django_db
@db_settings(60)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.sampled_from(COLUMNS), cell_values),
        min_size=1,
        max_size=4,
    )
)
def test_any_cell_content_gives_a_report_row_by_row_in_indonesian(org, changes):
    rows = dinkes_rows()
    for index, column, value in changes:
        rows[index][column] = value
    content = workbook(rows).getvalue()

    plan, file_errors, errors = report(content, "id")
    _plan, english_file_errors, english_errors = report(content, "en")

    assert_reported(plan, len(rows))
    assert [e[:2] for e in errors] == [e[:2] for e in english_errors]
    # Translated: each Indonesian message differs from its English source.
    for (_row, _column, message), (*_, english) in zip(errors, english_errors, strict=True):
        assert message != english, message
    assert all(m not in english_file_errors for m in file_errors)


@pytest.mark.django_db
@db_settings(60)
@given(st.lists(st.lists(cell_values, min_size=len(COLUMNS), max_size=len(COLUMNS)), max_size=6))
def test_rows_of_anything_under_the_header_give_a_report(org, rows):
    content = workbook([dict(zip(COLUMNS, values, strict=True)) for values in rows]).getvalue()
    plan, *_ = report(content, "id")
    assert_reported(plan, len(rows))


# ---------------------------------------------------------------- valid files round-trip


def text(max_size: int, min_size: int = 1):
    """Text as the reader returns it (no formula, spaces normalised) within a column's length."""
    return (
        st.text(XML_CHARS, min_size=min_size, max_size=max_size)
        .map(normalise)
        .filter(lambda value: len(value) >= min_size and not value.startswith("="))
    )


EMAILS = st.builds(
    "{}@{}.go.id".format,
    st.text(string.ascii_lowercase + string.digits, min_size=1, max_size=20),
    st.text(string.ascii_lowercase, min_size=1, max_size=20),
)
PHONES = st.text(string.digits, min_size=8, max_size=13).map(lambda digits: "08" + digits)
KIND_BY_LABEL = {kind.label.casefold(): kind for kind in PositionKind}
UNIT_CODES = st.text(string.ascii_uppercase + string.digits + ".-_", min_size=1, max_size=40)


@st.composite
def organisations(draw) -> list[dict]:
    """Rows of a valid organisation: units in a tree, each employee under an earlier one."""
    codes = draw(st.lists(UNIT_CODES, min_size=1, max_size=4, unique=True))
    units = [
        (code, draw(text(200)), draw(st.sampled_from(codes[:i])) if i else "")
        for i, code in enumerate(codes)
    ]
    nips = draw(st.lists(valid_nips, min_size=len(units), max_size=7, unique=True))
    rows = []
    for i, nip in enumerate(nips):
        # Every unit has a row (a parent unit must be in the file or the database).
        code, unit_name, parent = units[i] if i < len(units) else draw(st.sampled_from(units))
        kind = draw(st.sampled_from(PositionKind))
        status = draw(st.sampled_from(["PNS", "PPPK"]))
        golongan = draw(
            st.sampled_from(["", *(PNS_GOLONGAN if status == "PNS" else PPPK_GOLONGAN)])
        )
        rows.append(
            {
                "NIP": nip,
                "Nama": draw(text(200)),
                "Gelar Depan": draw(text(50, min_size=0)),
                "Gelar Belakang": draw(text(80, min_size=0)),
                "Status Kepegawaian": status,
                "Golongan": golongan,
                "Kode Unit": code,
                "Nama Unit": unit_name,
                "Kode Unit Induk": parent,
                # Unique per row: rows sharing a position must agree on its type (tested apart).
                "Nama Jabatan": f"{draw(text(240))} {i}",
                "Jenis Jabatan": draw(st.sampled_from([kind.label, kind.label.upper()])),
                "Jenjang": (
                    draw(st.sampled_from(JENJANG_BY_KIND[kind])).label
                    if kind in FUNGSIONAL_KINDS
                    else ""
                ),
                "NIP Atasan Langsung": draw(st.sampled_from(nips[:i]))
                if i and draw(st.booleans())
                else "",
                "Email": draw(st.one_of(st.just(""), EMAILS)),
                "No HP": draw(st.one_of(st.just(""), PHONES)),
            }
        )
    return rows


@pytest.mark.django_db
@db_settings(40)
@given(organisations())
def test_a_valid_file_is_planned_and_written_exactly_as_written(rows):
    with transaction.atomic():
        plan = parse_and_validate(workbook(rows), import_date=DAY, actor=system())
        assert plan.ok, (plan.file_errors, plan.errors)
        assert plan.preview_rows() == [
            [n, r["NIP"], r["Nama"], r["Kode Unit"], r["Nama Jabatan"], "created"]
            for n, r in enumerate(rows, start=2)
        ]
        apply_plan(plan, actor=system(), file_name="acak.xlsx")

        employees = Employee.objects.select_related("position__unit__parent", "position__parent")
        written = {e.nip: e for e in employees}
        assert set(written) == {r["NIP"] for r in rows}
        for r in rows:
            e = written[r["NIP"]]
            assert (e.name, e.front_title, e.back_title, e.employment_type, e.golongan) == (
                r["Nama"],
                r["Gelar Depan"],
                r["Gelar Belakang"],
                r["Status Kepegawaian"],
                r["Golongan"],
            )
            assert (e.email, e.phone, e.user.username) == (r["Email"], r["No HP"], r["NIP"])
            position, unit = e.position, e.position.unit
            assert (position.name, position.kind) == (
                r["Nama Jabatan"],
                KIND_BY_LABEL[r["Jenis Jabatan"].casefold()],
            )
            assert (unit.code, unit.name, unit.parent.code if unit.parent else "") == (
                r["Kode Unit"],
                r["Nama Unit"],
                r["Kode Unit Induk"],
            )
            supervisor = written.get(r["NIP Atasan Langsung"])
            assert position.parent_id == (supervisor.position_id if supervisor else None)
            assignment = Assignment.objects.get(employee=e)
            assert (assignment.position_id, assignment.kind, assignment.start_date) == (
                position.pk,
                AssignmentKind.DEFINITIF,
                DAY,
            )

        again = parse_and_validate(
            workbook(rows), import_date=DAY + dt.timedelta(days=1), actor=system()
        )
        assert again.ok and again.counts["employees_unchanged"] == len(rows), again.counts
        transaction.set_rollback(True)


@pytest.mark.django_db
@db_settings(30)
@given(organisations(), st.data())
def test_spaces_around_and_within_values_are_normalised(rows, data):
    padding = st.sampled_from(["", " ", "  ", "\t", "\u00a0", "\n"])
    padded = [
        {
            column: (
                data.draw(padding)
                + value.replace(" ", data.draw(padding) + " ")
                + data.draw(padding)
                if value
                else value
            )
            for column, value in r.items()
        }
        for r in rows
    ]
    assert _planned(workbook(padded)) == _planned(workbook(rows))


def _planned(content):
    plan = parse_and_validate(content, import_date=DAY, actor=system())
    assert plan.ok, (plan.file_errors, plan.errors)
    return [op.data for op in plan.employees]


@pytest.mark.django_db
@db_settings(30)
@given(
    st.lists(nip_parts().filter(lambda parts: parts[4] != 0), min_size=1, max_size=4, unique=True)
)
def test_nips_typed_as_numbers_are_planned_with_all_their_digits(parts):
    """A number cell holding all 18 digits (as some tools write it; openpyxl, like Excel, keeps
    15) is the NIP, also as a supervisor's NIP."""
    nips = [assemble(*p) for p in parts]
    placeholders = [424242 + i for i in range(len(nips))]
    rows = dinkes_rows()[: len(nips)]
    for r, placeholder in zip(rows, placeholders, strict=True):
        r["NIP"] = placeholder
    for r in rows[1:]:
        r["NIP Atasan Langsung"] = placeholders[0]
    content = workbook(rows)
    for placeholder, nip in zip(placeholders, nips, strict=True):
        content = replace_number(content, placeholder, nip)
    plan = parse_and_validate(content, import_date=DAY, actor=system())
    assert [op.data.nip for op in plan.employees] == nips, plan.errors
    assert [op.data.supervisor_nip for op in plan.employees[1:]] == nips[:1] * (len(nips) - 1)


# ---------------------------------------------------------------- the plan is deterministic


def outcome(plan) -> tuple:
    return (
        plan.file_errors,
        [(e.row, e.column, e.message) for e in plan.errors],
        plan.fingerprint() if plan.ok else None,
    )


@pytest.mark.django_db
@db_settings(40)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.sampled_from(COLUMNS), cell_values), max_size=3),
    st.permutations(COLUMNS),
    st.lists(
        text(20).filter(lambda h: h.casefold() not in {c.casefold() for c in COLUMNS}), max_size=3
    ),
)
def test_the_plan_is_the_same_every_time_and_whatever_the_column_order(org, changes, order, extra):
    rows = dinkes_rows()
    for index, column, value in changes:
        rows[index][column] = value
    first = parse_and_validate(workbook(rows), import_date=DAY, actor=system())
    again = parse_and_validate(workbook(rows), import_date=DAY, actor=system())
    reordered = parse_and_validate(
        workbook(rows, header=[*extra, *order]), import_date=DAY, actor=system()
    )
    assert outcome(first) == outcome(again) == outcome(reordered)
    assume(first.ok)
    assert [op.data for op in first.employees] == [op.data for op in reordered.employees]
