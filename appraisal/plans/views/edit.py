"""The owner writes the plan: RHK with their IKI and rencana aksi, approach, lampiran, library."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from appraisal.choices import Section
from appraisal.cycles.windows import WindowState, skp_refusal, skp_window
from appraisal.plans import policies, selectors
from appraisal.plans.forms import ApproachForm, LampiranForm, RhkForm, iki_formset
from appraisal.plans.models import Rhk
from appraisal.plans.services import edit as skp_edit
from core.errors import DomainError
from indicators.selectors import entry_for_use


def back_to_skp(skp, anchor=""):
    response = redirect("appraisal:skp_detail", public_id=skp.public_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def refuse_if_closed(request, skp, window: WindowState):
    """A plan that cannot change now: say why on the SKP page instead of showing a form.
    `window`: the plan's SKP window, read once by the view and handed on to the save."""
    refusal = skp_refusal(skp, state=window)
    if not skp.is_editable:
        refusal = _("This SKP is %(status)s and can no longer be changed.") % {
            "status": skp.get_status_display()
        }
    if refusal:
        messages.error(request, refusal)
        return back_to_skp(skp)
    return None


def _rhk_form_page(request, skp, rhk, window: WindowState):
    roles = roles_for(request)
    intervenable = selectors.intervenable_rhks(skp, roles.org_snapshot)
    initial = {"section": request.GET.get("section", Section.UTAMA)} if rhk.pk is None else None
    form = RhkForm(
        request.POST or None,
        instance=rhk,
        skp=skp,
        intervenable=intervenable,
        periods=skp.cycle.periods,
        initial=initial,
    )
    formset = iki_formset(request.POST or None, rhk, skp.approach)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                saved = skp_edit.rhk_save(
                    skp,
                    form.save(commit=False),
                    formset.rows(),
                    form.plans(),
                    set(intervenable.values_list("pk", flat=True)),
                    actor=actor_for(request),
                    window=window,
                )
        except DomainError as error:
            form.add_error(None, str(error))
            messages.error(request, str(error))
        else:
            messages.success(request, _("RHK saved."))
            return back_to_skp(skp, f"rhk-{saved.public_id}")
    ppk = policies.owner_ppk(roles, skp)
    return render(
        request,
        "appraisal/skp/rhk_form.html",
        {
            "skp": skp,
            "rhk": rhk,
            "form": form,
            "formset": formset,
            "ppk": ppk,
            "no_ppk_rhk": not skp.is_jpt and not intervenable.exists(),
        },
    )


@login_required
def rhk_create(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    window = skp_window(skp)
    refused = refuse_if_closed(request, skp, window)
    if refused:
        return refused
    return _rhk_form_page(request, skp, Rhk(skp=skp), window)


def _owned_rhk(request, public_id) -> Rhk:
    rhk = get_object_or_404(Rhk.objects.select_related("skp"), public_id=public_id)
    skp = policies.skp_for_owner(roles_for(request), rhk.skp.public_id)
    rhk.skp = skp
    return rhk


@login_required
def rhk_edit(request, public_id):
    rhk = _owned_rhk(request, public_id)
    window = skp_window(rhk.skp)
    refused = refuse_if_closed(request, rhk.skp, window)
    if refused:
        return refused
    return _rhk_form_page(request, rhk.skp, rhk, window)


@login_required
@require_POST
def rhk_delete(request, public_id):
    rhk = _owned_rhk(request, public_id)
    try:
        skp_edit.rhk_delete(rhk, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("RHK deleted."))
    return back_to_skp(rhk.skp)


@login_required
@require_POST
def rhk_move(request, public_id):
    rhk = _owned_rhk(request, public_id)
    direction = -1 if request.POST.get("direction") == "up" else 1
    try:
        skp_edit.rhk_move(rhk, direction, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    return back_to_skp(rhk.skp, f"rhk-{rhk.public_id}")


@login_required
@require_POST
def rhk_from_library(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    entry = entry_for_use(request.POST.get("library_entry", ""))
    try:
        rhk = skp_edit.rhk_from_library(skp, entry, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
        return back_to_skp(skp)
    messages.success(
        request,
        _("RHK added from the library. Choose the RHK of your appraising official it supports."),
    )
    return redirect("appraisal:rhk_edit", public_id=rhk.public_id)


@login_required
@require_POST
def skp_approach(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    form = ApproachForm(request.POST)
    if form.is_valid():
        try:
            skp_edit.skp_set_approach(skp, form.cleaned_data["approach"], actor=actor_for(request))
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Approach saved."))
    else:
        messages.error(request, _("Choose an approach."))
    return back_to_skp(skp)


@login_required
@require_POST
def skp_copy_previous(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    try:
        copied = skp_edit.skp_copy_previous(skp, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _(
                "%(count)s RHK copied from last year. Link each to this year's RHK of your "
                "appraising official."
            )
            % {"count": copied},
        )
    return back_to_skp(skp)


@login_required
def lampiran_edit(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    window = skp_window(skp)
    refused = refuse_if_closed(request, skp, window)
    if refused:
        return refused
    form = LampiranForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            skp_edit.lampiran_save(skp, form.lists(), actor=actor_for(request), window=window)
        except DomainError as error:
            form.add_error(None, str(error))
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attachments saved."))
            return back_to_skp(skp, "lampiran")
    return render(request, "appraisal/skp/lampiran_form.html", {"skp": skp, "form": form})
