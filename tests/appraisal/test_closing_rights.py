"""Closing respects the employee's rights (issue 20, point 2).

A result counts as received when the employee confirms it, or RESULT_DEEMED_RECEIVED_DAYS after
finalisation (our rule: the window must always start and end); the employee may then object for
Cycle.objection_days calendar days, the last day included (PermenPANRB 6/2022, keberatan; domain
§7). Closing a period or the cycle lists pending objections and running windows apart from the
gaps and refuses while any exists, unless the admin BKD writes the reason (kept and audited); an
objection filed in time is still decided after closing; reminders never ask for what can no
longer be done.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import ANNUAL, CycleStatus
from appraisal.closing import services as closing
from appraisal.closing.selectors import pending_rights
from appraisal.cycles.models import PeriodClosure
from appraisal.evaluation import services as ev
from appraisal.objections import services as objections
from appraisal.reminders.sources import ACKNOWLEDGE, OBJECTION
from core.errors import DomainError
from notifications.reminders import default_plan, due_reminders
from tests.actors import actor
from tests.appraisal.conftest import pin_today
from tests.appraisal.test_closing import finalised

MEETS, ABOVE = "SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"


def _close(cycle, org, period=1, **kwargs):
    return closing.period_close(
        cycle, period, actor=actor(org.admin_bkd), confirm_gaps=True, **kwargs
    )


# ----- receiving the result -------------------------------------------------------------------
@pytest.mark.parametrize("deemed_days", [5, 2])
def test_an_unconfirmed_result_counts_as_received_after_the_setting(
    approved, org, cycle, monkeypatch, settings, deemed_days
):
    settings.RESULT_DEEMED_RECEIVED_DAYS = deemed_days
    result = finalised(approved, org.ppk, 1)
    today = timezone.localdate()
    assert ev.result_received_on(result) == today + dt.timedelta(days=deemed_days)
    assert ev.objection_deadline(result) == today + dt.timedelta(days=deemed_days + 14)
    with pytest.raises(DomainError):  # not received yet: confirm first
        objections.objection_file(result, "Alasan", actor=actor(org.pegawai))
    received_day = today + dt.timedelta(days=deemed_days)
    filed = objections.objection_file(
        result, "Alasan", actor=actor(org.pegawai), today=received_day
    )
    assert filed.status == "open"


def test_a_result_not_confirmed_can_no_longer_be_objected_to_after_its_window(approved, org, cycle):
    result = finalised(approved, org.ppk, 1)
    after = timezone.localdate() + dt.timedelta(days=5 + 14 + 1)
    with pytest.raises(DomainError, match="(?i)ended|berakhir"):
        objections.objection_file(result, "Alasan", actor=actor(org.pegawai), today=after)


def test_the_employee_sees_when_the_result_counts_as_received(approved, org, cycle, login):
    result = finalised(approved, org.ppk, 1)
    url = reverse("appraisal:evaluation", kwargs={"public_id": result.public_id})
    body = login("pegawai").get(url).content.decode()
    deemed = timezone.localdate() + dt.timedelta(days=5)
    assert 'data-testid="deemed-received"' in body and str(deemed.year) in body


# ----- closing --------------------------------------------------------------------------------
def test_closing_is_refused_while_a_window_runs_unless_a_reason_is_written(
    approved, org, cycle, english
):
    finalised(approved, org.ppk, 1)
    rights = pending_rights(cycle, [1])
    assert (rights.objection_count, rights.window_count) == (0, 1)
    assert rights.windows[0].nip == org.pegawai.nip
    assert rights.windows[0].day == timezone.localdate() + dt.timedelta(days=19)
    with pytest.raises(DomainError, match="1 objection window"):
        _close(cycle, org)
    assert not PeriodClosure.objects.exists()
    closure = _close(cycle, org, rights_reason="Batas pelaporan BKN")
    assert closure.rights["windows"] == 1 and closure.rights["window_nips"] == [org.pegawai.nip]
    assert closure.rights_reason == "Batas pelaporan BKN"
    assert "Batas pelaporan BKN" in closure.history.latest().history_change_reason


def test_once_every_window_ended_closing_needs_no_reason(approved, org, cycle, monkeypatch):
    finalised(approved, org.ppk, 1)
    pin_today(monkeypatch, timezone.localdate() + dt.timedelta(days=5 + 14 + 1))
    assert pending_rights(cycle, [1]).total == 0
    closure = _close(cycle, org)
    assert closure.rights == {} and closure.rights_reason == ""


def test_a_pending_objection_blocks_the_cycle_and_is_decided_after_closing(
    approved, org, cycle, english
):
    result = ev.evaluation_acknowledge(finalised(approved, org.ppk, 1), actor=actor(org.pegawai))
    objection = objections.objection_file(result, "Bukti belum dinilai", actor=actor(org.pegawai))
    rights = pending_rights(cycle, closing.closable_periods(cycle))
    assert rights.objection_count == 1 and rights.window_count == 0
    with pytest.raises(DomainError, match="1 objection"):
        closing.cycle_close(cycle, actor=actor(org.admin_bkd), confirm_gaps=True)
    closed = closing.cycle_close(
        cycle, actor=actor(org.admin_bkd), confirm_gaps=True, rights_reason="Akhir tahun"
    )
    assert closed.status == CycleStatus.CLOSED
    assert all(c.rights_reason == "Akhir tahun" for c in PeriodClosure.objects.all())
    # Heard and decided after closing; the evaluation takes the decided ratings.
    objections.objection_message(objection, "Mohon bukti", actor=actor(org.atasan_ppk))
    decided = objections.objection_decide(
        objection, "changed", ABOVE, ABOVE, "Bukti cukup", actor=actor(org.atasan_ppk)
    )
    assert decided.status == "decided"
    result.refresh_from_db()
    assert result.predicate == "SANGAT_BAIK"


def test_no_new_objection_after_closing(approved, org, cycle, english):
    result = ev.evaluation_acknowledge(finalised(approved, org.ppk, 1), actor=actor(org.pegawai))
    _close(cycle, org, rights_reason="Alasan")
    with pytest.raises(DomainError, match="closed"):
        objections.objection_file(result, "Alasan", actor=actor(org.pegawai))


def test_the_rights_of_other_periods_do_not_block_a_period(approved, org, cycle):
    finalised(approved, org.ppk, 2)
    assert _close(cycle, org, 1).rights == {}


# ----- pages ----------------------------------------------------------------------------------
def test_the_report_lists_the_rights_apart_and_asks_for_a_reason(
    approved, org, cycle, login, english
):
    result = ev.evaluation_acknowledge(finalised(approved, org.ppk, 1), actor=actor(org.pegawai))
    objections.objection_file(result, "Alasan", actor=actor(org.pegawai))
    finalised(
        approved.__class__.objects.get(employee=org.ppk, status="approved"), org.atasan_ppk, 1
    )
    client = login("admin_bkd")
    url = reverse("appraisal:closing_report", args=[cycle.year, 1])
    body = client.get(url).content.decode()
    assert 'data-testid="rights-objections"' in body and 'data-testid="rights-windows"' in body
    assert "1 objection awaits its decision" in body and "1 objection window still open" in body
    assert org.pegawai.nip in body and org.ppk.nip in body
    assert 'name="rights_reason"' in body
    close = reverse("appraisal:period_close", args=[cycle.year, 1])
    refused = client.post(close, {"confirm_gaps": "on"}, follow=True).content.decode()
    assert "rights are still running" in refused
    assert not PeriodClosure.objects.exists()
    client.post(close, {"confirm_gaps": "on", "rights_reason": "Tenggat BKN"})
    closure = PeriodClosure.objects.get()
    assert closure.rights["objections"] == 1 and closure.rights["windows"] == 1
    body = client.get(url).content.decode()
    assert 'data-testid="rights-reason"' in body and "Tenggat BKN" in body


def test_the_cycle_page_lists_the_years_rights(approved, org, cycle, login, english):
    finalised(approved, org.ppk, ANNUAL)
    body = login("admin_bkd").get(reverse("appraisal:closing", args=[cycle.year])).content
    assert b'data-testid="rights-windows"' in body and b'id="cycle-rights-reason"' in body


# ----- reminders ------------------------------------------------------------------------------
def _reminders(day, user, kind):
    return [
        r for r in due_reminders(default_plan(day)) if r.recipient_id == user.pk and r.kind == kind
    ]


def test_no_acknowledgement_reminder_once_it_counts_as_received(approved, org, cycle):
    result = finalised(approved, org.ppk, 1)
    day = timezone.localdate(result.finalised_at)
    assert _reminders(day + dt.timedelta(days=3), org.pegawai.user, ACKNOWLEDGE)
    for later in (5, 6, 8):  # deemed received on the fifth day: nothing left to confirm
        assert not _reminders(day + dt.timedelta(days=later), org.pegawai.user, ACKNOWLEDGE)


def test_no_acknowledgement_reminder_in_a_closed_period(approved, org, cycle):
    result = finalised(approved, org.ppk, 1)
    _close(cycle, org, rights_reason="Alasan")
    day = timezone.localdate(result.finalised_at) + dt.timedelta(days=3)
    assert not _reminders(day, org.pegawai.user, ACKNOWLEDGE)


def test_the_atasan_is_still_reminded_of_an_objection_after_closing(approved, org, cycle):
    result = ev.evaluation_acknowledge(finalised(approved, org.ppk, 1), actor=actor(org.pegawai))
    objection = objections.objection_file(result, "Alasan", actor=actor(org.pegawai))
    closing.cycle_close(
        cycle, actor=actor(org.admin_bkd), confirm_gaps=True, rights_reason="Akhir tahun"
    )
    filed = timezone.localdate(objection.filed_at)
    assert _reminders(filed + dt.timedelta(days=13), org.atasan_ppk.user, OBJECTION)


def test_no_scoring_reminder_in_a_finalised_unit(approved, org, cycle):
    from appraisal.calibration import services as calibration
    from appraisal.choices import WindowKind
    from appraisal.reminders.sources import EVALUATION
    from tests.appraisal.test_reminders import _close_window

    window = _close_window(cycle, WindowKind.ANNUAL, 0)
    assert _reminders(window.closes_on, org.ppk.user, EVALUATION)
    calibration.unit_predicate_set(cycle, org.surv, ANNUAL, "BAIK", actor=actor(org.atasan_ppk))
    cycle.breach_policy = "warn"
    cycle.save()
    calibration.unit_finalise(
        cycle, org.surv, ANNUAL, "", actor=actor(org.admin_bkd), unrated_reason="Menyusul"
    )
    # The pegawai's rating can no longer change: their PPK is not asked to score it.
    assert not _reminders(window.closes_on, org.ppk.user, EVALUATION)
