"""One evaluation: the PPK scores a period or the year; the employee receives the result
(domain §5)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from appraisal import extensions, rules
from appraisal.choices import EvaluationStatus, in_period_order
from appraisal.cycles.selectors import in_view
from appraisal.evaluation import policies as evaluation_policies
from appraisal.evaluation import selectors, services
from appraisal.evaluation.forms import EvaluationForm
from appraisal.evaluation.models import Evaluation
from appraisal.panels import page_panels
from appraisal.plans import policies
from appraisal.realisation.progress import current_plan, plan_progress
from core.errors import DomainError
from core.menus import Menu, menu

GUIDANCE = {
    "above": _(
        "Di Atas Ekspektasi: most or all results above expectation, and no main (Utama) result "
        "below it."
    ),
    "below": _("Di Bawah Ekspektasi: most or all results below expectation."),
    "meets": _("Sesuai Ekspektasi: otherwise."),
}


@login_required
def evaluation_start(request, public_id, period):
    """Open (creating when needed) the evaluation of an SKP for a period; the PPK or anyone who
    may see the SKP lands on it."""
    roles = roles_for(request)
    skp = policies.skp_for_view(roles, public_id)
    if not services.period_covered(skp, period):
        raise Http404  # like the realisation pages: a period the plan does not reach is not found
    existing = Evaluation.objects.filter(skp=skp, period=period).first()
    owner_too_early = existing is not None and existing.status != EvaluationStatus.FINALISED
    if owner_too_early and policies.is_owner(roles, skp):
        raise Http404  # the result is the employee's once it is final
    if existing is None:
        if not policies.may_decide(roles, skp):
            raise Http404  # only the PPK opens a new evaluation sheet
        try:
            existing = services.evaluation_for(skp, period, actor=actor_for(request))
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("appraisal:skp_detail", public_id=skp.public_id)
    return redirect("appraisal:evaluation", public_id=existing.public_id)


# The page's form holds the signing fields when signatures are on (appraisal.documents.signing):
# a plain "Save" posts them here, so an error report must not print them either.
@sensitive_post_parameters("passphrase", "totp")
@login_required
def evaluation_page(request, public_id):
    roles = roles_for(request)
    evaluation = evaluation_policies.evaluation_for_view(roles, public_id)
    if request.htmx and "preview" in request.GET:
        return _predicate_preview(request, evaluation)
    if request.method != "POST":
        access_record(
            actor=actor_for(request),
            kind=AccessKind.DOSSIER,
            path=request.path,
            subject_id=evaluation.skp.employee_id,
        )
    page = selectors.evaluation_page(roles, evaluation)
    form = EvaluationForm(
        request.POST or None,
        rhks=page.rhks,
        evaluation=evaluation,
        initial={
            "version": evaluation.version,
            "rating_hasil": evaluation.rating_hasil,
            "rating_perilaku": evaluation.rating_perilaku,
            "notes": evaluation.notes,
        },
    )
    if request.method == "POST":
        if not page.is_ppk:
            raise PermissionDenied
        if form.is_valid() and _save(request, page, form):
            return redirect("appraisal:evaluation", public_id=evaluation.public_id)
    return render(request, "appraisal/evaluation/page.html", _context(request, page, form))


def rating_changed(evaluation: Evaluation, data: dict) -> bool:
    """Whether the form gives a rating other than the one stored (an empty choice is none)."""
    return any(
        data.get(name) and data[name] != getattr(evaluation, name)
        for name in ("rating_hasil", "rating_perilaku")
    )


def unconfirmed_without_realisation(evaluation: Evaluation, data: dict, finalise: bool) -> str:
    """The warning that stops rating or finalising someone who submitted no realisation for the
    period, until the PPK ticks the confirmation (a second submit, no script needed); else ''."""
    if data.get("confirm_no_realisation") or not (finalise or rating_changed(evaluation, data)):
        return ""
    if not selectors.realisation_missing(evaluation.skp, evaluation.period):
        return ""
    return _(
        "%(name)s submitted no realisation for %(period)s. Tick “I rate this employee without a "
        "realisation for the period” to rate them anyway; the evaluation will say so."
    ) % {"name": evaluation.skp.employee.full_name, "period": services.period_label(evaluation)}


def _save(request, page: selectors.EvaluationPage, form: EvaluationForm) -> bool:
    """Save what is on the screen and, when asked, finalise it at that version; a refusal goes
    on the form and in the messages."""
    evaluation = page.evaluation
    data = form.cleaned_data
    finalise = "finalise" in request.POST
    warning = unconfirmed_without_realisation(evaluation, data, finalise)
    if warning:
        form.add_error("confirm_no_realisation", warning)  # beside the box to tick
        return False
    actor = actor_for(request)
    try:
        saved = services.evaluation_save(
            evaluation,
            expected_version=data["version"],
            rating_hasil=data["rating_hasil"],
            rating_perilaku=data["rating_perilaku"],
            notes=data["notes"],
            rhk_notes=form.rhk_notes(),
            perilaku_notes=form.perilaku_notes(),
            actor=actor,
        )
        if finalise:
            services.evaluation_finalise(saved, actor=actor, expected_version=saved.version)
    except DomainError as error:
        form.add_error(None, str(error))
        messages.error(request, str(error))
        return False
    if finalise:
        messages.success(
            request,
            _("Evaluation finalised. %(name)s has been notified.")
            % {"name": evaluation.skp.employee.full_name},
        )
    else:
        messages.success(request, _("Evaluation saved."))
    return True


def _context(request, page: selectors.EvaluationPage, form: EvaluationForm) -> dict:
    evaluation = page.evaluation
    forced, org_predicate = page.unit_head
    return {
        "evaluation": evaluation,
        "skp": page.skp,
        "rhks": page.rhks,
        "form": form,
        "is_ppk": page.is_ppk,
        "for_the_head": page.is_ppk and policies.decides_for_the_head(roles_for(request), page.skp),
        "is_owner": page.is_owner,
        "editable": page.editable,
        "refusal": "" if page.window.is_open else page.window.refusal,
        "guidance": GUIDANCE,
        "forced_rating": forced,
        "org_predicate": org_predicate,
        "period_label": services.period_label(evaluation),
        "objection_deadline": page.objection_deadline,
        "objection_passed": page.objection_passed,
        "may_object": page.may_object,
        "received_on": page.received_on,
        "split_year": selectors.split_year(page.skp),
        "realisation_missing": page.realisation_missing,
        **page.evidence,
        "panels": page_panels(extensions.evaluation_panels, request, evaluation),
    }


def _predicate_preview(request, evaluation):
    hasil, perilaku = request.GET.get("rating_hasil", ""), request.GET.get("rating_perilaku", "")
    forced, _org = services.unit_head_rating(evaluation.skp, evaluation.period)
    hasil = forced or hasil  # a unit head's result is the unit's, whatever is picked
    valid = rules.Rating.__members__
    predicate = ""
    if hasil in valid and perilaku in valid:
        predicate = rules.employee_predicate(rules.Rating[hasil], rules.Rating[perilaku]).label
    return render(request, "appraisal/evaluation/_predicate.html", {"predicate_label": predicate})


@login_required
@require_POST
def evaluation_finalise(request, public_id):
    roles = roles_for(request)
    evaluation = evaluation_policies.evaluation_for_ppk(roles, public_id)
    confirmed = {"confirm_no_realisation": request.POST.get("confirm_no_realisation") == "on"}
    warning = unconfirmed_without_realisation(evaluation, confirmed, finalise=True)
    if warning:
        messages.warning(request, warning)
        return redirect("appraisal:evaluation", public_id=evaluation.public_id)
    try:
        services.evaluation_finalise(evaluation, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("Evaluation finalised. %(name)s has been notified.")
            % {"name": evaluation.skp.employee.full_name},
        )
    return redirect("appraisal:evaluation", public_id=evaluation.public_id)


@login_required
@require_POST
def evaluation_acknowledge(request, public_id):
    evaluation = evaluation_policies.evaluation_for_owner(roles_for(request), public_id)
    try:
        services.evaluation_acknowledge(evaluation, actor=actor_for(request))
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Receipt acknowledged."))
    return redirect("appraisal:evaluation", public_id=evaluation.public_id)


@menu(Menu.MY_PERFORMANCE)
@login_required
def my_results(request):
    """The employee's evaluations: finalised ones to read and acknowledge, drafts as a status."""
    roles = roles_for(request)
    if roles.employee is None:
        raise Http404
    evaluations = list(
        Evaluation.objects.filter(in_view("skp__cycle"), skp__employee=roles.employee)
        .select_related("skp__cycle", "skp__position")
        .order_by("-skp__cycle__year", "-skp__start_date", *in_period_order())
    )
    for evaluation in evaluations:
        evaluation.label = services.period_label(evaluation)
    skp = current_plan(roles.employee)
    progress = plan_progress(skp) if skp else None
    return render(
        request,
        "appraisal/evaluation/my_results.html",
        {"evaluations": evaluations, "progress": progress if progress and progress.rows else None},
    )
