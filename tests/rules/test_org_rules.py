"""Pure rules of a change of post (mutasi): no database (accounts/org/rules.py)."""

import datetime as dt

import pytest

from accounts.org.rules import (
    TransferRefusal,
    placement_correctable,
    transfer_is_correction,
    transfer_is_scheduled,
    transfer_refusal,
    transfer_refusal_reason,
)

DAY = dt.date(2026, 7, 15)
DAY_BEFORE, DAY_AFTER = DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1)
REFUSED = TransferRefusal.NOT_AFTER_CURRENT_START


# Assignments are inclusive date ranges; the old post ends the day before the new one starts
# (the TMT of the decree, PP 11/2017 art. 190 on mutasi by decree), so it must start after the
# current one, unless the move corrects a placement that may still be corrected.
@pytest.mark.parametrize(
    ("current_start", "on", "correctable", "reason"),
    [
        (None, DAY, False, None),  # a first post
        (DAY_BEFORE, DAY, False, None),  # an ordinary mutasi
        (DAY_BEFORE, DAY_AFTER, False, None),  # a future TMT: scheduled, not refused
        (DAY, DAY, False, REFUSED),  # a second move on a start day already in force
        (DAY, DAY, True, None),  # a correction of a placement recorded today
        (DAY_AFTER, DAY, True, REFUSED),  # before the placement began: never
        (DAY_AFTER, DAY, False, REFUSED),
    ],
)
def test_transfer_refusal_rule(current_start, on, correctable, reason):
    assert transfer_refusal_reason(current_start, on, correctable=correctable) is reason
    message = transfer_refusal(current_start, on, correctable=correctable)
    assert (message is None) == (reason is None)


@pytest.mark.parametrize(
    ("current_start", "recorded_on", "today", "correctable"),
    [
        (DAY, DAY, DAY, True),  # placed today, from today (by hand or today's import)
        (DAY_BEFORE, DAY, DAY, True),  # recorded today with an earlier TMT
        (DAY_BEFORE, DAY_BEFORE, DAY, False),  # recorded yesterday and in force: history
        (DAY_AFTER, DAY_BEFORE, DAY, True),  # scheduled, not in force yet
        (DAY, None, DAY, False),  # no record of when: treated as history
    ],
)
def test_a_placement_is_correctable_the_day_it_is_recorded_or_before_it_starts(
    current_start, recorded_on, today, correctable
):
    assert placement_correctable(current_start, recorded_on, today) is correctable


def test_a_correction_and_a_scheduled_move_are_told_by_their_dates():
    assert transfer_is_correction(DAY, DAY) and not transfer_is_correction(DAY_BEFORE, DAY)
    assert not transfer_is_correction(None, DAY)
    assert transfer_is_scheduled(DAY_AFTER, DAY) and not transfer_is_scheduled(DAY, DAY)
