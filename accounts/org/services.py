"""Writes to the organisation: one function per change, each atomic and recorded in history.

Every change goes through django-simple-history (who, when, what); a reason, where the UI asks for
one, is stored as the history record's change reason (core.history). Employee.position mirrors the
open definitive Assignment and is only ever changed here (and by the bulk import, which applies the
same rule).

Every service takes the acting `actor` (core.actor.Actor). A person is held to the same predicate
of accounts/org/policies.py that the view asked (403 otherwise); the system (the demo data, a
reaction to another change) is not a person and is not checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import (
    FUNGSIONAL_KINDS,
    JENJANG_BY_KIND,
    AdminRoleKind,
    AssignmentKind,
    EmployeeStatus,
    golongan_fits,
)
from accounts.extensions import employee_left, employee_registered, employees_transferred
from accounts.org import policies
from accounts.org.models import (
    AdminRole,
    AgencyProfile,
    AppraiserOverride,
    Assignment,
    Employee,
    OrgUnit,
    Position,
)
from accounts.org.roles import Roles
from accounts.org.rules import (
    leaving_end,
    placement_correctable,
    previous_assignment_end,
    transfer_is_correction,
    transfer_is_scheduled,
    transfer_refusal,
)
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, save_with_reason


def _require(actor: Actor, allowed: Callable[[Roles], bool]) -> None:
    """A person acts within the policy the view asked (403, as the view answers); the system is
    not a person and has no personal limits."""
    if not actor.is_system and not allowed(actor.roles):
        raise PermissionDenied


def _check_employee_fields(employee: Employee) -> None:
    if not golongan_fits(employee.employment_type, employee.golongan):
        raise DomainError(
            _("Golongan %(golongan)s does not fit employment type %(type)s.")
            % {"golongan": employee.golongan, "type": employee.employment_type}
        )


def unit_save(unit: OrgUnit, *, actor: Actor) -> OrgUnit:
    """Create or update a unit (the unit pages, the demo); its OPD is its top-level ancestor, and
    a unit moved to another OPD takes its sub-units along. Refuses a cycle."""
    _require(actor, lambda roles: policies.may_save_unit(roles, unit))
    seen = {unit.pk} if unit.pk else set()
    top, parent = unit, unit.parent
    while parent is not None:
        if parent.pk in seen:
            raise DomainError(_("A unit cannot be placed under itself or its own sub-unit."))
        seen.add(parent.pk)
        top, parent = parent, parent.parent
    with transaction.atomic():
        previous_opd_id = (
            OrgUnit.objects.filter(pk=unit.pk).values_list("opd_id", flat=True).first()
            if unit.pk
            else None
        )
        unit.opd = None if top is unit else top
        unit.save()
        if unit.opd is None:
            OrgUnit.objects.filter(pk=unit.pk).update(opd=unit)
            unit.opd = unit
        if previous_opd_id is not None and previous_opd_id != unit.opd_id:
            _move_subtree_to_opd(unit, actor)
    return unit


def _move_subtree_to_opd(unit: OrgUnit, actor: Actor) -> None:
    """A unit moved to another OPD takes its sub-units along (scoping reads OrgUnit.opd)."""
    frontier, descendants = [unit.pk], []
    seen = {unit.pk}
    while frontier:
        frontier = [
            pk
            for pk in OrgUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
            if pk not in seen
        ]
        seen.update(frontier)
        descendants.extend(frontier)
    for child in OrgUnit.objects.filter(pk__in=descendants):
        child.opd = unit.opd
        save_with_reason(child, _("Moved with its parent unit"), actor=actor, update_fields=["opd"])


def position_save(position: Position, *, actor: Actor) -> Position:
    """Create or update a position (the position pages, the demo). Jenjang only for fungsional;
    the parent chain must not loop."""
    _require(actor, lambda roles: policies.may_save_position(roles, position))
    allowed = JENJANG_BY_KIND.get(position.kind, ())
    if position.kind in FUNGSIONAL_KINDS and position.jenjang not in allowed:
        raise DomainError(_("Choose the level (jenjang) that belongs to this functional position."))
    if position.kind not in FUNGSIONAL_KINDS:
        position.jenjang = ""
    seen, parent = {position.pk} if position.pk else set(), position.parent
    while parent is not None:
        if parent.pk in seen:
            raise DomainError(
                _("A position cannot report to itself or to one of its subordinates.")
            )
        seen.add(parent.pk)
        parent = parent.parent
    position.save()
    return position


@transaction.atomic
def employee_create(
    employee: Employee, position: Position | None, start_date: dt.date, *, actor: Actor
) -> Employee:
    """Register an employee by hand (or the demo), with their definitive position from a date
    when one is given; the apps above react (accounts.extensions.employee_registered: logins
    gives them an account)."""
    _require(actor, lambda roles: policies.may_place_employee(roles, position))
    _check_employee_fields(employee)
    if Employee.objects.filter(nip=employee.nip).exists():
        raise DomainError(_("An employee with NIP %(nip)s already exists.") % {"nip": employee.nip})
    employee.position = position
    employee.save()
    if position is not None:
        Assignment.objects.create(
            employee=employee,
            position=position,
            start_date=start_date,
            kind=AssignmentKind.DEFINITIF,
        )
    employee_registered.call(employee, actor=actor)
    return employee


EMPLOYEE_EDITABLE_FIELDS = (
    "name",
    "front_title",
    "back_title",
    "employment_type",
    "golongan",
    "email",
    "phone",
    "nik",
    "status",
)


@transaction.atomic
def employee_update(employee: Employee, reason: str = "", *, actor: Actor) -> Employee:
    """Save edited personal data and status. Leaving (retired, transferred out, dismissed) closes
    the open assignments as of today so the post shows vacant, and ends the account's access.

    Only the editable fields are copied onto the row locked here, so a mutasi committed while the
    form was open is not overwritten by the form's stale position.
    """
    _require(actor, lambda roles: policies.can_manage_employee(roles, employee))
    _check_employee_fields(employee)
    locked = (
        Employee.objects.select_for_update(of=("self",)).select_related("user").get(pk=employee.pk)
    )
    leaving = locked.status == EmployeeStatus.ACTIVE and employee.status != EmployeeStatus.ACTIVE
    for field in EMPLOYEE_EDITABLE_FIELDS:
        setattr(locked, field, getattr(employee, field))
    if leaving:
        locked.position = None  # mirrors the open definitive assignment, which ends below
    fields = [*EMPLOYEE_EDITABLE_FIELDS, "position"]
    if reason:
        save_with_reason(locked, reason, actor=actor, update_fields=fields)
    else:
        locked.save(update_fields=fields)
    user = locked.user
    if user is not None and user.email != locked.email:
        user.email = locked.email  # the forgot-password flow looks accounts up by it
        user.save(update_fields=["email"])
    if leaving:
        why = reason or locked.get_status_display()
        employee_left.call(locked, why, actor=actor)
        today = timezone.localdate()
        current = Assignment.objects.filter(employee=locked).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today)
        )
        for assignment in current:
            last_day = leaving_end(assignment.start_date, today)
            if last_day is None:
                # A planned Plt/Plh that never takes effect.
                delete_with_reason(assignment, why, actor=actor)
            else:
                assignment.end_date = last_day
                save_with_reason(assignment, why, actor=actor)
    return locked


def _recorded_on(assignment: Assignment) -> dt.date | None:
    """The day an assignment was recorded (its first history record, by hand or by an import)."""
    first = assignment.history.order_by("history_date").values_list("history_date", flat=True)
    recorded = first.first()
    return timezone.localdate(recorded) if recorded else None


@transaction.atomic
def employee_transfer(
    employee: Employee, position: Position, on: dt.date, note: str = "", *, actor: Actor
) -> Assignment:
    """Mutasi: the employee holds `position` definitively from `on`; the previous definitive
    assignment ends the day before, so history keeps both. The apps above react
    (accounts.extensions.employees_transferred: the plan follows the employee).

    Dated the start of a placement recorded today (by hand or by today's import) or not yet in
    force, it corrects that placement instead (rules.placement_correctable). A future `on` is
    scheduled: Employee.position keeps today's post and the plans stay until the day comes
    (transfers_take_effect, the daily job).
    """
    _require(actor, lambda roles: policies.may_post_employee(roles, employee, position))
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    if employee.status != EmployeeStatus.ACTIVE:
        raise DomainError(_("Only an active employee can be transferred."))
    current = Assignment.objects.filter(
        employee=employee, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
    ).first()
    if current is not None and current.position_id == position.pk:
        raise DomainError(_("The employee already holds this position."))
    today = timezone.localdate()
    current_start = current.start_date if current else None
    correctable = current is not None and placement_correctable(
        current.start_date, _recorded_on(current), today
    )
    refusal = transfer_refusal(current_start, on, correctable=correctable)
    if refusal:
        raise DomainError(refusal)
    if transfer_is_correction(current_start, on):
        assignment = current
        assignment.position, assignment.note = position, note or assignment.note
        save_with_reason(assignment, note or _("Placement corrected"), actor=actor)
    else:
        if current is not None:
            current.end_date = previous_assignment_end(on)
            save_with_reason(current, note, actor=actor)
        assignment = Assignment(
            employee=employee,
            position=position,
            kind=AssignmentKind.DEFINITIF,
            start_date=on,
            note=note,
        )
        save_with_reason(assignment, note, actor=actor)
    if not transfer_is_scheduled(on, today):
        _transfer_take_effect(employee, assignment, note, actor)
    return assignment


def _transfer_take_effect(
    employee: Employee, assignment: Assignment, note: str, actor: Actor
) -> None:
    """The day a mutasi is in force: Employee.position mirrors it and the plans follow."""
    employee.position = assignment.position
    save_with_reason(employee, note, actor=actor, update_fields=["position"])
    employees_transferred.call(employee_ids=[employee.pk], on=assignment.start_date, actor=actor)


def transfers_take_effect(today: dt.date, *, actor: Actor) -> int:
    """Daily (config/celery.py): scheduled mutasi whose TMT has come take effect; returns how
    many. Idempotent: an employee whose position already mirrors their open definitive
    assignment is not touched, so a second run the same day (or a late one) finds nothing.
    The system alone runs it (no person's page leads here)."""
    if not actor.is_system:
        raise PermissionDenied
    due = (
        Assignment.objects.filter(
            kind=AssignmentKind.DEFINITIF,
            end_date__isnull=True,
            start_date__lte=today,
            employee__status=EmployeeStatus.ACTIVE,
        )
        .exclude(employee__position=models.F("position"))
        .values_list("pk", "employee_id")
    )
    applied = 0
    for pk, employee_id in list(due):
        with transaction.atomic():
            # The employee first, as employee_transfer locks them: the assignment read after
            # the lock is the one a concurrent mutasi or a leaving left behind.
            employee = Employee.objects.select_for_update().get(pk=employee_id)
            assignment = Assignment.objects.select_related("position").filter(pk=pk).first()
            if assignment is None or assignment.end_date is not None:
                continue  # withdrawn (the employee left before the TMT) or ended since
            if employee.position_id == assignment.position_id:
                continue  # taken effect meanwhile (a concurrent run)
            reason = _("Transfer (mutasi) in force from %(date)s") % {
                "date": assignment.start_date.strftime("%d-%m-%Y")
            }
            _transfer_take_effect(employee, assignment, reason, actor)
            applied += 1
    return applied


@transaction.atomic
def acting_assign(
    employee: Employee,
    position: Position,
    kind: str,
    start_date: dt.date,
    end_date: dt.date | None,
    note: str,
    *,
    actor: Actor,
) -> Assignment:
    """Appoint the employee Plt or Plh of a post for a date range. The post is locked so two
    admins cannot appoint two acting officials for the same days."""
    _require(actor, lambda roles: policies.may_post_employee(roles, employee, position))
    if kind not in (AssignmentKind.PLT, AssignmentKind.PLH):
        raise DomainError(_("Choose Plt or Plh."))
    if end_date and end_date < start_date:
        raise DomainError(_("The end date cannot be before the start date."))
    if employee.status != EmployeeStatus.ACTIVE:
        raise DomainError(_("Only an active employee can act in a post."))
    if employee.position_id == position.pk:
        raise DomainError(_("The employee already holds this position definitively."))
    Position.objects.select_for_update().get(pk=position.pk)
    overlapping = Assignment.objects.filter(position=position, kind=kind).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start_date)
    )
    if end_date is not None:
        overlapping = overlapping.filter(start_date__lte=end_date)
    clash = overlapping.select_related("employee").first()
    if clash is not None:
        raise DomainError(
            _("%(name)s is already %(kind)s of this post for these dates. End that first.")
            % {"name": clash.employee.full_name, "kind": clash.get_kind_display()}
        )
    assignment = Assignment(
        employee=employee,
        position=position,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        note=note,
    )
    save_with_reason(assignment, note, actor=actor)
    return assignment


@transaction.atomic
def assignment_end(
    assignment: Assignment, on: dt.date, reason: str = "", *, actor: Actor
) -> Assignment:
    """End an acting (Plt/Plh) assignment on a date. Definitive ones end through a mutasi."""
    _require(actor, lambda roles: policies.can_manage_employee(roles, assignment.employee))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.kind == AssignmentKind.DEFINITIF:
        raise DomainError(_("A definitive position ends through a transfer (mutasi)."))
    if on < assignment.start_date:
        raise DomainError(_("The end date cannot be before the start date."))
    if assignment.end_date and assignment.end_date <= on:
        raise DomainError(_("This assignment has already ended."))
    assignment.end_date = on
    save_with_reason(assignment, reason, actor=actor)
    return assignment


@transaction.atomic
def override_set(
    employee: Employee,
    ppk: Employee | None,
    atasan_ppk: Employee | None,
    start_date: dt.date,
    end_date: dt.date | None,
    reason: str,
    *,
    actor: Actor,
) -> AppraiserOverride:
    """Delegate the employee's PPK and/or Atasan PPK (admin BKD), with a reason: for a PPK on
    long leave or study, where the position tree names the wrong appraiser."""
    _require(actor, policies.may_set_overrides)
    if ppk is None and atasan_ppk is None:
        raise DomainError(_("Name the appraising official, their superior, or both."))
    if employee in (ppk, atasan_ppk):
        raise DomainError(_("An employee cannot appraise themselves."))
    if ppk is not None and ppk == atasan_ppk:
        raise DomainError(_("The appraising official and their superior must be different people."))
    if not reason.strip():
        raise DomainError(_("Give a reason for the override."))
    if end_date and end_date < start_date:
        raise DomainError(_("The end date cannot be before the start date."))
    override = AppraiserOverride(
        employee=employee,
        ppk=ppk,
        atasan_ppk=atasan_ppk,
        start_date=start_date,
        end_date=end_date,
        reason=reason.strip(),
        created_by=actor.user,
    )
    save_with_reason(override, reason.strip(), actor=actor)
    return override


@transaction.atomic
def override_end(override: AppraiserOverride, on: dt.date, *, actor: Actor) -> AppraiserOverride:
    """End an override on `on` (admin BKD): the position tree names the appraisers again. One
    that has not started yet is withdrawn."""
    _require(actor, policies.may_set_overrides)
    override = AppraiserOverride.objects.select_for_update().get(pk=override.pk)
    if override.end_date and override.end_date <= on:
        raise DomainError(_("This override has already ended."))
    if override.start_date > on:
        # Not started yet: withdraw it entirely (the history keeps the record and who did it).
        delete_with_reason(override, _("Withdrawn before it started"), actor=actor)
        return override
    override.end_date = on
    override.save()
    return override


@transaction.atomic
def role_grant(user, kind: str, opd: OrgUnit | None, reason: str, *, actor: Actor) -> AdminRole:
    """Grant an administrative role (admin BKD, with a reason). Admin OPD is scoped to one
    top-level unit (an OPD)."""
    _require(actor, policies.may_administer_agency)
    if kind == AdminRoleKind.ADMIN_OPD:
        if opd is None or opd.parent_id is not None:
            raise DomainError(_("An OPD administrator needs a top-level unit (an OPD)."))
    else:
        opd = None
    if AdminRole.objects.filter(user=user, kind=kind, opd=opd).exists():
        raise DomainError(_("This user already has this role."))
    role = AdminRole(user=user, kind=kind, opd=opd)
    save_with_reason(role, reason, actor=actor)
    return role


@transaction.atomic
def role_revoke(role: AdminRole, reason: str, *, actor: Actor) -> None:
    """Take a role away (admin BKD, never their own BKD role); the history keeps who held it and
    why it ended."""
    _require(actor, policies.may_administer_agency)
    if not actor.is_system and not policies.may_revoke_role(actor.roles, role):
        raise DomainError(_("You cannot take away your own BKD administrator role."))
    delete_with_reason(role, reason, actor=actor)


def agency_update(profile: AgencyProfile, *, actor: Actor) -> AgencyProfile:
    """Save the agency profile (admin BKD): its name and the Kepala Daerah on reports."""
    _require(actor, policies.may_administer_agency)
    profile.pk = 1
    profile.save()
    return profile
