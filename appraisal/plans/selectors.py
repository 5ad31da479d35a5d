"""Scoped reads of work plans: the plans of an employee, their reporting line, links to the PPK's
plan, the team."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.choices import AdminRoleKind
from accounts.org.models import AdminRole, Employee
from accounts.org.reporting import Appraiser, OrgSnapshot, ReportingLine
from appraisal.choices import EDITABLE_STATUSES, SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.plans.models import Iki, Rhk, Skp


def skp_detail_queryset() -> QuerySet[Skp]:
    return Skp.objects.select_related(
        "cycle", "employee", "position__unit__opd", "revision_of", "adapted_from"
    ).prefetch_related(
        Prefetch(
            "rhks",
            queryset=Rhk.objects.select_related("intervened__skp__employee").prefetch_related(
                Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk")), "rencana_aksi"
            ),
        ),
        "lampiran",
        "expectations",
        "cycle__windows",
    )


def employee_skps(employee: Employee, cycle: Cycle) -> list[Skp]:
    return list(
        Skp.objects.filter(employee=employee, cycle=cycle)
        .select_related("position__unit", "cycle")
        .order_by("-start_date", "-version")
    )


def _today(snapshot: OrgSnapshot | None) -> OrgSnapshot:
    return snapshot if snapshot is not None else OrgSnapshot(timezone.localdate())


def line_of(skp: Skp, snapshot: OrgSnapshot | None = None) -> ReportingLine:
    """The owner's PPK and Atasan PPK today.

    `snapshot`: the organisation as the request reads it (Roles.org_snapshot, through
    policies.appraisers_today): a page and the service it calls ask several times and load the
    line once. Without one, the line is read afresh.
    """
    return _today(snapshot).reporting_line(skp.employee_id)


def current_ppk(skp: Skp, snapshot: OrgSnapshot | None = None) -> Appraiser | None:
    """The owner's PPK today, without the Atasan PPK (about half the queries of line_of when
    nothing is loaded yet); `snapshot` as for line_of."""
    return _today(snapshot).ppk(skp.employee_id)


def expectations_empty(skp: Skp) -> bool:
    """Whether every Ekspektasi Khusus Pimpinan of the plan is empty (or none was written):
    approving it then asks the PPK to confirm. Reads the prefetched expectations when there."""
    return not any(expectation.text.strip() for expectation in skp.expectations.all())


def bkd_admin_user_ids() -> list[int]:
    """Who records the Kepala Daerah's decisions (the PPK of a head of OPD, outside the system):
    the admin BKD accounts, told of what awaits the head."""
    return list(
        AdminRole.objects.filter(kind=AdminRoleKind.ADMIN_BKD).values_list("user_id", flat=True)
    )


def ppk_approved_skps(ppk_employee_id: int, cycle: Cycle, on: dt.date | None = None):
    """The PPK's approved SKP in the cycle covering the date (their current plan)."""
    on = on or timezone.localdate()
    qs = Skp.objects.filter(
        employee_id=ppk_employee_id, cycle=cycle, status=SkpStatus.APPROVED
    ).order_by("-start_date")
    covering = [s for s in qs if s.start_date <= on <= s.end_date]
    return covering or list(qs[:1])


def intervenable_rhks(skp: Skp, snapshot: OrgSnapshot | None = None) -> QuerySet[Rhk]:
    """RHK the owner may link to: those in their PPK's approved SKP for the same cycle
    (`snapshot` as for line_of)."""
    ppk = current_ppk(skp, snapshot)
    if ppk is None or ppk.is_external:
        return Rhk.objects.none()
    skps = ppk_approved_skps(ppk.employee_id, skp.cycle)
    return Rhk.objects.filter(skp__in=skps).select_related("skp").order_by("section", "order")


def resolved_link(rhk: Rhk, current_by_lineage: dict) -> Rhk | None:
    """The supervisor RHK a link points at now: the same lineage in the latest approved version."""
    if rhk.intervened is None:
        return None
    return current_by_lineage.get(rhk.intervened.lineage)


def team_rows(ppk: Employee, cycle: Cycle, on: dt.date | None = None) -> list[dict]:
    """One row per subordinate: the employee and their latest SKP in the cycle (or None).

    Three queries whatever the team size: subordinates from the org snapshot, their employees,
    their SKPs.
    """
    on = on or timezone.localdate()
    ids = OrgSnapshot(on).subordinate_ids(ppk.pk)
    employees = list(
        Employee.objects.filter(pk__in=ids).select_related("position__unit").order_by("name")
    )
    latest: dict[int, Skp] = {}
    revising: set[int] = set()
    for skp in (
        Skp.objects.filter(employee_id__in=ids, cycle=cycle)
        .exclude(status=SkpStatus.SUPERSEDED)
        .order_by("start_date", "version")
    ):
        current = latest.get(skp.employee_id)
        if (
            current is not None
            and current.start_date == skp.start_date
            and current.status == SkpStatus.APPROVED
            and skp.status in EDITABLE_STATUSES
        ):
            revising.add(skp.employee_id)  # the approved plan stays in force while revised
            continue
        latest[skp.employee_id] = skp
    return [
        {"employee": e, "skp": latest.get(e.pk), "revising": e.pk in revising} for e in employees
    ]


# A post the Kepala Daerah appraises by rule (policies.heads_the_tree, as a query): no post above
# it, or a JPT head. The SKP's PPK stored at submission is then nobody (the Kepala Daerah is
# outside the system) and an admin BKD records the decisions (policies.decides_for_the_head).
DECIDED_BY_THE_HEAD = Q(ppk_employee__isnull=True) & (
    Q(position__parent__isnull=True) | Q(is_jpt=True)
)


def awaiting_the_head(cycle: Cycle) -> list[Skp]:
    """Submitted SKPs whose PPK is the Kepala Daerah: the admin BKD records the decision."""
    return list(
        Skp.objects.filter(DECIDED_BY_THE_HEAD, cycle=cycle, status=SkpStatus.SUBMITTED)
        .select_related("employee", "position__unit")
        .order_by("submitted_at")
    )


def approved_for_the_head(cycle: Cycle) -> list[dict]:
    """The approved SKPs whose PPK is the Kepala Daerah, as team rows (employee, SKP) by name:
    the heads of OPD whose evaluations the admin BKD scores and finalises. One query."""
    skps = (
        Skp.objects.filter(DECIDED_BY_THE_HEAD, cycle=cycle, status=SkpStatus.APPROVED)
        .select_related("employee", "position__unit")
        .order_by("employee__name", "start_date")
    )
    return [{"employee": skp.employee, "skp": skp, "revising": False} for skp in skps]


def post_names(skp) -> list[str]:
    """The names an example plan's words are looked for in: the post, its unit and its OPD."""
    unit = skp.position.unit
    return [skp.position.name, unit.name, unit.opd.name if unit.opd_id else ""]
