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

    NOT_AFTER_CURRENT_START = "not_after_current_start"  # the old post would end before it began


def placement_correctable(
    current_start: dt.date, recorded_on: dt.date | None, today: dt.date
) -> bool:
    """Whether the open definitive placement may still be corrected in place (a mutasi dated its
    own start replaces its position instead of following it): it was recorded today, by hand or
    by today's import, or it has not taken effect yet (a scheduled TMT). One recorded on an
    earlier day and already in force is history: a change is a new mutasi after it."""
    return current_start > today or recorded_on == today


def transfer_refusal_reason(
    current_start: dt.date | None, on: dt.date, *, correctable: bool = False
) -> TransferRefusal | None:
    """Whether a move to a new definitive post from `on` is refused, and why (None: allowed).

    current_start is the start of the open definitive assignment (None: the employee has none).
    The old one ends the day before `on` (previous_assignment_end), which must not fall before
    its own start, so `on` must come after current_start: two moves on one day would leave two
    overlapping posts. The one exception is a correction (`correctable`, placement_correctable):
    a move dated the placement's own start replaces it. A future `on` is allowed: the move is
    scheduled (transfer_is_scheduled) and takes effect on its day.
    """
    if current_start is None or on > current_start:
        return None
    if on == current_start and correctable:
        return None
    return TransferRefusal.NOT_AFTER_CURRENT_START


def transfer_refusal(
    current_start: dt.date | None, on: dt.date, *, correctable: bool = False
) -> str | None:
    """The message a mutasi form shows for transfer_refusal_reason (None: allowed)."""
    reason = transfer_refusal_reason(current_start, on, correctable=correctable)
    if reason is TransferRefusal.NOT_AFTER_CURRENT_START:
        return _(
            "The transfer date must be after the start of the current position (%(date)s)."
        ) % {"date": current_start.strftime("%d-%m-%Y")}
    return None


def transfer_is_correction(current_start: dt.date | None, on: dt.date) -> bool:
    """An allowed mutasi dated the open placement's own start corrects that placement."""
    return current_start == on


def transfer_is_scheduled(on: dt.date, today: dt.date) -> bool:
    """A mutasi with a future TMT: recorded now, in force from `on` (Employee.position keeps
    today's post until the daily job, services.transfers_take_effect, moves it)."""
    return on > today


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
