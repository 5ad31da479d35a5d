"""Closing (domain §2): the admin BKD closes each period, then the annual cycle; reopening needs a
reason. Every transition is recorded in the history with who did it and why.

A closed period (a PeriodClosure in force) refuses every change in it through windows.window_state
and windows.require_cycle_not_closed; a closed cycle refuses everything through its status.
Closing is set-based: the completeness report is a fixed number of queries, the closures of a
cycle are one bulk insert and the cycle's status one UPDATE, whatever the number of employees.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from appraisal.choices import ANNUAL, CycleStatus
from appraisal.closing.completeness import completeness, gaps_summary
from appraisal.closing.policies import may_close
from appraisal.cycles.models import Cycle, PeriodClosure
from appraisal.cycles.windows import period_name
from core.actor import Actor
from core.errors import DomainError
from core.history import history_options, save_with_reason


def closable_periods(cycle: Cycle) -> list[int]:
    """Every period of the cycle, then the annual evaluation (0), in closing order."""
    return [p.number for p in cycle.periods] + [ANNUAL]


def _require_closer(actor: Actor) -> None:
    # A person must be the admin BKD (as on the pages); the system (a script) may close.
    if not actor.is_system and not may_close(actor.roles):
        raise PermissionDenied


def _lock_cycle(cycle: Cycle) -> Cycle:
    return Cycle.objects.select_for_update().get(pk=cycle.pk)


def _require_open_cycle(cycle: Cycle) -> None:
    if cycle.status == CycleStatus.CLOSED:
        raise DomainError(_("The %(year)s cycle is closed.") % {"year": cycle.year})
    if cycle.status != CycleStatus.OPEN:
        raise DomainError(_("Only an open cycle can be closed."))


def _gap_refusal(count: int) -> str:
    return _(
        "%(count)s gaps remain. Confirm that you close with these gaps; they are recorded with "
        "the closure."
    ) % {"count": count}


@transaction.atomic
def period_close(
    cycle: Cycle, period: int, *, actor: Actor, confirm_gaps: bool = False
) -> PeriodClosure:
    """Close one period (0 = the annual evaluation): nothing in it may change until reopened.

    The completeness report is taken inside the transaction; with gaps the caller must confirm,
    and the gaps (counts per OPD and kind, the first NIPs) are stored with the closure."""
    _require_closer(actor)
    locked = _lock_cycle(cycle)
    _require_open_cycle(locked)
    if period not in closable_periods(locked):
        raise DomainError(_("This period does not exist in the cycle."))
    if PeriodClosure.objects.filter(cycle=locked, period=period, reopened_at__isnull=True).exists():
        raise DomainError(
            _("%(period)s is already closed.") % {"period": period_name(locked, period)}
        )
    summary = gaps_summary(completeness(locked, period))
    if summary["gap_count"] and not confirm_gaps:
        raise DomainError(_gap_refusal(summary["gap_count"]))
    closure = PeriodClosure(
        cycle=locked,
        period=period,
        closed_by=actor.user,
        gaps=summary,
        gap_count=summary["gap_count"],
    )
    try:
        # The cycle row is locked, but SQLite has no row locks: the partial unique constraint
        # is the last word on "one closure in force per period".
        with transaction.atomic():
            save_with_reason(closure, _("Closed"), actor=actor)
    except IntegrityError:
        raise DomainError(
            _("%(period)s is already closed.") % {"period": period_name(locked, period)}
        ) from None
    return closure


@transaction.atomic
def period_reopen(closure: PeriodClosure, reason: str, *, actor: Actor) -> PeriodClosure:
    """Reopen a closed period with a reason: its windows answer by their dates again."""
    _require_closer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for reopening."))
    locked = PeriodClosure.objects.select_for_update().select_related("cycle").get(pk=closure.pk)
    if locked.reopened_at is not None:
        raise DomainError(_("This period has already been reopened."))
    if locked.cycle.status == CycleStatus.CLOSED:
        raise DomainError(_("The cycle is closed: reopen the cycle first."))
    locked.reopened_at = timezone.now()
    locked.reopened_by = actor.user
    locked.reopen_reason = reason
    save_with_reason(
        locked, reason, actor=actor, update_fields=["reopened_at", "reopened_by", "reopen_reason"]
    )
    return locked


@transaction.atomic
def cycle_close(cycle: Cycle, *, actor: Actor, confirm_gaps: bool = False) -> Cycle:
    """Close the annual cycle: every period not yet closed and the annual evaluation are closed
    (one bulk insert, each with its gaps), and the cycle's status becomes closed (one UPDATE).

    With gaps in any of those periods the caller must confirm."""
    _require_closer(actor)
    locked = _lock_cycle(cycle)
    _require_open_cycle(locked)
    already = set(
        PeriodClosure.objects.filter(cycle=locked, reopened_at__isnull=True).values_list(
            "period", flat=True
        )
    )
    summaries = {
        period: gaps_summary(completeness(locked, period))
        for period in closable_periods(locked)
        if period not in already
    }
    count = sum(summary["gap_count"] for summary in summaries.values())
    if count and not confirm_gaps:
        raise DomainError(_gap_refusal(count))
    bulk_create_with_history(
        [
            PeriodClosure(
                cycle=locked,
                period=period,
                closed_by=actor.user,
                gaps=summary,
                gap_count=summary["gap_count"],
            )
            for period, summary in summaries.items()
        ],
        PeriodClosure,
        **history_options(_("Closed with the cycle"), actor=actor),
    )
    locked.status = CycleStatus.CLOSED
    save_with_reason(locked, _("Cycle closed"), actor=actor, update_fields=["status"])
    return locked


@transaction.atomic
def cycle_reopen(cycle: Cycle, reason: str, *, actor: Actor) -> Cycle:
    """Reopen a closed cycle with a reason. Its periods stay closed: the admin reopens the one
    that needs a change, so that the rest of the year stays locked."""
    _require_closer(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for reopening."))
    locked = _lock_cycle(cycle)
    if locked.status != CycleStatus.CLOSED:
        raise DomainError(_("Only a closed cycle can be reopened."))
    locked.status = CycleStatus.OPEN
    save_with_reason(locked, reason, actor=actor, update_fields=["status"])
    return locked
