"""Personal data pages (UU 27/2022): the privacy notice (public), "My personal data" with its
downloads (the signed-in person's own data only: the addresses name no one, so nobody can ask
for someone else's), and the access log that the admin BKD searches.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.org.models import AgencyProfile
from accounts.org.policies import require_admin_bkd
from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page
from core.throttling import limit_documents
from reports.privacy import formats, selectors
from reports.privacy.dossier import personal_data
from reports.privacy.services import retention_days

# format in the address → (writer, content type, label on the page)
DOWNLOADS = {
    "xlsx": (formats.xlsx_bytes, formats.XLSX, _("Excel workbook")),
    "pdf": (formats.pdf, "application/pdf", _("PDF document")),
    "json": (formats.json_bytes, "application/json", _("JSON (for another program)")),
}
RETENTION = (
    (_("Evidence files, counted from the upload once the year's cycle is closed"),
     "RETENTION_EVIDENCE_DAYS"),
    (_("Contact details left with public feedback"), "RETENTION_PUBLIC_CONTACT_DAYS"),
    (_("Keyed hashes of client addresses, and login records"), "RETENTION_CLIENT_HASH_DAYS"),
    (_("Audit entries and the record of who opened personal data"), "RETENTION_AUDIT_DAYS"),
)  # fmt: skip


def retention_periods() -> list[tuple[str, int]]:
    """(what, days) for the pages; 0 days: kept for good."""
    return [(label, retention_days(setting)) for label, setting in RETENTION]


@require_GET
def notice(request):
    """The short privacy notice, for employees and for citizens giving public feedback."""
    agency = AgencyProfile.objects.filter(pk=1).first()  # read only: a public GET writes nothing
    return render(
        request,
        "reports/privacy/notice.html",
        {"agency_name": agency.name if agency else "", "retention": retention_periods()},
    )


@login_required
@require_GET
def my_data(request):
    """What the application holds about the signed-in person, to download, and who opened it."""
    employee = roles_for(request).employee
    return render(
        request,
        "reports/privacy/my_data.html",
        {
            "downloads": [(fmt, label) for fmt, (_w, _t, label) in DOWNLOADS.items()],
            "recent": selectors.recent_accesses(request.user, employee.pk if employee else None),
            "retention": retention_periods(),
        },
    )


@login_required
@require_GET
@limit_documents
def my_data_download(request, fmt):
    """Everything held about the signed-in person, in one of three formats; always recorded."""
    if fmt not in DOWNLOADS:
        raise Http404
    writer, content_type, _label = DOWNLOADS[fmt]
    dossier = personal_data(request.user)
    content = writer(dossier)
    access_record(
        actor=actor_for(request),
        kind=AccessKind.OWN_DATA,
        path=request.path,
        subject_id=dossier.employee.pk if dossier.employee else None,
        scope=fmt,
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{dossier.file_stem}.{fmt}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def access_log(request):
    """Who opened whose personal data, when (admin BKD): searchable, newest first."""
    require_admin_bkd(roles_for(request))
    found = selectors.access_log(request.GET)
    return render(
        request,
        "reports/privacy/access_log.html",
        {
            "filter": found,
            "page": paginate(request, found.qs),
            "query": query_without_page(request),
        },
    )
