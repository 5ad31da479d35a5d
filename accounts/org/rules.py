"""Dates of a change of post (mutasi) and of leaving, shared by services and the Excel import.

Pure: no database and nothing from Django except gettext, so the rules read (and are tested) on
their own. Assignments are inclusive date ranges (selectors.active_on: start <= day <= end), so
the day a new post starts is the first day the old one no longer covers.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from django.utils.translation import gettext as _

ONE_DAY = dt.timedelta(days=1)


class TransferRefusal(Enum):
    """Why a mutasi dated `on` cannot be recorded."""

    FUTURE = "future"  # Employee.position mirrors today's post: a future TMT waits for its day
    NOT_AFTER_CURRENT_START = "not_after_current_start"  # the old post would end before it began


def transfer_refusal_reason(
    current_start: dt.date | None, on: dt.date, today: dt.date
) -> TransferRefusal | None:
    """Whether a move to a new definitive post from `on` is refused, and why (None: allowed).

    current_start is the start of the open definitive assignment (None: the employee has none).
    The old one ends the day before `on` (previous_assignment_end), which must not fall before
    its own start, so `on` must come after current_start: two moves on one day would leave two
    overlapping posts.
    """
    if on > today:
        return TransferRefusal.FUTURE
    if current_start is not None and on <= current_start:
        return TransferRefusal.NOT_AFTER_CURRENT_START
    return None


def transfer_refusal(current_start: dt.date | None, on: dt.date, today: dt.date) -> str | None:
    """The message a mutasi form shows for transfer_refusal_reason (None: allowed)."""
    reason = transfer_refusal_reason(current_start, on, today)
    if reason is TransferRefusal.FUTURE:
        return _("Record a transfer on or after its effective date (TMT).")
    if reason is TransferRefusal.NOT_AFTER_CURRENT_START:
        return _(
            "The transfer date must be after the start of the current position (%(date)s)."
        ) % {"date": current_start.strftime("%d-%m-%Y")}
    return None


def previous_assignment_end(on: dt.date) -> dt.date:
    """The last day of the old definitive assignment when the new one starts on `on`."""
    return on - ONE_DAY


def leaving_end(start: dt.date, on: dt.date) -> dt.date | None:
    """The last day of an assignment held by someone who leaves as of `on` (not in post that day).

    The day before `on`; an assignment that began on `on` itself ends that day, since it cannot
    end before it starts (no new post follows, so nothing overlaps). One that only begins after
    `on` never takes effect: None, for the caller to withdraw it.
    """
    if start > on:
        return None
    return max(on - ONE_DAY, start)
