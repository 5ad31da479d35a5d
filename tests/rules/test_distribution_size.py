"""The size a unit's distribution is judged over: everyone who must be rated (issue 20, point 10).

Source: SE MenPANRB 3/2023 (pola distribusi predikat kinerja pegawai): the limits are shares of
the unit's employees (domain §6), so people with an approved SKP but no finalised result yet count
in the size; a cap of p % allows ⌊p·n/100⌋, a floor of p % needs ⌈p·n/100⌉ of those n.
"""

from collections import Counter

import pytest

from appraisal.rules import OrgPredicate, Predicate, distribution_breaches, distribution_size

SB, B, BP = Predicate.SANGAT_BAIK, Predicate.BAIK, Predicate.BUTUH_PERBAIKAN


# (rated predicates, still unrated, size, breaches as (predicates, allowed, actual))
CASES = [
    # Istimewa: Sangat Baik ≤ 70 % (SE MenPANRB 3/2023). Three early Sangat Baik in a unit of
    # ten are 3 of 10 (7 allowed), not 3 of 3 (2 allowed).
    ("istimewa, 3 rated of 10", OrgPredicate.ISTIMEWA, [SB] * 3, 7, 10, []),
    ("istimewa, everyone rated", OrgPredicate.ISTIMEWA, [SB] * 8 + [B] * 2, 0, 10, [((SB,), 7, 8)]),
    ("istimewa, 3 rated alone", OrgPredicate.ISTIMEWA, [SB] * 3, 0, 3, [((SB,), 2, 3)]),
    # Baik: Baik ≤ 70 %; Butuh Perbaikan + Kurang ≥ 1 employee (a floor: needs its one person
    # whatever the number still unrated).
    (
        "baik, 4 rated of 10",
        OrgPredicate.BAIK,
        [B] * 4,
        6,
        10,
        [((BP, Predicate.KURANG_MISCONDUCT), 1, 0)],
    ),
    ("baik, 7 of 10 fits the cap", OrgPredicate.BAIK, [B] * 7 + [BP], 2, 10, []),
    # Butuh Perbaikan: Butuh Perbaikan ≥ 60 % of 10 = 6, though only 5 are rated so far.
    (
        "butuh perbaikan, 5 rated of 10",
        OrgPredicate.BUTUH_PERBAIKAN,
        [BP] * 5,
        5,
        10,
        [((BP,), 6, 5)],
    ),
    # Nobody to rate: no breach (an empty unit breaks no floor).
    ("empty unit", OrgPredicate.BAIK, [], 0, 0, []),
]


@pytest.mark.parametrize(
    ("org", "rated", "unrated", "size", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_distribution_counts_everyone_who_must_be_rated(org, rated, unrated, size, expected):
    counts = Counter(rated)
    assert distribution_size(counts, unrated) == size
    breaches = distribution_breaches(org, counts, size=distribution_size(counts, unrated))
    assert [(b.predicates, b.allowed, b.actual) for b in breaches] == expected


def test_a_size_never_shrinks_below_those_rated():
    # A size passed too small (someone rated who has since left) never hides a rated person.
    breaches = distribution_breaches(OrgPredicate.ISTIMEWA, Counter([SB] * 8 + [B] * 2), size=5)
    assert [(b.allowed, b.actual) for b in breaches] == [(7, 8)]
