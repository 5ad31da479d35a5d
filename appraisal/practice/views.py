"""The practice cycle's page (/kinerja/latihan/): the admin BKD opens and wipes it; participants
and their admins enter and leave it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from appraisal.cycles import practice as practice_session
from appraisal.practice import policies, selectors, services
from appraisal.practice.forms import PracticeOpenForm, PracticeWipeForm
from core.errors import DomainError
from core.forms import show_domain_error
from core.menus import Menu, menu


def _page(request, open_form=None, wipe_form=None):
    roles = roles_for(request)
    cycle = selectors.practice_cycle()
    context = {
        # Not "cycle": a practice cycle in "cycle" marks the page as one of it (base.html).
        "practice": cycle,
        "is_manager": roles.is_admin_bkd,
        "may_enter": cycle is not None and policies.may_enter(roles, cycle),
        "inside": request.practice_cycle is not None,
    }
    if roles.is_admin_bkd:
        if cycle is None:
            context["open_form"] = open_form or PracticeOpenForm()
        else:
            context["progress"] = selectors.practice_progress(cycle)
            context["wipe_form"] = wipe_form or PracticeWipeForm()
    return render(request, "appraisal/practice/page.html", context)


@menu(Menu.PERFORMANCE)
@login_required
def practice_page(request):
    return _page(request)


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def practice_open(request):
    policies.require_practice_manager(actor_for(request))
    form = PracticeOpenForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            opened = services.practice_open(
                data["title"],
                [opd.pk for opd in data["opds"]],
                data["days"],
                actor=actor_for(request),
            )
        except DomainError as error:
            show_domain_error(request, form, error)
        else:
            messages.success(
                request,
                _(
                    "Practice cycle opened for %(count)s participants: %(own)s start from their "
                    "own plan, %(example)s from an example plan, %(empty)s from an empty draft."
                )
                % {
                    "count": opened.participants,
                    "own": opened.from_own_plan,
                    "example": opened.from_example,
                    "empty": opened.participants - opened.from_own_plan - opened.from_example,
                },
            )
            return redirect("appraisal:practice")
    return _page(request, open_form=form)


@login_required
@require_POST
def practice_enter(request):
    cycle = selectors.practice_cycle()
    if cycle is None:
        raise Http404
    policies.require_may_enter(roles_for(request), cycle)
    practice_session.enter(request, cycle)
    messages.success(
        request,
        _("You are in the practice cycle “%(title)s”. Nothing you do here counts.")
        % {"title": cycle.practice_title},
    )
    return redirect("home")


@login_required
@require_POST
def practice_leave(request):
    practice_session.leave(request)
    messages.success(request, _("You left the practice cycle; you see your real work again."))
    return redirect("home")


@menu(Menu.PERFORMANCE)
@login_required
@require_POST
def practice_wipe(request):
    policies.require_practice_manager(actor_for(request))
    cycle = selectors.practice_cycle()
    if cycle is None:
        raise Http404
    form = PracticeWipeForm(request.POST)
    if not form.is_valid():
        return _page(request, wipe_form=form)
    try:
        wiped = services.practice_wipe(cycle, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("appraisal:practice")
    practice_session.leave(request)
    messages.success(
        request,
        _("Practice cycle wiped: %(plans)s plans and %(evaluations)s evaluations deleted.")
        % {"plans": wiped.plans, "evaluations": wiped.evaluations},
    )
    return redirect("appraisal:practice")
