"""Each employee's own TPP, month by month and line by line; the same page for their PPK and the
admins in scope (recorded as an opening of personal data), the PPK's team list, the PDF."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from accounts.org.models import AgencyProfile, Employee
from accounts.org.roles import roles_for
from accounts.verification.models import DocumentKind
from accounts.verification.services import DocumentSpec
from appraisal.documents.rendering import OFFICIAL_LANGUAGE, issued_pdf, record_opening
from appraisal.rules import Predicate
from core.menus import Menu, menu
from core.throttling import limit_documents
from reports.exporters.base import month_label
from tpp.choices import Anomaly, MonthState
from tpp.months import simulation
from tpp.months.explain import percent_text
from tpp.months.models import Line
from tpp.months.policies import employee_lines_visible, line_for_view, may_read_line


@menu(Menu.MY_PERFORMANCE)
@login_required
@require_GET
def mine(request):
    """The employee's months, newest first (a month not locked yet says so)."""
    roles = roles_for(request)
    if roles.employee is None:
        raise Http404
    return _months_page(request, roles.employee, own=True)


@login_required
@require_GET
def employee_months(request, nip: str):
    roles = roles_for(request)
    employee = get_object_or_404(Employee.objects.select_related("position__unit"), nip=nip)
    if not employee_lines_visible(roles, employee):
        raise Http404
    return _months_page(
        request, employee, own=roles.employee is not None and roles.employee.pk == employee.pk
    )


def _months_page(request, employee: Employee, *, own: bool):
    lines = (
        Line.objects.filter(employee=employee)
        .select_related("month")
        .order_by("-month__year", "-month__month")
    )
    roles = roles_for(request)
    # Each month as its line is read: an admin sees the months their OPD paid.
    rows = [
        (line, month_label(line.month.month)) for line in lines[:36] if may_read_line(roles, line)
    ]
    if not own:
        record_opening(request, employee.pk)
    return render(request, "tpp/months_of.html", {"employee": employee, "rows": rows, "own": own})


@menu(Menu.MY_PERFORMANCE)
@login_required
@require_GET
def mine_month(request, year: int, month: int):
    roles = roles_for(request)
    if roles.employee is None:
        raise Http404
    return _line_page(request, roles, roles.employee, year, month)


@login_required
@require_GET
def employee_month(request, nip: str, year: int, month: int):
    roles = roles_for(request)
    employee = get_object_or_404(Employee, nip=nip)
    return _line_page(request, roles, employee, year, month)


def _line_page(request, roles, employee: Employee, year: int, month: int):
    line = line_for_view(roles, employee, year, month)
    own = roles.employee is not None and roles.employee.pk == employee.pk
    if not own:
        record_opening(request, employee.pk)
    context = _line_context(line)
    context.update(own=own, simulated=simulation.simulate(line, request.GET.get("predikat", "")))
    context["predicates"] = [(p.name, p.label) for p in Predicate]
    if request.GET.get("format") == "pdf":
        return _line_pdf(request, line, context)
    return render(request, "tpp/line.html", context)


@limit_documents
def _line_pdf(request, line: Line, context: dict):
    """The computation as an issued document: recorded, with its code and QR to verify it (a
    recomputed month prints as a new version replacing the last)."""
    employee = line.employee
    context["agency"] = AgencyProfile.objects.first()
    with translation.override(OFFICIAL_LANGUAGE):
        html = render_to_string("tpp/line_pdf.html", context, request=request)
    spec = DocumentSpec(
        kind=DocumentKind.TPP_LINE,
        subject=f"{employee.pk}:{line.month.year}-{line.month.month:02d}",
        owner_id=employee.pk,
        name=employee.full_name,
        nip=employee.nip,
        period=f"{context['month_name']} {line.month.year}",
    )
    name = f"tpp-{employee.nip}-{line.month.year}-{line.month.month:02d}.pdf"
    return issued_pdf(request, spec, html, name)


def _line_context(line: Line) -> dict:
    detail = line.detail
    return {
        "line": line,
        "employee": line.employee,
        "detail": detail,
        "month_name": month_label(line.month.month),
        "is_final": line.month.state == MonthState.LOCKED,
        "predicate_label": Predicate[detail["predicate"]].label if detail.get("predicate") else "",
        "percent": {
            key: percent_text(detail[key])
            for key in (
                "performance_share",
                "discipline_share",
                "performance_percent",
                "attendance_percent",
                "penalty_percent",
                "deduction_cap",
            )
        },
        "deductions": [
            {
                **item,
                "label": simulation.deduction_label(item["code"]),
                "each": percent_text(item["percent_each"]),
                "total": percent_text(item["percent"]),
            }
            for item in detail["deductions"]
        ],  # fmt: skip
        "anomalies": [Anomaly(value).label for value in line.anomalies],
        "posts": [
            {
                **post,
                "first": dt.date.fromisoformat(post["first"]),
                "last": dt.date.fromisoformat(post["last"]),
            }
            for post in detail["posts"]
        ],
    }


@menu(Menu.MY_TEAM)
@login_required
@require_GET
def team(request):
    """The PPK's team: each subordinate's latest month."""
    roles = roles_for(request)
    if roles.employee is None or not roles.subordinate_ids:
        raise Http404
    lines = (
        Line.objects.filter(employee_id__in=roles.subordinate_ids)
        .select_related("employee", "month")
        .order_by("employee__name", "-month__year", "-month__month")
    )
    latest: dict[int, Line] = {}
    for line in lines:
        latest.setdefault(line.employee_id, line)
    rows = [(line, month_label(line.month.month)) for line in latest.values()]
    return render(request, "tpp/team.html", {"rows": rows})
