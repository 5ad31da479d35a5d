"""What the admins add to the attendance recap: disciplinary penalties (PP 94/2021) cutting TPP
for some months, and exemptions (months without attendance deductions, or without TPP).

Months are stored as their first day; a date anywhere in a month names that month. Every change
is atomic and recorded in history with its reason and the acting person. A person is held to
tpp.attendance.policies.may_manage_employee, as the page asked (403 otherwise); the system is
not checked.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from accounts.org.models import Employee
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, save_with_reason
from tpp.attendance import policies
from tpp.attendance.models import Exemption, Penalty
from tpp.choices import ExemptionKind, PenaltyKind

MAX_PENALTY_MONTHS = 36
REASON_MAX_LENGTH = 255  # as long as the forms' reasons (the history keeps text)


def month_start(day: dt.date) -> dt.date:
    """The first day of `day`'s month (a datetime counts by its date)."""
    if isinstance(day, dt.datetime):
        day = day.date()
    if not isinstance(day, dt.date):
        raise DomainError(_("Give the month as a date."))
    return day.replace(day=1)


def _require(actor: Actor, employee: Employee) -> None:
    if not actor.is_system and not policies.may_manage_employee(actor.roles, employee):
        raise PermissionDenied


def _text(value, max_length: int, empty_message: str) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        raise DomainError(empty_message)
    if len(text) > max_length:
        raise DomainError(
            _("“%(text)s…” is longer than %(max)d characters.")
            % {"text": text[:30], "max": max_length}
        )
    return text


def _percent(value) -> Decimal:
    try:
        percent = Decimal(str(value))
    except InvalidOperation:
        percent = Decimal("NaN")
    if not percent.is_finite() or not Decimal(0) < percent <= Decimal(100):
        raise DomainError(_("The TPP cut must be more than 0 and at most 100 percent."))
    if percent != percent.quantize(Decimal("0.01")):
        raise DomainError(_("Give the TPP cut with at most two decimals."))
    return percent


def _month_label(day: dt.date) -> str:
    return formats.date_format(day, "F Y")


def penalty_add(
    employee: Employee,
    *,
    level: str,
    percent: Decimal,
    first_month: dt.date,
    months: int,
    decree_number: str,
    decree_date: dt.date,
    actor: Actor,
) -> Penalty:
    """Record a disciplinary penalty (`level`, a PenaltyKind) cutting `employee`'s TPP by
    `percent` (0 < p ≤ 100) for
    `months` months (1–36) from `first_month` (any date: its month counts), under the decree
    named. Raises DomainError with the reason for a refused value."""
    _require(actor, employee)
    if level not in PenaltyKind.values:
        raise DomainError(_("Choose the penalty (PP 94/2021)."))
    percent = _percent(percent)
    if isinstance(months, bool) or not isinstance(months, int):
        raise DomainError(_("Give the number of months as a whole number."))
    if not 1 <= months <= MAX_PENALTY_MONTHS:
        raise DomainError(
            _("A penalty lasts from 1 to %(max)d months.") % {"max": MAX_PENALTY_MONTHS}
        )
    decree_number = _text(decree_number, 120, _("Give the decree number."))
    if not isinstance(decree_date, dt.date):
        raise DomainError(_("Give the decree date."))
    penalty = Penalty(
        employee=employee,
        level=level,
        percent=percent,
        first_month=month_start(first_month),
        months=months,
        decree_number=decree_number,
        decree_date=decree_date,
        created_by=actor.user,
    )
    reason = _("Disciplinary penalty, decree %(number)s") % {"number": decree_number}
    with transaction.atomic():
        save_with_reason(penalty, reason[:REASON_MAX_LENGTH], actor=actor)
    return penalty


def penalty_remove(penalty: Penalty, reason: str, *, actor: Actor) -> None:
    """Remove a penalty recorded by mistake or annulled; `reason` is kept in its history."""
    _remove(
        penalty,
        reason,
        _("Say why the penalty is removed."),
        _("This penalty was already removed."),
        actor=actor,
    )


def exemption_add(
    employee: Employee,
    *,
    kind: str,
    first_month: dt.date,
    last_month: dt.date,
    reason: str,
    actor: Actor,
) -> Exemption:
    """Exempt `employee` from attendance deductions, or from TPP (`kind`, an ExemptionKind),
    from `first_month` to `last_month` inclusive (any dates: their months count). Refuses an
    empty reason, months out of order and a period overlapping another exemption of the
    employee (DomainError)."""
    _require(actor, employee)
    if kind not in ExemptionKind.values:
        raise DomainError(_("Choose the kind of exemption."))
    first, last = month_start(first_month), month_start(last_month)
    if last < first:
        raise DomainError(_("The last month comes before the first."))
    reason = _text(reason, 255, _("Give the reason or decree of the exemption."))
    exemption = Exemption(
        employee=employee,
        kind=kind,
        first_month=first,
        last_month=last,
        reason=reason,
        created_by=actor.user,
    )
    with transaction.atomic():
        # One exemption change per employee at a time, so two overlapping ones cannot both pass.
        Employee.objects.select_for_update().filter(pk=employee.pk).first()
        overlap = (
            Exemption.objects.filter(
                employee=employee, first_month__lte=last, last_month__gte=first
            )
            .order_by("first_month")
            .first()
        )
        if overlap is not None:
            raise DomainError(
                _("This employee already has an exemption from %(first)s to %(last)s.")
                % {
                    "first": _month_label(overlap.first_month),
                    "last": _month_label(overlap.last_month),
                }
            )
        save_with_reason(exemption, reason[:REASON_MAX_LENGTH], actor=actor)
    return exemption


def exemption_remove(exemption: Exemption, reason: str, *, actor: Actor) -> None:
    """Remove an exemption; `reason` is kept in its history."""
    _remove(
        exemption,
        reason,
        _("Say why the exemption is removed."),
        _("This exemption was already removed."),
        actor=actor,
    )


def _remove(
    record: Penalty | Exemption, reason: str, no_reason: str, gone: str, *, actor: Actor
) -> None:
    """Delete a penalty or an exemption with its reason in the history; a second removal (two
    admins at once) is told it was already done."""
    _require(actor, record.employee)
    reason = _text(reason, REASON_MAX_LENGTH, no_reason)
    with transaction.atomic():
        current = type(record).objects.select_for_update().filter(pk=record.pk).first()
        if current is None:
            raise DomainError(gone)
        delete_with_reason(current, reason, actor=actor)
