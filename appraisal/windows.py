"""Is a window open for this person today? One place answers, for services and for the UI.

A window's closing date is the latest of its own date and the extensions that apply to the person:
for everyone, for their OPD, or for them alone (domain §2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.errors import DomainError

from .choices import CycleStatus, ExtensionScope, WindowKind
from .models import Cycle, Window


@dataclass(frozen=True)
class WindowState:
    window: Window | None
    opens_on: dt.date | None
    closes_on: dt.date | None
    today: dt.date
    cycle_open: bool

    @property
    def is_open(self) -> bool:
        return (
            self.cycle_open
            and self.window is not None
            and self.opens_on <= self.today <= self.closes_on
        )

    @property
    def refusal(self) -> str:
        """Why a change is refused now, in words the user understands ('' when open)."""
        if not self.cycle_open:
            return _("The %(year)s cycle is not open for changes.") % {
                "year": self.window.cycle.year if self.window else ""
            }
        if self.window is None:
            return _("No window is set for this step yet. Ask your BKD admin.")
        if self.today < self.opens_on:
            return _("The %(window)s window opens on %(date)s.") % {
                "window": self.window.label,
                "date": formats.date_format(self.opens_on, "j F Y"),
            }
        if self.today > self.closes_on:
            return _(
                "The %(window)s window closed on %(date)s. Ask your admin for an extension."
            ) % {"window": self.window.label, "date": formats.date_format(self.closes_on, "j F Y")}
        return ""


def window_state(
    cycle: Cycle,
    kind: str,
    period: int = 0,
    *,
    employee_id: int | None = None,
    opd_id: int | None = None,
    today: dt.date | None = None,
) -> WindowState:
    today = today or timezone.localdate()
    window = next((w for w in cycle.windows.all() if w.kind == kind and w.period == period), None)
    if window is None:
        return WindowState(None, None, None, today, cycle.status == CycleStatus.OPEN)
    applies = Q(scope=ExtensionScope.EVERYONE)
    if opd_id:
        applies |= Q(scope=ExtensionScope.OPD, opd_id=opd_id)
    if employee_id:
        applies |= Q(scope=ExtensionScope.EMPLOYEE, employee_id=employee_id)
    extended = window.extensions.filter(applies).order_by("-closes_on").first()
    closes_on = max(window.closes_on, extended.closes_on) if extended else window.closes_on
    return WindowState(window, window.opens_on, closes_on, today, cycle.status == CycleStatus.OPEN)


def skp_window(skp, today: dt.date | None = None) -> WindowState:
    return window_state(
        skp.cycle,
        WindowKind.SKP,
        employee_id=skp.employee_id,
        opd_id=skp.position.unit.opd_id or skp.position.unit_id,
        today=today,
    )


def require_open(state: WindowState) -> None:
    if not state.is_open:
        raise DomainError(state.refusal)


def skp_refusal(skp, today: dt.date | None = None) -> str:
    """Why this SKP cannot be written, submitted or decided now ('' when it can).

    The SKP window governs the plans that start with the year. A revision, or the plan of someone
    who moved mid-year, is written when the need arises: the open cycle is enough for those.
    """
    state = skp_window(skp, today)
    if not state.cycle_open:
        return state.refusal
    if skp.version > 1 or skp.start_date > dt.date(skp.cycle.year, 1, 1):
        return ""
    return state.refusal


def require_skp_open(skp, today: dt.date | None = None) -> None:
    refusal = skp_refusal(skp, today)
    if refusal:
        raise DomainError(refusal)
