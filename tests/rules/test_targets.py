"""The capaian of an IKI against a target with a direction: pure, no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal.rules import Direction, achievement_percent, target_met

GE, LE, EQ, RANGE = Direction.AT_LEAST, Direction.AT_MOST, Direction.EXACTLY, Direction.RANGE


# Capaian IKI after PermenPANRB 8/2021, Lampiran ("formula capaian IKI"): realisasi / target × 100 %
# when more is better; (1 + (1 − realisasi / target)) × 100 % in the "kondisi khusus" where less is
# better; for a range, the bound the realisation passed. Our convention for "exactly" and for a
# range as a band: the first formula below, the second above, 100 % inside (appraisal/rules.py).
@pytest.mark.parametrize(
    ("direction", "target", "realised", "upper", "percent"),
    [
        # at least (≥): more is better
        (GE, "12", "12", None, "100.0"),
        (GE, "12", "9", None, "75.0"),
        (GE, "12", "15", None, "125.0"),
        (GE, "0", "0", None, "100.0"),
        # at most (≤): maternal deaths, stunting, complaints; less is better
        (LE, "12", "12", None, "100.0"),
        (LE, "12", "10", None, "116.7"),
        (LE, "12", "14", None, "83.3"),
        (LE, "14", "28", None, "0.0"),
        (LE, "14", "40", None, "0.0"),  # never below zero
        (LE, "0", "0", None, "100.0"),  # "no maternal death" kept
        (LE, "0", "1", None, "0.0"),
        # exactly (=): any deviation counts against
        (EQ, "100", "100", None, "100.0"),
        (EQ, "100", "90", None, "90.0"),
        (EQ, "100", "110", None, "90.0"),
        (EQ, "0", "1", None, "0.0"),
        # range (from–to): the rule's own examples, target 80–90 % and realisation 70 %
        (RANGE, "80", "70", "90", "87.5"),
        (RANGE, "80", "80", "90", "100.0"),
        (RANGE, "80", "85", "90", "100.0"),
        (RANGE, "80", "90", "90", "100.0"),
        (RANGE, "7", "9", "8", "87.5"),  # above the band: (1 + (1 − 9/8)) × 100 %
        (RANGE, "0", "0", "0", "100.0"),
    ],
)
def test_achievement_percent(direction, target, realised, upper, percent):
    assert achievement_percent(direction, target, realised, upper) == Decimal(percent)


@pytest.mark.parametrize(
    ("direction", "target", "realised", "upper"),
    [
        (GE, None, "3", None),  # a narrative target
        (LE, "12", None, None),  # nothing realised yet
        (RANGE, "80", "85", None),  # a range without its upper bound
    ],
)
def test_nothing_to_compare_gives_no_percentage(direction, target, realised, upper):
    assert achievement_percent(direction, target, realised, upper) is None


@pytest.mark.parametrize(
    ("direction", "target", "realised", "met"),
    [
        (GE, "12", "12", True),
        (GE, "12", "11", False),
        (LE, "12", "10", True),  # lower is better under a ceiling
        (LE, "12", "13", False),
        (EQ, "5", "5", True),
        (EQ, "5", "6", False),
    ],
)
def test_target_met_follows_the_direction(direction, target, realised, met):
    assert target_met(achievement_percent(direction, target, realised)) is met


def test_no_percentage_no_hint():
    assert target_met(None) is None


amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)


@given(amounts.filter(lambda d: d > 0), amounts, amounts)
def test_under_a_ceiling_less_is_never_worse(target, first, second):
    low, high = sorted((first, second))
    assert achievement_percent(LE, target, low) >= achievement_percent(LE, target, high)


@given(amounts.filter(lambda d: d > 0), amounts, amounts)
def test_above_a_floor_more_is_never_worse(target, first, second):
    low, high = sorted((first, second))
    assert achievement_percent(GE, target, high) >= achievement_percent(GE, target, low)
