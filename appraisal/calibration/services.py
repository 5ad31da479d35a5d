"""Calibration (domain §6): the organisational predicate, the distribution pattern, finalising.

Three steps (SE MenPANRB 3/2023): the leader one level up sets the unit's predikat kinerja
organisasi; that fixes the allowed pola distribusi of employee predicates; PPKs score with the
pattern in view until the unit is finalised. Finalising lists the breaches; under the cycle's
breach policy it either only warns or needs a written justification. Breaches and justification
are kept on the UnitFinalisation. Every write is audited through simple-history with a reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.org.models import OrgUnit
from accounts.org.selectors import opd_tree, subtree_ids
from appraisal import rules
from appraisal.calibration.models import DistributionLimit
from appraisal.calibration.policies import (
    is_leader_above,
    may_edit_pattern,
    may_finalise,
    may_override_unrated,
    may_reopen,
    may_set_predicate,
)
from appraisal.calibration.selectors import Unrated, unit_evaluations, unrated_employees
from appraisal.choices import ANNUAL, BreachPolicy, CycleStatus, EvaluationStatus
from appraisal.cycles.models import Cycle, UnitFinalisation, UnitPredicate
from appraisal.cycles.windows import require_cycle_not_closed
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, save_with_reason

Limits = dict[rules.OrgPredicate, tuple[rules.Limit, ...]]


# ------------------------------------------------------------------------ distribution pattern
def limits_for(cycle: Cycle) -> Limits:
    """The cycle's pattern (its DistributionLimit rows), else the default of domain §6. One query.

    Once the admin BKD saved a table, an organisational predicate without rows has no limits."""
    rows = list(DistributionLimit.objects.filter(cycle=cycle).order_by("order", "pk"))
    if not rows:
        return dict(rules.DEFAULT_LIMITS)
    found: dict[rules.OrgPredicate, list[rules.Limit]] = {p: [] for p in rules.OrgPredicate}
    for row in rows:
        found[rules.OrgPredicate[row.org_predicate]].append(
            rules.Limit(
                tuple(rules.Predicate[name] for name in row.predicates.split(",") if name),
                rules.Bound(row.bound),
                row.percent,
                row.minimum,
            )
        )
    return {key: tuple(value) for key, value in found.items()}


def _clean_limit(row: Mapping) -> tuple[str, rules.Limit]:
    try:
        org = rules.OrgPredicate[row["org_predicate"]]
        predicates = tuple(rules.Predicate[name] for name in row["predicates"])
        bound = rules.Bound(row["bound"])
        percent = Decimal(str(row.get("percent") or 0))
        minimum = int(row.get("minimum") or 0)
    except (KeyError, ValueError, InvalidOperation) as error:
        raise DomainError(_("A row of the distribution pattern is not valid.")) from error
    if not predicates:
        raise DomainError(_("Each row of the pattern needs at least one employee predicate."))
    if not Decimal(0) <= percent <= Decimal(100) or minimum < 0:
        raise DomainError(_("A share must lie between 0 and 100 %, a minimum cannot be negative."))
    return org.name, rules.Limit(predicates, bound, percent, minimum)


@transaction.atomic
def limits_save(
    cycle: Cycle,
    rows: Iterable[Mapping],
    *,
    actor: Actor,
    reason: str,
    breach_policy: str | None = None,
) -> Limits:
    """Replace the cycle's distribution pattern (admin BKD, with a reason; audited).

    `rows`: mappings with org_predicate and predicates (member names), bound, percent, minimum.
    The breach policy (warn or require a justification) is saved with it when given."""
    if not may_edit_pattern(actor.roles):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give a reason for changing the distribution pattern."))
    if cycle.status == CycleStatus.CLOSED:
        raise DomainError(_("This cycle is closed; its distribution pattern can no longer change."))
    cleaned = [_clean_limit(row) for row in rows]
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    for old in DistributionLimit.objects.filter(cycle=locked):
        delete_with_reason(old, reason, actor=actor)
    for order, (org_name, limit) in enumerate(cleaned):
        row = DistributionLimit(
            cycle=locked,
            org_predicate=org_name,
            predicates=",".join(p.name for p in limit.predicates),
            bound=limit.bound.value,
            percent=limit.percent,
            minimum=limit.minimum,
            order=order,
        )
        save_with_reason(row, reason, actor=actor)
    if breach_policy is not None and breach_policy != locked.breach_policy:
        if breach_policy not in BreachPolicy.values:
            raise DomainError(_("Choose a breach policy from the list."))
        locked.breach_policy = breach_policy
        save_with_reason(locked, reason, actor=actor, update_fields=["breach_policy"])
        cycle.breach_policy = breach_policy
    return limits_for(locked)


# ----------------------------------------------------------------------------------- counting
def unit_counts(
    cycle: Cycle, unit: OrgUnit, period: int, unit_ids: list[int] | None = None
) -> Counter[rules.Predicate]:
    """How many of the unit's employees (the unit and its subunits) hold each predicate, over
    their FINALISED evaluations of the period. One query (two without `unit_ids`)."""
    if unit_ids is None:
        unit_ids = subtree_ids(unit.pk, opd_tree(unit))
    return counts_of(unit_evaluations(cycle, unit_ids, period))


def counts_of(evaluations) -> Counter[rules.Predicate]:
    return Counter(
        rules.Predicate[e.predicate]
        for e in evaluations
        if e.status == EvaluationStatus.FINALISED and e.predicate
    )


def breach_json(breach: rules.Breach) -> dict:
    return {
        "predicates": [p.name for p in breach.predicates],
        "bound": breach.limit.bound.value,
        "percent": str(breach.limit.percent),
        "minimum": breach.limit.minimum,
        "allowed": breach.allowed,
        "actual": breach.actual,
    }


def breach_sentence(org_label: str, item: rules.Breach | Mapping) -> str:
    """A breach in words a kepala dinas understands (from a Breach or its stored JSON)."""
    if isinstance(item, rules.Breach):
        item = breach_json(item)
    labels = [rules.Predicate[name].label for name in item["predicates"]]
    # Outside the f-string: makemessages does not read a call inside one.
    conjunction = _("or")
    predicates = f" {conjunction} ".join(labels)
    values = {
        "predicates": predicates,
        "actual": item["actual"],
        "org": org_label,
        "allowed": item["allowed"],
    }
    if item["bound"] == rules.Bound.AT_MOST.value:
        return (
            _(
                "The predicate %(predicates)s was given to %(actual)s employee(s); the "
                "distribution pattern of a unit rated %(org)s allows at most %(allowed)s."
            )
            % values
        )
    return (
        _(
            "The predicate %(predicates)s was given to %(actual)s employee(s); the distribution "
            "pattern of a unit rated %(org)s needs at least %(allowed)s."
        )
        % values
    )


def limit_sentence(limit: rules.Limit, people: str | None = None) -> str:
    """One limit as a short phrase: "Sangat Baik ≤ 70 %", "Butuh Perbaikan + Kurang ≥ 1 pegawai"."""
    labels = " + ".join(p.label for p in limit.predicates)
    sign = "≤" if limit.bound is rules.Bound.AT_MOST else "≥"
    parts = []
    if limit.percent or not limit.minimum:
        parts.append(f"{limit.percent.normalize():f} %".replace(".", ","))
    if limit.minimum:
        words = people or _("%(count)s employee(s)")
        parts.append(words % {"count": limit.minimum})
    return f"{labels} {sign} {' / '.join(parts)}"


# ---------------------------------------------------------------------------------- guards
def _lock_unit(unit: OrgUnit) -> None:
    # Setting the predicate and finalising check then write: the unit's row serialises them.
    OrgUnit.objects.select_for_update().filter(pk=unit.pk).first()


def _require_period(cycle: Cycle, period: int) -> None:
    if period != ANNUAL and cycle.period(period) is None:
        raise DomainError(_("This cycle has no such period."))
    if cycle.status == CycleStatus.CLOSED:
        raise DomainError(_("This cycle is closed."))
    require_cycle_not_closed(cycle, period)  # a closed period refuses too


# ---------------------------------------------------------------------------------- services
@transaction.atomic
def unit_predicate_set(
    cycle: Cycle,
    unit: OrgUnit,
    period: int,
    predicate: str,
    *,
    actor: Actor,
    reason: str = "",
) -> UnitPredicate:
    """Set the unit's organisational predicate for a period (0 = the year).

    Allowed for the leader one level up (the parent unit's head, or the kepala of the OPD for its
    subunits), or for an admin BKD on their behalf with a reason. Refused once the unit is
    finalised for the period. Audited (simple-history, with the reason)."""
    if not may_set_predicate(actor.roles, unit):
        raise PermissionDenied
    reason = reason.strip()
    leader = is_leader_above(actor.roles, unit)
    if not leader and not reason:
        raise DomainError(
            _("Give the reason for setting the predicate on behalf of the leader one level up.")
        )
    if predicate not in rules.OrgPredicate.__members__:
        raise DomainError(_("Choose an organisational predicate from the list."))
    _require_period(cycle, period)
    _lock_unit(unit)
    if UnitFinalisation.objects.filter(
        cycle=cycle, unit=unit, period=period, reopened_at__isnull=True
    ).exists():
        raise DomainError(
            _("This unit is finalised for the period; its predicate can no longer change.")
        )
    current = (
        UnitPredicate.objects.select_for_update()
        .filter(cycle=cycle, unit=unit, period=period)
        .first()
    ) or UnitPredicate(cycle=cycle, unit=unit, period=period)
    current.predicate = predicate
    current.reason = reason
    current.set_by = actor.user
    current.on_behalf = not leader  # the Penetapan is then signed "a.n." the leader
    save_with_reason(current, reason or _("Set by the leader one level up"), actor=actor)
    return current


def unrated_refusal(unrated: list[Unrated]) -> str:
    """The refusal naming who still has no finalised result (the first ten, then how many more)."""
    shown = ", ".join(f"{person.name} ({person.nip})" for person in unrated[:10])
    more = len(unrated) - 10
    if more > 0:
        shown += " " + _("and %(count)s more") % {"count": more}
    return _(
        "%(count)s employee(s) with an approved SKP have no finalised evaluation for this "
        "period: %(names)s. Their PPK must finalise them first."
    ) % {"count": len(unrated), "names": shown}


def _unrated_check(
    cycle: Cycle, unit_ids: list[int], period: int, unrated_reason: str, actor: Actor
) -> list[Unrated]:
    """Who must be rated and is not; refused unless the admin BKD overrides with a reason."""
    unrated = unrated_employees(cycle, unit_ids, period)
    if unrated and not (may_override_unrated(actor.roles) and unrated_reason):
        raise DomainError(unrated_refusal(unrated))
    return unrated


@transaction.atomic
def unit_finalise(
    cycle: Cycle,
    unit: OrgUnit,
    period: int,
    justification: str,
    *,
    actor: Actor,
    unrated_reason: str = "",
) -> UnitFinalisation:
    """Declare the unit's employee predicates final for the period, with the breaches found.

    Needs the organisational predicate, and a finalised evaluation for everyone who must be rated
    (an approved SKP covering the period): otherwise refused naming them, unless the admin BKD
    finalises anyway with `unrated_reason` (kept, with the names, and in the history). Breaches
    are computed over everyone who must be rated against the cycle's pattern; under
    BreachPolicy.JUSTIFY a unit with breaches needs a written justification, under WARN it is
    finalised anyway. Breaches (as JSON) and the justification are kept."""
    if not may_finalise(actor.roles, unit):
        raise PermissionDenied
    _require_period(cycle, period)
    _lock_unit(unit)
    if UnitFinalisation.objects.filter(
        cycle=cycle, unit=unit, period=period, reopened_at__isnull=True
    ).exists():
        raise DomainError(_("This unit is already finalised for the period."))
    org = UnitPredicate.objects.filter(cycle=cycle, unit=unit, period=period).first()
    if org is None:
        raise DomainError(_("Set the unit's organisational predicate before finalising."))
    unit_ids = subtree_ids(unit.pk, opd_tree(unit))
    unrated_reason = unrated_reason.strip()
    unrated = _unrated_check(cycle, unit_ids, period, unrated_reason, actor)
    org_predicate = rules.OrgPredicate[org.predicate]
    counts = unit_counts(cycle, unit, period, unit_ids)
    size = rules.distribution_size(counts, len(unrated))
    breaches = rules.distribution_breaches(org_predicate, counts, limits_for(cycle), size)
    justification = justification.strip()
    if breaches and cycle.breach_policy == BreachPolicy.JUSTIFY and not justification:
        listed = " ".join(breach_sentence(org_predicate.label, b) for b in breaches)
        raise DomainError(
            _("The unit breaches its distribution pattern: %(breaches)s Write a justification.")
            % {"breaches": listed}
        )
    finalisation = UnitFinalisation(
        cycle=cycle,
        unit=unit,
        period=period,
        breaches=[breach_json(b) for b in breaches],
        justification=justification,
        unrated=[{"nip": p.nip, "name": p.name} for p in unrated] if unrated_reason else [],
        unrated_reason=unrated_reason if unrated else "",
        finalised_by=actor.user,
    )
    reason = _finalise_reason(justification, unrated, unrated_reason)
    save_with_reason(finalisation, reason, actor=actor)
    return finalisation


def _finalise_reason(justification: str, unrated: list[Unrated], unrated_reason: str) -> str:
    parts = [justification] if justification else []
    if unrated:
        parts.append(
            _("Finalised without %(count)s result(s): %(reason)s")
            % {"count": len(unrated), "reason": unrated_reason}
        )
    return " · ".join(parts) or _("Finalised")


@transaction.atomic
def unit_reopen(finalisation: UnitFinalisation, reason: str, *, actor: Actor) -> UnitFinalisation:
    """The admin BKD reopens a finalised unit with a reason (kept, and in the history): its
    members' ratings and its organisational predicate may change again until it is finalised
    anew (a new UnitFinalisation; this one stays, reopened, as the record)."""
    if not may_reopen(actor.roles):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for reopening."))
    locked = (
        UnitFinalisation.objects.select_for_update().select_related("cycle").get(pk=finalisation.pk)
    )
    if locked.reopened_at is not None:
        raise DomainError(_("This unit has already been reopened for the period."))
    _require_period(locked.cycle, locked.period)
    locked.reopened_at = timezone.now()
    locked.reopened_by = actor.user
    locked.reopen_reason = reason
    save_with_reason(
        locked, reason, actor=actor, update_fields=["reopened_at", "reopened_by", "reopen_reason"]
    )
    return locked
