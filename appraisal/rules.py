"""The appraisal rules of PermenPANRB 6/2022, as pure functions (no Django; import-linter checks).

Domain brief §5: no formula and no weighting — the PPK sets two ratings and the employee predicate
follows from a fixed matrix. Credit points and the ranking key are ours to compute, in Decimal so a
rounding never depends on binary floating point.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TypeVar


class Rating(enum.Enum):
    """Rating Hasil Kerja / Rating Perilaku Kerja; value = order, best highest."""

    DI_ATAS_EKSPEKTASI = 3
    SESUAI_EKSPEKTASI = 2
    DI_BAWAH_EKSPEKTASI = 1

    @property
    def label(self) -> str:
        return _RATING_LABELS[self]


_RATING_LABELS = {
    Rating.DI_ATAS_EKSPEKTASI: "Di Atas Ekspektasi",
    Rating.SESUAI_EKSPEKTASI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH_EKSPEKTASI: "Di Bawah Ekspektasi",
}


class Predicate(enum.Enum):
    """Predikat Kinerja Pegawai; value = order, best highest."""

    SANGAT_BAIK = 5
    BAIK = 4
    BUTUH_PERBAIKAN = 3
    KURANG_MISCONDUCT = 2
    SANGAT_KURANG = 1

    @property
    def label(self) -> str:
        return _PREDICATE_LABELS[self]


_PREDICATE_LABELS = {
    Predicate.SANGAT_BAIK: "Sangat Baik",
    Predicate.BAIK: "Baik",
    Predicate.BUTUH_PERBAIKAN: "Butuh Perbaikan",
    Predicate.KURANG_MISCONDUCT: "Kurang/Misconduct",
    Predicate.SANGAT_KURANG: "Sangat Kurang",
}


class OrgPredicate(enum.Enum):
    """Predikat kinerja organisasi of a unit (SE MenPANRB 3/2023); value = order, best highest."""

    ISTIMEWA = 5
    BAIK = 4
    BUTUH_PERBAIKAN = 3
    KURANG = 2
    SANGAT_KURANG = 1

    @property
    def label(self) -> str:
        return self.name.replace("_", " ").title()


_ABOVE, _MEETS, _BELOW = (
    Rating.DI_ATAS_EKSPEKTASI,
    Rating.SESUAI_EKSPEKTASI,
    Rating.DI_BAWAH_EKSPEKTASI,
)

# (rating hasil kerja, rating perilaku kerja) → predicate: the table of domain §5, verbatim.
PREDICATE_MATRIX: dict[tuple[Rating, Rating], Predicate] = {
    (_ABOVE, _BELOW): Predicate.KURANG_MISCONDUCT,
    (_ABOVE, _MEETS): Predicate.BAIK,
    (_ABOVE, _ABOVE): Predicate.SANGAT_BAIK,
    (_MEETS, _BELOW): Predicate.KURANG_MISCONDUCT,
    (_MEETS, _MEETS): Predicate.BAIK,
    (_MEETS, _ABOVE): Predicate.BAIK,
    (_BELOW, _BELOW): Predicate.SANGAT_KURANG,
    (_BELOW, _MEETS): Predicate.BUTUH_PERBAIKAN,
    (_BELOW, _ABOVE): Predicate.BUTUH_PERBAIKAN,
}


def employee_predicate(rating_hasil: Rating, rating_perilaku: Rating) -> Predicate:
    """The Predikat Kinerja Pegawai for the two ratings (always by the matrix, no exceptions)."""
    return PREDICATE_MATRIX[(rating_hasil, rating_perilaku)]


# A unit head's Rating Hasil Kerja follows the unit's organisational predicate (domain §3, §6);
# the default of the issue, configurable per agency (settings.UNIT_HEAD_RATING).
UNIT_HEAD_RATING: dict[OrgPredicate, Rating] = {
    OrgPredicate.ISTIMEWA: _ABOVE,
    OrgPredicate.BAIK: _MEETS,
    OrgPredicate.BUTUH_PERBAIKAN: _BELOW,
    OrgPredicate.KURANG: _BELOW,
    OrgPredicate.SANGAT_KURANG: _BELOW,
}


def unit_head_rating(
    org_predicate: OrgPredicate, mapping: dict[OrgPredicate, Rating] | None = None
) -> Rating:
    """The Rating Hasil Kerja of a unit's head, from the unit's organisational predicate."""
    return (mapping or UNIT_HEAD_RATING)[org_predicate]


# Share of the annual coefficient credited per predicate (domain §5).
CREDIT_PERCENTAGE: dict[Predicate, Decimal] = {
    Predicate.SANGAT_BAIK: Decimal("150"),
    Predicate.BAIK: Decimal("100"),
    Predicate.BUTUH_PERBAIKAN: Decimal("75"),
    Predicate.KURANG_MISCONDUCT: Decimal("50"),
    Predicate.SANGAT_KURANG: Decimal("25"),
}
CREDIT_QUANTUM = Decimal("0.01")


def credit_points(
    predicate: Predicate, annual_coefficient: Decimal | int | str, months: int = 12
) -> Decimal:
    """Angka kredit = percentage × the position's annual coefficient × months / 12.

    Rounded half-up to two decimals (Ahli Pertama, coefficient 12.5: Sangat Baik → 18.75;
    two months Baik → 2.08).
    """
    if not 0 <= months <= 12:
        raise ValueError("months must be between 0 and 12")
    coefficient = Decimal(str(annual_coefficient))
    if coefficient < 0:
        raise ValueError("the annual coefficient cannot be negative")
    value = (
        CREDIT_PERCENTAGE[predicate] / Decimal(100) * coefficient * Decimal(months) / Decimal(12)
    )
    return value.quantize(CREDIT_QUANTUM, rounding=ROUND_HALF_UP)


def ranking_key(
    predicate: Predicate,
    rating_hasil: Rating,
    rating_perilaku: Rating,
    above_count: int,
    rhk_count: int,
) -> tuple:
    """Sort key, best first when sorted ascending: predicate, rating hasil, rating perilaku, then the
    share of RHK labelled Di Atas Ekspektasi (an exact fraction, compared without floats)."""
    if rhk_count < 0 or not 0 <= above_count <= max(rhk_count, 0):
        raise ValueError("above_count must lie between 0 and rhk_count")
    share = Decimal(above_count) / Decimal(rhk_count) if rhk_count else Decimal(0)
    return (-predicate.value, -rating_hasil.value, -rating_perilaku.value, -share)


T = TypeVar("T")


def shared_ranks(
    items: Iterable[T], key: Callable[[T], tuple], name: Callable[[T], str]
) -> list[tuple[int, T]]:
    """Competition ranking (1, 2, 2, 4): equal keys share a rank, listed by name within a tie."""
    ordered: Sequence[T] = sorted(items, key=lambda item: (key(item), name(item).casefold()))
    ranked: list[tuple[int, T]] = []
    previous_key = object()
    rank = 0
    for position, item in enumerate(ordered, start=1):
        item_key = key(item)
        if item_key != previous_key:
            rank, previous_key = position, item_key
        ranked.append((rank, item))
    return ranked


# --- Distribution of employee predicates in a unit (SE MenPANRB 3/2023, domain §6) -------------


class Bound(enum.Enum):
    AT_MOST = "at_most"  # a cap: ⌊p·n/100⌋ employees allowed
    AT_LEAST = "at_least"  # a floor: ⌈p·n/100⌉ employees needed


@dataclass(frozen=True)
class Limit:
    """One limit of a pattern: the employees with any of `predicates` are at most / at least
    `percent` % of the unit (or, with `minimum`, at least that many people)."""

    predicates: tuple[Predicate, ...]
    bound: Bound
    percent: Decimal = Decimal(0)
    minimum: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "percent", Decimal(str(self.percent)))  # never a float

    def allowed(self, total: int) -> int:
        """The count this limit allows (a cap) or needs (a floor) in a unit of `total`."""
        exact = self.percent * total / 100  # Decimal: 70 % of 10 is exactly 7
        if self.bound is Bound.AT_MOST:
            return int(exact.to_integral_value(rounding=ROUND_FLOOR))
        return max(int(exact.to_integral_value(rounding=ROUND_CEILING)), self.minimum)


@dataclass(frozen=True)
class Breach:
    predicates: tuple[Predicate, ...]
    limit: Limit
    allowed: int  # the most allowed (a cap) or the fewest needed (a floor)
    actual: int

    @property
    def predicate_labels(self) -> str:
        return " + ".join(p.label for p in self.predicates)


_SB, _B, _BP, _K, _SK = (
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG_MISCONDUCT,
    Predicate.SANGAT_KURANG,
)
_D = Decimal

# The default pattern of domain §6 (configurable per cycle).
DEFAULT_LIMITS: dict[OrgPredicate, tuple[Limit, ...]] = {
    OrgPredicate.ISTIMEWA: (Limit((_SB,), Bound.AT_MOST, _D(70)),),
    OrgPredicate.BAIK: (
        Limit((_B,), Bound.AT_MOST, _D(70)),
        Limit((_BP, _K), Bound.AT_LEAST, _D(0), minimum=1),
    ),
    OrgPredicate.BUTUH_PERBAIKAN: (
        Limit((_BP,), Bound.AT_LEAST, _D(60)),
        Limit((_SB,), Bound.AT_MOST, _D(10)),
    ),
    OrgPredicate.KURANG: (
        Limit((_K,), Bound.AT_LEAST, _D(60)),
        Limit((_BP,), Bound.AT_LEAST, _D(10)),
        Limit((_SB,), Bound.AT_MOST, _D(10)),
    ),
    OrgPredicate.SANGAT_KURANG: (
        Limit((_SK,), Bound.AT_LEAST, _D(60)),
        Limit((_K, _BP), Bound.AT_LEAST, _D(10)),
        Limit((_SB,), Bound.AT_MOST, _D(0)),
    ),
}


def distribution_breaches(
    org_predicate: OrgPredicate,
    counts: Mapping[Predicate, int],
    limits: Mapping[OrgPredicate, Sequence[Limit]] | None = None,
    size: int | None = None,
) -> list[Breach]:
    """The limits of the unit's pattern that its employee predicates break (empty: it fits).

    `counts` maps each predicate to how many of the unit's employees hold it. `size` is the
    number of people who must be rated (distribution_size): the shares of SE MenPANRB 3/2023 are
    shares of the unit's employees, not of those already rated, so three early Sangat Baik in a
    unit of ten are 30 %, not 100 %. Without it, the sum of the counts. Caps round down and
    floors round up (domain §6), in exact Decimal arithmetic. A unit with nobody to rate yet
    breaks nothing: a floor of "at least one employee" would otherwise flag every empty unit.
    """
    total = sum(counts.values()) if size is None else max(size, sum(counts.values()))
    if total == 0:
        return []
    breaches = []
    for limit in (limits or DEFAULT_LIMITS)[org_predicate]:
        actual = sum(counts.get(p, 0) for p in limit.predicates)
        allowed = limit.allowed(total)
        broken = actual > allowed if limit.bound is Bound.AT_MOST else actual < allowed
        if broken:
            breaches.append(Breach(limit.predicates, limit, allowed, actual))
    return breaches


def distribution_size(counts: Mapping[Predicate, int], still_unrated: int = 0) -> int:
    """The size of a unit's distribution: everyone who must be rated in the period (an approved
    SKP covering it), those already holding a predicate plus those still without one."""
    return sum(counts.values()) + still_unrated


# ----- receiving a result and the objection window (PermenPANRB 6/2022, keberatan) -----------
def result_received_on(
    finalised_on: dt.date, acknowledged_on: dt.date | None, deemed_after_days: int
) -> dt.date:
    """The day the employee received a final result: the day they confirmed it, or at the
    latest `deemed_after_days` days after it was finalised (settings.RESULT_DEEMED_RECEIVED_DAYS),
    so that the objection window always starts and always ends. A confirmation after that day
    changes nothing: the result was already received."""
    deemed = finalised_on + dt.timedelta(days=deemed_after_days)
    if acknowledged_on is None:
        return deemed
    return min(acknowledged_on, deemed)


def objection_last_day(received_on: dt.date, objection_days: int) -> dt.date:
    """The last day (inclusive) to object: `objection_days` calendar days after receiving the
    result (14 by default, domain §7); received on 24 November, 14 days: until 8 December."""
    return received_on + dt.timedelta(days=objection_days)


def objection_window_open(
    today: dt.date,
    finalised_on: dt.date,
    acknowledged_on: dt.date | None,
    deemed_after_days: int,
    objection_days: int,
) -> bool:
    """Whether the employee may still object today (or will once the result is received): from
    finalisation to the last day inclusive. The window has not started before receipt, but it
    is running in the sense that counts for closing: the right to object still lies ahead."""
    received = result_received_on(finalised_on, acknowledged_on, deemed_after_days)
    return today <= objection_last_day(received, objection_days)


# --- Credit points for part of a year (PermenPANRB 1/2023, PerBKN 3/2023) --------------------


def months_served(spans: Sequence[tuple[dt.date, dt.date]]) -> list[int]:
    """Whole months of one employee's posts (SKPs) in a year, in the order of `spans`.

    PerBKN 3/2023 (Lampiran, konversi predikat kinerja periodik) counts the periodic credit in
    whole months: angka kredit = bulan / 12 × persentase predikat × koefisien. A month split by a
    move counts once, for the post held on its first day: a move on 15 July gives the old post
    January–July (7) and the new one August–December (5); a move on the 1st gives the month to
    the new post. A month whose first day two overlapping spans cover goes to the earlier span,
    so one employee's months never pass 12 in a year.
    """
    counted: set[tuple[int, int]] = set()
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], i))
    months = [0] * len(spans)
    for index in order:
        start, end = spans[index]
        if end < start:
            continue
        year, month = start.year, start.month
        if start.day != 1:  # the month began in another post (or before the post)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        while (year, month) <= (end.year, end.month):
            if (year, month) not in counted:
                counted.add((year, month))
                months[index] += 1
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# --- The direction of an IKI target and the realisation percentage ---------------------------


class Direction(enum.Enum):
    """Which side of an IKI's target is good (indicators.choices.TargetDirection has the same
    values): at least (the default), at most (a ceiling), exactly, or a range."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EXACTLY = "exactly"
    RANGE = "range"


PERCENT_QUANTUM = Decimal("0.1")
_HUNDRED = Decimal(100)


def _higher_is_better(realised: Decimal, target: Decimal) -> Decimal:
    # PermenPANRB 8/2021, Lampiran (capaian IKI): realisasi / target × 100 %.
    return realised / target * _HUNDRED


def _lower_is_better(realised: Decimal, target: Decimal) -> Decimal:
    # PermenPANRB 8/2021, Lampiran ("kondisi khusus", lower is better):
    # (1 + (1 − realisasi / target)) × 100 %, never below zero.
    return max(Decimal(0), (2 - realised / target) * _HUNDRED)


def achievement_percent(
    direction: Direction,
    target: Decimal | int | str | None,
    realised: Decimal | int | str | None,
    upper: Decimal | int | str | None = None,
) -> Decimal | None:
    """The capaian of an IKI: its realisation against its target, in percent (100 = met).

    Our convention, after the capaian IKI formulas of PermenPANRB 8/2021 (Lampiran, "formula
    capaian IKI"). 6/2022, which replaced it, sets no formula (the PPK rates without one), so the
    percentage is a hint for the employee and the PPK, never a rating:
    - at least: realised / target × 100 (more is better);
    - at most: (2 − realised / target) × 100, at least 0 (less is better: 10 against ≤ 12 is
      116.7 %, 14 against ≤ 12 is 83.3 %);
    - exactly: the first formula below the target, the second above it (100 only when equal);
    - range: 100 anywhere from the lower to the upper bound; below it the first formula against
      the lower bound, above it the second against the upper bound (the rule takes the bound the
      realisation passed; a range is a band, so overshooting it counts against, as a ceiling).
    A target of zero cannot divide: 100 when the realisation keeps to it, else 0.
    None when there is no number to compare (no target, no realisation, a range without its upper
    bound). Rounded half-up to one decimal.
    """
    if target is None or realised is None:
        return None
    goal, value = Decimal(str(target)), Decimal(str(realised))
    top = Decimal(str(upper)) if upper is not None else None
    if direction is Direction.RANGE:
        if top is None:
            return None
        if goal <= value <= top:
            percent = _HUNDRED
        elif value < goal:
            percent = _higher_is_better(value, goal) if goal else Decimal(0)
        else:
            percent = _lower_is_better(value, top) if top else Decimal(0)
    elif goal == 0:
        kept = {
            Direction.AT_LEAST: value >= 0,
            Direction.AT_MOST: value <= 0,
            Direction.EXACTLY: value == 0,
        }[direction]
        percent = _HUNDRED if kept else Decimal(0)
    elif direction is Direction.AT_LEAST or (direction is Direction.EXACTLY and value <= goal):
        percent = _higher_is_better(value, goal)
    else:
        percent = _lower_is_better(value, goal)
    return percent.quantize(PERCENT_QUANTUM, rounding=ROUND_HALF_UP)


def target_met(percent: Decimal | None) -> bool | None:
    """The "on track" hint of a realisation: its capaian reaches 100 % (None: nothing to judge).
    The direction is already in the percentage: 10 against a ceiling of 12 is met."""
    return None if percent is None else percent >= _HUNDRED


# ----- a year split by a move (issue 20, point 11) ---------------------------------------------
def split_year_predicate(parts: Iterable[tuple[dt.date, Predicate | None]]) -> Predicate | None:
    """The annual predicate of a year split by a mutasi, from each post's (start date, annual
    predicate or None while not final). Each post's SKP is evaluated for its own months by the
    PPK of that post (PermenPANRB 6/2022: the PPK evaluates the work planned with them); the
    year's one predicate (rankings, recaps, the BKN hasil_akhir of the employee) is that of the
    SKP of the last post, the one in force at the end of the year — not a blend: no formula
    combines predicates (domain §5). The earlier SKP's result stays on record and counts for its
    own months (credit points per SKP). None while the last post's result is not final."""
    ordered = sorted(parts, key=lambda part: part[0])
    return ordered[-1][1] if ordered else None
