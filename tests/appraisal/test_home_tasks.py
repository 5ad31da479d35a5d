"""The home page's "My tasks" (appraisal/home.py through HOME_TASKS): what the employee and the
PPK have to do in the open cycle, with the deadline of each, and nothing invented when no cycle
is open."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import SkpStatus
from appraisal.cycles.models import Cycle, Window
from appraisal.plans.services import flow as skp_flow
from appraisal.realisation import services as realisation_services
from tests.actors import actor, system
from tests.appraisal.conftest import open_cycle_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def tasks_of(client):
    return [(t.text, t.url, t.due, t.waiting) for t in client.get(reverse("home")).context["tasks"]]


def test_no_open_cycle_says_so_and_lists_nothing(login, org):
    response = login("pegawai").get(reverse("home"))
    assert response.context["tasks"] is None
    assert b"No appraisal cycle is open" in response.content


def test_an_employee_without_a_plan_is_asked_to_start_it_by_the_skp_deadline(login, org, cycle):
    ((text, url, due, waiting),) = tasks_of(login("pegawai"))
    assert text == f"Start your SKP {cycle.year} and write your planned results."
    assert url == reverse("appraisal:my_skp") and not waiting
    assert due == Window.objects.get(cycle=cycle, kind="skp").closes_on
    page = login("pegawai").get(reverse("home")).content.decode()
    assert "At the latest" in page and 'data-testid="task"' in page


def test_a_draft_a_returned_and_a_submitted_plan(login, org, plan):
    *_, kasi = plan.chain()
    skp = plan.start(org.pegawai)
    plan.add_rhk(skp, linked_to=kasi.rhks.get())
    ((text, url, _due, waiting),) = tasks_of(login("pegawai"))
    assert text == "Finish your SKP and submit it to your PPK." and not waiting
    assert url == reverse("appraisal:skp_detail", args=[skp.public_id])

    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    ((text, _url, _due, waiting),) = tasks_of(login("pegawai"))
    assert text == "Your SKP is waiting for your PPK's approval." and waiting
    # The PPK is asked to decide.
    assert ("1 SKP of your team awaits your approval.", reverse("appraisal:team")) in [
        task[:2] for task in tasks_of(login("ppk"))
    ]

    skp_flow.skp_return(skp, "Perbaiki target", actor=actor(org.ppk))
    ((text, _url, _due, _waiting),) = tasks_of(login("pegawai"))
    assert text == "Your SKP was returned by your PPK: revise it and submit it again."


def test_an_approved_plan_asks_for_each_open_period_realisation_until_submitted(
    login, org, plan, cycle
):
    skp = plan.approved(org.pegawai, linked_to=plan.chain()[-1].rhks.get())
    today = timezone.localdate()
    started = [p for p in cycle.periods if p.start <= today and p.end >= skp.start_date]
    tasks = tasks_of(login("pegawai"))
    assert [t[0] for t in tasks] == [
        f"Record and submit your realisation for {p.label}." for p in started
    ]
    assert tasks[0][1] == reverse("appraisal:realisation", args=[skp.public_id, started[0].number])

    realisation = realisation_services.realisation_for(skp, started[0].number, actor=system())
    realisation.status = "submitted"
    realisation.save(update_fields=["status"])
    assert len(tasks_of(login("pegawai"))) == len(started) - 1


def test_before_a_realisation_window_opens_the_date_it_opens_is_shown(login, org, plan, cycle):
    skp = plan.approved(org.pegawai, linked_to=plan.chain()[-1].rhks.get())
    assert skp.status == SkpStatus.APPROVED
    later = timezone.localdate() + dt.timedelta(days=20)
    Window.objects.filter(cycle=cycle, kind="period").update(opens_on=later)
    ((text, url, due, waiting),) = tasks_of(login("pegawai"))
    assert waiting and due is None
    assert "can be submitted from" in text and str(later.year) in text
    assert url == reverse("appraisal:realisation", args=[skp.public_id, 1])


def test_last_years_open_cycle_is_not_this_years(login, org):
    """Each January two cycles are open; the tasks follow the plan of this year (open_cycle)."""
    year = timezone.localdate().year
    open_cycle_for(year - 1)
    open_cycle_for(year)
    assert Cycle.objects.filter(status="open").count() == 2
    ((text, *_rest),) = tasks_of(login("pegawai"))
    assert str(year) in text


def test_an_employee_without_a_position_is_told_to_ask_for_one(login, org, cycle):
    org.pegawai.position = None
    org.pegawai.save(update_fields=["position"])
    ((text, _url, due, waiting),) = tasks_of(login("pegawai"))
    assert "ask your OPD admin to place you" in text and waiting and due is None


def test_the_ppk_of_today_is_asked_to_decide_not_the_one_at_submission(login, org, plan):
    """Approval follows today's reporting line: after an override the new PPK is asked."""
    from accounts.org.models import AppraiserOverride

    *_, kasi = plan.chain()
    skp = plan.start(org.pegawai)
    plan.add_rhk(skp, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    AppraiserOverride.objects.create(
        employee=org.pegawai,
        ppk=org.atasan_ppk,
        start_date=timezone.localdate() - dt.timedelta(days=1),
        reason="Kasi cuti panjang",
    )
    assert not [t for t in tasks_of(login("ppk")) if "awaits your approval" in t[0]]
    assert [t[0] for t in tasks_of(login("atasan_ppk")) if "awaits your approval" in t[0]] == [
        "1 SKP of your team awaits your approval."
    ]
