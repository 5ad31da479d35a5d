"""Dates typed into a query string or a form: only those a record of this app can fall on.

Python's calendar runs from 1 January 1 to 31 December 9999, and a week, a day or a time-zone
shift past either end raises OverflowError (a server error, for `?week=0001-01-01`). No appraisal,
post or audit entry lies outside 1900–2100, so anything outside those years is refused as a
malformed date before any arithmetic is done with it.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


def within_bounds(day: dt.date | dt.datetime) -> bool:
    """True when the day (of a date or a datetime, in its own time zone) lies in 1900–2100."""
    as_date = day.date() if isinstance(day, dt.datetime) else day
    return EARLIEST <= as_date <= LATEST


def parse_day(value: str | None) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) from a query string within 1900–2100, else None."""
    try:
        day = dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return day if within_bounds(day) else None


def parse_moment(value: str | None) -> dt.datetime | None:
    """An ISO date and time from a query string (a page cursor) within 1900–2100, else None."""
    try:
        moment = dt.datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    return moment if within_bounds(moment) else None


class BoundedDateField(forms.DateField):
    """A date field that refuses days outside 1900–2100 with the same kind of message as a
    malformed date (the calendar's ends would overflow further on)."""

    default_error_messages = {
        "out_of_range": _("Enter a date between %(earliest)s and %(latest)s."),
    }

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values and not within_bounds(value):
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={
                    "earliest": formats.date_format(EARLIEST, "j F Y"),
                    "latest": formats.date_format(LATEST, "j F Y"),
                },
            )
