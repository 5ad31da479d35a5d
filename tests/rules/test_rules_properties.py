"""Properties of the pure rules (appraisal/rules.py) and period arithmetic (appraisal/cycles/calendar.py)
that the table-driven tests beside this file do not already pin (no database).

test_rules.py covers the matrix cell by cell, better behaviour never lowering the predicate,
credit points for examples and shared ranks being sorted with ties on equal keys;
test_distribution.py covers the pattern's examples and breaches naming only broken limits.
"""

import datetime as dt
import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.cycles import calendar
from appraisal.rules import (
    CREDIT_PERCENTAGE,
    DEFAULT_LIMITS,
    PREDICATE_MATRIX,
    UNIT_HEAD_RATING,
    Bound,
    Limit,
    OrgPredicate,
    Predicate,
    Rating,
    credit_points,
    distribution_breaches,
    employee_predicate,
    ranking_key,
    shared_ranks,
    unit_head_rating,
)

ratings = st.sampled_from(Rating)
predicates = st.sampled_from(Predicate)
org_predicates = st.sampled_from(OrgPredicate)
A, S, B = Rating.DI_ATAS_EKSPEKTASI, Rating.SESUAI_EKSPEKTASI, Rating.DI_BAWAH_EKSPEKTASI


# ---------------------------------------------------------------- the rating matrix


def test_the_matrix_is_total_and_reaches_every_predicate():
    assert set(PREDICATE_MATRIX) == {(h, p) for h in Rating for p in Rating}
    assert {employee_predicate(h, p) for h in Rating for p in Rating} == set(Predicate)


@given(ratings, ratings, ratings, ratings)
def test_better_ratings_never_give_a_lower_predicate(
    hasil, perilaku, better_hasil, better_perilaku
):
    """Monotone in both ratings together (test_rules.py checks perilaku alone)."""
    if better_hasil.value >= hasil.value and better_perilaku.value >= perilaku.value:
        assert (
            employee_predicate(better_hasil, better_perilaku).value
            >= employee_predicate(hasil, perilaku).value
        )


@given(ratings, ratings)
def test_the_extremes_and_misconduct_follow_the_table(hasil, perilaku):
    predicate = employee_predicate(hasil, perilaku)
    assert (predicate is Predicate.SANGAT_BAIK) == (hasil is A and perilaku is A)
    assert (predicate is Predicate.SANGAT_KURANG) == (hasil is B and perilaku is B)
    # Behaviour below expectation is misconduct whatever the results, unless they are below too.
    assert (predicate is Predicate.KURANG_MISCONDUCT) == (perilaku is B and hasil is not B)
    # Results below expectation cap the predicate at Butuh Perbaikan.
    if hasil is B:
        assert predicate.value <= Predicate.BUTUH_PERBAIKAN.value


@given(org_predicates, org_predicates)
def test_a_better_unit_never_gives_its_head_a_lower_rating(org, better):
    if better.value >= org.value:
        assert unit_head_rating(better).value >= unit_head_rating(org).value


@given(st.dictionaries(org_predicates, ratings, min_size=len(OrgPredicate)), org_predicates)
def test_an_agencys_own_mapping_is_followed(mapping, org):
    assert set(UNIT_HEAD_RATING) == set(OrgPredicate)
    assert unit_head_rating(org, mapping) is mapping[org]


# ---------------------------------------------------------------- credit points

coefficients = st.decimals(
    min_value=0, max_value=1000, places=4, allow_nan=False, allow_infinity=False
)
months = st.integers(0, 12)


def exact_half_up(value: Fraction) -> Fraction:
    """Round to hundredths, halves up, in exact arithmetic (the values are never negative)."""
    return Fraction(math.floor(value * 100 + Fraction(1, 2)), 100)


@given(predicates, coefficients, months)
def test_credit_points_are_the_exact_product_rounded_half_up(predicate, coefficient, month_count):
    exact = Fraction(CREDIT_PERCENTAGE[predicate]) / 100 * Fraction(coefficient) * month_count / 12
    points = credit_points(predicate, coefficient, month_count)
    assert points.as_tuple().exponent == -2
    assert Fraction(points) == exact_half_up(exact)


@given(predicates, predicates, coefficients, months)
def test_a_better_predicate_never_earns_fewer_points(predicate, other, coefficient, month_count):
    if predicate.value >= other.value:
        assert credit_points(predicate, coefficient, month_count) >= credit_points(
            other, coefficient, month_count
        )


@given(predicates, coefficients, coefficients, months, months)
def test_more_months_or_a_higher_coefficient_never_earn_fewer_points(p, c1, c2, m1, m2):
    low_c, high_c = sorted((c1, c2))
    low_m, high_m = sorted((m1, m2))
    assert credit_points(p, low_c, low_m) <= credit_points(p, high_c, low_m)
    assert credit_points(p, low_c, low_m) <= credit_points(p, low_c, high_m)
    assert credit_points(p, low_c, 0) == credit_points(p, 0, high_m) == 0


@given(predicates, coefficients, months)
def test_a_coefficient_as_text_or_decimal_earns_the_same(predicate, coefficient, month_count):
    assert credit_points(predicate, str(coefficient), month_count) == credit_points(
        predicate, coefficient, month_count
    )


@given(predicates, st.integers(-1000, -1) | st.integers(13, 1000))
def test_months_outside_a_year_are_refused(predicate, month_count):
    with pytest.raises(ValueError):
        credit_points(predicate, 12, month_count)


@given(predicates, st.decimals(max_value="-0.0001", allow_nan=False, allow_infinity=False))
def test_a_negative_coefficient_is_refused(predicate, coefficient):
    with pytest.raises(ValueError):
        credit_points(predicate, coefficient, 12)


# ---------------------------------------------------------------- ranking


@st.composite
def appraisals(draw) -> tuple:
    """(predicate, rating hasil, rating perilaku, RHK above expectation, RHK): as stored."""
    hasil, perilaku = draw(ratings), draw(ratings)
    rhk = draw(st.integers(0, 30))
    return employee_predicate(hasil, perilaku), hasil, perilaku, draw(st.integers(0, rhk)), rhk


def share(above: int, rhk: int) -> Fraction:
    return Fraction(above, rhk) if rhk else Fraction(0)


@given(appraisals(), appraisals())
def test_the_ranking_key_orders_predicate_then_ratings_then_share(a, b):
    """Ascending keys put the better first, compared by the rule of domain §5 in exact fractions."""
    expected = (
        (-a[0].value, -a[1].value, -a[2].value, -share(*a[3:])),
        (-b[0].value, -b[1].value, -b[2].value, -share(*b[3:])),
    )
    key_a, key_b = ranking_key(*a), ranking_key(*b)
    assert (key_a < key_b) == (expected[0] < expected[1])
    assert (key_a == key_b) == (expected[0] == expected[1])


@given(appraisals(), st.integers(2, 50))
def test_the_share_is_compared_as_a_fraction(appraisal, factor):
    predicate, hasil, perilaku, above, rhk = appraisal
    assert ranking_key(predicate, hasil, perilaku, above, rhk) == ranking_key(
        predicate, hasil, perilaku, above * factor, rhk * factor
    )


@given(appraisals(), st.integers(-5, 40), st.integers(-5, 40))
def test_impossible_counts_are_refused(appraisal, above, rhk):
    if rhk < 0 or not 0 <= above <= rhk:
        with pytest.raises(ValueError):
            ranking_key(*appraisal[:3], above, rhk)


names = st.text(st.characters(categories=("L", "Zs")), min_size=1, max_size=8)


@given(
    st.lists(st.tuples(names, appraisals()), max_size=25, unique_by=lambda p: p[0].casefold()),
    st.randoms(use_true_random=False),
)
def test_shared_ranks_are_competition_ranks_whatever_the_input_order(people, rng):
    def key(person):
        return ranking_key(*person[1])

    def name(person):
        return person[0]

    ranked = shared_ranks(people, key=key, name=name)
    shuffled = list(people)
    rng.shuffle(shuffled)

    assert shared_ranks(shuffled, key=key, name=name) == ranked
    assert sorted(map(repr, (p for _rank, p in ranked))) == sorted(map(repr, people))
    for rank, person in ranked:
        # 1 + how many are strictly better: ties share the rank, the next rank skips (1, 2, 2, 4).
        assert rank == 1 + sum(1 for other in people if key(other) < key(person))
    for (rank_a, a), (rank_b, b) in zip(ranked, ranked[1:], strict=False):
        if rank_a == rank_b:
            assert a[0].casefold() <= b[0].casefold()


# ---------------------------------------------------------------- the distribution pattern

percents = st.decimals(min_value=0, max_value=100, places=2)
unit_sizes = st.integers(0, 100_000)


@given(percents, unit_sizes, st.integers(0, 5))
def test_caps_round_down_and_floors_round_up_exactly(percent, total, minimum):
    exact = Fraction(percent) * total / 100
    cap = Limit((Predicate.SANGAT_BAIK,), Bound.AT_MOST, percent)
    floor = Limit((Predicate.BUTUH_PERBAIKAN,), Bound.AT_LEAST, percent, minimum=minimum)
    assert cap.allowed(total) == math.floor(exact)
    assert floor.allowed(total) == max(math.ceil(exact), minimum)


unit_counts = st.dictionaries(predicates, st.integers(0, 40))


def broken(org, counts) -> set:
    return {breach.limit for breach in distribution_breaches(org, counts)}


@given(org_predicates, unit_counts)
def test_every_broken_limit_is_reported(org, counts):
    """test_distribution.py checks each breach is real; here, that none is left out."""
    total = sum(counts.values())
    if total == 0:
        assert broken(org, counts) == set()  # an empty unit has nothing to distribute
        return
    for limit in DEFAULT_LIMITS[org]:
        actual = sum(counts.get(p, 0) for p in limit.predicates)
        allowed = limit.allowed(total)
        is_broken = actual > allowed if limit.bound is Bound.AT_MOST else actual < allowed
        assert (limit in broken(org, counts)) == is_broken


@given(org_predicates, unit_counts, predicates)
def test_one_more_employee_never_breaks_a_limit_that_does_not_count_against_them(
    org, counts, predicate
):
    """A cap the newcomer is outside of, or a floor they count toward, cannot newly break."""
    grown = {**counts, predicate: counts.get(predicate, 0) + 1}
    newly_broken = broken(org, grown) - broken(org, counts)
    for limit in newly_broken:
        if limit.bound is Bound.AT_MOST:
            assert predicate in limit.predicates
        else:
            assert predicate not in limit.predicates


@given(org_predicates, unit_counts)
def test_the_order_of_the_counts_does_not_matter(org, counts):
    reordered = dict(reversed(list(counts.items())))
    assert distribution_breaches(org, counts) == distribution_breaches(org, reordered)


# ---------------------------------------------------------------- periods of a cycle

years = st.integers(1970, 2100)
frequencies = st.sampled_from(sorted(calendar.MONTHS_PER_PERIOD))


@given(years, frequencies)
def test_periods_cover_the_year_without_gaps_or_overlaps(year, frequency):
    periods = calendar.periods(year, frequency)
    step = calendar.MONTHS_PER_PERIOD[frequency]
    assert len(periods) == 12 // step
    assert periods[0].start == dt.date(year, 1, 1) and periods[-1].end == dt.date(year, 12, 31)
    for earlier, later in zip(periods, periods[1:], strict=False):
        assert later.start == earlier.end + dt.timedelta(days=1)
    for number, period in enumerate(periods, start=1):
        assert period.number == number
        assert period.label == f"{calendar.PERIOD_WORD[frequency]} {calendar.ROMAN[number - 1]}"
        assert period.start.day == 1 and (period.end + dt.timedelta(days=1)).day == 1
        months_spanned = (period.end.year - period.start.year) * 12 + period.end.month
        assert months_spanned - period.start.month + 1 == step


@given(frequencies, st.dates(min_value=dt.date(1970, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_day_lies_in_exactly_one_period_of_its_year(frequency, day):
    period = calendar.period_of(day.year, frequency, day)
    assert period is not None and period.start <= day <= period.end
    assert [p for p in calendar.periods(day.year, frequency) if p.start <= day <= p.end] == [period]
    assert calendar.period_of(day.year + 1, frequency, day) is None


@given(years, frequencies)
def test_a_period_window_opens_in_its_last_month_and_closes_ten_days_after(year, frequency):
    for period in calendar.periods(year, frequency):
        opens, closes = calendar.default_period_window(period)
        assert opens == period.end.replace(day=1) and period.start <= opens <= period.end
        assert closes - period.end == dt.timedelta(days=calendar.PERIOD_GRACE_DAYS)


@given(years)
def test_the_skp_and_annual_windows_frame_the_year(year):
    skp_opens, skp_closes = calendar.default_skp_window(year)
    annual_opens, annual_closes = calendar.default_annual_window(year)
    assert skp_opens == dt.date(year, 1, 1) and skp_opens < skp_closes < annual_opens
    assert annual_opens.year == year and annual_closes == dt.date(year + 1, 1, 31)
