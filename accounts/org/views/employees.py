"""Employees: list, page (assignments, reporting line, history), edit, mutasi, Plt/Plh, overrides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import AssignmentKind
from accounts.extensions import employee_page
from accounts.org import policies, selectors, services
from accounts.org.filters import EmployeeFilter
from accounts.org.forms import (
    ActingForm,
    EmployeeCreateForm,
    EmployeeForm,
    EndForm,
    OverrideForm,
    TransferForm,
)
from accounts.org.models import AppraiserOverride, Assignment
from accounts.org.reporting import reporting_line
from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from core.errors import DomainError
from core.forms import show_domain_error
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page


@menu(Menu.ORGANISATION)
@login_required
def employee_list(request):
    roles = roles_for(request)
    policies.require_admin(roles)
    employees = policies.managed_employees(roles).select_related("position__unit").order_by("name")
    employee_filter = EmployeeFilter(
        request.GET, queryset=employees, opds=policies.managed_units(roles).filter(parent=None)
    )
    return render(
        request,
        "accounts/employee_list.html",
        {
            "filter": employee_filter,
            "page": paginate(request, employee_filter.qs),
            "query": query_without_page(request),
        },
    )


@menu(Menu.ORGANISATION)
@login_required
def employee_detail(request, nip):
    roles = roles_for(request)
    employee = policies.employee_for_view(roles, nip)
    # Someone else's page is personal data opened (UU 27/2022): recorded, one INSERT.
    access_record(
        actor=actor_for(request),
        kind=AccessKind.EMPLOYEE_PAGE,
        path=request.path,
        subject_id=employee.pk,
    )
    today = timezone.localdate()
    can_manage = policies.can_manage_employee(roles, employee)
    assignments = list(
        employee.assignments.select_related("position__unit").order_by("-start_date", "-pk")
    )
    may_override = policies.may_set_overrides(roles)
    overrides = list(employee.overrides.select_related("ppk", "atasan_ppk", "created_by"))
    for o in overrides:
        o.can_end = may_override and (o.end_date is None or o.end_date > today)
    for a in assignments:
        a.can_end = (
            can_manage and a.kind != "definitif" and (a.end_date is None or a.end_date > today)
        )
        a.scheduled = a.start_date > today  # a mutasi (or Plt/Plh) recorded ahead of its TMT
    scheduled_post = next(
        (a for a in assignments if a.scheduled and a.kind == AssignmentKind.DEFINITIF), None
    )
    # The apps above add their part of the page (logins: the account card and its history).
    sections = employee_page.call(employee, can_manage)
    context = {
        "employee": employee,
        "line": reporting_line(employee, today),
        "assignments": assignments,
        "scheduled_post": scheduled_post,
        "overrides": overrides,
        "can_manage": can_manage,
        "can_override": may_override,
        "today": today,
        "history": selectors.change_history(
            employee.history.all(),
            *(source for section in sections for source in section.history),
            Assignment.history.filter(employee_id=employee.pk).select_related(
                "employee", "position"
            ),
            AppraiserOverride.history.filter(employee_id=employee.pk).select_related(
                "employee", "ppk", "atasan_ppk"
            ),
        )
        if can_manage
        else None,
    }
    for section in sections:
        context.update(section.context)
    return render(request, "accounts/employee_detail.html", context)


@menu(Menu.ORGANISATION)
@login_required
def employee_create(request):
    roles = roles_for(request)
    policies.require_admin(roles)
    form = EmployeeCreateForm(request.POST or None, positions=policies.managed_positions(roles))
    # An admin OPD's employee must be in their OPD: "no post yet" is the BKD's alone.
    form.fields["position"].required = not policies.may_place_employee(roles, None)
    if request.method == "POST" and form.is_valid():
        try:
            employee = services.employee_create(
                form.save(commit=False),
                form.cleaned_data["position"],
                form.cleaned_data["start_date"],
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Employee %(name)s registered.") % {"name": employee})
            return redirect("org:employee_detail", nip=employee.nip)
    return render(
        request,
        "accounts/form_page.html",
        {
            "form": form,
            "title": _("New employee"),
            "crumbs": [(reverse("org:employee_list"), _("Employees"))],
        },
    )


@menu(Menu.ORGANISATION)
@login_required
def employee_edit(request, nip):
    employee = policies.employee_for_change(roles_for(request), nip)
    form = EmployeeForm(request.POST or None, instance=employee)
    if request.method == "POST" and form.is_valid():
        try:
            services.employee_update(
                form.save(commit=False),
                form.cleaned_data.get("reason", ""),
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Employee data saved."))
            return redirect("org:employee_detail", nip=employee.nip)
    return render(
        request,
        "accounts/form_page.html",
        {"form": form, "title": _("Edit employee"), "employee": employee},
    )


def _positions_for(roles):
    """Positions a mutasi or Plt/Plh may lead to: active ones within the admin's scope."""
    return policies.managed_positions(roles).filter(is_active=True)


@menu(Menu.ORGANISATION)
@login_required
def employee_transfer(request, nip):
    """Mutasi: a new definitive position from a date; the old one ends the day before."""
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    form = TransferForm(request.POST or None, positions=_positions_for(roles), employee=employee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assignment = services.employee_transfer(
                employee,
                data["position"],
                data["start_date"],
                data["note"],
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            if assignment.start_date > timezone.localdate():
                messages.success(
                    request,
                    _("Transfer scheduled: it takes effect on %(date)s.")
                    % {"date": date_format(assignment.start_date, "j F Y")},
                )
            else:
                messages.success(request, _("Transfer recorded."))
            return redirect("org:employee_detail", nip=employee.nip)
    return render(
        request,
        "accounts/form_page.html",
        {"form": form, "title": _("Transfer (mutasi)"), "employee": employee},
    )


@menu(Menu.ORGANISATION)
@login_required
def employee_acting(request, nip):
    """Appoint the employee Plt or Plh of another post for a period."""
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    form = ActingForm(request.POST or None, positions=_positions_for(roles), employee=employee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.acting_assign(
                employee,
                data["position"],
                data["kind"],
                data["start_date"],
                data["end_date"],
                data["note"],
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Acting assignment recorded."))
            return redirect("org:employee_detail", nip=employee.nip)
    return render(
        request,
        "accounts/form_page.html",
        {"form": form, "title": _("Assign Plt / Plh"), "employee": employee},
    )


@menu(Menu.ORGANISATION)
@login_required
@require_POST
def assignment_end(request, nip, assignment_id):
    employee = policies.employee_for_change(roles_for(request), nip)
    assignment = get_object_or_404(Assignment, pk=assignment_id, employee=employee)
    form = EndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day of the assignment."))
    else:
        try:
            services.assignment_end(
                assignment,
                form.cleaned_data["end_date"],
                form.cleaned_data["reason"],
                actor=actor_for(request),
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Assignment ended."))
    return redirect("org:employee_detail", nip=employee.nip)


@menu(Menu.ORGANISATION)
@login_required
def employee_override(request, nip):
    """Delegation: set this employee's PPK and/or Atasan PPK by hand (admin BKD, with a reason)."""
    roles = roles_for(request)
    employee = policies.employee_for_override(roles, nip)
    form = OverrideForm(request.POST or None, initial={"start_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.override_set(
                employee,
                data["ppk"],
                data["atasan_ppk"],
                data["start_date"],
                data["end_date"],
                data["reason"],
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Appraiser override saved."))
            return redirect("org:employee_detail", nip=employee.nip)
    return render(
        request,
        "accounts/form_page.html",
        {
            "form": form,
            "title": _("Set the appraising officials"),
            "employee": employee,
            "line": reporting_line(employee),
        },
    )


@menu(Menu.ORGANISATION)
@login_required
@require_POST
def override_end(request, nip, override_id):
    roles = roles_for(request)
    employee = policies.employee_for_override(roles, nip)
    override = get_object_or_404(AppraiserOverride, pk=override_id, employee=employee)
    try:
        services.override_end(override, timezone.localdate(), actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Override ended; the position tree applies again."))
    return redirect("org:employee_detail", nip=employee.nip)
