"""Pure rules: no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.rules import (
    Predicate,
    Rating,
    credit_points,
    employee_predicate,
    ranking_key,
    shared_ranks,
)

A, S, B = Rating.DI_ATAS_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI


@pytest.mark.parametrize(
    ("hasil", "perilaku", "expected"),
    [
        (A, B, Predicate.KURANG_MISCONDUCT),
        (A, S, Predicate.BAIK),
        (A, A, Predicate.SANGAT_BAIK),
        (S, B, Predicate.KURANG_MISCONDUCT),
        (S, S, Predicate.BAIK),
        (S, A, Predicate.BAIK),
        (B, B, Predicate.SANGAT_KURANG),
        (B, S, Predicate.BUTUH_PERBAIKAN),
        (B, A, Predicate.BUTUH_PERBAIKAN),
    ],
)
def test_predicate_matrix(hasil, perilaku, expected):
    assert employee_predicate(hasil, perilaku) is expected


@given(st.sampled_from(Rating), st.sampled_from(Rating), st.sampled_from(Rating))
def test_better_behaviour_never_lowers_the_predicate(hasil, low, high):
    if low.value <= high.value:
        assert employee_predicate(hasil, low).value <= employee_predicate(hasil, high).value


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (Predicate.SANGAT_BAIK, Decimal("18.75")),
        (Predicate.BAIK, Decimal("12.50")),
        (Predicate.BUTUH_PERBAIKAN, Decimal("9.38")),  # 9.375 rounds half up
        (Predicate.KURANG_MISCONDUCT, Decimal("6.25")),
        (Predicate.SANGAT_KURANG, Decimal("3.13")),
    ],
)
def test_credit_points_for_a_full_year_of_ahli_pertama(predicate, expected):
    assert credit_points(predicate, "12.5") == expected  # a full year by default


def test_credit_points_prorate_by_months():
    assert credit_points(Predicate.BAIK, "12.5", 2) == Decimal("2.08")
    assert credit_points(Predicate.BAIK, 25, 6) == Decimal("12.50")
    assert credit_points(Predicate.BAIK, "3.75", 5) == Decimal("1.56")


@pytest.mark.parametrize("months", [-1, 13])
def test_credit_points_refuse_impossible_months(months):
    with pytest.raises(ValueError):
        credit_points(Predicate.BAIK, 12, months)


def test_ranking_orders_predicate_then_ratings_then_share():
    keys = {
        "sb": ranking_key(Predicate.SANGAT_BAIK, A, A, 1, 4),
        "baik_a_s": ranking_key(Predicate.BAIK, A, S, 0, 4),
        "baik_s_a_more": ranking_key(Predicate.BAIK, S, A, 3, 4),
        "baik_s_a_less": ranking_key(Predicate.BAIK, S, A, 1, 4),
    }
    assert sorted(keys, key=keys.get) == ["sb", "baik_a_s", "baik_s_a_more", "baik_s_a_less"]


def test_shares_compare_exactly():
    assert ranking_key(Predicate.BAIK, S, S, 1, 3) == ranking_key(Predicate.BAIK, S, S, 2, 6)


def test_shared_ranks_are_competition_ranks_listed_by_name():
    people = [("Budi", 1), ("ani", 2), ("Citra", 2), ("Dewi", 3)]
    ranked = shared_ranks(people, key=lambda p: (p[1],), name=lambda p: p[0])
    assert [(rank, p[0]) for rank, p in ranked] == [
        (1, "Budi"),
        (2, "ani"),
        (2, "Citra"),
        (4, "Dewi"),
    ]


@given(st.lists(st.integers(min_value=0, max_value=3), max_size=30))
def test_shared_ranks_properties(scores):
    items = [(f"p{i:02d}", s) for i, s in enumerate(scores)]
    ranked = shared_ranks(items, key=lambda p: (p[1],), name=lambda p: p[0])
    assert len(ranked) == len(items)
    for (rank_a, a), (rank_b, b) in zip(ranked, ranked[1:], strict=False):
        assert rank_a <= rank_b
        assert (rank_a == rank_b) == (a[1] == b[1])


def test_a_unit_heads_rating_follows_the_org_predicate():
    from appraisal.rules import OrgPredicate, unit_head_rating

    assert unit_head_rating(OrgPredicate.ISTIMEWA) == Rating.DI_ATAS_EKSPEKTASI
    assert unit_head_rating(OrgPredicate.BAIK) == Rating.SESUAI_EKSPEKTASI
    for lower in (OrgPredicate.BUTUH_PERBAIKAN, OrgPredicate.KURANG, OrgPredicate.SANGAT_KURANG):
        assert unit_head_rating(lower) == Rating.DI_BAWAH_EKSPEKTASI
    custom = dict.fromkeys(OrgPredicate, Rating.SESUAI_EKSPEKTASI)
    assert unit_head_rating(OrgPredicate.ISTIMEWA, custom) == Rating.SESUAI_EKSPEKTASI
    assert [p.name for p in OrgPredicate] == [
        "ISTIMEWA",
        "BAIK",
        "BUTUH_PERBAIKAN",
        "KURANG",
        "SANGAT_KURANG",
    ]
