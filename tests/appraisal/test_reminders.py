"""Who gets which deadline reminder (appraisal/reminders/sources.py), window by window and day by day.

The SKP window is made to close DEADLINE days from today; each run asks the source for a given
day, so the table reads as a calendar: nothing before the 7-day moment, then 7, 3, 1, the day
after (overdue), and nothing once the overdue notice is two weeks late.
"""

import datetime as dt

import pytest
from django.utils import timezone

from appraisal.choices import ExtensionScope, WindowKind
from appraisal.cycles.models import PeriodClosure, Window, WindowExtension
from appraisal.evaluation import services as ev
from appraisal.objections import services as objections
from appraisal.plans.services import flow as skp_flow
from appraisal.reminders.sources import (
    ACKNOWLEDGE,
    ESCALATION,
    EVALUATION,
    OBJECTION,
    REALISATION,
    SKP_APPROVE,
    SKP_SUBMIT,
)
from notifications.reminders import DueReminder, ReminderPlan, default_plan, due_reminders
from notifications.schedule import OVERDUE
from tests.actors import actor, system

TODAY = timezone.localdate
DEADLINE = 20  # days from today


def _close_window(cycle, kind, period=0, closes_on=None):
    window = Window.objects.get(cycle=cycle, kind=kind, period=period)
    window.closes_on = closes_on or TODAY() + dt.timedelta(days=DEADLINE)
    window.save()
    return window


def _due(day: dt.date, **kwargs) -> list[DueReminder]:
    return list(due_reminders(default_plan(day, **kwargs)))


def _of(reminders, user, kind=None):
    return [r for r in reminders if r.recipient_id == user.pk and (kind is None or r.kind == kind)]


def _day(offset_from_deadline: int) -> dt.date:
    return TODAY() + dt.timedelta(days=DEADLINE + offset_from_deadline)


@pytest.mark.parametrize(
    ("days_from_deadline", "expected_offset"),
    [(-8, None), (-7, 7), (-5, 7), (-3, 3), (-2, 3), (-1, 1), (0, 1), (1, OVERDUE), (14, OVERDUE),
     (15, None)],
)  # fmt: skip
def test_skp_not_submitted_reminds_the_pegawai_at_each_offset(
    org, plan, days_from_deadline, expected_offset
):
    plan.draft(org.pegawai)
    window = _close_window(plan.cycle, WindowKind.SKP)
    mine = _of(_due(_day(days_from_deadline)), org.pegawai.user, SKP_SUBMIT)
    if expected_offset is None:
        assert mine == []
    else:
        (reminder,) = mine
        assert reminder.offset == expected_offset
        assert reminder.deadline == window.closes_on
        assert reminder.item == f"w{window.pk}:skp_submit"
        assert reminder.url == "/kinerja/skp/"
        assert reminder.params["deadline_date"] == window.closes_on


def test_skp_window_reminds_who_still_has_to_act_and_nobody_else(org, plan):
    kadis, kabid, kasi = plan.chain()  # approved: nothing to do
    submitted = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(submitted, actor=actor(org.pegawai))
    _close_window(plan.cycle, WindowKind.SKP)
    reminders = _due(_day(-3))
    kinds = {(r.recipient_id, r.kind) for r in reminders}
    # The kasi has the pegawai's SKP to approve; the pegawai has submitted (nothing to do).
    assert (org.ppk.user.pk, SKP_APPROVE) in kinds
    assert not _of(reminders, org.pegawai.user)
    for done in (org.kepala_unit, org.atasan_ppk):
        assert not _of(reminders, done.user, SKP_SUBMIT)
    # No SKP at all: reminded; the colleague has no account: nobody to tell.
    assert _of(reminders, org.admin_opd.user, SKP_SUBMIT)
    assert _of(reminders, org.outsider.user, SKP_SUBMIT)
    (approve,) = _of(reminders, org.ppk.user, SKP_APPROVE)
    assert approve.params["count"] == 1 and approve.url == "/kinerja/tim/"


def test_a_heads_submitted_skp_waits_for_the_admin_bkd(org, plan):
    skp = plan.start(org.kepala_unit)
    plan.add_rhk(skp, perspektif="proses_bisnis" if skp.is_jpt else "")
    skp_flow.skp_submit(skp, actor=actor(org.kepala_unit))
    _close_window(plan.cycle, WindowKind.SKP)
    (reminder,) = _of(_due(_day(-1)), org.admin_bkd.user, SKP_APPROVE)
    assert reminder.params["count"] == 1


def test_an_extension_for_one_person_moves_only_their_deadline(org, plan):
    plan.draft(org.pegawai)
    window = _close_window(plan.cycle, WindowKind.SKP)
    later = window.closes_on + dt.timedelta(days=10)
    WindowExtension.objects.create(
        window=window, scope=ExtensionScope.EMPLOYEE, employee=org.pegawai, closes_on=later,
        reason="sakit",
    )  # fmt: skip
    reminders = _due(_day(1))
    assert not _of(reminders, org.pegawai.user)  # their deadline is 10 days later
    assert _of(reminders, org.outsider.user)[0].offset == OVERDUE
    (theirs,) = _of(_due(_day(7)), org.pegawai.user)
    assert (theirs.deadline, theirs.offset) == (later, 3)


def test_an_opd_extension_applies_to_that_opd_only(org, plan):
    window = _close_window(plan.cycle, WindowKind.SKP)
    WindowExtension.objects.create(
        window=window, scope=ExtensionScope.OPD, opd=org.disdik,
        closes_on=window.closes_on + dt.timedelta(days=5), reason="banjir",
    )  # fmt: skip
    reminders = _due(_day(-1))
    assert _of(reminders, org.pegawai.user)[0].deadline == window.closes_on
    assert _of(reminders, org.outsider.user)[0].deadline == window.closes_on + dt.timedelta(days=5)


def test_the_day_after_the_deadline_heads_and_admins_get_one_list(org, plan):
    plan.draft(org.pegawai)
    _close_window(plan.cycle, WindowKind.SKP)
    reminders = _due(_day(1))
    escalations = [r for r in reminders if r.kind == ESCALATION]
    by_user = {r.recipient_id: r for r in escalations}
    # The pegawai's unit (Seksi Surveilans) is headed by the kasi; the admin OPD of Dinkes sees
    # everyone overdue in Dinkes; the other OPD's admin only theirs.
    assert org.pegawai.name in " ".join(by_user[org.ppk.user.pk].params["names"])
    dinkes_list = by_user[org.admin_opd.user.pk]
    assert any(org.pegawai.name in name for name in dinkes_list.params["names"])
    assert not any(org.outsider.name in name for name in dinkes_list.params["names"])
    other = by_user[org.admin_opd_other.user.pk]
    assert any(org.outsider.name in name for name in other.params["names"])
    assert dinkes_list.params["count"] == len(dinkes_list.params["names"])
    assert dinkes_list.url == "/kinerja/pantau/DINKES/"
    assert all(r.offset == OVERDUE for r in escalations)
    # Before the deadline nobody is escalated.
    assert not [r for r in _due(_day(-1)) if r.kind == ESCALATION]


def test_period_window_reminds_realisation_and_evaluation(org, plan, approved):
    period = plan.cycle.period(1)
    window = _close_window(plan.cycle, WindowKind.PERIOD, 1, closes_on=period.end)
    day = period.end - dt.timedelta(days=1)
    if day < TODAY():  # the window's day has passed this year: move the window ahead instead
        window = _close_window(plan.cycle, WindowKind.PERIOD, 1)
        day = window.closes_on - dt.timedelta(days=1)
    reminders = list(due_reminders(ReminderPlan(today=day)))
    (realisation,) = _of(reminders, org.pegawai.user, REALISATION)
    assert realisation.url.endswith(f"/realisasi/{window.period}/")
    (evaluation,) = _of(reminders, org.ppk.user, EVALUATION)
    assert evaluation.params["count"] == 1
    assert evaluation.url == f"/kinerja/tim/penilaian/?year={plan.cycle.year}&period=1"


def test_a_finalised_evaluation_is_no_longer_reminded(org, plan, approved):
    window = _close_window(plan.cycle, WindowKind.PERIOD, 1)
    evaluation = ev.evaluation_for(approved, 1, actor=system())
    _finalise(evaluation, org)
    reminders = list(due_reminders(ReminderPlan(today=window.closes_on)))
    assert not _of(reminders, org.pegawai.user, REALISATION)
    assert not _of(reminders, org.ppk.user, EVALUATION)


def test_a_period_closed_by_the_bkd_reminds_nobody(org, plan, approved):
    window = _close_window(plan.cycle, WindowKind.PERIOD, 1)
    assert list(due_reminders(ReminderPlan(today=window.closes_on, window_ids={window.pk})))
    PeriodClosure.objects.create(cycle=plan.cycle, period=1, closed_by=org.admin_bkd.user)
    assert not list(due_reminders(ReminderPlan(today=window.closes_on, window_ids={window.pk})))


def test_annual_window_reminds_the_ppk(org, plan, approved):
    window = _close_window(plan.cycle, WindowKind.ANNUAL, 0)
    reminders = list(due_reminders(ReminderPlan(today=window.closes_on)))
    (annual,) = [r for r in _of(reminders, org.ppk.user, EVALUATION) if r.url.endswith("&period=0")]
    assert annual.params["count"] == 1
    # The year is realised period by period: no realisation reminder for the annual window.
    assert all(r.item != f"w{window.pk}:realisation" for r in reminders)


def _finalise(evaluation, org):
    evaluation = ev.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil="SESUAI_EKSPEKTASI",
        rating_perilaku="SESUAI_EKSPEKTASI",
        actor=actor(org.ppk),
    )
    return ev.evaluation_finalise(evaluation, actor=actor(org.ppk))


def test_acknowledgement_and_objection_reminders(org, plan, approved):
    evaluation = _finalise(ev.evaluation_for(approved, 1, actor=system()), org)
    finalised = timezone.localdate(evaluation.finalised_at)
    # Due the day before it counts as received anyway (RESULT_DEEMED_RECEIVED_DAYS = 5).
    (ack,) = _of(_due(finalised + dt.timedelta(days=3)), org.pegawai.user, ACKNOWLEDGE)
    assert ack.offset == 1 and ack.url.startswith("/kinerja/evaluasi/")
    ev.evaluation_acknowledge(evaluation, actor=actor(org.pegawai))
    assert not _of(_due(finalised + dt.timedelta(days=3)), org.pegawai.user, ACKNOWLEDGE)
    objection = objections.objection_file(
        evaluation, "Bukti saya belum dinilai.", actor=actor(org.pegawai)
    )
    filed = timezone.localdate(objection.filed_at)
    (reminder,) = _of(_due(filed + dt.timedelta(days=13)), org.atasan_ppk.user, OBJECTION)
    assert reminder.offset == 1 and reminder.params["name"] == org.pegawai.name
    assert _of(_due(filed + dt.timedelta(days=15)), org.atasan_ppk.user, OBJECTION)[0].offset == (
        OVERDUE
    )


def test_a_closed_cycle_reminds_nobody(org, plan):
    plan.draft(org.pegawai)
    _close_window(plan.cycle, WindowKind.SKP)
    plan.cycle.status = "closed"
    plan.cycle.save()
    assert _due(_day(-1)) == []
