"""The built-in checks of the reporting-line diagnostics (monitoring.diagnostics), registered on
appraisal.extensions.reporting_line_checks by AppraisalConfig.ready(), in this order:

1. the organisation: no PPK, a PPK below pengawas level, an expired Plt/Plh or override still
   relied on, a loop in the position tree (LineProblem 1–5);
2. the PPK without an approved SKP, which blocks the submission of their staff's plans;
3. RHK links broken by a supervisor's revision.

Each reads the whole scope in one or two queries (never one per person).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator

from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.choices import JPT_KINDS, PPK_ELIGIBLE_KINDS, AssignmentKind, EmployeeStatus
from accounts.org.models import AppraiserOverride, Assignment, Employee, OrgUnit
from accounts.org.reporting import MAX_DEPTH, OrgSnapshot
from accounts.org.selectors import held_on
from appraisal.choices import EDITABLE_STATUSES, LineProblem, SkpStatus
from appraisal.cycles.models import PrerequisiteWaiver
from appraisal.monitoring.diagnostics import (
    ACTING,
    EMPLOYEE,
    OVERRIDE,
    POSITION,
    SKP,
    Diagnosis,
    Finding,
    LineCheck,
    Person,
)
from appraisal.monitoring.selectors import broken_links
from appraisal.plans.models import Skp

ACTING_WORD = {AssignmentKind.PLT: "Plt", AssignmentKind.PLH: "Plh"}


# ----- the organisation: reasons 1–5 -------------------------------------------------------------


class _Climber:
    """Walks up the position tree from posts, remembered per post (many people share one)."""

    def __init__(self, snapshot: OrgSnapshot):
        self.snapshot = snapshot
        self._loops: dict[int, int | None] = {}
        self._vacant: dict[tuple, tuple[int, ...]] = {}

    def loop_above(self, post_id: int) -> int | None:
        """A post of a loop met going up from `post_id` (itself included), or None."""
        path, seen, found = [], set(), None
        current = post_id
        while current is not None:
            if current in self._loops:
                found = self._loops[current]
                break
            if current in seen:
                found = current
                break
            seen.add(current)
            path.append(current)
            current = self.snapshot.position(current).parent_id
        for visited in path:
            self._loops[visited] = found
        return found

    def vacant_between(self, post_id: int, stop_id: int | None) -> tuple[int, ...]:
        """The posts at pengawas level or above that nobody holds today, passed going up from
        above `post_id` to `stop_id` (the PPK's post; None: the top), nearest first."""
        key = (post_id, stop_id)
        if key not in self._vacant:
            found = []
            current = self.snapshot.position(post_id).parent_id
            for _step in range(MAX_DEPTH):
                if current is None or current == stop_id:
                    break
                position = self.snapshot.position(current)
                if position.kind in PPK_ELIGIBLE_KINDS and not self.snapshot.holders(current):
                    found.append(current)
                current = position.parent_id
            self._vacant[key] = tuple(found)
        return self._vacant[key]


def organisation_findings(diagnosis: Diagnosis) -> Iterator[Finding]:
    """No PPK, a PPK below pengawas level, an expired Plt/Plh or override still relied on, a loop
    in the position tree. Whoever has a PPK by override is judged by the override alone: the
    position tree above them does not block their plan."""
    climber = _Climber(diagnosis.snapshot)
    overridden: dict[int, AppraiserOverride] = {}
    passed: dict[int, tuple[int, ...]] = {}
    for person in diagnosis.people.values():
        override = diagnosis.snapshot.override(person.id)
        if override is not None and override.ppk_id:
            overridden[person.id] = override
        else:
            yield from _tree(diagnosis, climber, person, passed)
    yield from _delegated(diagnosis, overridden)
    yield from _expired_acting(diagnosis, passed)
    yield from _expired_overrides(diagnosis)


def _tree(diagnosis, climber: _Climber, person: Person, passed: dict) -> Iterator[Finding]:
    snapshot = diagnosis.snapshot
    post_id = snapshot.definitive_position(person.id)
    if post_id is None:
        detail = _("No definitive position is recorded for today.")
        yield diagnosis.finding(person, LineProblem.NO_PPK, detail, EMPLOYEE, person.nip)
        return
    loop = climber.loop_above(post_id)
    if loop is not None:
        detail = _("Going up from this post, the parent positions come back to %(post)s.") % {
            "post": snapshot.position(loop).name
        }
        yield diagnosis.finding(person, LineProblem.POSITION_LOOP, detail, POSITION, loop)
        return
    ppk = snapshot.structural_ppk(person.id)
    vacant = climber.vacant_between(post_id, ppk.post_id)
    if vacant:
        passed[person.id] = vacant
    if not ppk.is_external or person.post_kind in JPT_KINDS:
        return  # the Kepala Daerah appraises a JPT at the top of the tree, by rule
    post = snapshot.position(post_id)
    if post.parent_id is None:
        detail = _("The position %(post)s has no parent position.") % {"post": post.name}
        yield diagnosis.finding(person, LineProblem.NO_PPK, detail, POSITION, post_id)
    else:
        detail = _(
            "Every post above %(post)s, up to the top of the tree, is vacant or below pengawas "
            "level."
        ) % {"post": post.name}
        yield diagnosis.finding(person, LineProblem.NO_PPK, detail, EMPLOYEE, person.nip)


def _delegated(diagnosis, overridden: dict[int, AppraiserOverride]) -> Iterator[Finding]:
    """A PPK set by override must be active and hold a post at pengawas level or above."""
    kinds: dict[int, set[str]] = defaultdict(set)
    held = Assignment.objects.filter(
        held_on(diagnosis.today), employee_id__in={o.ppk_id for o in overridden.values()}
    )
    for employee_id, kind in held.values_list("employee_id", "position__kind"):
        kinds[employee_id].add(kind)
    for employee_id, override in overridden.items():
        person, ppk = diagnosis.people[employee_id], override.ppk
        params = {"name": ppk.full_name}
        if ppk.status != EmployeeStatus.ACTIVE:
            reason = LineProblem.NO_PPK
            detail = _("The PPK set by override, %(name)s, is no longer active.") % params
        elif not kinds[ppk.pk]:
            reason = LineProblem.NO_PPK
            detail = _("The PPK set by override, %(name)s, holds no position today.") % params
        elif not kinds[ppk.pk] & PPK_ELIGIBLE_KINDS:
            reason = LineProblem.PPK_BELOW_PENGAWAS
            detail = (
                _("The PPK set by override, %(name)s, holds no post at pengawas level or above.")
                % params
            )
        else:
            continue
        yield diagnosis.finding(person, reason, detail, OVERRIDE, person.nip)


def _expired_acting(diagnosis, passed: dict[int, tuple[int, ...]]) -> Iterator[Finding]:
    """A vacant post whose last holder was a Plt/Plh whose assignment has ended: the staff
    below it still count on it (nobody was named since). One query for every such post."""
    posts = set().union(*passed.values()) if passed else set()
    last = {}
    ended = (
        Assignment.objects.filter(position_id__in=posts, end_date__lt=diagnosis.today)
        .order_by("end_date", "pk")
        .values_list(
            "position_id", "kind", "end_date", "employee__nip", "employee__front_title",
            "employee__name", "employee__back_title",
        )
    )  # fmt: skip
    for row in ended:
        last[row[0]] = row  # the latest to leave each post
    for person_id, vacant in passed.items():
        row = next((last[p] for p in vacant if p in last and last[p][1] in ACTING_WORD), None)
        if row is None:
            continue
        post_id, kind, end, nip, front, name, back = row
        detail = _(
            "The %(kind)s of %(post)s, %(name)s, ended on %(date)s and nobody has been named since."
        ) % {
            "kind": ACTING_WORD[kind],
            "post": diagnosis.snapshot.position(post_id).name,
            "name": _full_name(front, name, back),
            "date": formats.date_format(end, "j F Y"),
        }
        person = diagnosis.people[person_id]
        yield diagnosis.finding(person, LineProblem.EXPIRED_ACTING, detail, ACTING, nip)


def _expired_overrides(diagnosis) -> Iterator[Finding]:
    """An override naming a PPK that ended this year while the SKP in force still names that
    PPK (submitted or approved under it): the plan's appraiser is no longer the one who
    evaluates it."""
    if diagnosis.cycle is None:
        return
    rows = (
        AppraiserOverride.objects.filter(
            employee__in=diagnosis.people_query(),
            ppk__isnull=False,
            end_date__lt=diagnosis.today,
            end_date__gte=dt.date(diagnosis.cycle.year, 1, 1),
        )
        .order_by("end_date", "pk")
        .values_list("employee_id", "ppk_id", "ppk__front_title", "ppk__name", "ppk__back_title",
                     "end_date")
    )  # fmt: skip
    latest = {row[0]: row for row in rows}
    for employee_id, ppk_id, front, name, back, end in latest.values():
        plan = diagnosis.plans.get(employee_id)
        if plan is None or plan.ppk_id != ppk_id or diagnosis.ppk_id(employee_id) == ppk_id:
            continue  # not relied on, or named again (a new override, or by the tree)
        now = diagnosis.snapshot.structural_ppk(employee_id)
        detail = _(
            "The override naming %(name)s as PPK ended on %(date)s, but the SKP still names them; "
            "%(now)s is the PPK today."
        ) % {
            "name": _full_name(front, name, back),
            "date": formats.date_format(end, "j F Y"),
            "now": now.name if now is not None else "—",
        }
        person = diagnosis.people[employee_id]
        yield diagnosis.finding(person, LineProblem.EXPIRED_OVERRIDE, detail, OVERRIDE, person.nip)


def _full_name(front: str, name: str, back: str) -> str:
    shown = f"{front} {name}".strip()
    return f"{shown}, {back}" if back else shown


# ----- the PPK's plan: reason 6 ------------------------------------------------------------------


def plan_findings(diagnosis: Diagnosis) -> Iterator[Finding]:
    """Whoever has a draft or returned plan (not a JPT's, no admin's waiver) while their PPK has
    no approved SKP in the cycle cannot submit it: there are no RHK to link to
    (plans.services.flow.prerequisite_refusal). The link opens the PPK's own plan."""
    if diagnosis.cycle is None:
        return
    waiting: dict[int, int] = {}
    for person in diagnosis.people.values():
        plan = diagnosis.plans.get(person.id)
        if plan is None or plan.status not in EDITABLE_STATUSES or plan.is_jpt:
            continue
        ppk_id = diagnosis.ppk_id(person.id)
        if ppk_id is not None:
            waiting[person.id] = ppk_id
    cycle = diagnosis.cycle
    waived = set(
        PrerequisiteWaiver.objects.filter(cycle=cycle, employee_id__in=list(waiting)).values_list(
            "employee_id", flat=True
        )
    )
    ppk_ids = {ppk_id for person_id, ppk_id in waiting.items() if person_id not in waived}
    approved, latest = set(), {}
    plans = (
        Skp.objects.filter(cycle=cycle, employee_id__in=ppk_ids)
        .exclude(status=SkpStatus.SUPERSEDED)
        .order_by("start_date", "version")
        .values_list("employee_id", "status", "public_id")
    )
    for employee_id, status, public_id in plans:
        latest[employee_id] = str(public_id)
        if status == SkpStatus.APPROVED:
            approved.add(employee_id)
    ppks = Employee.objects.filter(pk__in=ppk_ids - approved).in_bulk()
    for person_id, ppk_id in waiting.items():
        if person_id in waived or ppk_id in approved:
            continue
        ppk = ppks[ppk_id]
        detail = _(
            "The PPK, %(name)s, has no approved SKP for %(year)s yet: there are no RHK to link to, "
            "so this plan cannot be submitted."
        ) % {"name": ppk.full_name, "year": cycle.year}
        fix = (SKP, latest[ppk_id]) if ppk_id in latest else (EMPLOYEE, ppk.nip)
        person = diagnosis.people[person_id]
        yield diagnosis.finding(person, LineProblem.PPK_WITHOUT_SKP, detail, *fix)


# ----- broken cascading links: reason 7 ----------------------------------------------------------


def link_findings(diagnosis: Diagnosis) -> Iterator[Finding]:
    """One finding per employee whose plan holds RHK whose link broke (the monitoring page's
    selector), naming how many and the first; the link opens the SKP at that RHK."""
    if diagnosis.cycle is None:
        return
    opds = OrgUnit.objects.filter(pk__in=diagnosis.opd_ids)
    rows = broken_links(opds, diagnosis.cycle).values_list(
        "skp__employee_id", "skp__public_id", "public_id", "text"
    )
    found: dict[int, list] = {}
    for employee_id, skp_id, rhk_id, text in rows:
        if employee_id in found:
            found[employee_id][0] += 1
        elif employee_id in diagnosis.people:
            found[employee_id] = [1, skp_id, rhk_id, text]
    for employee_id, (count, skp_id, rhk_id, text) in found.items():
        detail = _(
            "RHK whose supervisor's RHK was deleted or removed in a revision: %(count)s, "
            "the first “%(text)s”."
        ) % {"count": count, "text": Truncator(text).chars(80)}
        person = diagnosis.people[employee_id]
        yield diagnosis.finding(
            person, LineProblem.BROKEN_LINK, detail, SKP, skp_id, anchor=f"rhk-{rhk_id}"
        )


def _labels(*problems: LineProblem) -> tuple[tuple[str, str], ...]:
    return tuple((problem.value, problem.label) for problem in problems)


CHECKS = (
    LineCheck(
        _labels(
            LineProblem.NO_PPK,
            LineProblem.PPK_BELOW_PENGAWAS,
            LineProblem.EXPIRED_ACTING,
            LineProblem.EXPIRED_OVERRIDE,
            LineProblem.POSITION_LOOP,
        ),
        organisation_findings,
    ),
    LineCheck(_labels(LineProblem.PPK_WITHOUT_SKP), plan_findings),
    LineCheck(_labels(LineProblem.BROKEN_LINK), link_findings),
)
