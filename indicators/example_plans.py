"""The curator's screens for example plans (admin BKD): list, write, offer or retire."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from core.errors import DomainError
from core.forms import show_domain_error
from core.menus import Menu, menu
from core.pagination import paginate, query_without_page
from indicators import policies, selectors, services
from indicators.forms import ExamplePlanForm
from indicators.models import ExamplePlan

SEARCH_MAX_QUERY = 200


@menu(Menu.INDICATORS)
@login_required
def example_list(request):
    policies.require_curator(roles_for(request))
    q = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_QUERY]
    examples = selectors.examples_for_curation()
    for word in q.split():
        examples = examples.filter(Q(title__icontains=word) | Q(match_terms__icontains=word))
    return render(
        request,
        "indicators/example_list.html",
        {"page": paginate(request, examples), "q": q, "query": query_without_page(request)},
    )


def _example_form(request, example: ExamplePlan | None = None):
    policies.require_curator(roles_for(request))
    form = ExamplePlanForm(request.POST or None, instance=example)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.example_save(
                example,
                data,
                list(data["utama"]),
                list(data["tambahan"]),
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(request, _("Example plan saved."))
            return redirect("indicators:example_list")
    return render(
        request,
        "indicators/example_form.html",
        {
            "form": form,
            "example": example,
            "title": _("Edit example plan") if example else _("New example plan"),
        },
    )


@menu(Menu.INDICATORS)
@login_required
def example_create(request):
    return _example_form(request)


@menu(Menu.INDICATORS)
@login_required
def example_edit(request, public_id):
    return _example_form(request, policies.example_for_change(roles_for(request), public_id))


@menu(Menu.INDICATORS)
@login_required
@require_POST
def example_toggle(request, public_id):
    actor = actor_for(request)
    example = policies.example_for_change(actor.roles, public_id)
    services.example_set_active(example, not example.is_active, actor=actor)
    if example.is_active:
        messages.success(request, _("The example is no longer offered to employees."))
    else:
        messages.success(request, _("The example is offered to employees again."))
    return redirect("indicators:example_list")
