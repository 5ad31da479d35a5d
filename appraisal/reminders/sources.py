"""Who gets which deadline reminder (issue 6): the one module that decides it.

For every open window of an open cycle, the people who still have to act:
- SKP window: pegawai whose SKP is not submitted (none, draft, returned); PPKs with SKPs
  awaiting their approval (a head of OPD's waits for the admin BKD);
- each period's window: pegawai whose realisation is not submitted; PPKs with evaluations of
  the period not finalised;
- annual window: PPKs with annual evaluations not finalised;
and, outside the windows, Atasan PPKs with open objections (due as many days after filing as
the employee had to object; still after closing, when an objection filed in time is decided) and
pegawai who have not acknowledged a final result (REMINDER_ACKNOWLEDGE_DAYS after it was
finalised, and never once it counts as received anyway, RESULT_DEEMED_RECEIVED_DAYS after, nor
in a closed period: nobody is asked for what can no longer be done; nor is a PPK asked to score
someone in a unit already finalised for the period).

A person's deadline is the window's closing date or the latest extension applying to them (all,
their OPD, them alone); a PPK's reminder counts their subordinates per deadline. Reminders go at
the plan's offsets (notifications.schedule); the day after a deadline each person is told it
passed, and the kepala unit and the admin OPD get one digest naming everyone overdue. A period
the BKD closed sends nothing.

Every query here streams (``iterator``) in chunks, grouped by OPD where reporting lines are
needed, so a run over 100,000 employees holds one OPD's organisation at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import EmployeeStatus
from appraisal.choices import (
    ANNUAL,
    CycleStatus,
    EvaluationStatus,
    ObjectionStatus,
    RealisationStatus,
    SkpStatus,
    WindowKind,
)
from appraisal.cycles.models import Cycle, PeriodClosure, UnitFinalisation, Window
from appraisal.evaluation.models import Evaluation
from appraisal.monitoring.selectors import (
    DRAFT,
    NONE,
    monitored_employees_everywhere,
    progress_of,
    skp_in_force,
)
from appraisal.objections.models import Objection
from appraisal.plans.models import Skp
from appraisal.realisation.models import Realisation
from appraisal.reminders.deadlines import (
    CHUNK,
    Deadlines,
    Overdue,
    Waiting,
    escalations,
    opd_key,
    to_deciders,
)
from appraisal.reminders.texts import (
    ACKNOWLEDGE,
    ESCALATION,
    EVALUATION,
    OBJECTION,
    REALISATION,
    SKP_APPROVE,
    SKP_SUBMIT,
    message,
)
from notifications.reminders import DueReminder, ReminderPlan
from notifications.schedule import OVERDUE

# The reminder kinds are importable from here too, with the source itself.
__all__ = [
    "ACKNOWLEDGE",
    "ESCALATION",
    "EVALUATION",
    "OBJECTION",
    "REALISATION",
    "SKP_APPROVE",
    "SKP_SUBMIT",
    "due_reminders",
]


# ----- windows -----------------------------------------------------------------------------------
def _skp_window(plan: ReminderPlan, cycle: Cycle, window: Window) -> Iterator[DueReminder]:
    deadlines = Deadlines(window)
    overdue = Overdue(str(window.label))
    url = reverse("appraisal:my_skp")
    params = {"year": cycle.year, "window": str(window.label)}
    rows = (
        monitored_employees_everywhere()
        .filter(user__is_active=True)
        .annotate(skp_status=Subquery(skp_in_force(cycle).values("status")[:1]), opd_key=opd_key())
        .values_list("pk", "user_id", "name", "nip", "position__unit_id", "opd_key", "skp_status")
        .order_by()
    )
    for pk, user_id, name, nip, unit_id, opd_id, status in rows.iterator(chunk_size=CHUNK):
        if progress_of(status) not in (NONE, DRAFT):
            continue
        deadline = deadlines.of(pk, opd_id)
        offset = plan.offset(deadline, arose=window.opens_on)
        if offset is None:
            continue
        yield DueReminder(
            user_id, f"w{window.pk}:{SKP_SUBMIT}", deadline, offset, SKP_SUBMIT,
            message(SKP_SUBMIT, offset), {**params, "deadline_date": deadline}, url,
        )  # fmt: skip
        if offset == OVERDUE:
            entry = _("%(name)s (%(nip)s): SKP not submitted") % {"name": name, "nip": nip}
            overdue.add(deadline, unit_id, opd_id, entry)
    submitted = (
        Skp.objects.filter(cycle=cycle, status=SkpStatus.SUBMITTED)
        .annotate(opd_key=opd_key())
        .values_list("employee_id", "opd_key", "submitted_at", "position__parent_id", "is_jpt")
        .order_by("opd_key", "employee_id")
    )
    waiting = (
        Waiting(employee_id, opd_id, _local_day(submitted_at), parent_id is None or is_jpt)
        for employee_id, opd_id, submitted_at, parent_id, is_jpt in submitted.iterator(
            chunk_size=CHUNK
        )
    )
    head_url = reverse("appraisal:head_scoring") + f"?year={cycle.year}"
    yield from to_deciders(
        plan, window, deadlines, waiting, SKP_APPROVE, reverse("appraisal:team"), overdue, params,
        head_url=head_url,
    )  # fmt: skip
    yield from escalations(plan, f"w{window.pk}", overdue)


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _period_label(cycle: Cycle, number: int) -> str:
    if number == ANNUAL:
        return f"Tahunan {cycle.year}"
    period = cycle.period(number)
    return f"{period.label} {cycle.year}" if period else str(number)


def _evaluation_window(plan: ReminderPlan, cycle: Cycle, window: Window) -> Iterator[DueReminder]:
    """A period's window (realisation by the owner, evaluation by the PPK) or the annual one
    (evaluation only: the year is realised period by period)."""
    number = ANNUAL if window.kind == WindowKind.ANNUAL else window.period
    deadlines = Deadlines(window)
    label = _period_label(cycle, number)
    overdue = Overdue(str(window.label))
    skps = Skp.objects.filter(cycle=cycle, status=SkpStatus.APPROVED)
    if number != ANNUAL:
        period = cycle.period(number)
        if period is None:
            return
        skps = skps.filter(start_date__lte=period.end, end_date__gte=period.start)
    finalised = Evaluation.objects.filter(
        skp=OuterRef("pk"), period=number, status=EvaluationStatus.FINALISED
    )
    # Exists, not a compared Subquery: "no evaluation yet" must count as not finalised.
    unfinished = (
        skps.filter(employee__status=EmployeeStatus.ACTIVE)
        .annotate(opd_key=opd_key())
        .filter(~Exists(finalised))
    )
    if number != ANNUAL:
        yield from _realisation_owners(plan, window, number, label, deadlines, overdue, unfinished)
    evaluations = (
        unfinished.exclude(_in_a_finalised_unit(cycle, number))
        .values_list("employee_id", "opd_key", "position__parent_id", "is_jpt")
        .order_by("opd_key", "employee_id")
    )
    waiting = (
        Waiting(employee_id, opd_id, None, parent_id is None or is_jpt)
        for employee_id, opd_id, parent_id, is_jpt in evaluations.iterator(chunk_size=CHUNK)
    )
    # The year too: in January last year's annual evaluation runs beside this year's plans.
    url = reverse("appraisal:team_scoring") + f"?year={cycle.year}&period={number}"
    head_url = reverse("appraisal:head_scoring") + f"?year={cycle.year}&period={number}"
    yield from to_deciders(
        plan, window, deadlines, waiting, EVALUATION, url, overdue, {"period": label},
        head_url=head_url,
    )  # fmt: skip
    yield from escalations(plan, f"w{window.pk}", overdue)


def _in_a_finalised_unit(cycle: Cycle, number: int) -> Q:
    """Plans in a unit finalised for the period (or below one, up to three levels and the OPD):
    their ratings can no longer change (cycles.windows.finalisation_covering), so their PPK is
    not asked to score them."""
    finalised = UnitFinalisation.objects.filter(
        cycle=cycle, period=number, reopened_at__isnull=True
    ).values("unit_id")
    return (
        Q(position__unit_id__in=finalised)
        | Q(position__unit__parent_id__in=finalised)
        | Q(position__unit__parent__parent_id__in=finalised)
        | Q(position__unit__opd_id__in=finalised)
    )


def _realisation_owners(
    plan: ReminderPlan,
    window: Window,
    number: int,
    label: str,
    deadlines: Deadlines,
    overdue: Overdue,
    unfinished,
) -> Iterator[DueReminder]:
    """The owners of the period's unfinished plans who have not submitted their realisation."""
    realised = Realisation.objects.filter(
        skp=OuterRef("pk"), period=number, status=RealisationStatus.SUBMITTED
    )
    owners = (
        unfinished.filter(employee__user__is_active=True)
        .filter(~Exists(realised))
        .values_list(
            "public_id", "employee_id", "employee__user_id", "employee__name",
            "employee__nip", "position__unit_id", "opd_key",
        )
        .order_by()
    )  # fmt: skip
    for public_id, pk, user_id, name, nip, unit_id, opd_id in owners.iterator(chunk_size=CHUNK):
        deadline = deadlines.of(pk, opd_id)
        offset = plan.offset(deadline, arose=window.opens_on)
        if offset is None:
            continue
        url = reverse("appraisal:realisation", kwargs={"public_id": public_id, "period": number})
        yield DueReminder(
            user_id, f"w{window.pk}:{REALISATION}", deadline, offset, REALISATION,
            message(REALISATION, offset), {"period": label, "deadline_date": deadline}, url,
        )  # fmt: skip
        if offset == OVERDUE:
            entry = _("%(name)s (%(nip)s): realisation not submitted") % {
                "name": name,
                "nip": nip,
            }
            overdue.add(deadline, unit_id, opd_id, entry)


def _window_may_remind(plan: ReminderPlan, window: Window, closed_periods: set[int]) -> bool:
    if not plan.wants_window(window.pk) or plan.today < window.opens_on:
        return False
    if window.kind != WindowKind.SKP and window.period in closed_periods:
        return False  # the BKD closed the period: nobody can act any more
    if plan.by_hand:
        return True
    latest = Deadlines(window).latest
    earliest_moment = window.closes_on - dt.timedelta(days=max(plan.offsets, default=0))
    return earliest_moment <= plan.today <= latest + dt.timedelta(days=plan.overdue_within)


# ----- objections and acknowledgements ----------------------------------------------------------
def _objections(plan: ReminderPlan) -> Iterator[DueReminder]:
    """Atasan PPKs with open objections: due as many days after filing as there were to file."""
    overdue = Overdue(_("objection decisions"))
    rows = (
        # Any cycle: an objection filed in time is decided after its period or year closed.
        # Never a practice cycle's: a workshop's objection reminds nobody.
        Objection.objects.filter(
            status=ObjectionStatus.OPEN,
            atasan_employee__user__is_active=True,
            evaluation__skp__cycle__practice=False,
        )
        .annotate(opd_key=opd_key("atasan_employee__"))
        .values_list(
            "pk", "public_id", "filed_at", "evaluation__skp__cycle__objection_days",
            "atasan_employee__user_id", "atasan_employee__name", "atasan_employee__nip",
            "atasan_employee__position__unit_id", "opd_key", "evaluation__skp__employee__name",
        )
        .order_by()
    )  # fmt: skip
    for pk, public_id, filed_at, days, user_id, name, nip, unit_id, opd_id, owner in rows.iterator(
        chunk_size=CHUNK
    ):
        filed = timezone.localdate(filed_at)
        deadline = filed + dt.timedelta(days=days)
        offset = plan.offset(deadline, arose=filed)
        if offset is None:
            continue
        url = reverse("appraisal:objection_detail", kwargs={"public_id": public_id})
        yield DueReminder(
            user_id, f"objection:{pk}", deadline, offset, OBJECTION, message(OBJECTION, offset),
            {"name": owner, "deadline_date": deadline}, url,
        )  # fmt: skip
        if offset == OVERDUE:
            entry = _("%(name)s (%(nip)s): objection of %(owner)s not decided") % {
                "name": name,
                "nip": nip,
                "owner": owner,
            }
            overdue.add(deadline, unit_id, opd_id, entry)
    yield from escalations(plan, "objections", overdue)


def _acknowledgement_due(finalised: dt.date, today: dt.date) -> dt.date | None:
    """The day to confirm a result finalised on `finalised` by: REMINDER_ACKNOWLEDGE_DAYS after,
    but before the day it counts as received anyway (RESULT_DEEMED_RECEIVED_DAYS after); None
    from that day on, when confirming changes nothing."""
    deemed = finalised + dt.timedelta(days=settings.RESULT_DEEMED_RECEIVED_DAYS)
    if today >= deemed:
        return None
    asked = finalised + dt.timedelta(days=settings.REMINDER_ACKNOWLEDGE_DAYS)
    return min(asked, deemed - dt.timedelta(days=1))


def _acknowledgements(plan: ReminderPlan) -> Iterator[DueReminder]:
    """Pegawai who have not confirmed receiving a final result (it starts the objection clock),
    while confirming still matters: before the result counts as received anyway, in a period the
    BKD has not closed (a closed period refuses the confirmation)."""
    closed = set(
        PeriodClosure.objects.filter(
            cycle__status=CycleStatus.OPEN, cycle__practice=False, reopened_at__isnull=True
        ).values_list("cycle__year", "period")
    )
    rows = (
        Evaluation.objects.filter(
            status=EvaluationStatus.FINALISED,
            acknowledged_at__isnull=True,
            skp__cycle__status=CycleStatus.OPEN,
            skp__cycle__practice=False,  # a workshop's results remind nobody
            skp__employee__status=EmployeeStatus.ACTIVE,
            skp__employee__user__is_active=True,
        )
        .values_list(
            "pk", "public_id", "period", "finalised_at", "skp__employee__user_id",
            "skp__cycle__year", "skp__cycle__frequency",
        )
        .order_by()
    )  # fmt: skip
    cycles: dict[int, Cycle] = {}
    for pk, public_id, number, finalised_at, user_id, year, frequency in rows.iterator(
        chunk_size=CHUNK
    ):
        if not finalised_at or (year, number) in closed:
            continue
        finalised = timezone.localdate(finalised_at)
        deadline = _acknowledgement_due(finalised, plan.today)
        if deadline is None:
            continue
        offset = plan.offset(deadline, arose=finalised)
        if offset is None:
            continue
        cycle = cycles.setdefault(year, Cycle(year=year, frequency=frequency))
        url = reverse("appraisal:evaluation", kwargs={"public_id": public_id})
        yield DueReminder(
            user_id, f"acknowledge:{pk}", deadline, offset, ACKNOWLEDGE,
            message(ACKNOWLEDGE, offset),
            {"period": _period_label(cycle, number), "deadline_date": deadline}, url,
        )  # fmt: skip


# ----- the source --------------------------------------------------------------------------------
def due_reminders(plan: ReminderPlan) -> Iterator[DueReminder]:
    """Every appraisal reminder due under the plan (registered on notifications.extensions.reminder_sources)."""
    # A practice cycle reminds nobody (issue 29.5): its participants are in a workshop.
    cycles = Cycle.objects.filter(status=CycleStatus.OPEN, practice=False).prefetch_related(
        "windows__cycle"
    )
    for cycle in cycles:
        closed = set(
            PeriodClosure.objects.filter(cycle=cycle, reopened_at__isnull=True).values_list(
                "period", flat=True
            )
        )
        for window in sorted(cycle.windows.all(), key=lambda w: (w.opens_on, w.pk)):
            if not _window_may_remind(plan, window, closed):
                continue
            if window.kind == WindowKind.SKP:
                yield from _skp_window(plan, cycle, window)
            else:
                yield from _evaluation_window(plan, cycle, window)
    if not plan.windows_only:
        yield from _objections(plan)
        yield from _acknowledgements(plan)
