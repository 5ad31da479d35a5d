"""distribution_breaches: the pattern of domain §6 with its counting rule (no database)."""

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.rules import (
    DEFAULT_LIMITS,
    Bound,
    Limit,
    OrgPredicate,
    Predicate,
    distribution_breaches,
)

SB, B, BP, K, SK = (
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG_MISCONDUCT,
    Predicate.SANGAT_KURANG,
)


def counts(*predicates):
    return Counter(predicates)


def test_istimewa_allows_exactly_70_percent_sangat_baik():
    assert distribution_breaches(OrgPredicate.ISTIMEWA, counts(*[SB] * 7, *[B] * 3)) == []
    breaches = distribution_breaches(OrgPredicate.ISTIMEWA, counts(*[SB] * 8, *[B] * 2))
    assert [(b.predicates, b.allowed, b.actual) for b in breaches] == [((SB,), 7, 8)]


@pytest.mark.parametrize(("size", "allowed"), [(1, 0), (2, 1), (3, 2), (4, 2), (5, 3)])
def test_a_cap_rounds_down_in_small_units(size, allowed):
    fits = counts(*[SB] * allowed, *[B] * (size - allowed))
    assert distribution_breaches(OrgPredicate.ISTIMEWA, fits) == []
    if allowed < size:
        over = counts(*[SB] * (allowed + 1), *[B] * (size - allowed - 1))
        assert distribution_breaches(OrgPredicate.ISTIMEWA, over)[0].allowed == allowed


def test_baik_needs_at_least_one_butuh_perbaikan_or_kurang():
    breaches = distribution_breaches(OrgPredicate.BAIK, counts(SB, SB, B, B, B))
    assert [(b.predicates, b.allowed, b.actual) for b in breaches] == [((BP, K), 1, 0)]
    assert distribution_breaches(OrgPredicate.BAIK, counts(SB, SB, B, B, K)) == []
    assert distribution_breaches(OrgPredicate.BAIK, counts(SB, B, B, B, BP)) == []


def test_baik_caps_baik_at_70_percent():
    breaches = distribution_breaches(OrgPredicate.BAIK, counts(*[B] * 8, BP, SB))
    assert [(b.predicates, b.allowed, b.actual) for b in breaches] == [((B,), 7, 8)]


@pytest.mark.parametrize(("size", "needed"), [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3)])
def test_a_floor_rounds_up_in_small_units(size, needed):
    fits = counts(*[BP] * needed, *[B] * (size - needed))
    breaches = distribution_breaches(OrgPredicate.BUTUH_PERBAIKAN, fits)
    assert breaches == []
    short = counts(*[BP] * (needed - 1), *[B] * (size - needed + 1))
    breaches = distribution_breaches(OrgPredicate.BUTUH_PERBAIKAN, short)
    assert [(b.allowed, b.actual) for b in breaches] == [(needed, needed - 1)]


def test_butuh_perbaikan_caps_sangat_baik_at_10_percent():
    unit = counts(*[BP] * 6, *[B] * 2, SB, SB)
    breaches = distribution_breaches(OrgPredicate.BUTUH_PERBAIKAN, unit)
    assert [(b.predicates, b.allowed, b.actual) for b in breaches] == [((SB,), 1, 2)]


def test_kurang_has_three_limits():
    assert distribution_breaches(OrgPredicate.KURANG, counts(*[K] * 6, BP, B, B, B)) == []
    breaches = distribution_breaches(OrgPredicate.KURANG, counts(*[K] * 5, SB, SB, B, B, B))
    assert [(b.predicates, b.allowed, b.actual) for b in breaches] == [
        ((K,), 6, 5),
        ((BP,), 1, 0),
        ((SB,), 1, 2),
    ]


def test_sangat_kurang_allows_no_sangat_baik_at_all():
    fits = counts(*[SK] * 6, K, BP, B, B)
    assert distribution_breaches(OrgPredicate.SANGAT_KURANG, fits) == []
    breaches = distribution_breaches(OrgPredicate.SANGAT_KURANG, counts(*[SK] * 6, K, BP, B, SB))
    assert [(b.predicates, b.allowed, b.actual) for b in breaches] == [((SB,), 0, 1)]


@pytest.mark.parametrize("org_predicate", list(OrgPredicate))
def test_a_unit_with_nobody_rated_breaks_no_limit(org_predicate):
    # Baik's floor of one Butuh Perbaikan or Kurang would otherwise flag every empty unit.
    assert distribution_breaches(org_predicate, counts()) == []
    assert distribution_breaches(org_predicate, {SB: 0, B: 0}) == []


def test_a_cycle_may_set_its_own_limits():
    own = {OrgPredicate.ISTIMEWA: (Limit((SB,), Bound.AT_MOST, 50),)}
    assert distribution_breaches(OrgPredicate.ISTIMEWA, counts(SB, SB, B), own)[0].allowed == 1


@given(st.sampled_from(OrgPredicate), st.lists(st.sampled_from(Predicate), max_size=40))
def test_breaches_name_only_broken_limits(org_predicate, predicates):
    unit = Counter(predicates)
    for breach in distribution_breaches(org_predicate, unit):
        assert breach.limit in DEFAULT_LIMITS[org_predicate]
        if breach.limit.bound is Bound.AT_MOST:
            assert breach.actual > breach.allowed
        else:
            assert breach.actual < breach.allowed
