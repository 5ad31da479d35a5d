"""Who gets which deadline reminder (issue 6): the one module that decides it.

For every open window of an open cycle, the people who still have to act:
- SKP window: pegawai whose SKP is not submitted (none, draft, returned); PPKs with SKPs
  awaiting their approval (a head of OPD's waits for the admin BKD);
- each period's window: pegawai whose realisation is not submitted; PPKs with evaluations of
  the period not finalised;
- annual window: PPKs with annual evaluations not finalised;
and, outside the windows, Atasan PPKs with open objections (due as many days after filing as
the employee had to object) and pegawai who have not acknowledged a final result
(REMINDER_ACKNOWLEDGE_DAYS after it was finalised).

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
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import PPK_ELIGIBLE_KINDS, AdminRoleKind, EmployeeStatus
from accounts.org.models import AdminRole, Assignment, Employee, OrgUnit
from accounts.org.reporting import ACTING_PRIORITY, OrgSnapshot
from accounts.org.selectors import held_on
from appraisal.choices import (
    ANNUAL,
    CycleStatus,
    EvaluationStatus,
    ExtensionScope,
    ObjectionStatus,
    RealisationStatus,
    SkpStatus,
    WindowKind,
)
from appraisal.cycles.models import Cycle, PeriodClosure, Window
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

CHUNK = 2000


# ----- deadlines ---------------------------------------------------------------------------------
class Deadlines:
    """A window's closing date per person: the latest of its own and the extensions that apply
    (everyone, the person's OPD, the person alone), from one query per window."""

    def __init__(self, window: Window):
        self.closes_on = window.closes_on
        self.by_opd: dict[int, dt.date] = {}
        self.by_employee: dict[int, dt.date] = {}
        for scope, opd_id, employee_id, closes_on in window.extensions.values_list(
            "scope", "opd_id", "employee_id", "closes_on"
        ):
            if scope == ExtensionScope.EVERYONE:
                self.closes_on = max(self.closes_on, closes_on)
            elif scope == ExtensionScope.OPD:
                self.by_opd[opd_id] = max(self.by_opd.get(opd_id, closes_on), closes_on)
            else:
                self.by_employee[employee_id] = max(
                    self.by_employee.get(employee_id, closes_on), closes_on
                )

    @property
    def latest(self) -> dt.date:
        return max([self.closes_on, *self.by_opd.values(), *self.by_employee.values()])

    def of(self, employee_id: int, opd_id: int | None) -> dt.date:
        return max(
            self.closes_on,
            self.by_opd.get(opd_id, self.closes_on),
            self.by_employee.get(employee_id, self.closes_on),
        )


# ----- escalation --------------------------------------------------------------------------------
@dataclass
class Overdue:
    """Everyone overdue in one window (or objections) per deadline, for the escalation digest."""

    what: str
    by_deadline: dict[dt.date, list[tuple[int | None, int | None, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )

    def add(self, deadline: dt.date, unit_id, opd_id, entry: str) -> None:
        self.by_deadline[deadline].append((unit_id, opd_id, entry))


def _unit_head_users(unit_ids: set[int], today: dt.date) -> dict[int, int]:
    """unit id -> the user of whoever heads it today (a Plh, else a Plt, else the definitive)."""
    heads: dict[int, tuple[int, int]] = {}
    rows = (
        Assignment.objects.filter(
            held_on(today),
            position__unit_id__in=unit_ids,
            position__kind__in=PPK_ELIGIBLE_KINDS,
            employee__status=EmployeeStatus.ACTIVE,
            employee__user__is_active=True,
        )
        .filter(
            Q(position__parent__isnull=True) | ~Q(position__parent__unit_id=F("position__unit_id"))
        )
        .values_list("position__unit_id", "kind", "employee__user_id")
    )
    for unit_id, kind, user_id in rows:
        rank = ACTING_PRIORITY[kind]
        if unit_id not in heads or rank < heads[unit_id][0]:
            heads[unit_id] = (rank, user_id)
    return {unit_id: user_id for unit_id, (_rank, user_id) in heads.items()}


def _escalations(plan: ReminderPlan, group: str, overdue: Overdue) -> Iterator[DueReminder]:
    """One digest per kepala unit and admin OPD, naming their overdue people (never themselves
    alone: they had their own reminder)."""
    for deadline, entries in overdue.by_deadline.items():
        unit_ids = {unit_id for unit_id, _opd, _e in entries if unit_id}
        opd_ids = {opd_id for _unit, opd_id, _e in entries if opd_id}
        heads = _unit_head_users(unit_ids, plan.today)
        opd_admins = defaultdict(list)
        for user_id, opd_id in AdminRole.objects.filter(
            kind=AdminRoleKind.ADMIN_OPD, opd_id__in=opd_ids, user__is_active=True
        ).values_list("user_id", "opd_id"):
            opd_admins[opd_id].append(user_id)
        codes = dict(OrgUnit.objects.filter(pk__in=opd_ids).values_list("pk", "code"))
        digests: dict[int, tuple[str, list[str]]] = {}
        for unit_id, opd_id, entry in entries:
            if unit_id in heads:
                digests.setdefault(heads[unit_id], (reverse("appraisal:team"), []))[1].append(entry)
            for user_id in opd_admins.get(opd_id, ()):
                url = reverse("appraisal:monitoring_opd", kwargs={"code": codes[opd_id]})
                digests.setdefault(user_id, (url, []))[1].append(entry)
        for user_id, (url, names) in digests.items():
            names = sorted(set(names))
            yield DueReminder(
                recipient_id=user_id,
                item=f"escalate:{group}",
                deadline=deadline,
                offset=OVERDUE,
                kind=ESCALATION,
                message=message(ESCALATION, OVERDUE),
                params={
                    "what": overdue.what,
                    "deadline_date": deadline,
                    "count": len(names),
                    "names": names,
                },
                url=url,
            )


# ----- deciders (PPK, or the admin BKD for a head of OPD) -------------------------------------
@dataclass(frozen=True)
class Waiting:
    """One item waiting for the owner's PPK: whose, since when (None: since the window opened)."""

    employee_id: int
    opd_id: int | None
    since: dt.date | None
    heads_the_tree: bool


@dataclass
class _Tally:
    count: int = 0
    arose: dt.date | None = None
    name: str = ""


def _to_deciders(plan, window, deadlines, waiting, kind, url, overdue, params):
    """One reminder per decider and deadline counting what waits for them: the owner's PPK today,
    or the admin BKD accounts for a head of OPD (the Kepala Daerah decides outside the system).
    ``waiting`` comes ordered by OPD, so one OPD's organisation is in memory at a time."""
    tallies: dict[tuple[int, dt.date], _Tally] = defaultdict(_Tally)
    bkd_admins: list[int] | None = None
    for opd_id, group in groupby(waiting, key=lambda item: item.opd_id):
        group = list(group)
        snapshot = OrgSnapshot(plan.today)
        snapshot.load_opds([opd_id] if opd_id else [])
        snapshot.preload_overrides(item.employee_id for item in group)
        for item in group:
            ppk = snapshot.ppk(item.employee_id)
            if ppk is None:
                continue
            if ppk.is_external:
                if not item.heads_the_tree:
                    continue  # a vacant chain: nobody decides until a PPK is recorded
                if bkd_admins is None:
                    bkd_admins = list(
                        AdminRole.objects.filter(
                            kind=AdminRoleKind.ADMIN_BKD, user__is_active=True
                        ).values_list("user_id", flat=True)
                    )
                deciders = [(user_id, "") for user_id in bkd_admins]
            else:
                holder = snapshot.employee(ppk.employee_id)
                deciders = [(holder.user_id, holder.full_name)] if holder.user_id else []
            deadline = deadlines.of(item.employee_id, opd_id)
            since = max(filter(None, (item.since, window.opens_on)))
            for user_id, name in deciders:
                tally = tallies[(user_id, deadline)]
                tally.count += 1
                tally.arose = min(since, tally.arose or since)
                tally.name = name
    named = [user_id for (user_id, _d), tally in tallies.items() if tally.name]
    posts = _current_posts(named) if named else {}
    for (user_id, deadline), tally in tallies.items():
        offset = plan.offset(deadline, arose=tally.arose)
        if offset is None:
            continue
        yield DueReminder(
            user_id, f"w{window.pk}:{kind}", deadline, offset, kind, message(kind, offset),
            {**params, "count": tally.count, "deadline_date": deadline}, url,
        )  # fmt: skip
        if offset == OVERDUE and tally.name and user_id in posts:
            unit_id, opd_id = posts[user_id]
            entry = _("%(name)s: %(count)s waiting for them") % {
                "name": tally.name,
                "count": tally.count,
            }
            overdue.add(deadline, unit_id, opd_id, entry)


def _current_posts(user_ids: list[int]) -> dict[int, tuple[int, int]]:
    """user id -> (unit id, OPD id) of their current post."""
    rows = (
        Employee.objects.filter(user_id__in=user_ids, position__isnull=False)
        .annotate(opd_key=_opd_key())
        .values_list("user_id", "position__unit_id", "opd_key")
    )
    return {user_id: (unit_id, opd_id) for user_id, unit_id, opd_id in rows}


# ----- windows -----------------------------------------------------------------------------------
def _opd_key(prefix: str = ""):
    return Coalesce(F(f"{prefix}position__unit__opd_id"), F(f"{prefix}position__unit_id"))


def _skp_window(plan: ReminderPlan, cycle: Cycle, window: Window) -> Iterator[DueReminder]:
    deadlines = Deadlines(window)
    overdue = Overdue(str(window.label))
    url = reverse("appraisal:my_skp")
    params = {"year": cycle.year, "window": str(window.label)}
    rows = (
        monitored_employees_everywhere()
        .filter(user__is_active=True)
        .annotate(skp_status=Subquery(skp_in_force(cycle).values("status")[:1]), opd_key=_opd_key())
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
        .annotate(opd_key=_opd_key())
        .values_list("employee_id", "opd_key", "submitted_at", "position__parent_id", "is_jpt")
        .order_by("opd_key", "employee_id")
    )
    waiting = (
        Waiting(employee_id, opd_id, _local_day(submitted_at), parent_id is None or is_jpt)
        for employee_id, opd_id, submitted_at, parent_id, is_jpt in submitted.iterator(
            chunk_size=CHUNK
        )
    )
    yield from _to_deciders(
        plan, window, deadlines, waiting, SKP_APPROVE, reverse("appraisal:team"), overdue, params
    )
    yield from _escalations(plan, f"w{window.pk}", overdue)


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
    realised = Realisation.objects.filter(
        skp=OuterRef("pk"), period=number, status=RealisationStatus.SUBMITTED
    )
    # Exists, not a compared Subquery: "no evaluation yet" must count as not finalised.
    unfinished = (
        skps.filter(employee__status=EmployeeStatus.ACTIVE)
        .annotate(opd_key=_opd_key())
        .filter(~Exists(finalised))
    )
    if number != ANNUAL:
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
            url = reverse(
                "appraisal:realisation", kwargs={"public_id": public_id, "period": number}
            )
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
    evaluations = unfinished.values_list(
        "employee_id", "opd_key", "position__parent_id", "is_jpt"
    ).order_by("opd_key", "employee_id")
    waiting = (
        Waiting(employee_id, opd_id, None, parent_id is None or is_jpt)
        for employee_id, opd_id, parent_id, is_jpt in evaluations.iterator(chunk_size=CHUNK)
    )
    url = reverse("appraisal:team_scoring") + f"?period={number}"
    yield from _to_deciders(
        plan, window, deadlines, waiting, EVALUATION, url, overdue, {"period": label}
    )
    yield from _escalations(plan, f"w{window.pk}", overdue)


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
        Objection.objects.filter(
            status=ObjectionStatus.OPEN,
            evaluation__skp__cycle__status=CycleStatus.OPEN,
            atasan_employee__user__is_active=True,
        )
        .annotate(opd_key=_opd_key("atasan_employee__"))
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
    yield from _escalations(plan, "objections", overdue)


def _acknowledgements(plan: ReminderPlan) -> Iterator[DueReminder]:
    """Pegawai who have not confirmed receiving a final result (it starts the objection clock)."""
    days = settings.REMINDER_ACKNOWLEDGE_DAYS
    rows = (
        Evaluation.objects.filter(
            status=EvaluationStatus.FINALISED,
            acknowledged_at__isnull=True,
            skp__cycle__status=CycleStatus.OPEN,
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
        if not finalised_at:
            continue
        finalised = timezone.localdate(finalised_at)
        deadline = finalised + dt.timedelta(days=days)
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
    cycles = Cycle.objects.filter(status=CycleStatus.OPEN).prefetch_related("windows__cycle")
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
