"""A mutasi on the day a post starts: corrections, scheduled TMTs and the daily job (issue 20.4)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.org import services
from accounts.org.models import Assignment, Employee
from accounts.org.reporting import reporting_line
from accounts.org.tasks import transfers_take_effect
from tests.accounts.workbooks import STAFF, dinkes_rows, run_import
from tests.actors import actor, system
from tests.factories import PositionFactory

TODAY = dt.date(2026, 12, 7)


@pytest.fixture
def posts(org):
    """Two posts the pegawai may be moved to, under the Kepala Bidang."""
    return (
        PositionFactory(name="Staf Bidang", unit=org.p2p, parent=org.kabid_pos),
        PositionFactory(name="Analis Bidang", unit=org.p2p, parent=org.kabid_pos),
    )


def transfer(client, employee, position, on, note="SK Mutasi"):
    return client.post(
        reverse("org:employee_transfer", kwargs={"nip": employee.nip}),
        {"position": position.pk, "start_date": on.isoformat(), "note": note},
    )


def definitive(employee):
    return list(
        Assignment.objects.filter(employee=employee, kind="definitif").order_by("start_date")
    )


def test_a_placement_made_today_is_corrected_the_same_day(org, login, posts):
    wrong, right = posts
    today = timezone.localdate()
    client = login("admin_opd")
    assert transfer(client, org.pegawai, wrong, today).status_code == 302

    response = transfer(client, org.pegawai, right, today, note="SK Mutasi (ralat)")

    assert response.status_code == 302
    old, corrected = definitive(org.pegawai)
    assert (old.position, old.end_date) == (org.staff_pos, today - dt.timedelta(days=1))
    assert (corrected.position, corrected.start_date, corrected.end_date) == (right, today, None)
    assert Employee.objects.get(pk=org.pegawai.pk).position == right
    assert corrected.history.first().history_change_reason == "SK Mutasi (ralat)"


@pytest.mark.usefixtures("english")
def test_a_placement_made_by_todays_import_is_corrected_by_hand_the_same_day(org, login):
    run_import(dinkes_rows())  # places everyone from the import day, recorded today
    staff = Employee.objects.select_related("position").get(nip=STAFF)
    placed = definitive(staff)[0]
    other = PositionFactory(
        name="Analis Data", unit=staff.position.unit, parent=staff.position.parent
    )

    services.employee_transfer(staff, other, placed.start_date, "ralat", actor=system())

    (corrected,) = definitive(staff)
    assert (corrected.pk, corrected.position) == (placed.pk, other)
    assert Employee.objects.get(pk=staff.pk).position == other


def test_a_placement_recorded_on_an_earlier_day_is_not_corrected_in_place(org, login, posts):
    wrong, _right = posts
    Assignment.history.filter(employee_id=org.pegawai.pk).update(
        history_date=timezone.now() - dt.timedelta(days=3)
    )

    response = transfer(login("admin_opd"), org.pegawai, wrong, dt.date(2020, 1, 1))

    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert [a.position for a in definitive(org.pegawai)] == [org.staff_pos]  # 2020 stays


def test_a_future_tmt_is_scheduled_and_shown_until_it_takes_effect(org, login, posts):
    new_post, _other = posts
    today = timezone.localdate()
    tmt = today + dt.timedelta(days=10)
    client = login("admin_opd")

    response = transfer(client, org.pegawai, new_post, tmt, note="SK bulan depan")

    assert response.status_code == 302
    pegawai = Employee.objects.get(pk=org.pegawai.pk)
    assert pegawai.position == org.staff_pos  # today's post until the TMT
    old, scheduled = definitive(pegawai)
    assert (old.end_date, scheduled.start_date) == (tmt - dt.timedelta(days=1), tmt)
    assert reporting_line(pegawai, today).ppk.employee_id == org.ppk.pk
    page = client.get(reverse("org:employee_detail", kwargs={"nip": pegawai.nip}))
    assert b'data-testid="scheduled-post"' in page.content
    assert page.context["scheduled_post"] == scheduled


def test_the_daily_job_moves_the_employee_on_the_tmt_once(org, posts, monkeypatch):
    new_post, _other = posts
    tmt = timezone.localdate() + dt.timedelta(days=3)
    services.employee_transfer(org.pegawai, new_post, tmt, "SK", actor=actor(org.admin_opd))
    moved = []
    monkeypatch.setattr(
        services.employees_transferred,
        "call",
        lambda employee_ids, on, *, actor: moved.append((employee_ids, on)),
    )

    assert services.transfers_take_effect(tmt - dt.timedelta(days=1), actor=system()) == 0
    assert transfers_take_effect.apply().get() == 0  # the beat task today: nothing due yet
    assert services.transfers_take_effect(tmt, actor=system()) == 1
    assert services.transfers_take_effect(tmt, actor=system()) == 0  # idempotent
    assert Employee.objects.get(pk=org.pegawai.pk).position == new_post
    assert moved == [([org.pegawai.pk], tmt)]  # the plans follow on the TMT, once


def test_a_scheduled_move_is_corrected_before_it_starts_and_withdrawn_by_leaving(org, posts):
    first, second = posts
    tmt = timezone.localdate() + dt.timedelta(days=5)
    admin = actor(org.admin_opd)
    services.employee_transfer(org.pegawai, first, tmt, "SK", actor=admin)
    services.employee_transfer(org.pegawai, second, tmt, "SK ralat", actor=admin)
    assert [a.position for a in definitive(org.pegawai)] == [org.staff_pos, second]

    pegawai = Employee.objects.get(pk=org.pegawai.pk)
    pegawai.status = "retired"
    services.employee_update(pegawai, "Pensiun", actor=admin)

    assert [a.position for a in definitive(org.pegawai)] == [org.staff_pos]
    assert services.transfers_take_effect(tmt, actor=system()) == 0


def test_only_the_system_runs_the_daily_job(org):
    with pytest.raises(PermissionDenied):
        services.transfers_take_effect(TODAY, actor=actor(org.admin_opd))


@pytest.mark.usefixtures("english")
def test_a_mutasi_audit_entry_names_the_post_not_the_account_link(org, posts):
    """Issue 20.15: the account, linked without a history record of the employee when it was
    created, no longer shows as "user account: — → NIP" on the mutasi's entry."""
    from accounts.logins.services import account_provision
    from accounts.org.selectors import change_history
    from tests.factories import EmployeeFactory, place

    newcomer = place(EmployeeFactory(name="Pegawai Baru"), org.staff_pos)
    account_provision(newcomer, actor=system())
    services.employee_transfer(
        newcomer, posts[0], timezone.localdate(), "SK", actor=actor(org.admin_opd)
    )

    entry = change_history(newcomer.history.all())[0]  # newest first: the mutasi
    assert entry["record"].history_change_reason == "SK"
    assert [str(field) for field, _old, _new in entry["changes"]] == ["current position"]
