"""The audit trail page (admin BKD): search every recorded change; nothing on it edits anything."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.org.policies import require_admin_bkd
from accounts.org.roles import roles_for
from core.menus import Menu, menu
from reports.audit import selectors as audit
from reports.audit.forms import AuditSearchForm


@menu(Menu.PERFORMANCE)
@login_required
@require_GET
def audit_trail(request):
    require_admin_bkd(roles_for(request))
    form = AuditSearchForm(request.GET or None)
    entries, next_cursor, searched = [], None, False
    if not request.GET or form.is_valid():
        criteria = form.criteria() if request.GET else audit.Criteria()
        cursor = (
            audit.Cursor.decode(request.GET.get("after", "")) if "after" in request.GET else None
        )
        if "after" in request.GET and cursor is None:
            messages.error(request, _("That page link is not valid; showing the newest changes."))
        entries, next_cursor = audit.search(criteria, cursor)
        searched = True
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "reports/audit.html",
        {
            "form": form,
            "entries": entries,
            "searched": searched,
            "next_query": (
                f"{query.urlencode()}&after={next_cursor.encode()}" if next_cursor else ""
            ),
            "first_page": "after" not in request.GET,
            "base_query": query.urlencode(),
        },
    )
