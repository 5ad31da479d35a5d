"""The admin BKD's scheme pages: start from the example, change the numbers (a new version from
the first open month, with a reason), read the versions and their history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.org.policies import require_admin_bkd
from accounts.org.roles import actor_for, roles_for
from appraisal.cycles.selectors import real_cycles
from core.errors import DomainError
from core.menus import Menu, menu
from tpp.schemes import importing, services
from tpp.schemes.forms import PostsForm, SchemeForm, initial_from
from tpp.schemes.selectors import version_in_force

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _back(year: int) -> str:
    return reverse("tpp:admin") + f"?year={year}"


@login_required
@require_POST
def start(request, year: int):
    require_admin_bkd(roles_for(request))
    cycle = get_object_or_404(real_cycles(), year=year)  # TPP never pays a practice cycle
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
    cycle = get_object_or_404(real_cycles(), year=year)  # TPP never pays a practice cycle
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
                jenjang_bases=form.jenjang_bases(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The scheme is saved."))
            return redirect(_back(year))
    context = {"form": form, "year": year, "first_open_month": month, "current": current}
    return render(request, "tpp/scheme_edit.html", context)


@menu(Menu.PERFORMANCE)
@login_required
@require_http_methods(["GET", "POST"])
def posts(request, year: int):
    """Post classes and named-post bases from a workbook (the template lists every post)."""
    require_admin_bkd(roles_for(request))
    cycle = get_object_or_404(real_cycles(), year=year)  # TPP never pays a practice cycle
    if request.GET.get("template"):
        response = HttpResponse(importing.template_workbook(cycle), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="kelas-jabatan-{year}.xlsx"'
        return response
    form = PostsForm(request.POST or None, request.FILES or None)
    found = None
    if request.method == "POST" and form.is_valid():
        found = importing.read(form.cleaned_data["file"])
        for message in found.file_errors:
            form.add_error("file", message)
        if found.ok:
            try:
                changed = importing.posts_import(
                    cycle, found, form.cleaned_data["reason"], actor=actor_for(request)
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("%(count)s posts updated.") % {"count": changed})
                return redirect(_back(year))
    return render(request, "tpp/scheme_posts.html", {"form": form, "found": found, "year": year})
