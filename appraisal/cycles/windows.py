"""Is a window open for this person today? One place answers, for services and for the UI.

A window's closing date is the latest of its own date and the extensions that apply to the person:
for everyone, for their OPD, or for them alone (domain §2). A period (or the annual evaluation,
period 0) closed by the BKD refuses changes whatever its dates say, until it is reopened; a closed
cycle refuses everything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import IntegerField, OuterRef, Q, Subquery, Value
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.org.selectors import ancestor_ids, opd_id_of, opd_tree
from appraisal.choices import (
    ANNUAL,
    CycleStatus,
    ExtensionScope,
    WindowKind,
)
from appraisal.cycles.models import (
    Cycle,
    PeriodClosure,
    UnitFinalisation,
    Window,
    WindowExtension,
)
from core.errors import DomainError

if TYPE_CHECKING:  # a plan is read here, never imported: plans sit above cycles
    from appraisal.plans.models import Skp


@dataclass(frozen=True)
class WindowState:
    window: Window | None
    opens_on: dt.date | None
    closes_on: dt.date | None
    today: dt.date
    cycle_open: bool
    closure: PeriodClosure | None = None
    # The extension that sets closes_on (the latest one applying to the person), or None. Built
    # from the same query as closes_on (not saved, no relations loaded: scope, opd_id,
    # employee_id, closes_on and reason are there).
    extension: WindowExtension | None = None

    @property
    def is_open(self) -> bool:
        return (
            self.cycle_open
            and self.closure is None
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
        if self.closure is not None:
            return closure_refusal(self.closure)
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
    cycle_open = cycle.status == CycleStatus.OPEN
    # The SKP window shares period 0 with the annual evaluation; only the period and annual
    # windows are closed by a PeriodClosure (the SKP locks with the cycle).
    closable = kind != WindowKind.SKP and cycle_open
    window = next((w for w in cycle.windows.all() if w.kind == kind and w.period == period), None)
    if window is None:
        closure = closure_in_force(cycle, period) if closable else None
        return WindowState(None, None, None, today, cycle_open, closure)
    applies = Q(scope=ExtensionScope.EVERYONE)
    if opd_id:
        applies |= Q(scope=ExtensionScope.OPD, opd_id=opd_id)
    if employee_id:
        applies |= Q(scope=ExtensionScope.EMPLOYEE, employee_id=employee_id)
    extensions = WindowExtension.objects.filter(applies, window=OuterRef("pk"))
    in_force = PeriodClosure.objects.filter(
        cycle_id=OuterRef("cycle_id"), period=period, reopened_at__isnull=True
    )
    # One query answers both "extended until?" and "closed by the BKD?": pages that show a
    # window per period pay no more for the closing check than they did for the extensions.
    latest = extensions.order_by("-closes_on", "-pk")
    extension_fields = ("closes_on", "pk", "scope", "opd_id", "employee_id", "reason")
    row = (
        Window.objects.filter(pk=window.pk)
        .annotate(
            **{f"ext_{name}": Subquery(latest.values(name)[:1]) for name in extension_fields},
            closure_id=Subquery(in_force.values("pk")[:1])
            if closable
            else Value(None, output_field=IntegerField()),
        )
        .values_list(*(f"ext_{name}" for name in extension_fields), "closure_id")
        .first()
    ) or (None,) * (len(extension_fields) + 1)
    extended_to, closure_id = row[0], row[-1]
    closure = closure_in_force(cycle, period) if closure_id else None
    closes_on = max(window.closes_on, extended_to) if extended_to else window.closes_on
    extension = None
    if extended_to and extended_to > window.closes_on:
        extension = WindowExtension(
            window=window, **dict(zip(extension_fields, row[: len(extension_fields)], strict=True))
        )
    return WindowState(window, window.opens_on, closes_on, today, cycle_open, closure, extension)


def closure_in_force(cycle: Cycle, period: int) -> PeriodClosure | None:
    """The closure of this period (0 = the annual evaluation) not reopened since, or None.

    Reads `cycle.closures` so that a caller who prefetched them pays no query per row."""
    cache = getattr(cycle, "_prefetched_objects_cache", {})
    if "closures" in cache:
        return next(
            (c for c in cache["closures"] if c.period == period and c.reopened_at is None), None
        )
    found = (
        PeriodClosure.objects.filter(cycle=cycle, period=period, reopened_at__isnull=True)
        .select_related("closed_by")
        .first()
    )
    if found is not None:
        found.cycle = cycle
    return found


def period_name(cycle: Cycle, period: int) -> str:
    """ "Triwulan II 2026", or the annual evaluation of the year for period 0."""
    if period == ANNUAL:
        return _("The annual evaluation %(year)s") % {"year": cycle.year}
    found = cycle.period(period)
    return f"{found.label if found else period} {cycle.year}"


def closure_refusal(closure: PeriodClosure) -> str:
    return _("%(period)s was closed on %(date)s by the BKD.") % {
        "period": period_name(closure.cycle, closure.period),
        "date": formats.date_format(timezone.localtime(closure.closed_at), "j F Y"),
    }


def require_cycle_not_closed(cycle: Cycle, period: int | None = None) -> None:
    """Refuse a change in a closed cycle or, given a period (0 = the annual evaluation), in a
    closed period. For the services that are not bound to a window (objections, acknowledging a
    result, calibration): the window services are covered by window_state."""
    if cycle.status == CycleStatus.CLOSED:
        raise DomainError(
            _("The %(year)s cycle is closed; nothing in it can change.") % {"year": cycle.year}
        )
    if period is not None:
        closure = closure_in_force(cycle, period)
        if closure is not None:
            raise DomainError(closure_refusal(closure))


def skp_window(skp, today: dt.date | None = None) -> WindowState:
    """The SKP window for the owner (today by default): one query. A page that asks more than
    once, or hands it to the service that saves, reads it once and passes it on (`state=` below,
    `window=` of the plans' save services)."""
    return window_state(
        skp.cycle,
        WindowKind.SKP,
        employee_id=skp.employee_id,
        opd_id=skp.position.unit.opd_id or skp.position.unit_id,
        today=today,
    )


def period_window(skp: Skp, period: int) -> WindowState:
    """The window of one period of the plan, for its owner today (their extensions count)."""
    return window_state(
        skp.cycle,
        WindowKind.PERIOD,
        period,
        employee_id=skp.employee_id,
        opd_id=skp.position.unit.opd_id or skp.position.unit_id,
    )


def require_open(state: WindowState) -> None:
    if not state.is_open:
        raise DomainError(state.refusal)


def skp_refusal(skp, today: dt.date | None = None, *, state: WindowState | None = None) -> str:
    """Why this SKP cannot be written, submitted or decided now ('' when it can).

    The SKP window governs the plans that start with the year. A revision, or the plan of someone
    who moved mid-year, is written when the need arises: the open cycle is enough for those.
    `state`: the skp_window already computed by the caller (saves its query).
    """
    state = state or skp_window(skp, today)
    if not state.cycle_open:
        return state.refusal
    if skp.version > 1 or skp.start_date > dt.date(skp.cycle.year, 1, 1):
        return ""
    return state.refusal


def require_skp_open(
    skp, today: dt.date | None = None, *, state: WindowState | None = None
) -> None:
    refusal = skp_refusal(skp, today, state=state)
    if refusal:
        raise DomainError(refusal)


def finalisation_covering(skp: Skp, period: int) -> UnitFinalisation | None:
    """The finalisation of the SKP's unit, or of a unit above it, for the period: the employee
    counts in that unit's distribution, so their rating may no longer change. Usually one query."""
    unit = skp.position.unit
    opd_id = opd_id_of(unit)
    found = list(
        UnitFinalisation.objects.filter(
            cycle_id=skp.cycle_id, period=period, reopened_at__isnull=True
        ).filter(Q(unit__opd_id=opd_id) | Q(unit_id=opd_id))
    )
    if not found:
        return None
    above = set(ancestor_ids(unit.pk, opd_tree(unit)))
    return next((f for f in found if f.unit_id in above), None)
