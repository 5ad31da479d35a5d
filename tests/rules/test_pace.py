"""Where an IKI stands part of the way through a plan, and the pace that reaches its target
(appraisal/pace.py), without a database. The year 2026 runs 1 January to 31 December (365 days):
the end of March is 90 days (24.7 %), the end of June 181 days (49.6 %)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.pace import PaceState, accumulates, iki_pace, months_left, share_of_plan
from appraisal.rules import Direction

D = dt.date
START, END = D(2026, 1, 1), D(2026, 12, 31)
MARCH, JUNE = D(2026, 3, 31), D(2026, 6, 30)
AT_LEAST, AT_MOST, EXACTLY, RANGE = (
    Direction.AT_LEAST,
    Direction.AT_MOST,
    Direction.EXACTLY,
    Direction.RANGE,
)


@pytest.mark.parametrize(
    ("direction", "unit", "counts"),
    [
        (AT_LEAST, "laporan", True),
        (AT_LEAST, "bulan", True),
        (AT_LEAST, "%", False),
        (AT_LEAST, " Persen ", False),
        (AT_LEAST, "indeks", False),
        (AT_LEAST, "per 1.000 kelahiran hidup", False),
        (AT_LEAST, "hari kerja", False),  # a duration
        (AT_MOST, "hari kerja", False),  # a ceiling holds at every moment
        (EXACTLY, "dokumen", True),  # an exact count adds up too
        (RANGE, "%", False),
    ],
)
def test_which_targets_accumulate(direction, unit, counts):
    assert accumulates(direction, unit) is counts


def test_the_share_of_the_plan_counts_both_ends_and_stays_between_0_and_1():
    assert share_of_plan(START, END, MARCH) == Decimal(90) / Decimal(365)
    assert share_of_plan(START, END, END) == 1
    assert share_of_plan(START, END, D(2027, 2, 1)) == 1
    assert share_of_plan(START, END, D(2025, 12, 1)) == 0
    assert share_of_plan(START, END, START) == Decimal(1) / Decimal(365)


@pytest.mark.parametrize(
    ("as_of", "left"),
    [(MARCH, 9), (JUNE, 6), (D(2026, 6, 15), 7), (D(2026, 12, 1), 1), (END, 0), (D(2027, 1, 5), 0)],
)
def test_months_left_count_a_begun_month(as_of, left):
    assert months_left(as_of, END) == left


# (what, direction, target, unit, realised, due_by, today, upper)
#   → (state, expected, behind, per_month)
APRIL, JULY, AUGUST, NEXT_JANUARY = D(2026, 4, 5), D(2026, 7, 5), D(2026, 8, 15), D(2027, 1, 5)
CASES = [
    ("52 reports, 10 by March: behind 2.8 of the 12.8 due, 4.7 a month left",
     AT_LEAST, "52", "laporan", "10", MARCH, APRIL, None, PaceState.BEHIND, "12.8", "2.8", "4.7"),
    ("52 reports, 13 by March: on track",
     AT_LEAST, "52", "laporan", "13", MARCH, APRIL, None, PaceState.ON_TRACK, "12.8", None, "4.3"),
    ("52 reports, 13 by March, June due unrecorded, mid-August: behind 12.8, 7.8 a month",
     AT_LEAST, "52", "laporan", "13", JUNE, AUGUST, None, PaceState.BEHIND, "25.8", "12.8", "7.8"),
    ("52 reports, 2 recorded early in the first quarter: nothing due yet",
     AT_LEAST, "52", "laporan", "2", None, D(2026, 2, 1), None, PaceState.ON_TRACK, "0", None, "4.5"),
    ("52 reports, 52 by June: met early",
     AT_LEAST, "52", "laporan", "52", JUNE, JULY, None, PaceState.MET, "52", None, None),
    ("12 months, 12 at the end: met",
     AT_LEAST, "12", "bulan", "12", END, NEXT_JANUARY, None, PaceState.MET, "12", None, None),
    ("12 months, 11 at the end: behind, no month left",
     AT_LEAST, "12", "bulan", "11", END, NEXT_JANUARY, None, PaceState.BEHIND, "12.0", "1.0", None),
    ("exactly 4 documents, 3 by June: a count on track",
     EXACTLY, "4", "dokumen", "3", JUNE, JULY, None, PaceState.ON_TRACK, "2.0", None, "0.2"),
    ("exactly 4 documents, 5 by June: 1 over",
     EXACTLY, "4", "dokumen", "5", JUNE, JULY, None, PaceState.OFF_LEVEL, None, "1", None),
    ("95 %, 96 % in March: a level kept",
     AT_LEAST, "95", "%", "96", MARCH, APRIL, None, PaceState.MET, None, None, None),
    ("95 %, 90 % in March: a level 5 points short",
     AT_LEAST, "95", "%", "90", MARCH, APRIL, None, PaceState.OFF_LEVEL, None, "5.0", None),
    ("ceiling 2 days, 1.5 days: kept",
     AT_MOST, "2", "hari kerja", "1.5", MARCH, APRIL, None, PaceState.MET, None, None, None),
    ("ceiling 2 days, 3 days: 1 day over",
     AT_MOST, "2", "hari kerja", "3", MARCH, APRIL, None, PaceState.OFF_LEVEL, None, "1.0", None),
    ("exactly 100 %, 90: off by 10",
     EXACTLY, "100", "%", "90", JUNE, JULY, None, PaceState.OFF_LEVEL, None, "10.0", None),
    ("range 80-90 %, 85: kept",
     RANGE, "80", "%", "85", JUNE, JULY, "90", PaceState.MET, None, None, None),
    ("range 80-90 %, 93: 3 above the upper bound",
     RANGE, "80", "%", "93", JUNE, JULY, "90", PaceState.OFF_LEVEL, None, "3.0", None),
    ("range 80-90 %, 70: 10 below the lower bound",
     RANGE, "80", "%", "70", JUNE, JULY, "90", PaceState.OFF_LEVEL, None, "10.0", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("direction", "target", "unit", "realised", "due_by", "today", "upper", "state", "expected",
     "behind", "per_month"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)  # fmt: skip
def test_pace(
    direction, target, unit, realised, due_by, today, upper, state, expected, behind, per_month
):
    pace = iki_pace(
        direction,
        Decimal(target),
        unit,
        Decimal(realised),
        start=START,
        end=END,
        due_by=due_by,
        today=today,
        upper=Decimal(upper) if upper else None,
    )
    assert pace.state is state
    assert pace.expected == (Decimal(expected) if expected else None)
    assert pace.behind == (Decimal(behind) if behind else None)
    assert pace.per_month == (Decimal(per_month) if per_month else None)
    assert pace.needs_attention is (state in (PaceState.BEHIND, PaceState.OFF_LEVEL))


def test_no_number_or_no_realisation_yet():
    dates = {"start": START, "end": END, "today": APRIL}
    narrative = iki_pace(AT_LEAST, None, "", Decimal(3), due_by=MARCH, **dates)
    assert narrative.state is PaceState.NARRATIVE and not narrative.needs_attention
    waiting = iki_pace(AT_LEAST, Decimal(52), "laporan", None, due_by=MARCH, **dates)
    assert waiting.state is PaceState.NOT_YET and waiting.needs_attention  # March is due
    assert waiting.months_left == 9
    # Before any period is due, no realisation is no cause for attention.
    early = iki_pace(AT_LEAST, Decimal(52), "laporan", None, due_by=None, **dates)
    assert early.state is PaceState.NOT_YET and not early.needs_attention


@given(
    target=st.integers(min_value=1, max_value=10_000),
    realised=st.integers(min_value=0, max_value=10_000),
    day=st.integers(min_value=0, max_value=364),
)
def test_a_count_is_behind_exactly_when_short_of_its_share(target, realised, day):
    due_by = START + dt.timedelta(days=day)
    pace = iki_pace(
        AT_LEAST,
        Decimal(target),
        "dokumen",
        Decimal(realised),
        start=START,
        end=END,
        due_by=due_by,
        today=due_by + dt.timedelta(days=1),
    )
    if realised >= target:
        assert pace.state is PaceState.MET
    elif pace.state is PaceState.BEHIND:
        assert pace.behind > 0 and Decimal(realised) < pace.expected
    else:
        assert pace.state is PaceState.ON_TRACK and Decimal(realised) >= pace.expected
    if pace.per_month is not None:
        # The pace left, kept every month, reaches the target (within rounding).
        assert (
            realised + pace.per_month * pace.months_left
            >= target - Decimal("0.05") * pace.months_left
        )
