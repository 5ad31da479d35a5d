"""The admin BKD's scheme pages: start from the example, change the numbers (a new version from
the first open month, with a reason), read the versions and their history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.org.policies import require_admin_bkd
from accounts.org.roles import actor_for, roles_for
from appraisal.cycles.models import Cycle
from core.errors import DomainError
from core.menus import Menu, menu
from tpp.schemes import services
from tpp.schemes.forms import SchemeForm, initial_from
from tpp.schemes.selectors import version_in_force


def _back(year: int) -> str:
    return reverse("tpp:admin") + f"?year={year}"


@login_required
@require_POST
def start(request, year: int):
    require_admin_bkd(roles_for(request))
    cycle = get_object_or_404(Cycle, year=year)
    try:
        services.scheme_start(cycle, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The example scheme is in place: change it to your Perkada's numbers.")
        )
    return redirect(_back(year))


@menu(Menu.PERFORMANCE)
@login_required
@require_http_methods(["GET", "POST"])
def edit(request, year: int):
    require_admin_bkd(roles_for(request))
    cycle = get_object_or_404(Cycle, year=year)
    month = services.first_open_month(cycle)
    current = version_in_force(year, month or 12)
    if current is None:
        messages.info(request, _("Start from the example scheme first."))
        return redirect(_back(year))
    form = SchemeForm(request.POST or None, initial=initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.version_save(
                cycle,
                form.values(),
                form.class_bases(),
                form.cleaned_data["reason"],
                actor=actor_for(request),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The scheme is saved."))
            return redirect(_back(year))
    context = {"form": form, "year": year, "first_open_month": month, "current": current}
    return render(request, "tpp/scheme_edit.html", context)
