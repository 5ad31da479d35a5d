"""Periods of a cycle and the default windows of domain §2. Pure: dates in, dates out."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
MONTHS_PER_PERIOD = {"bulanan": 1, "triwulanan": 3, "semesteran": 6}
PERIOD_WORD = {"bulanan": "Bulan", "triwulanan": "Triwulan", "semesteran": "Semester"}
SKP_WINDOW_END = (1, 31)  # SKP drafting and approval: until 31 January
PERIOD_GRACE_DAYS = 10  # realisation and evaluation: until 10 days after the period
ANNUAL_WINDOW_END = (1, 31)  # annual evaluation: until 31 January of the next year


@dataclass(frozen=True)
class Period:
    number: int
    start: dt.date
    end: dt.date
    label: str  # the official label, e.g. "Triwulan II"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def periods(year: int, frequency: str) -> list[Period]:
    step = MONTHS_PER_PERIOD[frequency]
    word = PERIOD_WORD[frequency]
    result = []
    for index, first_month in enumerate(range(1, 13, step)):
        last_month = first_month + step - 1
        result.append(
            Period(
                number=index + 1,
                start=dt.date(year, first_month, 1),
                end=_month_end(year, last_month),
                label=f"{word} {ROMAN[index]}",
            )
        )
    return result


def period_of(year: int, frequency: str, day: dt.date) -> Period | None:
    return next((p for p in periods(year, frequency) if p.start <= day <= p.end), None)


def default_skp_window(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, *SKP_WINDOW_END)


def default_period_window(period: Period) -> tuple[dt.date, dt.date]:
    """From the first day of the period's last month to 10 days after it ends."""
    opens = period.end.replace(day=1)
    return opens, period.end + dt.timedelta(days=PERIOD_GRACE_DAYS)


def default_annual_window(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 12, 1), dt.date(year + 1, *ANNUAL_WINDOW_END)
