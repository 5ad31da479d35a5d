"""Admin reads: who has an SKP in a cycle, per OPD and per person, and RHK whose link broke.

Every list here is built from a fixed number of queries whatever the number of OPDs or people
(domain §10: admins should not have to rebuild the "who has not filled in yet" recap by hand).
An employee counts once, by their latest SKP that is not superseded; an employee belongs to the
OPD of their current definitive position.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee, OrgUnit
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import Roles
from appraisal.choices import SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.plans.models import Rhk, Skp

# Progress of one employee's SKP, as counted on the monitoring pages. A returned SKP is back with
# its owner, so it counts as a draft.
NONE, DRAFT, SUBMITTED, APPROVED = "none", "draft", "submitted", "approved"
PROGRESS_CHOICES = [
    (NONE, _("No SKP yet")),
    (DRAFT, _("Draft or returned")),
    (SUBMITTED, SkpStatus.SUBMITTED.label),
    (APPROVED, SkpStatus.APPROVED.label),
]
_PROGRESS_OF_STATUS = {
    None: NONE,
    SkpStatus.DRAFT: DRAFT,
    SkpStatus.RETURNED: DRAFT,
    SkpStatus.SUBMITTED: SUBMITTED,
    SkpStatus.APPROVED: APPROVED,
}
STATUSES_OF_PROGRESS = {
    DRAFT: [SkpStatus.DRAFT, SkpStatus.RETURNED],
    SUBMITTED: [SkpStatus.SUBMITTED],
    APPROVED: [SkpStatus.APPROVED],
}


def progress_of(status: str | None) -> str:
    return _PROGRESS_OF_STATUS.get(status, NONE)


def scoped_opds(roles: Roles) -> QuerySet[OrgUnit]:
    """The OPDs (top-level units) an administrator monitors: all for admin BKD, their own else."""
    opds = OrgUnit.objects.filter(parent__isnull=True)
    if not roles.is_admin_bkd:
        opds = opds.filter(pk__in=roles.admin_opd_ids)
    return opds.order_by("name")


def skp_in_force(cycle: Cycle) -> QuerySet[Skp]:
    """The employee's latest SKP in the cycle that is not superseded (for OuterRef("pk")): the
    approved plan in force when a revision of it is being written."""
    in_force_first = Case(When(status=SkpStatus.APPROVED, then=Value(0)), default=Value(1))
    return (
        Skp.objects.filter(employee=OuterRef("pk"), cycle=cycle)
        .exclude(status=SkpStatus.SUPERSEDED)
        .order_by("-start_date", in_force_first, "-version")
    )


def _opd_of_position():
    # Units keep their OPD in `opd` (the OPD itself points at itself); fall back to the unit for
    # a top-level unit saved before that was kept.
    return Coalesce(F("position__unit__opd_id"), F("position__unit_id"))


def monitored_employees_everywhere() -> QuerySet[Employee]:
    """Active employees with a current position: the people who owe an SKP."""
    return Employee.objects.filter(status=EmployeeStatus.ACTIVE, position__isnull=False)


def monitored_employees(opd_ids) -> QuerySet[Employee]:
    """Active employees whose current position lies in one of these OPDs."""
    # The units as a subquery rather than an OR over the joined unit: with the OR, PostgreSQL
    # could not start from the OPD's posts and read all 100,000 employees of a province by name.
    return monitored_employees_everywhere().filter(position__unit__in=opd_units(opd_ids))


def opd_units(opd_ids) -> QuerySet[OrgUnit]:
    """The ids of these OPDs' units (the OPDs themselves included), as a subquery."""
    return OrgUnit.objects.filter(Q(opd_id__in=opd_ids) | Q(pk__in=opd_ids)).values("pk")


@dataclass
class OpdProgress:
    opd: OrgUnit | None
    none: int = 0
    draft: int = 0
    submitted: int = 0
    approved: int = 0

    @property
    def total(self) -> int:
        return self.none + self.draft + self.submitted + self.approved

    @property
    def approved_percent(self) -> Decimal | None:
        if not self.total:
            return None
        share = Decimal(self.approved * 100) / Decimal(self.total)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def add(self, other: OpdProgress) -> None:
        for key in (NONE, DRAFT, SUBMITTED, APPROVED):
            setattr(self, key, getattr(self, key) + getattr(other, key))


def progress_counts(opd_ids: list[int], cycle: Cycle) -> list[tuple[int, str | None, int]]:
    """(OPD id, latest SKP status, active employees) for these OPDs: one grouped count. Plain
    values, so that a page may keep them (core/figures.py)."""
    counts = (
        monitored_employees(opd_ids)
        .annotate(
            opd_key=_opd_of_position(),
            skp_status=Subquery(skp_in_force(cycle).values("status")[:1]),
        )
        .values_list("opd_key", "skp_status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return list(counts)


def opd_progress(
    opds, cycle: Cycle, counts: list[tuple[int, str | None, int]] | None = None
) -> tuple[list[OpdProgress], OpdProgress]:
    """Per OPD the number of active employees by SKP progress, and the totals. Two queries: the
    OPDs, and one grouped count (per OPD and latest SKP status), unless `counts` (from
    progress_counts) are given."""
    units = list(opds)
    rows = {unit.pk: OpdProgress(unit) for unit in units}
    if counts is None:
        counts = progress_counts(list(rows), cycle)
    for opd_key, skp_status, n in counts:
        row = rows.get(opd_key)
        if row is not None:
            key = progress_of(skp_status)
            setattr(row, key, getattr(row, key) + n)
    total = OpdProgress(None)
    for row in rows.values():
        total.add(row)
    return [rows[unit.pk] for unit in units], total


def opd_employees(opd: OrgUnit, cycle: Cycle) -> QuerySet[Employee]:
    """The OPD's active employees with their latest SKP (status and public id) in the cycle."""
    latest = skp_in_force(cycle)
    return (
        monitored_employees([opd.pk])
        .annotate(
            skp_status=Subquery(latest.values("status")[:1]),
            skp_public_id=Subquery(latest.values("public_id")[:1]),
        )
        .select_related("position__unit")
        .order_by("name", "pk")
    )


def attach_progress(employees, opd: OrgUnit) -> None:
    """Set `.progress` and `.ppk` (today's appraiser, from one org snapshot) on a page of employees.

    The snapshot loads the OPD once, so the page costs the same few queries for 5 or 50 names.
    """
    employees = list(employees)
    snapshot = OrgSnapshot(timezone.localdate())
    snapshot.load_opds([opd.pk])
    snapshot.preload_overrides(e.pk for e in employees)
    for employee in employees:
        employee.progress = progress_of(employee.skp_status)
        employee.ppk = snapshot.ppk(employee.pk)


# ----- broken cascading links --------------------------------------------------------------------

DELETED, REVISED_AWAY = "deleted", "revised_away"
BROKEN_REASONS = {
    DELETED: _("deleted by the supervisor"),
    REVISED_AWAY: _("removed in the supervisor's revised SKP"),
}


def broken_links(opds: QuerySet[OrgUnit], cycle: Cycle) -> QuerySet[Rhk]:
    """RHK (in SKPs of the cycle that are not superseded, in these OPDs) whose cascading link is
    broken: the supervisor deleted the RHK it pointed at (the link is empty but its text was
    kept), or the RHK sits in a superseded version and the supervisor's approved SKP no longer
    has an RHK of the same lineage (revised away). Annotated with `broken_reason`."""
    still_there = Rhk.objects.filter(
        lineage=OuterRef("intervened__lineage"),
        skp__employee_id=OuterRef("intervened__skp__employee_id"),
        skp__cycle_id=OuterRef("intervened__skp__cycle_id"),
        skp__status=SkpStatus.APPROVED,
    )
    deleted = Q(intervened__isnull=True) & ~Q(intervened_text="")
    revised_away = Q(intervened__skp__status=SkpStatus.SUPERSEDED) & ~Exists(still_there)
    opd_ids = list(opds.values_list("pk", flat=True))
    return (
        Rhk.objects.filter(skp__cycle=cycle)
        .exclude(skp__status=SkpStatus.SUPERSEDED)
        .filter(Q(skp__position__unit__opd_id__in=opd_ids) | Q(skp__position__unit_id__in=opd_ids))
        .filter(deleted | revised_away)
        .select_related(
            "skp__employee",
            "skp__ppk_employee",
            "skp__position__unit",
            "intervened__skp__employee",
        )
        .order_by("skp__employee__name", "skp__employee_id", "section", "order", "pk")
    )


def attach_broken_details(rhks) -> None:
    """Set `.reason` and `.supervisor` (a name) on each broken RHK of a page.

    A revised-away link names the owner of the SKP it pointed into. A deleted one has lost its
    target, so the supervisor is the PPK recorded on the SKP (at submission or approval), else the
    employee's PPK today, resolved from one org snapshot for the whole page.
    """
    rhks = list(rhks)
    snapshot = None
    for rhk in rhks:
        if rhk.intervened_id:
            rhk.reason = REVISED_AWAY
            rhk.supervisor = rhk.intervened.skp.employee.full_name
            continue
        rhk.reason = DELETED
        if rhk.skp.ppk_name or rhk.skp.ppk_employee_id:
            rhk.supervisor = rhk.skp.ppk_name or rhk.skp.ppk_employee.full_name
            continue
        if snapshot is None:
            snapshot = OrgSnapshot(timezone.localdate())
            snapshot.load_opds({r.skp.position.unit.opd_id or r.skp.position.unit_id for r in rhks})
            snapshot.preload_overrides({r.skp.employee_id for r in rhks})
        ppk = snapshot.ppk(rhk.skp.employee_id)
        rhk.supervisor = ppk.name if ppk else ""
    for rhk in rhks:
        rhk.reason_label = BROKEN_REASONS[rhk.reason]
