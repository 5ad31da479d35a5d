"""What a user may report on: the whole agency, their OPD(s), or the team they appraise.

Domain §1 and the issue: an admin BKD reports on every OPD, an admin OPD on their own OPD only, a
PPK on the employees they appraise (their team). Everyone else has no reports (403). An OPD asked
for outside the scope does not exist for the user (404). The same scope narrows every exporter
and every dashboard query, so a view, the Celery task and the download all ask the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.models import Employee, OrgUnit
from accounts.org.reporting import subordinates
from accounts.org.roles import Roles

AGENCY, OPD, TEAM = "agency", "opd", "team"


@dataclass(frozen=True)
class ReportScope:
    """`opd_ids` None: every OPD; `employee_ids` None: everyone in those OPDs."""

    kind: str
    opd_ids: frozenset[int] | None = None
    employee_ids: frozenset[int] | None = None

    @property
    def is_admin(self) -> bool:
        return self.kind in (AGENCY, OPD)

    def employees_q(self, opd: OrgUnit | None = None, prefix: str = "skp__") -> Q:
        """A filter on rows reaching the employee through `prefix` (an SKP's post and owner).

        The OPD is the one of the post the SKP was made for, so a result stays with the OPD that
        appraised it after a mutasi."""
        condition = Q()
        ids = [opd.pk] if opd is not None else self.opd_ids
        if ids is not None:
            ids = sorted(ids)
            condition &= Q(**{f"{prefix}position__unit__opd_id__in": ids}) | Q(
                **{f"{prefix}position__unit_id__in": ids}
            )
        if self.employee_ids is not None:
            condition &= Q(**{f"{prefix}employee_id__in": sorted(self.employee_ids)})
        return condition


AGENCY_SCOPE = ReportScope(AGENCY)


def scope_for(roles: Roles) -> ReportScope | None:
    """The widest scope the roles give (admin BKD > admin OPD > PPK), or None: no reports."""
    if roles.is_admin_bkd:
        return AGENCY_SCOPE
    if roles.admin_opd_ids:
        return ReportScope(OPD, opd_ids=frozenset(roles.admin_opd_ids))
    if roles.employee is not None and roles.may_appraise:
        team = subordinates(roles.employee).values_list("pk", flat=True)
        return ReportScope(TEAM, employee_ids=frozenset(team))
    return None


def require_scope(roles: Roles) -> ReportScope:
    """The reports pages: administrators and PPKs; everyone else is refused (403)."""
    scope = scope_for(roles)
    if scope is None:
        raise PermissionDenied
    return scope


def scope_opds(scope: ReportScope) -> QuerySet[OrgUnit]:
    """The OPDs (top-level units) a user may filter by: all, their own, or their team's."""
    opds = OrgUnit.objects.filter(parent__isnull=True)
    if scope.opd_ids is not None:
        opds = opds.filter(pk__in=sorted(scope.opd_ids))
    if scope.employee_ids is not None:
        team = Employee.objects.filter(pk__in=sorted(scope.employee_ids), position__isnull=False)
        opds = opds.filter(
            Q(pk__in=team.values("position__unit__opd_id"))
            | Q(pk__in=team.values("position__unit_id"))
        )
    return opds.order_by("name", "pk")


def opd_in_scope(scope: ReportScope, code: str) -> OrgUnit:
    """The OPD with this code, if the scope holds it; else 404."""
    if "\x00" in code:
        raise Http404  # no code holds a NUL byte, and PostgreSQL refuses one in a query
    return get_object_or_404(scope_opds(scope), code=code)
