"""When a deadline reminder is due. Pure: dates in, an offset out (no Django).

A reminder's moments are the deadline minus each offset (7, 3 and 1 days by default) and the
day after the deadline (OVERDUE). On any day the one due is the latest moment that has come:
a run that was missed (a worker down for a day) is made up by the next run with that latest
reminder only, never with a burst of stale ones. Two limits keep it quiet:
- a moment on or before the day the duty arose (the window opened, the SKP was submitted, the
  result was final) is not due: the person was told that day already;
- the overdue notice is not sent more than ``overdue_within`` days after the deadline (a new
  installation, or a long outage, must not wake up last quarter's deadlines).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

OVERDUE = -1


def moment(deadline: dt.date, offset: int) -> dt.date:
    return deadline - dt.timedelta(days=offset)


def due_offset(
    deadline: dt.date,
    today: dt.date,
    offsets: Iterable[int],
    arose: dt.date | None = None,
    overdue_within: int = 14,
) -> int | None:
    """The offset of the reminder due today for this deadline, or None when none is due."""
    if today > deadline + dt.timedelta(days=overdue_within):
        return None
    candidates = sorted({*(o for o in offsets if o > 0), OVERDUE})  # latest moment first
    for offset in candidates:
        when = moment(deadline, offset)
        if when <= today:
            if arose is not None and when <= arose:
                return None
            return offset
    return None


def days_left(deadline: dt.date, today: dt.date) -> int:
    """The offset of a reminder sent by hand today: the days left, or OVERDUE once it passed."""
    left = (deadline - today).days
    return left if left >= 0 else OVERDUE
