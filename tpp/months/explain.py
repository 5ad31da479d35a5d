"""A line's explanation as stored (JSON): what each figure was computed from, with its source
record, so the employee's page and the PDF show the month exactly as it was computed even after
the scheme or the recap changes."""

from __future__ import annotations

from decimal import Decimal

from tpp import rules
from tpp.choices import Anomaly
from tpp.months.inputs import EmployeeInputs, MonthSpan


def detail(
    span: MonthSpan,
    person: EmployeeInputs,
    month: rules.Computation,
    scheme: rules.Scheme,
    post_bases: list[int | None],
    by_score: bool = False,
) -> dict:
    """The stored explanation: the posts and their days, the shares, each deduction."""
    recap = person.recap
    return {
        "days_in_month": span.days,
        "measure": "monthly_score" if by_score else "predicate",
        "posts": _posts(person, post_bases),
        "basis": month.basis,
        "performance_share": str(scheme.performance_share),
        "discipline_share": str(scheme.discipline_share),
        "predicate": person.predicate.name if person.predicate else "",
        "predicate_source": person.predicate_source,
        "monthly_score": str(recap.monthly_score)
        if recap and recap.monthly_score is not None
        else None,
        "performance_percent": str(month.performance_percent),
        "performance_amount": month.performance_amount,
        "discipline_amount": month.discipline_amount,
        "gross": month.gross,
        "deductions": [
            {
                "code": d.code,
                "count": d.count,
                "percent_each": str(d.percent_each),
                "percent": str(d.percent),
            }
            for d in month.deductions
        ],
        "recap_import": str(recap.imported.public_id) if recap else None,
        "attendance_base": scheme.attendance_base.value,
        "deduction_cap": str(scheme.deduction_cap),
        "attendance_percent": str(month.attendance_percent),
        "attendance_capped": month.attendance_capped,
        "attendance_amount": month.attendance_amount,
        "penalties": _penalties(person),
        "penalty_percent": str(month.penalty_percent),
        "penalty_amount": month.penalty_amount,
        "exemption": {"kind": person.exemption.kind, "reason": person.exemption.reason}
        if person.exemption
        else None,
        "deduction_total": month.deduction_total,
        "received": month.received,
    }


def _posts(person: EmployeeInputs, post_bases: list[int | None]) -> list[dict]:
    return [
        {
            "name": post.position_name,
            "unit": post.unit_name,
            "first": post.first.isoformat(),
            "last": post.last.isoformat(),
            "days": post.days,
            "acting": post.acting,
            "basis": amount,
        }
        for post, amount in zip(person.posts, post_bases, strict=True)
    ]


def _penalties(person: EmployeeInputs) -> list[dict]:
    return [
        {
            "level": p.level,
            "percent": str(p.percent),
            "decree_number": p.decree_number,
            "decree_date": p.decree_date.isoformat(),
        }
        for p in person.penalties
    ]


def anomalies(
    person: EmployeeInputs, post_bases: list[int | None], measure_is_score: bool
) -> list[str]:
    """What the admin should look at before locking the month."""
    found = []
    if person.recap is None and not person.exemption:
        found.append(Anomaly.NO_ATTENDANCE.value)
    if measure_is_score:
        if person.recap is None or person.recap.monthly_score is None:
            found.append(Anomaly.NO_SCORE.value)
    elif person.predicate is None:
        found.append(Anomaly.NO_PREDICATE.value)
    if len(person.definitive) > 1:
        found.append(Anomaly.POST_CHANGED.value)
    if any(amount is None for amount in post_bases):
        found.append(Anomaly.NO_BASIS.value)
    return found


def percent_text(value: str | Decimal) -> str:
    """A stored percentage as people write it: "0,5", "100"."""
    number = Decimal(value).normalize()
    text = f"{number:f}"
    return text.replace(".", ",")
