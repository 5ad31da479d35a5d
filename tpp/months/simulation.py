"""What a different predicate would pay: the month's own figures (basis, attendance, penalties)
under the scheme in force next month, with the predicate the employee picks. A simulation only:
nothing is stored."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from appraisal.rules import Predicate
from tpp import rules
from tpp.months.models import Line
from tpp.schemes.selectors import version_in_force

LEAVE_PREFIX = "CUTI:"


def deduction_label(code: str) -> str:
    """A deduction's code as the employee's page names it."""
    if code.startswith("TL"):
        return _("Late, band %(band)s (TL%(band)s)") % {"band": code[2:]}
    if code.startswith("PSW"):
        return _("Left early, band %(band)s (PSW%(band)s)") % {"band": code[3:]}
    if code == "TK":
        return _("Absent without leave (TK), days")
    if code.startswith(LEAVE_PREFIX):
        return _("Leave %(kind)s, days") % {"kind": code[len(LEAVE_PREFIX) :]}
    return code


def attendance_from(detail: dict) -> rules.Attendance:
    """The month's recap back from the stored deductions (only counted items were stored)."""
    late, early, absent, leave = [0] * rules.BANDS, [0] * rules.BANDS, 0, {}
    for item in detail["deductions"]:
        code, count = item["code"], item["count"]
        if code.startswith("TL"):
            late[int(code[2:]) - 1] = count
        elif code.startswith("PSW"):
            early[int(code[3:]) - 1] = count
        elif code == "TK":
            absent = count
        elif code.startswith(LEAVE_PREFIX):
            leave[code[len(LEAVE_PREFIX) :]] = count
    return rules.Attendance(
        late=tuple(late), early=tuple(early), absent_days=absent, leave_days=leave
    )


def simulate(line: Line, predicate_name: str) -> dict | None:
    """Next month's TPP with `predicate_name` and this month's basis, attendance and penalties."""
    if predicate_name not in Predicate.__members__:
        return None
    year, month = line.month.year, line.month.month
    following = (year + month // 12, month % 12 + 1)
    version = version_in_force(*following) or line.month.version
    detail = line.detail
    computed = rules.compute(
        version.as_rules(),
        detail["basis"],
        attendance_from(detail),
        predicate=Predicate[predicate_name],
        penalty_percent=Decimal(detail["penalty_percent"]),
    )
    return {
        "predicate": Predicate[predicate_name].label,
        "predicate_name": predicate_name,
        "percent": computed.performance_percent,
        "received": computed.received,
        "difference": computed.received - line.received,
    }
