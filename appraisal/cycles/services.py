"""Cycles, windows, extensions and waivers: the BKD admin's writes (domain §2)."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.org.models import Employee, OrgUnit
from appraisal.choices import CycleStatus, ExtensionScope, WindowKind
from appraisal.cycles import calendar
from appraisal.cycles.models import Cycle, PrerequisiteWaiver, Window, WindowExtension
from appraisal.cycles.policies import require_cycle_manager
from appraisal.cycles.windows import require_cycle_not_closed
from core.actor import Actor
from core.errors import DomainError
from core.history import save_with_reason


def default_windows(year: int, frequency: str) -> list[tuple[str, int, dt.date, dt.date]]:
    """(kind, period, opens_on, closes_on) for every window of a new cycle, from domain §2."""
    rows = [(WindowKind.SKP, 0, *calendar.default_skp_window(year))]
    for period in calendar.periods(year, frequency):
        rows.append((WindowKind.PERIOD, period.number, *calendar.default_period_window(period)))
    rows.append((WindowKind.ANNUAL, 0, *calendar.default_annual_window(year)))
    return rows


@transaction.atomic
def cycle_create(
    year: int,
    frequency: str,
    objection_days: int,
    windows: list[tuple[str, int, dt.date, dt.date]] | None,
    *,
    actor: Actor,
) -> Cycle:
    """Create a cycle (status: being prepared) with its windows, the defaults unless given.

    The admin BKD prepares each year's cycle; the system does for the demo and a fresh install."""
    require_cycle_manager(actor)
    if Cycle.objects.filter(year=year, practice=False).exists():
        raise DomainError(_("A cycle for %(year)s already exists.") % {"year": year})
    cycle = Cycle(
        year=year, frequency=frequency, objection_days=objection_days, created_by=actor.user
    )
    try:
        with transaction.atomic():
            save_with_reason(cycle, _("Cycle created"), actor=actor)
    except IntegrityError:
        raise DomainError(_("A cycle for %(year)s already exists.") % {"year": year}) from None
    for kind, period, opens_on, closes_on in windows or default_windows(year, frequency):
        _check_dates(opens_on, closes_on)
        Window.objects.create(
            cycle=cycle, kind=kind, period=period, opens_on=opens_on, closes_on=closes_on
        )
    return cycle


def _check_dates(opens_on: dt.date, closes_on: dt.date) -> None:
    if closes_on < opens_on:
        raise DomainError(_("A window cannot close before it opens."))


@transaction.atomic
def cycle_open(cycle: Cycle, *, actor: Actor) -> Cycle:
    """Open a prepared cycle: employees may now write their SKP (from the SKP window)."""
    require_cycle_manager(actor)
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.status != CycleStatus.DRAFT:
        raise DomainError(_("Only a cycle being prepared can be opened."))
    locked.status = CycleStatus.OPEN
    save_with_reason(locked, _("Cycle opened"), actor=actor, update_fields=["status"])
    return locked


@transaction.atomic
def window_update(
    window: Window, opens_on: dt.date, closes_on: dt.date, reason: str, *, actor: Actor
) -> Window:
    """Change a window's dates for everyone (recorded with the reason)."""
    require_cycle_manager(actor)
    locked = Window.objects.select_for_update().get(pk=window.pk)
    if locked.cycle.status == CycleStatus.CLOSED:
        raise DomainError(_("The cycle is closed; its windows can no longer change."))
    _check_dates(opens_on, closes_on)
    locked.opens_on, locked.closes_on = opens_on, closes_on
    save_with_reason(locked, reason, actor=actor, update_fields=["opens_on", "closes_on"])
    return locked


@transaction.atomic
def window_extend(
    window: Window,
    scope: str,
    closes_on: dt.date,
    reason: str,
    *,
    actor: Actor,
    opd: OrgUnit | None = None,
    employee: Employee | None = None,
) -> WindowExtension:
    """A later closing date for everyone, one OPD or one employee; the window itself is unchanged."""
    require_cycle_manager(actor)
    if window.cycle.status == CycleStatus.CLOSED:
        raise DomainError(_("The cycle is closed; its windows can no longer change."))
    if not reason.strip():
        raise DomainError(_("Give the reason for the extension."))
    if closes_on <= window.closes_on:
        raise DomainError(_("The new closing date must be after the window's own closing date."))
    if scope == ExtensionScope.OPD and opd is None:
        raise DomainError(_("Choose the OPD."))
    if scope == ExtensionScope.EMPLOYEE and employee is None:
        raise DomainError(_("Choose the employee."))
    extension = WindowExtension(
        window=window,
        scope=scope,
        opd=opd if scope == ExtensionScope.OPD else None,
        employee=employee if scope == ExtensionScope.EMPLOYEE else None,
        closes_on=closes_on,
        reason=reason.strip(),
        created_by=actor.user,
    )
    save_with_reason(extension, _extension_audit_reason(extension), actor=actor)
    return extension


def _extension_audit_reason(extension: WindowExtension) -> str:
    """What the audit trail shows of an extension: the window, for whom, the new closing date
    and the reason given (the trail's entry alone names no window or date)."""
    if extension.scope == ExtensionScope.OPD:
        target = extension.opd.label
    elif extension.scope == ExtensionScope.EMPLOYEE:
        target = f"{extension.employee.full_name} ({extension.employee.nip})"
    else:
        target = ExtensionScope.EVERYONE.label
    return _("%(window)s extended to %(date)s for %(target)s: %(reason)s") % {
        "window": extension.window,
        "date": formats.date_format(extension.closes_on, "j F Y"),
        "target": target,
        "reason": extension.reason,
    }


@transaction.atomic
def waiver_grant(
    cycle: Cycle, employee: Employee, reason: str, *, actor: Actor
) -> PrerequisiteWaiver:
    """Let one employee submit before their PPK's SKP is approved (domain §3)."""
    require_cycle_manager(actor)
    require_cycle_not_closed(cycle)
    if not reason.strip():
        raise DomainError(_("Give the reason."))
    waiver, created = PrerequisiteWaiver.objects.get_or_create(
        cycle=cycle,
        employee=employee,
        defaults={"reason": reason.strip(), "granted_by": actor.user},
    )
    if not created:
        raise DomainError(_("This employee may already submit without waiting."))
    return waiver
