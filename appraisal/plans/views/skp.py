"""The work plan page and its transitions: the owner writes and submits, the PPK decides."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from appraisal.choices import ANNUAL, EDITABLE_STATUSES, Approach, SkpStatus
from appraisal.cycles import selectors
from appraisal.cycles.windows import skp_refusal, skp_window
from appraisal.plans import policies
from appraisal.plans import selectors as plans_selectors
from appraisal.plans.forms import ExpectationsForm, ReturnForm, ReviseForm
from appraisal.plans.models import Skp
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.services import flow as skp_flow
from appraisal.plans.versions import version_changes
from core.errors import DomainError
from core.menus import Menu, menu


@menu(Menu.MY_PERFORMANCE)
@login_required
def my_skp(request):
    roles = roles_for(request)
    if roles.employee is None:
        raise Http404
    cycle = selectors.open_cycle()
    skps = list(
        Skp.objects.filter(selectors.in_view(), employee=roles.employee)
        .select_related("cycle", "position__unit")
        .order_by("-cycle__year", "-start_date", "-version")
    )
    current = [s for s in skps if cycle and s.cycle_id == cycle.pk]
    may_start = cycle is not None and not any(
        s.position_id == roles.employee.position_id for s in current
    )
    return render(
        request,
        "appraisal/skp/my.html",
        {"cycle": cycle, "skps": skps, "current": current, "may_start": may_start},
    )


@login_required
@require_POST
def skp_start(request):
    roles = roles_for(request)
    if roles.employee is None:
        raise Http404
    cycle = selectors.open_cycle()
    if cycle is None:
        messages.error(request, _("No cycle is open. Your BKD admin opens it."))
        return redirect("appraisal:my_skp")
    try:
        skp = skp_edit.skp_start(roles.employee, cycle, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("appraisal:my_skp")
    messages.success(
        request, _("Your SKP %(year)s is started. Add your RHK.") % {"year": cycle.year}
    )
    return redirect("appraisal:skp_detail", public_id=skp.public_id)


def skp_context(request, skp) -> dict:
    """Everything the SKP page (and the review page) shows about one plan."""
    roles = roles_for(request)
    is_owner = policies.is_owner(roles, skp)
    is_ppk = policies.may_decide(roles, skp)
    window = skp_window(skp)
    refusal = skp_refusal(skp, state=window)
    editable = is_owner and skp.status in EDITABLE_STATUSES and not refusal
    errors, warnings = (
        skp_flow.submission_problems(skp) if skp.status in EDITABLE_STATUSES else ([], [])
    )
    line_ppk = policies.owner_ppk(roles, skp)
    waiting_for_ppk = ""
    if is_owner and skp.status in EDITABLE_STATUSES:
        waiting_for_ppk = skp_flow.prerequisite_refusal(skp, line_ppk)
    versions = list(
        Skp.objects.filter(employee=skp.employee, cycle=skp.cycle, start_date=skp.start_date)
        .exclude(pk=skp.pk)
        .order_by("-version")
    )
    return {
        "skp": skp,
        "is_owner": is_owner,
        "is_ppk": is_ppk,
        "is_current_ppk": policies.is_current_ppk(roles, skp),
        "editable": editable,
        "refusal": refusal,
        "window_state": window,
        "submit_errors": errors,
        "warnings": warnings,
        "waiting_for_ppk": waiting_for_ppk,
        "versions": versions,
        "changes": version_changes(skp.revision_of, skp) if skp.revision_of_id else None,
        "line_ppk": line_ppk if skp.status != SkpStatus.APPROVED else None,
        "history": skp.history.select_related("history_user").order_by("-history_date")[:30],
        "library_action": reverse("appraisal:rhk_from_library", args=[skp.public_id]),
        "approaches": Approach.choices,
        "periods": _period_rows(skp)
        if skp.status in (SkpStatus.APPROVED, SkpStatus.SUPERSEDED)
        else [],
        "return_form": ReturnForm(),
        "revise_form": ReviseForm(),
    }


def _period_rows(skp) -> list[dict]:
    """Each period of an approved plan (and the year) with its realisation and evaluation."""
    # Through the plan's relations: realisation and evaluation sit above plans.
    realisations = {r.period: r for r in skp.realisations.all()}
    evaluations = {e.period: e for e in skp.evaluations.all()}
    rows = [
        {
            "number": p.number,
            "label": p.label,
            "realisation": realisations.get(p.number),
            "evaluation": evaluations.get(p.number),
        }
        for p in skp.cycle.periods
        if p.start <= skp.end_date and p.end >= skp.start_date
    ]
    rows.append(
        {
            "number": ANNUAL,
            "label": _("Annual"),
            "realisation": None,
            "evaluation": evaluations.get(ANNUAL),
        }
    )
    return rows


@menu(Menu.MY_PERFORMANCE)
@login_required
def skp_detail(request, public_id):
    skp = policies.skp_for_view(
        roles_for(request), public_id, queryset=plans_selectors.skp_detail_queryset()
    )
    access_record(
        actor=actor_for(request),
        kind=AccessKind.DOSSIER,
        path=request.path,
        subject_id=skp.employee_id,
    )
    return render(request, "appraisal/skp/detail.html", skp_context(request, skp))


def _back(request, skp):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("appraisal:skp_detail", public_id=skp.public_id)


@login_required
@require_POST
def skp_submit(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    try:
        warnings = skp_flow.skp_submit(skp, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Submitted. Your appraising official has been notified."))
        for warning in warnings:
            messages.warning(request, warning)
    return _back(request, skp)


@login_required
@require_POST
def skp_approve(request, public_id):
    skp = policies.skp_for_ppk(roles_for(request), public_id)
    confirmed = request.POST.get("confirm_no_expectations") == "on"
    if not confirmed and plans_selectors.expectations_empty(skp):
        # A second submit with the box ticked (the review page shows it): no script needed.
        messages.warning(
            request,
            _(
                "The Ekspektasi Khusus Pimpinan of this SKP are all empty. Write them, or tick "
                "“Approve without Ekspektasi Khusus Pimpinan” and approve again."
            ),
        )
        return _back(request, skp)
    try:
        skp_flow.skp_approve(skp, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("SKP of %(name)s approved.") % {"name": skp.employee.full_name})
    return _back(request, skp)


@login_required
@require_POST
def skp_return(request, public_id):
    skp = policies.skp_for_ppk(roles_for(request), public_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write what the employee should change."))
        return _back(request, skp)
    try:
        skp_flow.skp_return(skp, form.cleaned_data["notes"], actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("SKP of %(name)s returned with your notes.") % {"name": skp.employee.full_name},
        )
    return _back(request, skp)


@login_required
@require_POST
def skp_revise(request, public_id):
    skp = policies.skp_for_revision(roles_for(request), public_id)
    form = ReviseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the revision."))
        return _back(request, skp)
    try:
        revision = skp_flow.skp_revise(skp, form.cleaned_data["reason"], actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
        return _back(request, skp)
    messages.success(
        request,
        _(
            "Version %(version)s opened as a draft. The approved version stays in force until the "
            "revision is approved."
        )
        % {"version": revision.version},
    )
    return redirect("appraisal:skp_detail", public_id=revision.public_id)


@login_required
@require_POST
def revision_discard(request, public_id):
    skp = policies.skp_for_owner(roles_for(request), public_id)
    try:
        previous = skp_flow.skp_revision_discard(skp, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
        return _back(request, skp)
    messages.success(request, _("Revision discarded. The approved version stays in force."))
    return redirect("appraisal:skp_detail", public_id=previous.public_id)


@login_required
def expectations_edit(request, public_id):
    skp = policies.skp_for_ppk(roles_for(request), public_id)
    form = ExpectationsForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            skp_edit.expectations_save(skp, form.cleaned_data, actor=actor_for(request))
        except DomainError as error:
            form.add_error(None, str(error))
            messages.error(request, str(error))
        else:
            messages.success(request, _("Expectations saved."))
            return redirect("appraisal:skp_review", public_id=skp.public_id)
    return render(
        request,
        "appraisal/skp/expectations_form.html",
        {"form": form, "skp": skp},
    )
