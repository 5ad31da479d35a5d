"""The machinery of the deadline reminders (appraisal.reminders.sources decides who must act):

- each person's deadline in a window (the window's closing date or the latest extension applying
  to them: everyone, their OPD, them alone);
- the reminders of the deciders (the owner's PPK today, or the admin BKD accounts for a head of
  OPD), one per decider and deadline, counting what waits for them;
- the escalation digests the day after a deadline: one per kepala unit and admin OPD, naming
  everyone overdue.

Everything streams: the waiting items come ordered by OPD, so one OPD's organisation is in memory
at a time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import PPK_ELIGIBLE_KINDS, AdminRoleKind, EmployeeStatus
from accounts.org.models import AdminRole, Assignment, Employee, OrgUnit
from accounts.org.reporting import ACTING_PRIORITY, OrgSnapshot
from accounts.org.selectors import held_on
from appraisal.choices import ExtensionScope
from appraisal.cycles.models import Window
from appraisal.reminders.texts import ESCALATION, message
from notifications.reminders import DueReminder, ReminderPlan
from notifications.schedule import OVERDUE

CHUNK = 2000


def opd_key(prefix: str = ""):
    """The OPD of a person's post (the unit itself when it is an OPD), for grouping by OPD."""
    return Coalesce(F(f"{prefix}position__unit__opd_id"), F(f"{prefix}position__unit_id"))


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


def escalations(plan: ReminderPlan, group: str, overdue: Overdue) -> Iterator[DueReminder]:
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


def to_deciders(
    plan: ReminderPlan,
    window: Window,
    deadlines: Deadlines,
    waiting: Iterable[Waiting],
    kind: str,
    url: str,
    overdue: Overdue,
    params: dict,
    *,
    head_url: str,
) -> Iterator[DueReminder]:
    """One reminder per decider and deadline counting what waits for them: the owner's PPK today
    (linking to ``url``), or the admin BKD accounts for a head of OPD (the Kepala Daerah decides
    outside the system; linking to ``head_url``, the admin BKD's page for those decisions: an
    admin who is a PPK too gets the two apart). ``waiting`` comes ordered by OPD, so one OPD's
    organisation is in memory at a time."""
    tallies = _tallies(plan, window, deadlines, waiting)
    named = [user_id for (user_id, _d, _h), tally in tallies.items() if tally.name]
    posts = _current_posts(named) if named else {}
    for (user_id, deadline, for_the_head), tally in tallies.items():
        offset = plan.offset(deadline, arose=tally.arose)
        if offset is None:
            continue
        item = f"w{window.pk}:{kind}" + (":kd" if for_the_head else "")
        yield DueReminder(
            user_id, item, deadline, offset, kind, message(kind, offset),
            {**params, "count": tally.count, "deadline_date": deadline},
            head_url if for_the_head else url,
        )  # fmt: skip
        if offset == OVERDUE and tally.name and user_id in posts:
            unit_id, opd_id = posts[user_id]
            entry = _("%(name)s: %(count)s waiting for them") % {
                "name": tally.name,
                "count": tally.count,
            }
            overdue.add(deadline, unit_id, opd_id, entry)


def _tallies(
    plan: ReminderPlan, window: Window, deadlines: Deadlines, waiting: Iterable[Waiting]
) -> dict[tuple[int, dt.date, bool], _Tally]:
    """(decider's user id, deadline, for the Kepala Daerah) -> what waits for them, OPD by OPD."""
    tallies: dict[tuple[int, dt.date, bool], _Tally] = defaultdict(_Tally)
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
                tally = tallies[(user_id, deadline, ppk.is_external)]
                tally.count += 1
                tally.arose = min(since, tally.arose or since)
                tally.name = name
    return tallies


def _current_posts(user_ids: list[int]) -> dict[int, tuple[int, int]]:
    """user id -> (unit id, OPD id) of their current post."""
    rows = (
        Employee.objects.filter(user_id__in=user_ids, position__isnull=False)
        .annotate(opd_key=opd_key())
        .values_list("user_id", "position__unit_id", "opd_key")
    )
    return {user_id: (unit_id, opd_id) for user_id, unit_id, opd_id in rows}
