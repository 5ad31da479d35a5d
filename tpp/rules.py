"""One employee's TPP for one month, as pure functions (no Django; import-linter checks).

TPP (Tambahan Penghasilan Pegawai) is set by each region's Perkada within Kemendagri's guidance;
every number here comes from the scheme (integrations brief §4). The shape computed:

    basis      the post's TPP basis, prorated by the days spent in each post during the month;
               an acting post (Plt) adds to it by the scheme's Plt rule
    kinerja    basis × performance share × the predicate's (or monthly score's) percentage
    disiplin   basis × discipline share
    bruto      kinerja + disiplin
    potongan   attendance (late/early bands, absence, reducing leave), capped per month, taken from
               the discipline share or from bruto as the scheme says; then disciplinary penalties
               (a percentage of bruto); never more than bruto
    diterima   bruto − potongan

**Rounding, stated once**: every amount is rounded down to the whole rupiah, line by line, and the
totals are sums of rounded lines. Rounding down is the one direction that keeps each sum within
its basis (two halves rounded up would pay a rupiah the basis does not have), and it keeps a
recap's totals equal to the sum of its lines, which is what the BKAD checks before paying.
Percentages are kept exact (Decimal) until the amount they produce is rounded.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from appraisal.rules import Predicate

HUNDRED = Decimal(100)
ZERO = Decimal(0)
BANDS = 4  # TL1–TL4 and PSW1–PSW4


class AttendanceBase(enum.Enum):
    """What attendance deductions are a percentage of."""

    DISCIPLINE_SHARE = "discipline"
    GROSS = "gross"


class ActingRule(enum.Enum):
    """How a Plt (acting head of a higher or equal post) is paid for the days acting."""

    OWN_PLUS_PERCENT = "own_plus_percent"  # own basis + a percentage of the acting post's basis
    HIGHER_BASIS = "higher_basis"  # the higher of the two bases


class Exemption(enum.Enum):
    """A month's exemption: no attendance deductions (training, duty abroad) or no TPP at all
    (leave outside the state's care, study leave), as the region's Perkada lists them."""

    NO_ATTENDANCE_DEDUCTION = "no_attendance_deduction"
    NOT_PAID = "not_paid"


@dataclass(frozen=True)
class Scheme:
    """The numbers of one region's Perkada for one month. Percentages are 0–100."""

    performance_share: Decimal
    discipline_share: Decimal
    predicate_percent: Mapping[Predicate, Decimal]
    no_predicate_percent: Decimal
    late_percent: Sequence[Decimal]  # per occurrence, TL1..TL4
    early_percent: Sequence[Decimal]  # per occurrence, PSW1..PSW4
    absence_percent: Decimal  # per day of absence without leave
    leave_percent: Mapping[str, Decimal] = field(default_factory=dict)  # per day, by leave kind
    deduction_cap: Decimal = HUNDRED  # of the attendance base, per month
    attendance_base: AttendanceBase = AttendanceBase.DISCIPLINE_SHARE
    acting_rule: ActingRule = ActingRule.OWN_PLUS_PERCENT
    acting_percent: Decimal = Decimal(20)


@dataclass(frozen=True)
class Stint:
    """Days of the month spent in one post (and, for a Plt, acting in another)."""

    basis: int  # whole rupiah
    days: int
    acting_basis: int | None = None


@dataclass(frozen=True)
class Attendance:
    """A month's recap as attendance systems export it: occurrences per band, days."""

    late: Sequence[int] = (0, 0, 0, 0)
    early: Sequence[int] = (0, 0, 0, 0)
    absent_days: int = 0
    leave_days: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Deduction:
    """One attendance item: what, how many, percent each, percent in all (before the cap)."""

    code: str  # "TL1".."TL4", "PSW1".."PSW4", "TK", or "CUTI:<kind>"
    count: int
    percent_each: Decimal
    percent: Decimal


@dataclass(frozen=True)
class Computation:
    """The month's TPP line by line, as the employee's page and the recap show it."""

    basis: int
    performance_percent: Decimal
    performance_amount: int
    discipline_amount: int
    gross: int
    deductions: tuple[Deduction, ...]
    attendance_percent: Decimal  # after the cap
    attendance_capped: bool
    attendance_amount: int
    penalty_percent: Decimal
    penalty_amount: int
    deduction_total: int
    received: int
    exemption: Exemption | None = None


def rupiah(amount: Decimal) -> int:
    """Down to the whole rupiah (module docstring)."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_DOWN))


def _stint_basis(stint: Stint, scheme: Scheme) -> Decimal:
    if stint.acting_basis is None:
        return Decimal(stint.basis)
    if scheme.acting_rule is ActingRule.HIGHER_BASIS:
        return Decimal(max(stint.basis, stint.acting_basis))
    return stint.basis + Decimal(stint.acting_basis) * scheme.acting_percent / HUNDRED


def month_basis(stints: Sequence[Stint], days_in_month: int, scheme: Scheme) -> int:
    """The basis for the month: each post's basis weighted by its days (a mutasi or promotion
    mid-month is paid per calendar day in each post, the usual Perkada wording "dihitung secara
    proporsional sesuai jumlah hari"). Days beyond the month are not paid."""
    if days_in_month <= 0:
        raise ValueError("days_in_month must be positive")
    counted, total = 0, ZERO
    for stint in stints:
        days = max(0, min(stint.days, days_in_month - counted))
        counted += days
        total += _stint_basis(stint, scheme) * days
    return rupiah(total / days_in_month)


def performance_percent(
    scheme: Scheme, predicate: Predicate | None, monthly_score: Decimal | None = None
) -> Decimal:
    """The percentage of the performance share earned: a monthly score (0–100) where the region
    uses one, else the predicate's row of the scheme's table, else the scheme's no-predicate value."""
    if monthly_score is not None:
        return min(HUNDRED, max(ZERO, monthly_score))
    if predicate is None:
        return scheme.no_predicate_percent
    return scheme.predicate_percent.get(predicate, scheme.no_predicate_percent)


def attendance_items(scheme: Scheme, attendance: Attendance) -> tuple[Deduction, ...]:
    """Each attendance item with a count, in recap order (bands, absence, leave kinds)."""
    items = []
    for prefix, counts, percents in (
        ("TL", attendance.late, scheme.late_percent),
        ("PSW", attendance.early, scheme.early_percent),
    ):
        for band in range(BANDS):
            count = counts[band] if band < len(counts) else 0
            if count:
                each = percents[band]
                items.append(Deduction(f"{prefix}{band + 1}", count, each, each * count))
    if attendance.absent_days:
        each = scheme.absence_percent
        items.append(Deduction("TK", attendance.absent_days, each, each * attendance.absent_days))
    for kind, days in sorted(attendance.leave_days.items()):
        each = scheme.leave_percent.get(kind, ZERO)
        if days and each:
            items.append(Deduction(f"CUTI:{kind}", days, each, each * days))
    return tuple(items)


def compute(
    scheme: Scheme,
    basis: int,
    attendance: Attendance,
    *,
    predicate: Predicate | None,
    monthly_score: Decimal | None = None,
    penalty_percent: Decimal = ZERO,
    exemption: Exemption | None = None,
) -> Computation:
    """One employee's month. `basis` comes from month_basis(); `penalty_percent` is the sum of
    the disciplinary penalties in force this month (capped at 100)."""
    if exemption is Exemption.NOT_PAID:
        return _nothing(basis, exemption)
    percent = performance_percent(scheme, predicate, monthly_score)
    performance = rupiah(basis * scheme.performance_share / HUNDRED * percent / HUNDRED)
    discipline = rupiah(basis * scheme.discipline_share / HUNDRED)
    gross = performance + discipline

    items = () if exemption else attendance_items(scheme, attendance)
    uncapped = sum((item.percent for item in items), ZERO)
    attendance_pct = min(uncapped, scheme.deduction_cap, HUNDRED)
    base = discipline if scheme.attendance_base is AttendanceBase.DISCIPLINE_SHARE else gross
    attendance_amount = rupiah(base * attendance_pct / HUNDRED)

    penalty_pct = min(max(penalty_percent, ZERO), HUNDRED)
    penalty_amount = min(rupiah(gross * penalty_pct / HUNDRED), gross - attendance_amount)
    total = attendance_amount + penalty_amount
    return Computation(
        basis=basis,
        performance_percent=percent,
        performance_amount=performance,
        discipline_amount=discipline,
        gross=gross,
        deductions=items,
        attendance_percent=attendance_pct,
        attendance_capped=uncapped > attendance_pct,
        attendance_amount=attendance_amount,
        penalty_percent=penalty_pct,
        penalty_amount=penalty_amount,
        deduction_total=total,
        received=gross - total,
        exemption=exemption,
    )


def _nothing(basis: int, exemption: Exemption) -> Computation:
    return Computation(
        basis=basis,
        performance_percent=ZERO,
        performance_amount=0,
        discipline_amount=0,
        gross=0,
        deductions=(),
        attendance_percent=ZERO,
        attendance_capped=False,
        attendance_amount=0,
        penalty_percent=ZERO,
        penalty_amount=0,
        deduction_total=0,
        received=0,
        exemption=exemption,
    )


def example_scheme() -> Scheme:
    """A common Perkada shape, labelled as an example everywhere it is shown: 60/40, the
    predicate table below, TL/PSW 0.5/1/1.25/1.5 % per occurrence, 3 % per day absent, a
    monthly cap of 100 % of the discipline share, Plt: own basis + 20 % of the acting post's."""
    bands = tuple(Decimal(p) for p in ("0.5", "1", "1.25", "1.5"))
    return Scheme(
        performance_share=Decimal(60),
        discipline_share=Decimal(40),
        predicate_percent={
            Predicate.SANGAT_BAIK: Decimal(100),
            Predicate.BAIK: Decimal(100),
            Predicate.BUTUH_PERBAIKAN: Decimal(75),
            Predicate.KURANG_MISCONDUCT: Decimal(50),
            Predicate.SANGAT_KURANG: Decimal(25),
        },
        no_predicate_percent=Decimal(0),
        late_percent=bands,
        early_percent=bands,
        absence_percent=Decimal(3),
        leave_percent={"CT": ZERO, "CS": ZERO, "CM": ZERO, "CB": Decimal(2), "CAP": Decimal(2)},
    )
