"""Employee import screens: upload and check, preview and confirm, template, history.

Thin views: the policy resolves the record (404 outside scope, 403 for non-admins), the services in
accounts/importing do the work, a DomainError becomes a message.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.importing import Action, ImportStale, build_template, parse_and_validate
from accounts.importing.records import (
    import_confirm,
    import_for_view,
    import_record_create,
    imports_in_scope,
    record_is_complete,
)
from accounts.org.policies import require_admin
from accounts.org.roles import actor_for, roles_for
from core.errors import DomainError
from core.menus import Menu, menu

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 500
ROWS_PER_PAGE = 50


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYPE}),
    )
    complete = forms.BooleanField(
        label=gettext_lazy(
            "This file is the complete list of its OPDs: employees of these OPDs missing from "
            "the file have left"
        ),
        help_text=gettext_lazy(
            "They are recorded as transferred out and their accounts are deactivated at once. "
            "The preview lists them before anything is saved."
        ),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_MB
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(
                _("The file is larger than %(max)d MB.") % {"max": limit}, code="too_large"
            )
        return upload


@menu(Menu.ORGANISATION)
@login_required
def upload(request):
    roles = roles_for(request)
    require_admin(roles)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        actor = actor_for(request)
        plan = parse_and_validate(uploaded, actor=actor, complete=form.cleaned_data["complete"])
        if plan.ok:
            record = import_record_create(uploaded, plan, uploaded.name, actor=actor)
            return redirect("imports:preview", public_id=record.public_id)
        context.update(
            file_name=uploaded.name,
            file_errors=plan.file_errors,
            errors=plan.errors[:ERRORS_SHOWN],
            error_total=len(plan.errors),
            errors_hidden=max(0, len(plan.errors) - ERRORS_SHOWN),
        )
    return render(request, "accounts/import_upload.html", context)


@menu(Menu.ORGANISATION)
@login_required
def template(request):
    require_admin(roles_for(request))
    response = HttpResponse(build_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="templat-impor-pegawai.xlsx"'
    return response


@menu(Menu.ORGANISATION)
@login_required
def preview(request, public_id):
    roles = roles_for(request)
    record = import_for_view(roles, public_id)
    if request.method == "POST":
        try:
            result = import_confirm(record, actor=actor_for(request))
        except ImportStale as stale:
            messages.warning(request, str(stale))
            return redirect("imports:preview", public_id=record.public_id)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("imports:preview", public_id=record.public_id)
        c = result.counts
        messages.success(
            request,
            _(
                "Import applied: %(created)d employees added, %(updated)d updated, "
                "%(moved)d moved, %(unchanged)d unchanged, %(removed)d removed; "
                "%(accounts)d accounts created."
            )
            % {
                "created": c["employees_created"],
                "updated": c["employees_updated"],
                "moved": c["employees_moved"],
                "unchanged": c["employees_unchanged"],
                "removed": c["employees_removed"],
                "accounts": c["accounts_created"],
            },
        )
        return redirect("org:employee_list")
    page = Paginator(record.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        {
            "row": row,
            "nip": nip,
            "name": name,
            "unit": unit,
            "position": position,
            "action": action,
            "action_label": Action.label(action),
        }
        for row, nip, name, unit, position, action in page.object_list
    ]
    return render(
        request,
        "accounts/import_preview.html",
        {
            "record": record,
            "summary": record.summary,
            "complete": record_is_complete(record),
            "page": page,
            "rows": rows,
        },
    )


@menu(Menu.ORGANISATION)
@login_required
def history(request):
    records = imports_in_scope(roles_for(request))
    page = Paginator(records, 25).get_page(request.GET.get("page"))
    return render(request, "accounts/import_history.html", {"page": page})
