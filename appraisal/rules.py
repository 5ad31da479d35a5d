"""The appraisal rules of PermenPANRB 6/2022, as pure functions (no Django; import-linter checks).

Domain brief §5: no formula and no weighting — the PPK sets two ratings and the employee predicate
follows from a fixed matrix. Credit points and the ranking key are ours to compute, in Decimal so a
rounding never depends on binary floating point.
"""

from __future__ import annotations

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
) -> list[Breach]:
    """The limits of the unit's pattern that its employee predicates break (empty: it fits).

    `counts` maps each predicate to how many of the unit's employees hold it; the unit's size is
    their sum. Caps round down and floors round up (domain §6), in exact Decimal arithmetic.
    A unit with nobody to rate yet breaks nothing: a floor of "at least one employee" would
    otherwise flag every empty unit.
    """
    total = sum(counts.values())
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
