"""The annual predicate of a year split by a mutasi (issue 20, point 11), without a database.

Source: PermenPANRB 6/2022 — performance is planned and evaluated per post with the PPK of that
post, and the predicate follows only from the two ratings (no formula, domain §5), so two posts'
predicates are never averaged; our rule: the year's one predicate is the last post's, each SKP
keeping its own result for its months (credit points per SKP, PerBKN 3/2023).
"""

import datetime as dt

import pytest

from appraisal.rules import Predicate, split_year_predicate

D = dt.date
SB, B, BP = Predicate.SANGAT_BAIK, Predicate.BAIK, Predicate.BUTUH_PERBAIKAN

CASES = [
    ("one post all year", [(D(2026, 1, 1), B)], B),
    ("moved 15 July, the later post counts", [(D(2026, 1, 1), SB), (D(2026, 7, 15), BP)], BP),
    ("given in any order", [(D(2026, 7, 15), B), (D(2026, 1, 1), SB)], B),
    ("the later post not final yet", [(D(2026, 1, 1), SB), (D(2026, 7, 15), None)], None),
    ("two moves", [(D(2026, 1, 1), B), (D(2026, 4, 1), SB), (D(2026, 10, 1), BP)], BP),
    ("no plan", [], None),
]


@pytest.mark.parametrize(("parts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_year_takes_the_last_posts_predicate(parts, expected):
    assert split_year_predicate(parts) is expected
