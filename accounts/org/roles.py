"""The acting user's roles, derived once per request.

Pegawai, PPK, Atasan PPK and kepala unit are derived from the position tree; admin OPD and admin BKD
are granted (AdminRole). Navigation reads these; policies.py decides access.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone

from accounts.choices import PPK_ELIGIBLE_KINDS, AdminRoleKind
from accounts.org.models import AdminRole, AppraiserOverride, Assignment, Employee, OrgUnit
from accounts.org.reporting import OrgSnapshot
from accounts.org.selectors import held_on
from core.actor import Actor


@dataclass
class Roles:
    user: object
    employee: Employee | None
    is_admin_bkd: bool
    admin_opd_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        return self.is_admin_bkd or bool(self.admin_opd_ids)

    @property
    def is_superuser(self) -> bool:
        return bool(getattr(self.user, "is_superuser", False))

    @cached_property
    def held_assignments(self) -> list[Assignment]:
        if self.employee is None:
            return []
        today = timezone.localdate()
        return list(
            Assignment.objects.filter(held_on(today), employee=self.employee).select_related(
                "position__parent", "position__unit"
            )
        )

    @cached_property
    def headed_units(self) -> list[OrgUnit]:
        """Units whose head position this employee holds (definitively or acting): kepala unit."""
        units = []
        for a in self.held_assignments:
            position = a.position
            if position.kind not in PPK_ELIGIBLE_KINDS:
                continue
            if position.parent is None or position.parent.unit_id != position.unit_id:
                units.append(position.unit)
        return units

    @property
    def is_kepala_unit(self) -> bool:
        return bool(self.headed_units)

    @cached_property
    def org_snapshot(self) -> OrgSnapshot:
        """Today's organisation, loaded as the request's pages ask for it (shared by the home
        page's reporting line, its team card and its tasks)."""
        return OrgSnapshot(timezone.localdate())

    @cached_property
    def subordinate_ids(self) -> list[int]:
        """The employees this user appraises today (as PPK), computed once per request."""
        if self.employee is None:
            return []
        return self.org_snapshot.subordinate_ids(self.employee.pk)

    @cached_property
    def may_appraise(self) -> bool:
        """Holds a post at pengawas level or above, or is someone's PPK by override (PPK role)."""
        if self.employee is None:
            return False
        if any(a.position.kind in PPK_ELIGIBLE_KINDS for a in self.held_assignments):
            return True
        today = timezone.localdate()
        return AppraiserOverride.objects.filter(held_on(today), ppk=self.employee).exists()


def roles_for_user(user) -> Roles:
    employee = Employee.objects.filter(user=user).select_related("position__unit").first()
    grants = list(AdminRole.objects.filter(user=user).values_list("kind", "opd_id"))
    return Roles(
        user=user,
        employee=employee,
        is_admin_bkd=user.is_superuser or any(k == AdminRoleKind.ADMIN_BKD for k, _o in grants),
        admin_opd_ids=frozenset(o for k, o in grants if k == AdminRoleKind.ADMIN_OPD and o),
    )


def roles_for(request) -> Roles:
    """Cached on the request: computed at most once however many templates and views ask."""
    cached = getattr(request, "_roles", None)
    if cached is None or cached.user != request.user:
        cached = roles_for_user(request.user)
        request._roles = cached
    return cached


def actor_for(request) -> Actor:
    """The signed-in person making a change through this request (core.actor.Actor)."""
    return Actor(user=request.user, roles=roles_for(request))


def actor_of_user(user) -> Actor:
    """A person acting outside a request (a command, a test, the demo) with their roles today."""
    return Actor(user=user, roles=roles_for_user(user))
