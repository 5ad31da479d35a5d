"""Whole months of a post for credit points: pure, no database."""

import datetime as dt

import pytest

from appraisal.rules import months_served

D = dt.date
JAN1, DEC31 = D(2026, 1, 1), D(2026, 12, 31)


# PerBKN 3/2023, Lampiran (konversi predikat kinerja periodik): angka kredit = bulan / 12 ×
# persentase × koefisien, in whole months. The month of a move counts once, for the post held on
# its 1st day (issue 20, point 9); one employee never has more than 12 months in a year.
@pytest.mark.parametrize(
    ("move", "old_months", "new_months"),
    [
        (D(2026, 7, 1), 6, 6),  # on the 1st: July belongs to the new post
        (D(2026, 7, 15), 7, 5),  # mid-month: July belongs to the old post (not 7 + 6 = 13)
        (D(2026, 7, 31), 7, 5),  # on the last day: still the old post's July
        (D(2026, 1, 15), 1, 11),
        (D(2026, 12, 1), 11, 1),
        (D(2026, 12, 31), 12, 0),  # moved on 31 December: the new post has no whole month
    ],
)
def test_a_move_splits_the_year_into_twelve_months(move, old_months, new_months):
    old = (JAN1, move - dt.timedelta(days=1))
    new = (move, DEC31)
    assert months_served([old, new]) == [old_months, new_months]
    assert old_months + new_months == 12


@pytest.mark.parametrize(
    ("spans", "months"),
    [
        ([(JAN1, DEC31)], [12]),
        ([(D(2026, 3, 15), DEC31)], [9]),  # joined on 15 March: April–December
        ([(D(2026, 3, 1), D(2026, 3, 31))], [1]),
        ([(D(2026, 3, 2), D(2026, 3, 31))], [0]),  # no first day of a month in the post
        # two moves: 15 April and 1 September
        ([(JAN1, D(2026, 4, 14)), (D(2026, 4, 15), D(2026, 8, 31)), (D(2026, 9, 1), DEC31)],
         [4, 4, 4]),
        # overlapping SKPs (a correction not yet made): the year still counts 12 months
        ([(JAN1, D(2026, 8, 31)), (D(2026, 6, 1), DEC31)], [8, 4]),
        ([(D(2026, 6, 1), DEC31), (JAN1, D(2026, 8, 31))], [4, 8]),  # whatever the order given
    ],
)  # fmt: skip
def test_months_of_several_posts(spans, months):
    assert months_served(spans) == months
    assert sum(months) <= 12
