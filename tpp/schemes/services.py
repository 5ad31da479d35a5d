"""Changes to a cycle's TPP scheme. A change never reaches a month already locked: it is saved as
the version that applies from the first month no OPD has locked yet, and recorded with its reason."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from appraisal.cycles.models import Cycle
from appraisal.rules import Predicate
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, history_options, save_with_reason
from tpp import rules
from tpp.choices import BasisKind, MonthState, PerformanceMeasure
from tpp.schemes.models import Basis, SchemeVersion
from tpp.schemes.policies import require_tpp_admin

# Example bases per post class (kelas jabatan 1–17), in rupiah: the shape of a mid-sized
# regency's Perkada, shown as an example until the BKD types its own.
EXAMPLE_CLASS_BASES = {
    1: 1_500_000, 2: 1_650_000, 3: 1_800_000, 4: 2_000_000, 5: 2_250_000, 6: 2_500_000,
    7: 2_800_000, 8: 3_200_000, 9: 3_600_000, 10: 4_100_000, 11: 4_700_000, 12: 5_500_000,
    13: 6_500_000, 14: 8_000_000, 15: 10_000_000, 16: 13_000_000, 17: 17_000_000,
}  # fmt: skip

SCHEME_FIELDS = (
    "performance_share",
    "discipline_share",
    "measure",
    "predicate_percent",
    "no_predicate_percent",
    "late_percent",
    "early_percent",
    "absence_percent",
    "leave_percent",
    "deduction_cap",
    "attendance_base",
    "acting_rule",
    "acting_percent",
)


def example_values() -> dict:
    """The example scheme of tpp.rules as stored values."""
    scheme = rules.example_scheme()
    return {
        "performance_share": scheme.performance_share,
        "discipline_share": scheme.discipline_share,
        "measure": PerformanceMeasure.PREDICATE,
        "predicate_percent": {p.name: str(v) for p, v in scheme.predicate_percent.items()},
        "no_predicate_percent": scheme.no_predicate_percent,
        "late_percent": [str(p) for p in scheme.late_percent],
        "early_percent": [str(p) for p in scheme.early_percent],
        "absence_percent": scheme.absence_percent,
        "leave_percent": {k: str(v) for k, v in scheme.leave_percent.items()},
        "deduction_cap": scheme.deduction_cap,
        "attendance_base": scheme.attendance_base.value,
        "acting_rule": scheme.acting_rule.value,
        "acting_percent": scheme.acting_percent,
    }


def first_open_month(cycle: Cycle) -> int | None:
    """The first month of the cycle's year after the last one any OPD has locked; None when
    December is locked. Read through the months' relation to the version they were computed by."""
    locked = SchemeVersion.objects.filter(cycle=cycle, months__state=MonthState.LOCKED)
    last = locked.aggregate(last=Max("months__month"))["last"]
    if last is None:
        return 1
    return last + 1 if last < 12 else None


def scheme_start(cycle: Cycle, *, actor: Actor) -> SchemeVersion:
    """The cycle's first version: the example values and example class bases, marked as an
    example until the BKD saves its own."""
    require_tpp_admin(actor)
    with transaction.atomic():
        if SchemeVersion.objects.filter(cycle=cycle).exists():
            raise DomainError(_("This cycle already has a TPP scheme."))
        version = SchemeVersion(
            cycle=cycle,
            effective_month=1,
            is_example=True,
            created_by=actor.user,
            **example_values(),
        )
        save_with_reason(version, _("Example scheme"), actor=actor)
        set_bases(version, BasisKind.CLASS, EXAMPLE_CLASS_BASES, _("Example scheme"), actor=actor)
    return version


def version_save(
    cycle: Cycle,
    values: dict,
    class_bases: dict[int, int],
    reason: str,
    *,
    actor: Actor,
    jenjang_bases: dict[tuple[str, str], int] | None = None,
) -> SchemeVersion:
    """Save the scheme's numbers, class bases and (when given) the bases typed per functional
    level from the first open month (version_for_change). Refused once every month is locked."""
    _check(values)
    with transaction.atomic():
        version = version_for_change(cycle, reason, actor=actor)
        for name in SCHEME_FIELDS:
            setattr(version, name, values[name])
        version.is_example = False
        save_with_reason(version, version.reason, actor=actor)
        set_bases(version, BasisKind.CLASS, class_bases, version.reason, actor=actor)
        if jenjang_bases is not None:
            set_bases(version, BasisKind.JENJANG, jenjang_bases, version.reason, actor=actor)
    return version


def version_for_change(cycle: Cycle, reason: str, *, actor: Actor) -> SchemeVersion:
    """The version a change is written to: the one starting at the first month no OPD has
    locked, or a new one starting then, copied from the version in force (its numbers and
    bases). Saved with `reason`; refused when every month is locked or there is no scheme."""
    require_tpp_admin(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the scheme changes."))
    with transaction.atomic():
        Cycle.objects.select_for_update().get(pk=cycle.pk)  # one change of the scheme at a time
        month = first_open_month(cycle)
        if month is None:
            raise DomainError(
                _("Every month of %(year)s is locked: the scheme can no longer change.")
                % {"year": cycle.year}
            )
        current = (
            SchemeVersion.objects.filter(cycle=cycle, effective_month__lte=month)
            .order_by("-effective_month")
            .first()
        )
        if current is None:
            raise DomainError(_("Start from the example scheme first."))
        if current.effective_month == month:
            version = current
        else:
            version = SchemeVersion(
                cycle=cycle,
                effective_month=month,
                **{n: getattr(current, n) for n in SCHEME_FIELDS},
            )
        version.reason = reason
        version.created_by = actor.user
        save_with_reason(version, reason, actor=actor)
        if current.pk != version.pk:
            _copy_bases(current, version, reason, actor)
    return version


def _check(values: dict) -> None:
    if Decimal(values["performance_share"]) + Decimal(values["discipline_share"]) != 100:
        raise DomainError(_("The performance and discipline shares must add up to 100%."))
    missing = [p.label for p in Predicate if p.name not in values["predicate_percent"]]
    if missing:
        raise DomainError(
            _("A percentage is missing for: %(list)s.") % {"list": ", ".join(missing)}
        )
    if len(values["late_percent"]) != rules.BANDS or len(values["early_percent"]) != rules.BANDS:
        raise DomainError(_("Give a percentage for each of the four bands."))


def _copy_bases(source: SchemeVersion, target: SchemeVersion, reason: str, actor: Actor) -> None:
    copies = [
        Basis(
            version=target,
            kind=row.kind,
            kelas=row.kelas,
            position_kind=row.position_kind,
            jenjang=row.jenjang,
            position_id=row.position_id,
            amount=row.amount,
        )
        for row in source.bases.all()
    ]
    if copies:
        bulk_create_with_history(copies, Basis, **history_options(reason, actor=actor))


def _key(kind: str, row: Basis):
    if kind == BasisKind.CLASS:
        return row.kelas
    if kind == BasisKind.JENJANG:
        return (row.position_kind, row.jenjang)
    return row.position_id


def _row(version: SchemeVersion, kind: str, key, amount: int) -> Basis:
    if kind == BasisKind.CLASS:
        return Basis(version=version, kind=kind, kelas=key, amount=amount)
    if kind == BasisKind.JENJANG:
        return Basis(
            version=version, kind=kind, position_kind=key[0], jenjang=key[1], amount=amount
        )
    return Basis(version=version, kind=kind, position_id=key, amount=amount)


def set_bases(
    version: SchemeVersion,
    kind: str,
    amounts: dict,
    reason: str,
    *,
    actor: Actor,
    only_given: bool = False,
) -> None:
    """Make the version's bases of `kind` (a BasisKind) the `amounts` {key: rupiah}, keyed by
    post class, by (position type, jenjang) or by position id. Only what differs is written,
    each change with a history row naming `reason` and the actor. A key missing from `amounts`
    is removed, unless `only_given` (a workbook naming some posts). A class without an amount
    (None or 0) has no basis; a jenjang's 0 is a basis (the level is paid nothing), unlike None.
    """
    keep_zero = kind != BasisKind.CLASS
    wanted = {
        key: amount
        for key, amount in amounts.items()
        if amount is not None and (amount or keep_zero)
    }
    existing = {_key(kind, row): row for row in version.bases.filter(kind=kind)}
    changed = []
    for key, amount in wanted.items():
        row = existing.get(key)
        if row is not None and row.amount != amount:
            row.amount = amount
            changed.append(row)
    created = [_row(version, kind, k, a) for k, a in sorted(wanted.items()) if k not in existing]
    options = history_options(reason, actor=actor)
    if changed:
        bulk_update_with_history(changed, Basis, ["amount"], **options)
    if created:
        bulk_create_with_history(created, Basis, **options)
    if not only_given:
        for key, row in existing.items():
            if key not in wanted:
                delete_with_reason(row, reason, actor=actor)
