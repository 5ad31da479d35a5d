"""Account status overview for administrators (/kelola/akun/): counts per OPD, the filtered list,
bulk activation by e-mail or printed slips, and the Excel export.

Admin BKD sees everyone, admin OPD their own OPD; everyone else gets 403. Bulk actions name
employees by NIP and resolve them within policies.managed_employees, so a NIP from another OPD
is simply not found (and reported as skipped), never acted on.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.logins import bulk as account_bulk
from accounts.logins.export import AccountStatusExporter
from accounts.logins.filters import AccountFilter
from accounts.logins.selectors import (
    AccountState,
    account_overview,
    account_rows,
    not_yet_activated,
    with_account_state,
)
from accounts.logins.sheets import render_slips_pdf
from accounts.org import policies
from accounts.org.roles import Roles, actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from core.errors import DomainError
from core.figures import REFRESH_PARAM, figures_context, wants_refresh
from core.menus import Menu, menu
from core.pagination import paginate
from core.throttling import limit_documents

PAGE_SIZE = 50
BADGES = {
    AccountState.ACTIVE: "text-bg-success",
    AccountState.INVITED: "text-bg-info",
    AccountState.NEW: "text-bg-warning",
    AccountState.DEACTIVATED: "text-bg-secondary",
}
# Query-string keys that belong to the page rather than to the filter.
NOT_FILTERS = {"page", "scope", "nip", "back", "csrfmiddlewaretoken", REFRESH_PARAM}


def _admin_roles(request) -> Roles:
    roles = roles_for(request)
    policies.require_admin(roles)
    return roles


def _filter(data, roles: Roles) -> AccountFilter:
    return AccountFilter(
        data,
        queryset=with_account_state(policies.managed_employees(roles)),
        opds=policies.managed_units(roles).filter(parent=None),
    )


def _filter_params(data) -> list[tuple[str, str]]:
    return [
        (key, value)
        for key, values in data.lists()
        if key not in NOT_FILTERS
        for value in values
        if value
    ]


@menu(Menu.ORGANISATION)
@login_required
def overview(request):
    roles = _admin_roles(request)
    account_filter = _filter(request.GET, roles)
    params = _filter_params(request.GET)
    query = _query(params)
    figures = account_overview(
        roles,
        account_filter.qs if params else None,
        query.urlencode(),
        refresh=wants_refresh(request),
    )
    # Filter on the light queryset; only the page's rows need the last-invitation subquery.
    rows = account_rows(account_filter.qs)
    page = paginate(request, rows, per_page=PAGE_SIZE, count=figures.matching)
    _label_states(page)
    return render(
        request,
        "accounts/account_overview.html",
        {
            "counts": figures.counts,
            "totals": figures.totals,
            "filter": account_filter,
            "page": page,
            "query": query.urlencode(),
            "filter_params": params,
            "filtered": bool(params),
            "in_filter": figures.in_filter,
            "AccountState": AccountState,
            "slip_limit": account_bulk.SLIP_LIMIT,
            "show_no_position": roles.is_admin_bkd,
            **figures_context(request, *figures.figures),
        },
    )


def _query(params: list[tuple[str, str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in params:
        query.appendlist(key, value)
    return query


def _label_states(page) -> None:
    labels = dict(AccountState.choices)
    for employee in page:
        employee.state_label = labels[employee.account_state]
        employee.state_badge = BADGES[employee.account_state]


def _back(request):
    """Back to the overview with the filters the admin was looking at."""
    back = QueryDict(request.POST.get("back", ""))
    url = reverse("account_admin:overview")
    params = _filter_params(back) + [("page", p) for p in back.getlist("page")[:1]]
    if not params:
        return redirect(url)
    return redirect(f"{url}?{_query(params).urlencode()}")


def _targets(request, roles: Roles, *, with_email: bool):
    """The employees a bulk POST names, within the admin's scope, and the NIPs not found there.

    scope=all: every not-yet-activated employee of the filter result (the filter fields travel in
    the POST; an OPD button sends only `opd`). Otherwise: the ticked NIPs.
    """
    if request.POST.get("scope") == "all":
        account_filter = _filter(request.POST, roles)
        if not account_filter.is_valid():
            raise DomainError(_("The filter is no longer valid. Reload the page and try again."))
        return not_yet_activated(account_filter.qs, with_email=with_email), Counter()
    nips = {"".join(nip.split()) for nip in request.POST.getlist("nip")} - {""}
    if not nips:
        raise DomainError(_("Tick at least one employee first."))
    # A NIP is digits: anything else is not found without asking the database (which refuses
    # a NUL byte in a query on PostgreSQL).
    employees = policies.managed_employees(roles).filter(nip__in=[n for n in nips if n.isdecimal()])
    found = set(employees.values_list("nip", flat=True))
    missing = Counter({account_bulk.SkipReason.NOT_FOUND: len(nips - found)})
    return employees, +missing


def _skipped_note(skipped: Counter) -> str:
    total = sum(skipped.values())
    if not total:
        return ""
    return ngettext(
        "Skipped %(count)s employee (%(reasons)s).",
        "Skipped %(count)s employees (%(reasons)s).",
        total,
    ) % {"count": total, "reasons": account_bulk.describe_skipped(skipped)}


@menu(Menu.ORGANISATION)
@login_required
@require_POST
def send_links(request):
    """E-mail activation links to the ticked employees, or to every not-yet-activated employee
    with an address in the filter result; the Celery task sends them after commit."""
    roles = _admin_roles(request)
    try:
        employees, not_found = _targets(request, roles, with_email=True)
        result = account_bulk.invite_by_email(employees, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
        return _back(request)
    skipped = result.skipped_by_reason + not_found
    note = _skipped_note(skipped)
    if result.sent:
        text = ngettext(
            "An activation link is on its way to %(count)s employee.",
            "Activation links are on their way to %(count)s employees.",
            result.sent,
        ) % {"count": result.sent}
        messages.success(request, f"{text} {note}".strip())
    else:
        nobody = _("Nobody here is waiting for an activation e-mail.")
        messages.warning(request, f"{nobody} {note}".strip())
    return _back(request)


@menu(Menu.ORGANISATION)
@login_required
@require_POST
@limit_documents
def print_slips(request):
    """A PDF with one new activation code per eligible employee (ticked, or every
    not-yet-activated employee without an address in the filter result)."""
    roles = _admin_roles(request)
    try:
        employees, not_found = _targets(request, roles, with_email=False)
        # The codes and the PDF stand or fall together: a failed render must not leave people
        # with new codes (and dead old slips) that were never printed.
        with transaction.atomic():
            actor = actor_for(request)
            slips, skipped = account_bulk.print_activation_slips(employees, actor=actor)
            skipped += not_found
            if not slips:
                nobody = _("Nobody here is waiting for an activation slip.")
                raise DomainError(f"{nobody} {_skipped_note(skipped)}".strip())
            pdf = render_slips_pdf(slips, actor=actor)
    except DomainError as error:
        messages.error(request, str(error))
        return _back(request)
    text = ngettext(
        "%(count)s activation slip printed; earlier codes for these people no longer work.",
        "%(count)s activation slips printed; earlier codes for these people no longer work.",
        len(slips),
    ) % {"count": len(slips)}
    # The PDF is a download, so this message shows on the admin's next page.
    messages.success(request, f"{text} {_skipped_note(skipped)}".strip())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="kode-aktivasi.pdf"'
    return response


@menu(Menu.ORGANISATION)
@login_required
@limit_documents
def export(request):
    """The current filter result as an Excel workbook (cover sheet + data sheet)."""
    roles = _admin_roles(request)
    account_filter = _filter(request.GET, roles)
    user = request.user
    actor = f"{roles.employee.full_name} ({user.get_username()})" if roles.employee else str(user)
    exporter = AccountStatusExporter(
        account_filter.qs, actor_name=actor, filters=account_filter.described()
    )
    response = HttpResponse(exporter.content(), content_type=exporter.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exporter.filename()}"'
    access_record(
        actor=actor_for(request),
        kind=AccessKind.EXPORT,
        path=request.get_full_path(),  # the filters used are in the query string
        scope=AccountStatusExporter.identifier,
    )
    return response
