"""Example plans for the owner of a draft: those that suit their post first, copied in as a start."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from appraisal.cycles.windows import skp_window
from appraisal.plans import policies
from appraisal.plans.selectors import post_names
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.views.edit import back_to_skp, refuse_if_closed
from core.errors import DomainError
from core.menus import Menu, menu
from indicators.selectors import example_for_use, examples_for_use

SEARCH_MAX_QUERY = 200


@menu(Menu.MY_PERFORMANCE)
@login_required
def skp_examples(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    refused = refuse_if_closed(request, skp, skp_window(skp))
    if refused:
        return refused
    q = request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_QUERY]
    suiting, others = examples_for_use(post_names(skp), q)
    return render(
        request,
        "appraisal/skp/examples.html",
        {
            "skp": skp,
            "suiting": suiting,
            "others": others,
            "q": q,
            "has_rhk": skp.rhks.exists(),
        },
    )


@login_required
@require_POST
def skp_copy_example(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    example = example_for_use(request.POST.get("example", ""))
    try:
        copied = skp_edit.skp_copy_example(skp, example, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "%(count)s RHK copied from the example “%(title)s”. Adapt the targets to your own "
                "work and link each RHK to an RHK of your appraising official."
            )
            % {"count": copied, "title": example.title},
        )
    return back_to_skp(skp)
