"""Receiving a result and the objection window (issue 20, point 2), without a database.

Source: PermenPANRB 6/2022 on keberatan (domain §7): the employee may object within 14 days
(configurable: Cycle.objection_days) of receiving the result, in calendar days, the last day
included. Our rule for a result nobody confirms: it counts as received RESULT_DEEMED_RECEIVED_DAYS
(5 by default) after finalisation, so the window always starts and always ends.
"""

import datetime as dt

import pytest

from appraisal.rules import objection_last_day, objection_window_open, result_received_on

D = dt.date
FINAL = D(2026, 11, 20)  # a Friday

# (case, acknowledged on, received on, last day to object) with 5 deemed days and 14 to object
CASES = [
    ("confirmed the same day", D(2026, 11, 20), D(2026, 11, 20), D(2026, 12, 4)),
    ("confirmed after 3 days", D(2026, 11, 23), D(2026, 11, 23), D(2026, 12, 7)),
    ("confirmed on the deemed day", D(2026, 11, 25), D(2026, 11, 25), D(2026, 12, 9)),
    # Confirming late changes nothing: the result was already received on the fifth day.
    ("confirmed after the deemed day", D(2026, 12, 1), D(2026, 11, 25), D(2026, 12, 9)),
    ("never confirmed", None, D(2026, 11, 25), D(2026, 12, 9)),
]


@pytest.mark.parametrize(
    ("acknowledged", "received", "last_day"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_received_on_and_the_last_day_to_object(acknowledged, received, last_day):
    assert result_received_on(FINAL, acknowledged, 5) == received
    assert objection_last_day(received, 14) == last_day


def test_the_last_day_is_included_and_the_next_is_not():
    # Domain §7's example: received on 24 November, 14 days: until and including 8 December.
    assert objection_last_day(D(2026, 11, 24), 14) == D(2026, 12, 8)


# (today, acknowledged on, open?) for a result finalised on FINAL, 5 deemed days, 14 to object
WINDOW = [
    (D(2026, 11, 20), None, True),  # final, not received yet: the right still lies ahead
    (D(2026, 12, 9), None, True),  # the last day of a deemed receipt
    (D(2026, 12, 10), None, False),  # the day after: it ended by itself
    (D(2026, 12, 4), D(2026, 11, 20), True),  # confirmed at once: the last day
    (D(2026, 12, 5), D(2026, 11, 20), False),
]


@pytest.mark.parametrize(("today", "acknowledged", "is_open"), WINDOW)
def test_the_window_always_ends(today, acknowledged, is_open):
    assert objection_window_open(today, FINAL, acknowledged, 5, 14) is is_open


@pytest.mark.parametrize("deemed", [0, 1, 5, 30])
def test_a_window_never_ends_later_than_deemed_plus_objection_days(deemed):
    for acknowledged in (None, FINAL, FINAL + dt.timedelta(days=60)):
        received = result_received_on(FINAL, acknowledged, deemed)
        assert objection_last_day(received, 14) <= FINAL + dt.timedelta(days=deemed + 14)
