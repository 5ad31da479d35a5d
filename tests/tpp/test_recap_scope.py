"""Whose recap an OPD imports: the employees whose month it pays (the last definitive post held
in the month), not those placed there today; and a month locked while a file waits is refused."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.choices import AssignmentKind
from accounts.org.models import Assignment
from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle
from core.errors import DomainError
from tests.actors import actor
from tests.factories import place
from tpp.attendance import scope
from tpp.attendance.importing import HEADERS, read, recap_import_apply
from tpp.attendance.importing.rows import DATA_SHEET
from tpp.attendance.models import Recap, RecapImport
from tpp.months.services import month_compute, month_lock
from tpp.schemes.services import scheme_start

YEAR, MONTH = 2026, 3
D = dt.date


@pytest.mark.parametrize(
    ("posts", "expected"),
    [
        ([], None),
        ([(D(2026, 3, 1), D(2026, 3, 31), 1)], 1),
        ([(D(2026, 3, 1), D(2026, 3, 9), 1), (D(2026, 3, 10), D(2026, 3, 31), 2)], 2),
        # Two posts to the month's end: the one held longer.
        ([(D(2026, 3, 20), D(2026, 3, 31), 2), (D(2026, 3, 1), D(2026, 3, 31), 1)], 1),
        ([(D(2026, 3, 1), D(2026, 3, 31), 1), (D(2026, 3, 20), D(2026, 3, 31), 2)], 1),
    ],
)
def test_the_month_belongs_to_the_last_definitive_post(posts, expected):
    assert scope.paying_opd(posts) == expected


def _move(employee, position, on: dt.date):
    current = Assignment.objects.get(
        employee=employee, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
    )
    current.end_date = on - dt.timedelta(days=1)
    current.save()
    place(employee, position, start=on)


def _file(*nips) -> BytesIO:
    book = Workbook()
    book.active.append(list(HEADERS.values()))
    for nip in nips:
        book.active.append([nip])
    buffer = BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "rekap.xlsx"
    return buffer


def _read(opd, *nips, locked=()):
    return read(
        _file(*nips), year=YEAR, month=MONTH, source="Mesin", opd=opd, locked_opd_ids=locked
    )


def _apply(who, parsed, opd):
    return recap_import_apply(
        parsed, year=YEAR, month=MONTH, opd=opd, source="Mesin", file_name="r.xlsx", actor=who
    )


def test_a_mutasi_after_the_month_leaves_its_recap_with_the_opd_left(org):
    _move(org.pegawai, org.disdik_staff, on=dt.date(YEAR, MONTH + 1, 10))

    assert scope.month_opds(YEAR, MONTH, [org.pegawai.pk]) == {org.pegawai.pk: org.dinkes.pk}
    assert org.pegawai.pk in scope.employees_of(YEAR, MONTH, org.dinkes.pk)
    refused = _read(org.disdik, org.pegawai.nip)
    assert [error.nip for error in refused.errors] == [org.pegawai.nip]

    parsed = _read(org.dinkes, org.pegawai.nip)
    assert parsed.ok, parsed.errors
    _apply(actor(org.admin_opd), parsed, org.dinkes)  # the admin of the OPD the month belongs to
    assert Recap.objects.get().employee == org.pegawai


def test_a_mutasi_within_the_month_gives_it_to_the_new_opd(org):
    _move(org.pegawai, org.disdik_staff, on=dt.date(YEAR, MONTH, 10))

    assert scope.month_opds(YEAR, MONTH, [org.pegawai.pk]) == {org.pegawai.pk: org.disdik.pk}
    assert not _read(org.dinkes, org.pegawai.nip).ok
    assert _read(org.disdik, org.pegawai.nip).ok


def test_someone_placed_after_the_month_belongs_to_their_current_opd(org):
    Assignment.objects.filter(employee=org.pegawai).update(start_date=dt.date(YEAR, MONTH + 1, 1))
    assert scope.month_opds(YEAR, MONTH, [org.pegawai.pk]) == {org.pegawai.pk: org.dinkes.pk}


def test_the_opds_own_unit_counts_as_the_opd(org):
    """The analyst's post sits in the OPD's own unit, which has no OPD above it."""
    assert org.admin_opd.pk in scope.employees_of(YEAR, MONTH, org.dinkes.pk)
    assert _read(org.dinkes, org.admin_opd.nip).ok


def test_removal_and_replacement_follow_the_month_not_todays_post(org):
    by = actor(org.admin_bkd)
    _apply(by, _read(org.dinkes, org.pegawai.nip, org.colleague.nip), org.dinkes)
    _move(org.pegawai, org.disdik_staff, on=dt.date(YEAR, MONTH + 1, 10))

    # DISDIK's file for March cannot remove or replace the pegawai's March recap.
    _apply(by, _read(org.disdik, org.outsider.nip), org.disdik)
    assert Recap.objects.filter(employee=org.pegawai).exists()
    # DINKES's file without the pegawai removes it: the month is still DINKES's.
    _apply(by, _read(org.dinkes, org.colleague.nip), org.dinkes)
    assert not Recap.objects.filter(employee=org.pegawai).exists()


def test_a_mutasi_recorded_between_checking_and_applying_is_refused(org, english):
    parsed = _read(org.dinkes, org.pegawai.nip)
    _move(org.pegawai, org.disdik_staff, on=dt.date(YEAR, MONTH, 10))
    with pytest.raises(DomainError, match="check the file again"):
        _apply(actor(org.admin_bkd), parsed, org.dinkes)
    assert not RecapImport.objects.exists()


@pytest.mark.parametrize("opd_code", ["DINKES", None])
def test_a_month_locked_while_the_file_waits_is_refused(org, opd_code, english):
    by = actor(org.admin_bkd)
    opd = org.dinkes if opd_code else None
    parsed = _read(opd, org.pegawai.nip)
    assert parsed.ok
    scheme_start(Cycle.objects.create(year=YEAR, status=CycleStatus.OPEN), actor=by)
    month_lock(month_compute(YEAR, MONTH, org.dinkes, actor=by), actor=by)

    with pytest.raises(DomainError, match="locked for DINKES"):
        _apply(by, parsed, opd)
    assert not RecapImport.objects.exists() and not Recap.objects.exists()


def test_the_template_lists_whose_month_the_opd_pays(org, login):
    last_month = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    _move(org.pegawai, org.disdik_staff, on=last_month + dt.timedelta(days=1))

    def nips(code):
        response = login("admin_bkd").get(reverse("tpp:recap_template"), {"opd": code})
        assert response.status_code == 200
        sheet = load_workbook(BytesIO(response.content))[DATA_SHEET]
        return {str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)}

    assert org.pegawai.nip in nips("DINKES")  # last month was still DINKES's
    assert org.pegawai.nip not in nips("DISDIK")
