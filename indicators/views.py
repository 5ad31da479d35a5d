"""The indicator library: the curator's screens (admin BKD) and the search used while writing an SKP."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.org.roles import actor_for, roles_for
from core.errors import DomainError
from core.forms import show_domain_error
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page
from indicators import coach as coach_rules
from indicators import policies, selectors, services
from indicators.choices import Aspek
from indicators.filters import LibraryEntryFilter
from indicators.forms import IndicatorFormSet, LibraryEntryForm
from indicators.hints import messages_for
from indicators.models import LibraryEntry

SEARCH_MAX_QUERY = 200
COACH_MAX_TEXT = 2000


def _local_path(request, url: str) -> str:
    """`url` if it is a path on this site ("/skp/…"), else "" (never post or redirect elsewhere)."""
    url = (url or "").strip()
    if not url.startswith("/") or url.startswith("//"):
        return ""
    if not url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    return url


@menu(Menu.INDICATORS)
@login_required
def entry_list(request):
    policies.require_curator(roles_for(request))
    entry_filter = LibraryEntryFilter(request.GET, queryset=selectors.entries_for_curation())
    return render(
        request,
        "indicators/entry_list.html",
        {
            "filter": entry_filter,
            "page": paginate(request, entry_filter.qs),
            "query": query_without_page(request),
        },
    )


def _entry_form(request, entry: LibraryEntry | None = None):
    roles = roles_for(request)
    policies.require_curator(roles)
    data = request.POST or None
    form = LibraryEntryForm(data, instance=entry)
    formset = IndicatorFormSet(data, instance=entry or LibraryEntry(), prefix="indicators")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = formset.indicator_rows()
        try:
            services.entry_save(entry, form.cleaned_data, rows, actor=actor_for(request))
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Library entry saved."))
            missing = services.missing_expected_aspek(row["aspek"] for row in rows)
            if missing:
                messages.warning(
                    request,
                    _(
                        "No indicator for %(aspects)s: an RHK is usually measured by Kuantitas, "
                        "Kualitas and Waktu."
                    )
                    % {"aspects": ", ".join(Aspek(a).label for a in missing)},
                )
            return redirect("indicators:entry_list")
    return render(
        request,
        "indicators/entry_form.html",
        {
            "form": form,
            "formset": formset,
            "entry": entry,
            "title": _("Edit library entry") if entry else _("New library entry"),
        },
    )


def _list_url() -> str:
    return reverse("indicators:entry_list")


@menu(Menu.INDICATORS)
@login_required
def entry_create(request):
    return _entry_form(request)


@menu(Menu.INDICATORS)
@login_required
def entry_edit(request, public_id):
    return _entry_form(request, policies.entry_for_change(roles_for(request), public_id))


@menu(Menu.INDICATORS)
@login_required
@require_POST
def entry_toggle(request, public_id):
    actor = actor_for(request)
    entry = policies.entry_for_change(actor.roles, public_id)
    try:
        if entry.is_active:
            services.entry_deactivate(entry, actor=actor)
            messages.success(request, _("The entry is no longer offered in the search."))
        else:
            services.entry_activate(entry, actor=actor)
            messages.success(request, _("The entry is offered in the search again."))
    except DomainError as error:
        messages.error(request, str(error))
    return redirect(_local_path(request, request.POST.get("next", "")) or _list_url())


@menu(Menu.INDICATORS)
@login_required
@require_GET
def search(request):
    """Search the active entries. `action` (a local path) adds a "use" button to each result that
    posts `library_entry` there: the SKP editor copies the entry into the draft it is editing."""
    policies.require_reader(roles_for(request))
    # A NUL byte matches nothing and PostgreSQL refuses it in a query: drop it.
    q = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_QUERY]
    sector = request.GET.get("sector", "").replace("\x00", "")
    group = request.GET.get("group", "").replace("\x00", "")
    found = list(selectors.library_search(q, sector, group)[: selectors.SEARCH_LIMIT + 1])
    context = {
        "entries": found[: selectors.SEARCH_LIMIT],
        "more": len(found) > selectors.SEARCH_LIMIT,
        "action": _local_path(request, request.GET.get("action", "")),
        # Prefixed: the panel is also included in other pages, whose context must not leak in.
        "library_inline": True,
        "library_q": q,
        "library_sector": sector,
        "library_group": group,
    }
    template = "indicators/_search_results.html" if request.htmx else "indicators/search.html"
    response = render(request, template, context)
    # The same URL answers a fragment or a page: caches must tell them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_GET
def coach(request):
    """The indicator coach as an IKI is typed (htmx): for one row (`row`, its prefix, "iki-2";
    without it every field counts by its own name) what makes it hard to measure and similar
    library indicators; with `part=aspects`, the aspects the form's rows leave out (one line
    for the RHK, refreshed by any row). Advice only: nothing is saved or refused."""
    policies.require_reader(roles_for(request))
    if request.GET.get("part") == "aspects":  # the RHK form's own line, under all its rows
        coverage = coach_rules.coverage_hint(_aspects_of_rows(request.GET))
        return render(
            request,
            "indicators/_coach_aspects.html",
            {"hint": messages_for([coverage])[0] if coverage else ""},
        )
    row = request.GET.get("row", "")
    fields = {
        _field_name(key): value
        for key, value in request.GET.items()
        if not row or key.startswith(f"{row}-")
    }
    text = fields.get("indicator", "").replace("\x00", "")[:COACH_MAX_TEXT]
    hints = coach_rules.indicator_hints(
        text,
        aspek=fields.get("aspek", ""),
        target_value=_decimal(fields.get("target_value", "")),
        target_unit=fields.get("target_unit", "")[:50],
        target_text=fields.get("target_text", "")[:255],
    )
    context = {
        "hints": messages_for(hints),
        "similar": selectors.similar_indicators(text),
        "typed": bool(text.strip()),
    }
    return render(request, "indicators/_coach.html", context)


def _aspects_of_rows(data) -> list[str]:
    """The aspects of the form's IKI rows that hold an indicator and are not being removed."""
    aspects = []
    for key, aspek in data.items():
        if not key.endswith("-aspek") or "__prefix__" in key:
            continue
        prefix = key.removesuffix("-aspek")
        if data.get(f"{prefix}-indicator", "").strip() and not data.get(f"{prefix}-DELETE"):
            aspects.append(aspek)
    return aspects


def _field_name(key: str) -> str:
    """`iki-2-indicator` → `indicator`: a formset row's field by its own name."""
    return key.rsplit("-", 1)[-1]


def _decimal(value: str) -> Decimal | None:
    try:
        number = Decimal(value.replace(",", ".").strip())
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None
