"""The admins' attendance pages: import a month's recap (with its template and the row report of
a refused file), and record disciplinary penalties and exemptions."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee, OrgUnit
from accounts.org.policies import managed_employees, require_admin
from accounts.org.roles import actor_for, roles_for
from accounts.org.selectors import opds_managed
from core.errors import DomainError
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page
from tpp.attendance import importing, policies, scope, services
from tpp.attendance.forms import ExemptionForm, PenaltyForm, RecapUploadForm
from tpp.attendance.models import Exemption, Penalty, RecapImport
from tpp.choices import MonthState

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _locked_opd_ids(year: int, month: int) -> set[int]:
    # Read through the months' relation to their OPD: the months sit above this sub-domain.
    locked = OrgUnit.objects.filter(
        tpp_months__year=year, tpp_months__month=month, tpp_months__state=MonthState.LOCKED
    )
    return set(locked.values_list("pk", flat=True))


@menu(Menu.PERFORMANCE)
@login_required
@require_http_methods(["GET", "POST"])
def upload(request):
    """A month's recap: checked whole, written whole, or refused with every problem listed."""
    roles = roles_for(request)
    require_admin(roles)
    last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    form = RecapUploadForm(
        request.POST or None,
        request.FILES or None,
        opds=opds_managed(roles),
        whole_agency=roles.is_admin_bkd,
        initial={"year": last.year, "month": last.month},
    )
    parsed = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        opd = policies.opd_for_import(roles, data["opd"])
        locked = _locked_opd_ids(data["year"], data["month"])
        refusal = _locked_refusal(opd, locked)
        if refusal:
            form.add_error(None, refusal)
            return _upload_page(request, roles, form, None)
        parsed = importing.read(
            data["file"],
            year=data["year"],
            month=data["month"],
            source=data["source"],
            mapping=form.mapping(),
            opd=opd,
            locked_opd_ids=locked,
        )
        for message in parsed.file_errors:  # the file itself: shown on its field
            form.add_error("file", message)
        if parsed.ok:
            try:
                record = importing.recap_import_apply(
                    parsed,
                    year=data["year"],
                    month=data["month"],
                    opd=opd,
                    source=data["source"],
                    file_name=data["file"].name,
                    actor=actor_for(request),
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("%(rows)s recaps imported for %(month)02d/%(year)s; %(replaced)s replaced.")
                    % {
                        "rows": record.rows,
                        "month": record.month,
                        "year": record.year,
                        "replaced": record.replaced,
                    },
                )
                return redirect("tpp:recap_upload")
    return _upload_page(request, roles, form, parsed)


def _upload_page(request, roles, form, parsed):
    imports = RecapImport.objects.select_related("opd", "created_by")
    if not roles.is_admin_bkd:
        imports = imports.filter(opd_id__in=sorted(roles.admin_opd_ids))
    context = {"form": form, "parsed": parsed, "imports": imports[:20], "opds": opds_managed(roles)}
    return render(request, "tpp/recap_upload.html", context)


def _locked_refusal(opd, locked: set[int]) -> str:
    """An import replaces its scope's recaps: refused where that month is locked (paid)."""
    if opd is not None and opd.pk in locked:
        return _("TPP for this month is locked for %(opd)s: its recap can no longer change.") % {
            "opd": opd.label
        }
    if opd is None and locked:
        return _(
            "TPP for this month is locked for some OPDs: import the recap per OPD for the others."
        )
    return ""


@login_required
@require_GET
def template(request):
    """The recap template for last month, one row per active employee whose month the OPD asked
    for pays (every active employee for the whole agency)."""
    roles = roles_for(request)
    code = request.GET.get("opd", "")
    if not code and not roles.is_admin_bkd:
        code = opds_managed(roles).values_list("code", flat=True).first()  # an admin OPD's own
    opd = policies.opd_for_import(roles, code)
    last = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    people = Employee.objects.filter(status=EmployeeStatus.ACTIVE).order_by("name")
    if opd is not None:  # whose month the OPD pays (after a mutasi, not only who is there now)
        people = people.filter(pk__in=scope.employees_of(last.year, last.month, opd.pk))
    content = importing.template_workbook(last.year, last.month, people.iterator(chunk_size=2000))
    response = HttpResponse(content, content_type=XLSX)
    name = f"rekap-absensi-{last.year}-{last.month:02d}{'-' + opd.code if opd else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@menu(Menu.PERFORMANCE)
@login_required
@require_http_methods(["GET", "POST"])
def penalties(request):
    """Disciplinary penalties and exemptions in the admin's scope, and the forms to add them."""
    roles = roles_for(request)
    require_admin(roles)
    # Which form was sent: its fields carry its prefix.
    kind = next(
        (
            k
            for k in ("penalty", "exemption")
            if any(key.startswith(f"{k}-") for key in request.POST)
        ),
        None,
    )
    penalty_form = PenaltyForm(request.POST if kind == "penalty" else None, prefix="penalty")
    exemption_form = ExemptionForm(
        request.POST if kind == "exemption" else None, prefix="exemption"
    )
    form = penalty_form if kind == "penalty" else exemption_form
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        add = services.penalty_add if kind == "penalty" else services.exemption_add
        try:
            employee = policies.employee_for_tpp(roles, data.pop("nip"))
            if not policies.may_manage_employee(roles, employee):
                raise PermissionDenied
            add(employee, **data, actor=actor_for(request))
        except (Http404, PermissionDenied):  # what was typed stays on the form
            form.add_error("nip", _("No employee with this NIP that you may record this for."))
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Recorded for %(name)s.") % {"name": employee.full_name})
            return redirect("tpp:penalties")
    people = managed_employees(roles)
    search = " ".join(request.GET.get("q", "").split())[:100].replace("\x00", "")
    if search:
        people = people.filter(Q(nip__startswith=search) | Q(name__icontains=search))
    context = {
        "penalty_form": penalty_form,
        "exemption_form": exemption_form,
        "search": search,
    }
    for name, model in (("penalties", Penalty), ("exemptions", Exemption)):
        rows = model.objects.filter(employee__in=people.values("pk")).select_related("employee")
        param = f"{name}_page"
        context[name] = paginate(request, rows.order_by("-first_month", "-pk"), param=param)
        context[f"{name}_query"] = query_without_page(request, param)
    return render(request, "tpp/penalties.html", context)


@login_required
@require_POST
def penalty_remove(request, public_id):
    roles = roles_for(request)
    penalty = policies.penalty_for_change(roles, public_id)
    try:
        services.penalty_remove(penalty, request.POST.get("reason", ""), actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The penalty is removed."))
    return redirect("tpp:penalties")


@login_required
@require_POST
def exemption_remove(request, public_id):
    roles = roles_for(request)
    exemption = policies.exemption_for_change(roles, public_id)
    try:
        services.exemption_remove(
            exemption, request.POST.get("reason", ""), actor=actor_for(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The exemption is removed."))
    return redirect("tpp:penalties")
