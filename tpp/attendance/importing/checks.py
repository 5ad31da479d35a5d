"""The recap import's checks: each row's values on their own (NIP, counts, days, score, month),
then each NIP's employee, the OPD imported for and the locked months."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from accounts.importing.workbook import nip_text
from accounts.org.models import Employee, OrgUnit
from tpp.attendance import scope
from tpp.attendance.importing.rows import (
    EARLY,
    HEADERS,
    LATE,
    LEAVE,
    LOAD_ALL_FROM,
    LOOKUP_CHUNK,
    Draft,
    Parsed,
    RecapRow,
    RowError,
)

MAX_OCCURRENCES = 200
# "3", or "3.0" from a number cell saved as text; never "1,000", which reads both ways.
WHOLE = re.compile(r"[0-9]+(?:[.,]0{1,2})?")
NUMBER_AS_TEXT = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+")  # 1,98001E+17: digits lost


def blank(value) -> bool:
    """An empty cell, or one holding only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def _nip(value) -> tuple[str, bool]:
    """The NIP as text, and whether digits were lost to a number format."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return nip_text(value)
    text = "".join(str(value or "").split()).lstrip("'")
    return text, bool(NUMBER_AS_TEXT.fullmatch(text))


def check_row(number: int, values: dict, parsed: Parsed) -> Draft:
    """One row's cells ({field: value}) checked on their own; each problem joins parsed.errors."""
    errors: list[tuple[str, str]] = []  # (field, message)
    nip, lost = _nip(values.get("nip"))
    if lost:
        errors.append(
            (
                "nip",
                _(
                    "The NIP was stored as a number and Excel dropped its last digits. "
                    "Format the column as Text and type the NIP again."
                ),
            )
        )
    elif not nip:
        errors.append(("nip", _("The NIP is empty.")))
    counts = {}
    for name in (*LATE, *EARLY, "tk", *LEAVE):
        count = _count(values.get(name))
        if count is None:
            errors.append((name, _count_error(parsed.mapping[name], values.get(name))))
        elif name in LATE + EARLY and count > MAX_OCCURRENCES:
            errors.append((name, _too_many(parsed.mapping[name], count)))
        counts[name] = count or 0
    days = counts["tk"] + sum(counts[name] for name in LEAVE)
    month_days = calendar.monthrange(parsed.year, parsed.month)[1]
    if days > month_days:
        errors.append(("tk", _too_many_days(days, month_days)))
    score, score_ok = _score(values.get("score"))
    if not score_ok:
        errors.append(("score", _score_error(values.get("score"))))
    month_error = _month_error(values.get("month"), parsed.year, parsed.month)
    if month_error:
        errors.append(("month", month_error))
    for name, message in errors:
        parsed.errors.append(RowError(number, nip, parsed.mapping[name] or HEADERS[name], message))
    if errors:
        # A NIP with lost digits names nobody: it is not looked up or compared with others.
        return Draft(number, "" if lost else nip, None)
    recap = RecapRow(
        row=number,
        employee_id=0,  # known once every NIP is looked up
        nip=nip,
        late=tuple(counts[name] for name in LATE),
        early=tuple(counts[name] for name in EARLY),
        absent_days=counts["tk"],
        leave_days={kind: counts[name] for name, kind in LEAVE.items() if counts[name]},
        monthly_score=score,
    )
    return Draft(number, nip, recap)


def _count(value) -> int | None:
    """A whole number of 0 or more (blank is 0); None when the cell holds anything else."""
    if blank(value):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value).strip()
    return int(re.split(r"[.,]", text)[0]) if WHOLE.fullmatch(text) else None


def _count_error(header: str, value) -> str:
    return _("%(column)s must be a whole number of 0 or more, not “%(value)s”.") % {
        "column": header,
        "value": value,
    }


def _too_many(header: str, count: int) -> str:
    return _("%(column)s: %(count)d occurrences is more than %(max)d in a month.") % {
        "column": header,
        "count": count,
        "max": MAX_OCCURRENCES,
    }


def _too_many_days(days: int, month_days: int) -> str:
    return _(
        "%(days)d days absent or on leave is more than the %(month_days)d days of the month."
    ) % {"days": days, "month_days": month_days}


def _score(value) -> tuple[Decimal | None, bool]:
    """The monthly score (blank: none), kept to two decimals as the column holds them."""
    if blank(value):
        return None, True
    if isinstance(value, bool | dt.date):
        return None, False
    text = str(value).strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        score = Decimal(text)
    except InvalidOperation:
        return None, False
    if not score.is_finite() or not 0 <= score <= 100:
        return None, False
    return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), True


def _score_error(value) -> str:
    return _("The performance score must be a number from 0 to 100, not “%(value)s”.") % {
        "value": value
    }


def _month_error(value, year: int, month: int) -> str:
    """Empty when the month column is blank or names the month imported."""
    if blank(value):
        return ""
    if isinstance(value, dt.date):
        named = (value.year, value.month)
    elif (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    ):
        named = (year, int(value))
    else:
        named = _month_text(str(value).strip(), year)
    if named is None or not 1 <= named[1] <= 12:
        return _("Month “%(value)s” is not understood: write %(a)s, %(b)s or %(c)s.") % {
            "value": value,
            "a": f"{year}-{month:02d}",
            "b": f"{month:02d}/{year}",
            "c": month,
        }
    if named != (year, month):
        return _("The row is for month %(value)s, but this import is for %(month)02d/%(year)d.") % {
            "value": value,
            "month": month,
            "year": year,
        }
    return ""


def _month_text(text: str, year: int) -> tuple[int, int] | None:
    if match := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", text):
        return int(match[1]), int(match[2])
    if match := re.fullmatch(r"([0-9]{1,2})/([0-9]{4})", text):
        return int(match[2]), int(match[1])
    if re.fullmatch(r"[0-9]{1,2}", text):
        return year, int(text)
    return None


def _employees(nips: list[str]) -> dict[str, int]:
    """NIP → employee id."""
    query = Employee.objects.values_list("nip", "pk")
    if len(nips) >= LOAD_ALL_FROM:
        return dict(query.iterator(chunk_size=5000))
    found = {}
    for start in range(0, len(nips), LOOKUP_CHUNK):
        found.update(dict(query.filter(nip__in=nips[start : start + LOOKUP_CHUNK])))
    return found


def check_people(
    drafts: list[Draft], parsed: Parsed, opd: OrgUnit | None, locked: frozenset[int]
) -> None:
    """Each NIP is an employee whose month (tpp.attendance.scope) belongs to `opd` (any OPD when
    None) and to an OPD whose month is not locked."""
    found = _employees([draft.nip for draft in drafts if draft.nip])
    month_opd = {}
    if opd is not None or locked:  # the whole agency's file with nothing locked needs no posts
        month_opd = scope.month_opds(parsed.year, parsed.month, found.values())
    column = parsed.mapping["nip"]
    for draft in drafts:
        if not draft.nip:
            continue
        employee_id = found.get(draft.nip)
        if employee_id is None:
            message = _("No employee has NIP %(nip)s.")
        elif opd is not None and month_opd[employee_id] != opd.pk:
            message = _(
                "Employee %(nip)s does not belong to %(opd)s for %(month)02d/%(year)d: their "
                "TPP for that month is paid by another OPD."
            )
        elif month_opd.get(employee_id) in locked:
            message = _(
                "Month locked: the TPP of %(month)02d/%(year)d is locked for the OPD of "
                "employee %(nip)s."
            )
        else:
            if draft.values is not None:
                parsed.rows.append(dataclasses.replace(draft.values, employee_id=employee_id))
            continue
        parsed.errors.append(
            RowError(
                draft.row,
                draft.nip,
                column,
                message
                % {
                    "nip": draft.nip,
                    "month": parsed.month,
                    "year": parsed.year,
                    "opd": opd.label if opd else "",
                },
            )
        )
    parsed.errors.sort(key=lambda error: error.row)
