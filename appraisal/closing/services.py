"""Closing (domain §2): the admin BKD closes each period, then the annual cycle; reopening needs a
reason. Every transition is recorded in the history with who did it and why.

A closed period (a PeriodClosure in force) refuses every change in it through windows.window_state
and windows.require_cycle_not_closed; a closed cycle refuses everything through its status.

The employee's rights come before closing (issue 20, point 2): while an objection awaits its
decision or an objection window still runs (closing.selectors.pending_rights), closing is refused
unless the admin BKD writes the reason for closing anyway; the reason and what was pending are
kept on the closure and in its history. An objection filed in time is decided after closing.
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
from appraisal.closing.selectors import PendingRights, pending_rights
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


def rights_refusal(rights: PendingRights) -> str:
    return _(
        "The employees' rights are still running: %(objections)s objection(s) await a decision "
        "and %(windows)s objection window(s) are still open. Wait until they end, or write the "
        "reason for closing now (it is recorded)."
    ) % {"objections": rights.objection_count, "windows": rights.window_count}


def _rights_check(cycle: Cycle, periods: list[int], reason: str) -> dict:
    """What the closure keeps of the rights still running (empty when none): refused unless
    `reason` is written (the closer is the admin BKD, _require_closer)."""
    rights = pending_rights(cycle, periods)
    if not rights.total:
        return {}
    if not reason:
        raise DomainError(rights_refusal(rights))
    return rights.summary()


def _closing_reason(default: str, rights_reason: str) -> str:
    if not rights_reason:
        return default
    return _("%(action)s before the objections ended: %(reason)s") % {
        "action": default,
        "reason": rights_reason,
    }


def _gap_refusal(count: int) -> str:
    return _(
        "%(count)s gaps remain. Confirm that you close with these gaps; they are recorded with "
        "the closure."
    ) % {"count": count}


@transaction.atomic
def period_close(
    cycle: Cycle,
    period: int,
    *,
    actor: Actor,
    confirm_gaps: bool = False,
    rights_reason: str = "",
) -> PeriodClosure:
    """Close one period (0 = the annual evaluation): nothing in it may change until reopened.

    The completeness report is taken inside the transaction; with gaps the caller must confirm,
    and the gaps (counts per OPD and kind, the first NIPs) are stored with the closure. With
    objections undecided or objection windows running, `rights_reason` must say why it closes
    now (stored with what was pending)."""
    _require_closer(actor)
    locked = _lock_cycle(cycle)
    _require_open_cycle(locked)
    if period not in closable_periods(locked):
        raise DomainError(_("This period does not exist in the cycle."))
    if PeriodClosure.objects.filter(cycle=locked, period=period, reopened_at__isnull=True).exists():
        raise DomainError(
            _("%(period)s is already closed.") % {"period": period_name(locked, period)}
        )
    rights_reason = (rights_reason or "").strip()
    rights = _rights_check(locked, [period], rights_reason)
    summary = gaps_summary(completeness(locked, period))
    if summary["gap_count"] and not confirm_gaps:
        raise DomainError(_gap_refusal(summary["gap_count"]))
    closure = PeriodClosure(
        cycle=locked,
        period=period,
        closed_by=actor.user,
        gaps=summary,
        gap_count=summary["gap_count"],
        rights=rights,
        rights_reason=rights_reason if rights else "",
    )
    reason = _closing_reason(_("Closed"), closure.rights_reason)
    try:
        # The cycle row is locked, but SQLite has no row locks: the partial unique constraint
        # is the last word on "one closure in force per period".
        with transaction.atomic():
            save_with_reason(closure, reason, actor=actor)
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
def cycle_close(
    cycle: Cycle, *, actor: Actor, confirm_gaps: bool = False, rights_reason: str = ""
) -> Cycle:
    """Close the annual cycle: every period not yet closed and the annual evaluation are closed
    (one bulk insert, each with its gaps), and the cycle's status becomes closed (one UPDATE).

    With gaps in any of those periods the caller must confirm; with objections undecided or
    objection windows running in any period of the year, `rights_reason` must say why."""
    _require_closer(actor)
    locked = _lock_cycle(cycle)
    _require_open_cycle(locked)
    rights_reason = (rights_reason or "").strip()
    rights = _rights_check(locked, closable_periods(locked), rights_reason)
    rights_reason = rights_reason if rights else ""
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
                rights=rights,
                rights_reason=rights_reason,
            )
            for period, summary in summaries.items()
        ],
        PeriodClosure,
        **history_options(_closing_reason(_("Closed with the cycle"), rights_reason), actor=actor),
    )
    locked.status = CycleStatus.CLOSED
    reason = _closing_reason(_("Cycle closed"), rights_reason)
    save_with_reason(locked, reason, actor=actor, update_fields=["status"])
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
