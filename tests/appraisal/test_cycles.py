"""Cycles and windows: defaults of domain §2, opening, extensions for everyone / an OPD / a person."""

import datetime as dt

import pytest
from django.urls import reverse

from appraisal.choices import CycleStatus, ExtensionScope, WindowKind
from appraisal.cycles import calendar, services
from appraisal.cycles.models import Cycle, Window
from appraisal.cycles.windows import window_state
from core.errors import DomainError
from tests.actors import actor, system


def test_quarterly_periods_and_labels():
    periods = calendar.periods(2027, "triwulanan")
    assert [p.label for p in periods] == [
        "Triwulan I",
        "Triwulan II",
        "Triwulan III",
        "Triwulan IV",
    ]
    assert periods[1].start == dt.date(2027, 4, 1) and periods[1].end == dt.date(2027, 6, 30)
    assert len(calendar.periods(2027, "bulanan")) == 12
    assert calendar.periods(2028, "bulanan")[1].end == dt.date(2028, 2, 29)
    assert [p.label for p in calendar.periods(2027, "semesteran")] == ["Semester I", "Semester II"]


def test_default_windows_follow_the_domain_brief():
    rows = services.default_windows(2027, "triwulanan")
    assert rows[0] == (WindowKind.SKP, 0, dt.date(2027, 1, 1), dt.date(2027, 1, 31))
    # Triwulan I: from its last month to 10 days after it.
    assert rows[1] == (WindowKind.PERIOD, 1, dt.date(2027, 3, 1), dt.date(2027, 4, 10))
    assert rows[-1] == (WindowKind.ANNUAL, 0, dt.date(2027, 12, 1), dt.date(2028, 1, 31))
    assert len(rows) == 6


@pytest.mark.django_db
def test_create_and_open_a_cycle():
    cycle = services.cycle_create(2027, "semesteran", 14, None, actor=system())
    assert cycle.status == CycleStatus.DRAFT and cycle.windows.count() == 4
    with pytest.raises(DomainError):
        services.cycle_create(2027, "triwulanan", 14, None, actor=system())
    services.cycle_open(cycle, actor=system())
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN
    with pytest.raises(DomainError):
        services.cycle_open(cycle, actor=system())
    assert cycle.history.count() == 2


@pytest.fixture
def january(org):
    cycle = services.cycle_open(
        services.cycle_create(2027, "triwulanan", 14, None, actor=actor(org.admin_bkd)),
        actor=actor(org.admin_bkd),
    )
    return cycle, cycle.windows.get(kind=WindowKind.SKP)


def test_a_window_closes_after_its_last_day(january, english):
    cycle, _window = january
    assert window_state(cycle, WindowKind.SKP, today=dt.date(2027, 1, 31)).is_open
    state = window_state(cycle, WindowKind.SKP, today=dt.date(2027, 2, 1))
    assert not state.is_open
    assert "closed on 31 January 2027" in state.refusal


def test_extensions_apply_to_their_scope_only(january, org):
    cycle, window = january
    feb10 = dt.date(2027, 2, 10)
    services.window_extend(
        window, ExtensionScope.OPD, feb10, "Banjir", actor=actor(org.admin_bkd), opd=org.dinkes
    )
    services.window_extend(
        window,
        ExtensionScope.EMPLOYEE,
        dt.date(2027, 2, 20),
        "Cuti",
        actor=actor(org.admin_bkd),
        employee=org.outsider,
    )
    kwargs = {"today": dt.date(2027, 2, 5)}
    assert window_state(cycle, WindowKind.SKP, opd_id=org.dinkes.pk, **kwargs).is_open
    assert not window_state(cycle, WindowKind.SKP, opd_id=org.disdik.pk, **kwargs).is_open
    late = {"today": dt.date(2027, 2, 15), "opd_id": org.disdik.pk}
    assert window_state(cycle, WindowKind.SKP, employee_id=org.outsider.pk, **late).is_open
    assert not window_state(cycle, WindowKind.SKP, employee_id=org.pegawai.pk, **late).is_open
    services.window_extend(
        window, ExtensionScope.EVERYONE, dt.date(2027, 3, 1), "Semua", actor=actor(org.admin_bkd)
    )
    assert window_state(cycle, WindowKind.SKP, **late).is_open


def test_an_extension_needs_a_reason_and_a_later_date(january, org):
    _cycle, window = january
    with pytest.raises(DomainError):
        services.window_extend(
            window, ExtensionScope.EVERYONE, dt.date(2027, 2, 5), " ", actor=system()
        )
    with pytest.raises(DomainError):
        services.window_extend(
            window, ExtensionScope.EVERYONE, dt.date(2027, 1, 20), "x", actor=system()
        )


def test_a_closed_cycle_refuses_window_changes(january):
    cycle, window = january
    Cycle.objects.filter(pk=cycle.pk).update(status=CycleStatus.CLOSED)
    window.refresh_from_db()
    with pytest.raises(DomainError):
        services.window_update(
            window, dt.date(2027, 1, 1), dt.date(2027, 2, 28), "x", actor=system()
        )
    with pytest.raises(DomainError):
        services.window_extend(
            window, ExtensionScope.EVERYONE, dt.date(2027, 3, 1), "x", actor=system()
        )


def test_admin_bkd_creates_a_cycle_through_the_form(org, login):
    client = login("admin_bkd")
    page = client.get(reverse("appraisal:cycle_create") + "?year=2029&frequency=bulanan")
    assert page.status_code == 200
    assert len(page.context["preview"]) == 14  # SKP + 12 months + annual
    response = client.post(
        reverse("appraisal:cycle_create"),
        {"year": 2029, "frequency": "triwulanan", "objection_days": 14},
    )
    assert response.status_code == 302
    assert Window.objects.filter(cycle__year=2029).count() == 6


def test_a_bad_window_edit_keeps_what_was_typed(org, login, january):
    cycle, window = january
    client = login("admin_bkd")
    url = reverse("appraisal:window_edit", args=[cycle.year, window.pk])
    response = client.post(
        url, {"opens_on": "2027-02-01", "closes_on": "2027-01-15", "reason": "Salah ketik"}
    )
    assert response.status_code == 200
    assert "Salah ketik" in response.content.decode()
    assert response.context["form"].errors


def test_admin_bkd_extends_for_one_employee_by_nip(org, login, january):
    cycle, window = january
    response = login("admin_bkd").post(
        reverse("appraisal:window_extend", args=[cycle.year, window.pk]),
        {"scope": "employee", "nip": org.pegawai.nip, "closes_on": "2027-02-14", "reason": "Sakit"},
    )
    assert response.status_code == 302
    extension = window.extensions.get()
    assert extension.employee == org.pegawai and extension.history.count() == 1


def test_unknown_nip_is_refused_in_indonesian(org, login, january):
    cycle, window = january
    response = login("admin_bkd").post(
        reverse("appraisal:window_extend", args=[cycle.year, window.pk]),
        {"scope": "employee", "nip": "123", "closes_on": "2027-02-14", "reason": "Sakit"},
    )
    assert "Tidak ada pegawai dengan NIP ini." in response.content.decode()
