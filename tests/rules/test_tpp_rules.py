"""TPP for one month (tpp.rules): hand computations, then the properties every month must keep."""

from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.rules import Predicate
from tpp.rules import (
    ActingRule,
    Attendance,
    AttendanceBase,
    Exemption,
    Stint,
    compute,
    example_scheme,
    month_basis,
    rupiah,
)

SCHEME = example_scheme()
D = Decimal


@pytest.mark.parametrize(
    ("basis", "predicate", "attendance", "penalty", "expected"),
    [
        # 60 % × 100 % of 5,000,000 + 40 %: nothing taken.
        (5_000_000, Predicate.BAIK, Attendance(), D(0), (3_000_000, 2_000_000, 0, 5_000_000)),
        # Butuh Perbaikan earns 75 % of the performance share: 2,250,000 + 2,000,000.
        (
            5_000_000,
            Predicate.BUTUH_PERBAIKAN,
            Attendance(),
            D(0),
            (2_250_000, 2_000_000, 0, 4_250_000),
        ),
        # TL1 ×4 (0.5 %) + PSW3 ×1 (1.25 %) + 1 day absent (3 %) = 6.25 % of 2,000,000 = 125,000.
        (
            5_000_000,
            Predicate.BAIK,
            Attendance(late=(4, 0, 0, 0), early=(0, 0, 1, 0), absent_days=1),
            D(0),
            (3_000_000, 2_000_000, 125_000, 4_875_000),
        ),
        # 40 days absent: 120 % capped at 100 % of the discipline share.
        (
            5_000_000,
            Predicate.BAIK,
            Attendance(absent_days=40),
            D(0),
            (3_000_000, 2_000_000, 2_000_000, 3_000_000),
        ),
        # A disciplinary penalty of 10 % of bruto (500,000) beside 1 day absent (60,000).
        (
            5_000_000,
            Predicate.BAIK,
            Attendance(absent_days=1),
            D(10),
            (3_000_000, 2_000_000, 560_000, 4_440_000),
        ),
        # No predicate: the example pays 0 % of the performance share.
        (5_000_000, None, Attendance(), D(0), (0, 2_000_000, 0, 2_000_000)),
        # Rounding down, line by line: 60 % of 3,333,333 = 1,999,999.8 → 1,999,999.
        (
            3_333_333,
            Predicate.SANGAT_BAIK,
            Attendance(),
            D(0),
            (1_999_999, 1_333_333, 0, 3_333_332),
        ),
        # Big leave (CB) reduces 2 % a day, annual leave (CT) nothing: 3 × 2 % of 2,000,000.
        (
            5_000_000,
            Predicate.BAIK,
            Attendance(leave_days={"CB": 3, "CT": 5}),
            D(0),
            (3_000_000, 2_000_000, 120_000, 4_880_000),
        ),
    ],
)
def test_a_month_matches_the_hand_computation(basis, predicate, attendance, penalty, expected):
    month = compute(SCHEME, basis, attendance, predicate=predicate, penalty_percent=penalty)
    assert (
        month.performance_amount,
        month.discipline_amount,
        month.deduction_total,
        month.received,
    ) == expected
    assert month.gross == month.performance_amount + month.discipline_amount
    assert month.received == month.gross - month.deduction_total


def test_each_attendance_item_is_listed_with_its_count_and_percent():
    attendance = Attendance(
        late=(2, 0, 0, 1), early=(0, 1, 0, 0), absent_days=2, leave_days={"CB": 1, "CT": 3}
    )
    items = compute(SCHEME, 4_000_000, attendance, predicate=Predicate.BAIK).deductions
    assert [(i.code, i.count, i.percent_each, i.percent) for i in items] == [
        ("TL1", 2, D("0.5"), D("1.0")),
        ("TL4", 1, D("1.5"), D("1.5")),
        ("PSW2", 1, D(1), D(1)),
        ("TK", 2, D(3), D(6)),
        ("CUTI:CB", 1, D(2), D(2)),
    ]


def test_deductions_may_come_from_bruto_instead_of_the_discipline_share():
    scheme = replace(SCHEME, attendance_base=AttendanceBase.GROSS)
    month = compute(scheme, 5_000_000, Attendance(absent_days=2), predicate=Predicate.BAIK)
    assert month.attendance_amount == 300_000  # 6 % of 5,000,000


def test_a_monthly_score_replaces_the_predicate_where_the_region_uses_one():
    month = compute(
        SCHEME, 5_000_000, Attendance(), predicate=Predicate.BAIK, monthly_score=D("87.5")
    )
    assert (month.performance_percent, month.performance_amount) == (D("87.5"), 2_625_000)


def test_exemptions_remove_deductions_or_the_whole_month():
    absent = Attendance(absent_days=5)
    training = compute(
        SCHEME,
        5_000_000,
        absent,
        predicate=Predicate.BAIK,
        exemption=Exemption.NO_ATTENDANCE_DEDUCTION,
    )
    assert (training.deduction_total, training.received, training.deductions) == (0, 5_000_000, ())
    unpaid = compute(
        SCHEME, 5_000_000, absent, predicate=Predicate.BAIK, exemption=Exemption.NOT_PAID
    )
    assert (unpaid.gross, unpaid.received, unpaid.exemption) == (0, 0, Exemption.NOT_PAID)


def test_a_mutasi_mid_month_is_paid_per_day_in_each_post():
    # 10 days at 3,000,000 and 20 at 6,000,000 in a 30-day month: 1,000,000 + 4,000,000.
    assert month_basis([Stint(3_000_000, 10), Stint(6_000_000, 20)], 30, SCHEME) == 5_000_000
    # Days past the month's end are not paid.
    assert month_basis([Stint(3_000_000, 31), Stint(6_000_000, 5)], 31, SCHEME) == 3_000_000


def test_a_plt_receives_the_acting_posts_share_by_the_schemes_rule():
    # Own 4,000,000 + 20 % of 10,000,000, for the 15 acting days of a 30-day month.
    stints = [Stint(4_000_000, 15), Stint(4_000_000, 15, acting_basis=10_000_000)]
    assert month_basis(stints, 30, SCHEME) == 5_000_000
    higher = replace(SCHEME, acting_rule=ActingRule.HIGHER_BASIS)
    assert month_basis(stints, 30, higher) == 7_000_000


def test_rupiah_rounds_down():
    assert [rupiah(D(x)) for x in ("0.99", "10", "10.5", "10.999")] == [0, 10, 10, 10]


# -- properties -------------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=40)
attendances = st.builds(
    Attendance,
    late=st.tuples(counts, counts, counts, counts),
    early=st.tuples(counts, counts, counts, counts),
    absent_days=counts,
    leave_days=st.fixed_dictionaries({"CB": counts, "CT": counts}),
)
percents = st.decimals(min_value=0, max_value=100, places=2)
bases = st.integers(min_value=0, max_value=60_000_000)
predicates = st.one_of(st.none(), st.sampled_from(Predicate))
schemes = st.builds(
    lambda share, cap, base, absence: replace(
        SCHEME,
        performance_share=share,
        discipline_share=100 - share,
        deduction_cap=cap,
        attendance_base=base,
        absence_percent=absence,
    ),
    percents,
    percents,
    st.sampled_from(AttendanceBase),
    st.decimals(min_value=0, max_value=10, places=2),
)


@given(schemes, bases, attendances, predicates, percents)
def test_never_negative_never_above_the_basis(scheme, basis, attendance, predicate, penalty):
    month = compute(scheme, basis, attendance, predicate=predicate, penalty_percent=penalty)
    assert 0 <= month.received <= month.gross <= basis
    assert month.deduction_total == month.attendance_amount + month.penalty_amount


@given(schemes, bases, attendances, predicates)
def test_attendance_deductions_never_pass_the_cap(scheme, basis, attendance, predicate):
    month = compute(scheme, basis, attendance, predicate=predicate)
    base = (
        month.discipline_amount
        if scheme.attendance_base is AttendanceBase.DISCIPLINE_SHARE
        else month.gross
    )
    assert month.attendance_percent <= scheme.deduction_cap
    assert month.attendance_amount <= base * scheme.deduction_cap / 100


@given(schemes, bases, attendances, predicates, percents, st.integers(0, 9), st.integers(1, 5))
def test_more_of_any_deduction_never_pays_more(
    scheme, basis, attendance, predicate, penalty, item, extra
):
    before = compute(scheme, basis, attendance, predicate=predicate, penalty_percent=penalty)
    worse = _one_more(attendance, item, extra)
    after = compute(scheme, basis, worse, predicate=predicate, penalty_percent=penalty)
    assert after.received <= before.received
    heavier = compute(
        scheme, basis, attendance, predicate=predicate, penalty_percent=min(D(100), penalty + extra)
    )
    assert heavier.received <= before.received


@given(schemes, bases, attendances)
def test_a_better_predicate_never_pays_less(scheme, basis, attendance):
    received = [
        compute(scheme, basis, attendance, predicate=p).received
        for p in sorted(Predicate, key=lambda p: p.value)
    ]
    assert received == sorted(received)


@given(
    st.lists(st.tuples(bases, st.integers(0, 31)), min_size=1, max_size=4),
    st.sampled_from([28, 29, 30, 31]),
)
def test_a_prorated_basis_lies_between_the_posts_bases(posts, days_in_month):
    basis = month_basis([Stint(b, d) for b, d in posts], days_in_month, SCHEME)
    assert 0 <= basis <= max(b for b, _ in posts)


def _one_more(attendance: Attendance, item: int, extra: int) -> Attendance:
    if item < 4:
        late = list(attendance.late)
        late[item] += extra
        return replace(attendance, late=tuple(late))
    if item < 8:
        early = list(attendance.early)
        early[item - 4] += extra
        return replace(attendance, early=tuple(early))
    if item == 8:
        return replace(attendance, absent_days=attendance.absent_days + extra)
    leave = dict(attendance.leave_days)
    leave["CB"] = leave.get("CB", 0) + extra
    return replace(attendance, leave_days=leave)
