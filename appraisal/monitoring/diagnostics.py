"""Reporting-line diagnostics: everyone whose SKP cannot proceed, and why (issue 21, item 3).

Domain §1 and §10: a wrong or missing appraiser blocks the SKP, and a subordinate waits for their
PPK's approved plan without being told why. For the active employees of some OPDs (an employee
belongs to the OPD of their current post, as on the monitoring pages) every check registered on
appraisal.extensions.reporting_line_checks yields findings: an employee, a reason
(choices.LineProblem), what exactly, and the page that fixes it. Built in (registered by
AppraisalConfig.ready()):

- the organisation (reasons 1–5), from one OrgSnapshot of today: the PPK is the one the system
  itself names (OrgSnapshot.structural_ppk, or the override), so a finding says why exactly;
- the PPK without an approved SKP, for those whose own plan waits to be submitted (the rule of
  plans.services.flow.prerequisite_refusal: a JPT plan or an admin's waiver is not blocked);
- RHK links broken by a supervisor's revision (monitoring.selectors.broken_links).

A check from an app above registers on the same point with its own reason codes (the
difference with SIASN's atasan, interchange): this module never imports it.

Every check reads the whole scope at once, so the queries are the same in number for 50 people
or 100,000: the snapshot loads the OPDs, their holders and the posts above them in a few.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.org.models import Employee, OrgUnit, Position, unit_label
from accounts.org.reporting import OrgSnapshot
from appraisal.choices import CycleStatus, SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.extensions import reporting_line_checks
from appraisal.monitoring.selectors import _opd_of_position, monitored_employees
from appraisal.plans.models import Skp
from core.figures import GENERATION_KEY, Figures, slow_figures

# The pages that fix a finding: URL name and the link's words. Without the right to set
# overrides (admin OPD) the override page gives way to the employee's page (fix_link).
EMPLOYEE, OVERRIDE, ACTING, POSITION, SKP = "employee", "override", "acting", "position", "skp"
FIX_PAGES = {
    EMPLOYEE: ("org:employee_detail", gettext_lazy("Employee page")),
    OVERRIDE: ("org:employee_override", gettext_lazy("Set appraisers")),
    ACTING: ("org:employee_acting", gettext_lazy("Assign Plt / Plh")),
    POSITION: ("org:position_edit", gettext_lazy("Edit position")),
    SKP: ("appraisal:skp_detail", gettext_lazy("Open the SKP")),
}


class Person(NamedTuple):
    """An active employee of the scope, as the rows name them."""

    id: int
    nip: str
    name: str
    opd_id: int
    unit: str
    post: str
    post_kind: str


class Plan(NamedTuple):
    """The employee's SKP in force in the cycle (the latest not superseded, approved first)."""

    public_id: str
    status: str
    ppk_id: int | None
    is_jpt: bool


class Finding(NamedTuple):
    """One reason one employee's SKP cannot proceed. Plain values: the page keeps them a minute
    when they took long to find (core.figures)."""

    employee_id: int
    nip: str
    name: str
    opd_id: int
    unit: str
    post: str
    reason: str  # a LineProblem value, or a code of a check registered from above
    detail: str  # what exactly, translated
    fix: str  # a FIX_PAGES key
    fix_key: str  # the argument of that page: a NIP, a public id (a post's id until resolved)
    anchor: str = ""


@dataclass(frozen=True)
class LineCheck:
    """A check of the diagnostics: the reasons it reports (code, label), in the order shown, and
    find(diagnosis) → findings."""

    reasons: tuple[tuple[str, str], ...]
    find: Callable[[Diagnosis], Iterable[Finding]]


@dataclass
class Diagnosis:
    """What every check reads, loaded once: the day, the cycle whose plans are checked (None:
    the organisation alone), the OPDs, their people, their plans and today's organisation."""

    today: dt.date
    cycle: Cycle | None
    opd_ids: list[int]
    people: dict[int, Person]
    plans: dict[int, Plan]
    snapshot: OrgSnapshot
    _ppk_ids: dict[int, int | None] = field(default_factory=dict)

    def people_query(self) -> QuerySet[Employee]:
        """The people as a subquery, for a check's one query over all of them."""
        return monitored_employees(self.opd_ids).values("pk")

    def ppk_id(self, employee_id: int) -> int | None:
        """Today's PPK when it is someone in the system: the override's, else the position
        tree's; None for nobody or the Kepala Daerah."""
        if employee_id not in self._ppk_ids:
            override = self.snapshot.override(employee_id)
            if override is not None and override.ppk_id:
                found = override.ppk_id
            else:
                ppk = self.snapshot.structural_ppk(employee_id)
                found = ppk.employee_id if ppk is not None else None
            self._ppk_ids[employee_id] = found
        return self._ppk_ids[employee_id]

    def finding(
        self, person: Person, reason: str, detail: str, fix: str, key, anchor=""
    ) -> Finding:
        return Finding(
            person.id,
            person.nip,
            person.name,
            person.opd_id,
            person.unit,
            person.post,
            reason,
            detail,
            fix,
            str(key),
            anchor,
        )


# ----- loading -----------------------------------------------------------------------------------


def plan_cycle(cycle: Cycle | None) -> Cycle | None:
    """The cycle whose plans are checked: a closed year's plans proceed nowhere any more."""
    return cycle if cycle is not None and cycle.status != CycleStatus.CLOSED else None


def load(opd_ids: list[int], cycle: Cycle | None, today: dt.date) -> Diagnosis:
    """The people of these OPDs, their plans in `cycle` and today's organisation: 5 queries,
    more only for posts above the OPDs that lie elsewhere (their OPDs, two at a time)."""
    people = _people(opd_ids)
    snapshot = OrgSnapshot(today)
    snapshot.load_opds(opd_ids)
    snapshot.load_ancestors()
    snapshot.preload_definitive(people)
    snapshot.preload_overrides(people, among=monitored_employees(opd_ids).values("pk"))
    plans = _plans(opd_ids, cycle) if cycle is not None else {}
    return Diagnosis(today, cycle, list(opd_ids), people, plans, snapshot)


def _people(opd_ids) -> dict[int, Person]:
    rows = (
        monitored_employees(opd_ids)
        .annotate(opd_key=_opd_of_position())
        .values_list(
            "pk",
            "nip",
            "front_title",
            "name",
            "back_title",
            "opd_key",
            "position__unit__name",
            "position__unit__code",
            "position__name",
            "position__kind",
        )
    )
    people = {}
    for pk, nip, front, name, back, opd_id, unit, code, post, kind in rows:
        shown = f"{front} {name}".strip()
        shown = f"{shown}, {back}" if back else shown  # as Employee.full_name
        people[pk] = Person(pk, nip, shown, opd_id, unit_label(unit, code), post, kind)
    return people


def _plans(opd_ids, cycle: Cycle) -> dict[int, Plan]:
    """Each person's SKP in force, chosen as monitoring.selectors.skp_in_force chooses it (the
    latest start, an approved one before its revision, the latest version), in one query."""
    rows = (
        Skp.objects.filter(cycle=cycle, employee__in=monitored_employees(opd_ids).values("pk"))
        .exclude(status=SkpStatus.SUPERSEDED)
        .values_list(
            "employee_id",
            "start_date",
            "status",
            "version",
            "public_id",
            "ppk_employee_id",
            "is_jpt",
        )
    )
    best: dict[int, tuple] = {}
    for employee_id, start, status, version, public_id, ppk_id, is_jpt in rows:
        key = (start, status == SkpStatus.APPROVED, version)
        if employee_id not in best or key > best[employee_id][0]:
            best[employee_id] = (key, Plan(str(public_id), status, ppk_id, is_jpt))
    return {employee_id: plan for employee_id, (_key, plan) in best.items()}


# ----- running the checks ------------------------------------------------------------------------


def reasons() -> list[tuple[str, str]]:
    """(code, label) of every reason the registered checks report, in the order shown."""
    return [reason for check in reporting_line_checks for reason in check.reasons]


def diagnose(opd_ids: list[int], cycle: Cycle | None, today: dt.date) -> list[Finding]:
    """Every finding of every registered check for the active employees of these OPDs, by name
    then reason. `cycle`: the plans checked (plan_cycle: none for a closed year)."""
    diagnosis = load(opd_ids, plan_cycle(cycle), today)
    found = [finding for check in reporting_line_checks for finding in check.find(diagnosis)]
    found = _posts_by_public_id(found)
    order = {code: index for index, (code, _label) in enumerate(reasons())}
    found.sort(key=lambda f: (f.name.casefold(), f.nip, order.get(f.reason, len(order))))
    return found


def _posts_by_public_id(found: list[Finding]) -> list[Finding]:
    """A check names a post to edit by its id (the snapshot's); its page is addressed by its
    public id, read here for all of them at once (one query)."""
    by_id = {f.fix_key for f in found if f.fix == POSITION and f.fix_key.isdigit()}
    if not by_id:
        return found
    public = {
        str(pk): str(public_id)
        for pk, public_id in Position.objects.filter(pk__in=by_id).values_list("pk", "public_id")
    }
    return [
        f._replace(fix_key=public.get(f.fix_key, f.fix_key)) if f.fix == POSITION else f
        for f in found
    ]


def kept_findings(
    opd_ids: list[int], cycle: Cycle | None, today: dt.date, *, refresh: bool = False
) -> Figures[list[Finding]]:
    """diagnose(), kept a minute when it took long (core.figures): a province's findings are
    read again by the next page of the list and its filters. Each fresh count also gives the
    home page its count of the day (day_count)."""
    checked = plan_cycle(cycle)

    def count() -> list[Finding]:
        found = diagnose(opd_ids, checked, today)
        cache.set(_day_key(checked, opd_ids, today), (timezone.now(), people_count(found)),
                  _seconds_left(today))  # fmt: skip
        return found

    return slow_figures(
        "line-diagnostics",
        (checked.pk if checked else None, tuple(sorted(opd_ids)), today),
        count,
        refresh=refresh,
    )


def day_count(
    opd_ids: list[int], cycle: Cycle | None, today: dt.date, *, refresh: bool = False
) -> tuple[dt.datetime, int]:
    """(when, how many people are held up): the home page's count, made once a day, since the
    whole of a province takes seconds to check and the BKD home is opened all day. The first
    home page of the day counts, every fresh count of the list page counts again, and so does
    "count now" (`refresh`)."""
    key = _day_key(plan_cycle(cycle), opd_ids, today)
    kept = None if refresh else cache.get(key)
    if kept is None:
        figures = kept_findings(opd_ids, cycle, today, refresh=refresh)
        kept = cache.get(key) or (figures.as_of or timezone.now(), people_count(figures.value))
    return kept


def _day_key(checked: Cycle | None, opd_ids, today: dt.date) -> str:
    # The figures' generation too: an import or a bulk action counts again (core.figures).
    scope = (checked.pk if checked else None, tuple(sorted(opd_ids)), today)
    digest = hashlib.sha256(repr((scope, cache.get(GENERATION_KEY))).encode()).hexdigest()
    return f"line-diagnostics-day:{digest[:32]}"


def _seconds_left(today: dt.date) -> int:
    """Until midnight in the agency's time zone (at least a minute)."""
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min)
    left = timezone.make_aware(tomorrow) - timezone.now()
    return max(60, int(left.total_seconds()))


def people_count(findings: Iterable[Finding]) -> int:
    return len({f.employee_id for f in findings})


@dataclass
class OpdCount:
    """An OPD's findings per reason (code, label, count, in the order of reasons()) and the
    people concerned."""

    opd: OrgUnit | None
    cells: list[tuple[str, str, int]]
    people: int


def counts(findings: list[Finding], opds: list[OrgUnit]) -> tuple[list[OpdCount], OpdCount]:
    """Per OPD with findings (in the order of `opds`) and in total: findings per reason and the
    people concerned (someone stuck for two reasons counts once)."""
    shown = reasons()
    per_opd: dict[int, dict[str, int]] = {}
    people: dict[int, set[int]] = {}
    for f in findings:
        cells = per_opd.setdefault(f.opd_id, {})
        cells[f.reason] = cells.get(f.reason, 0) + 1
        people.setdefault(f.opd_id, set()).add(f.employee_id)
    rows = [
        OpdCount(
            opd, [(c, label, per_opd[opd.pk].get(c, 0)) for c, label in shown], len(people[opd.pk])
        )
        for opd in opds
        if opd.pk in per_opd
    ]
    total = OpdCount(
        None,
        [(c, label, sum(cells.get(c, 0) for cells in per_opd.values())) for c, label in shown],
        people_count(findings),
    )
    return rows, total


def fix_link(finding: Finding, may_set_overrides: bool) -> tuple[str, str]:
    """(address, words) of the page that fixes a finding. Overrides are the admin BKD's: for
    anyone else the employee's page (which says who appraises them) stands in."""
    fix = finding.fix
    if fix == OVERRIDE and not may_set_overrides:
        fix = EMPLOYEE
    name, words = FIX_PAGES[fix]
    url = reverse(name, args=[finding.fix_key])
    return (f"{url}#{finding.anchor}" if finding.anchor else url), str(words)


def filter_findings(findings: list[Finding], *, reason: str = "", q: str = "") -> list[Finding]:
    """The findings of one reason, and of the people whose NIP starts with `q` (digits) or
    whose name holds it."""
    if reason:
        findings = [f for f in findings if f.reason == reason]
    q = q.strip()
    if q.isdigit():
        findings = [f for f in findings if f.nip.startswith(q)]
    elif q:
        folded = q.casefold()
        findings = [f for f in findings if folded in f.name.casefold()]
    return findings
