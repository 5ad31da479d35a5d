"""Signing pages: approve-and-sign an SKP in one step, sign one document later, and the list of
documents awaiting the person's signature with batch signing (one passphrase or code, one result
per document).

The passphrase or code is read from the POST and handed to the signer: these views are marked
sensitive so an error report never carries it, and it is never put in the session or a message.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.org.models import Employee
from accounts.org.roles import actor_for, roles_for
from accounts.signatures.backends import (
    SignerStatus,
    SigningError,
    SigningOutcomeUnknown,
    get_signer,
    not_configured,
)
from accounts.signatures.forms import SignForm
from accounts.signatures.services import signer_identity
from accounts.verification.models import SignStatus
from accounts.verification.selectors import document_facts, latest_record, signatures_of
from appraisal.calibration import views as calibration_views
from appraisal.calibration.policies import target_for_calibration
from appraisal.choices import EvaluationStatus, ObjectionStatus, SkpStatus
from appraisal.documents import signables
from appraisal.evaluation.models import Evaluation
from appraisal.evaluation.views import page as evaluation_page_views
from appraisal.objections import views as objection_views
from appraisal.objections.models import Objection
from appraisal.plans import policies as plans_policies
from appraisal.plans.models import Skp
from appraisal.plans.views import skp as skp_views

SECRET_FIELDS = ("passphrase", "totp")

STATUS_TEXT = {
    SignerStatus.NOT_REGISTERED: gettext_lazy(
        "You are not registered with the electronic-signature service (BSrE). Ask the admin BKD."
    ),
    SignerStatus.NO_CERTIFICATE: gettext_lazy(
        "You have no valid signing certificate yet. Ask the admin BKD to arrange one."
    ),
    SignerStatus.NO_IDENTITY: gettext_lazy(
        "Your employee record has no NIK, which the signing service needs. Ask the admin BKD to add it."
    ),
}


def _not_ready(employee) -> str:
    """Why `employee` cannot sign now, or "" when they can."""
    signer = get_signer()
    if signer is None:
        return str(not_configured())
    try:
        status = signer.status(signer_identity(employee))
    except SigningError as error:
        return str(error)
    return "" if status == SignerStatus.READY else str(STATUS_TEXT[status])


def _sign_and_report(request, documents, form) -> list[tuple[signables.Signable, str, str]]:
    """Sign the documents with one secret in one call; one (document, outcome, message) per
    document. A batch is at most SIGN_BATCH_MAX documents: one request must end well within the
    web server's timeout, rendering every document and waiting for the service."""
    employee = roles_for(request).employee
    problem = _not_ready(employee) if employee else _("Only an employee can sign.")
    if not problem and len(documents) > settings.SIGN_BATCH_MAX:
        problem = _("Sign at most %(count)s documents at once.") % {
            "count": settings.SIGN_BATCH_MAX
        }
    if problem:
        return [(signable, "failed", problem) for signable in documents]
    try:
        refusals = signables.sign_all(
            documents, employee=employee, secret=form.secret(), actor=actor_for(request)
        )
    except SigningOutcomeUnknown as error:
        return [(signable, "unknown", str(error)) for signable in documents]
    except SigningError as error:
        return [(signable, "failed", str(error)) for signable in documents]
    return [
        (signable, "signed", "") if refusal is None else (signable, "failed", str(refusal))
        for signable, refusal in zip(documents, refusals, strict=True)
    ]


def _report(request, results) -> None:
    for signable, outcome, message in results:
        if outcome == "signed":
            messages.success(request, _("Signed: %(title)s") % {"title": signable.title})
        elif outcome == "unknown":
            messages.warning(request, f"{signable.title}: {message}")
        else:
            messages.error(
                request,
                _("Not signed: %(title)s — %(reason)s")
                % {"title": signable.title, "reason": message},
            )


@sensitive_post_parameters(*SECRET_FIELDS)
@login_required
@require_POST
def skp_approve_and_sign(request, public_id):
    """The PPK's approval (plans' own view, unchanged) followed by the signature of the approved
    SKP. An approval stands even when the signature fails: the SKP then waits on the list of
    documents to sign, with the reason shown."""
    plans_policies.skp_for_ppk(roles_for(request), public_id)  # 404 for anyone else
    form = SignForm(request.POST)
    if not form.is_valid():
        # Nothing decided yet: the decision is taken only with a usable signing form.
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(_safe_next(request, reverse("appraisal:skp_detail", args=[public_id])))
    response = skp_views.skp_approve(request, public_id)
    skp = Skp.objects.filter(public_id=public_id).first()
    if skp is not None and skp.status == SkpStatus.APPROVED:
        signable = signables.skp_signable(skp)
        employee = roles_for(request).employee
        if signable is not None and signables.may_sign(employee, signable):
            _report(request, _sign_and_report(request, [signable], form))
    return response


def _sign_after_decision(request, documents) -> None:
    """A decision just recorded: sign its documents with the secret typed in the same form. A
    missing or refused secret does not undo the decision; the documents wait on the list."""
    employee = roles_for(request).employee
    mine = [s for s in documents if signables.may_sign(employee, s)]
    if not mine:
        return
    form = SignForm(request.POST)
    if not form.is_valid():
        reason = " ".join(form.non_field_errors())
        messages.warning(
            request,
            _("Recorded, but not signed: %(reason)s Sign it from “Documents to sign”.")
            % {"reason": reason},
        )
        return
    _report(request, _sign_and_report(request, mine, form))


@sensitive_post_parameters(*SECRET_FIELDS)
@login_required
@require_POST
def evaluation_finalise_and_sign(request, public_id):
    """The evaluation page's "Save and finalise" (its own view, unchanged: a refusal re-shows what
    was typed), then the signature of the Evaluasi Kinerja and the Dokumen Evaluasi."""
    before = Evaluation.objects.filter(public_id=public_id).values_list("status", flat=True)
    was_draft = list(before) == [EvaluationStatus.DRAFT]
    response = evaluation_page_views.evaluation_page(request, public_id)
    evaluation = Evaluation.objects.select_related("skp__cycle", "skp__employee").get(
        public_id=public_id
    )
    if was_draft and evaluation.status == EvaluationStatus.FINALISED:
        _sign_after_decision(request, signables.evaluation_signables(evaluation))
    return response


@sensitive_post_parameters(*SECRET_FIELDS)
@login_required
@require_POST
def objection_decide_and_sign(request, public_id):
    """The Atasan PPK's decision on an objection (its own view, unchanged), then their signature
    of the evaluation documents the decision changed."""
    before = Objection.objects.filter(public_id=public_id).values_list("status", flat=True)
    was_open = list(before) == [ObjectionStatus.OPEN]
    response = objection_views.objection_decide(request, public_id)
    objection = Objection.objects.select_related(
        "evaluation__skp__cycle", "evaluation__skp__employee"
    ).get(public_id=public_id)
    if was_open and objection.status == ObjectionStatus.DECIDED:
        _sign_after_decision(request, signables.evaluation_signables(objection.evaluation))
    return response


@sensitive_post_parameters(*SECRET_FIELDS)
@login_required
@require_POST
def unit_predicate_set_and_sign(request, year, code, period):
    """The unit's organisational predicate set (calibration's own view, unchanged), then the
    Penetapan signed by whoever set it: the leader, or the admin BKD on their behalf."""
    response = calibration_views.unit_predicate_set(request, year, code, period)
    if response.status_code == 302:  # saved: the view sends back to the calibration page
        roles = roles_for(request)
        target = target_for_calibration(roles, year, code, period)
        signable = signables.predicate_signable(target, period)
        if signable is not None:
            _sign_after_decision(request, [signable])
    return response


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@sensitive_post_parameters(*SECRET_FIELDS)
@login_required
@require_http_methods(["GET", "POST"])
def documents_to_sign(request):
    """The documents awaiting this person's signature; POST signs the ticked ones (or the one
    named by `document`, from a document's own page)."""
    employee = roles_for(request).employee
    if get_signer() is None or employee is None:
        raise Http404
    if request.method == "POST" and request.POST.getlist("single"):
        return _sign_from_the_document_page(request, employee)
    pending = signables.awaiting(employee, roles_for(request))
    results = []
    chosen: set[str] = set()
    form = SignForm(request.POST or None)
    if request.method == "POST":
        chosen = set(request.POST.getlist("document"))
        # A ticked document no longer pending (signed meanwhile) is simply not signed again.
        selected = [s for s in pending if s.key in chosen]
        if not selected:
            form.add_error(None, _("Tick at least one document to sign."))
        elif form.is_valid():
            results = _sign_and_report(request, selected, form)
            pending = signables.awaiting(employee, roles_for(request))
    return render(
        request,
        "appraisal/documents/to_sign.html",
        {
            "pending": pending,
            "form": SignForm() if results else form,
            "results": results,
            "chosen": set() if results else chosen,
            "not_ready": _not_ready(employee),
        },
    )


def _sign_from_the_document_page(request, employee):
    """The documents a page's signature panel names (`single`, one or more), signed and reported
    back on that page."""
    roles = roles_for(request)
    selected = [signables.signable_for_key(key, roles) for key in request.POST.getlist("single")]
    if any(s is None or not signables.may_sign(employee, s) for s in selected):
        raise Http404
    form = SignForm(request.POST)
    if form.is_valid():
        _report(request, _sign_and_report(request, selected, form))
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect(_safe_next(request, selected[0].back_url))


@login_required
@require_POST
def signing_code(request):
    """Ask the signing service to send this person a one-time code (BSrE get/totp)."""
    employee = roles_for(request).employee
    signer = get_signer()
    if signer is None or employee is None or not signer.sends_codes:
        raise Http404
    try:
        signer.request_code(signer_identity(employee))
    except SigningError as error:
        messages.error(request, str(error))
    else:
        messages.info(request, _("A one-time code was sent to you by the signing service."))
    return redirect(_safe_next(request, reverse("appraisal:documents_to_sign")))


@login_required
@require_GET
def signature_panel(request):
    """The signature state of a page's documents (loaded by htmx; `document` once per document):
    the signatures of those signed, whose signature the others await, and one signing form for
    all of them when that is this person."""
    keys = request.GET.getlist("document")
    if not keys or get_signer() is None:
        raise Http404
    roles = roles_for(request)
    found = [signables.signable_for_key(key, roles) for key in keys]
    documents = [s for s in found if s is not None]
    if not documents:
        return HttpResponse("")
    items = []
    for signable in documents:
        record = latest_record(signable.spec)
        signed = record is not None and record.sign_status == SignStatus.SIGNED
        items.append(
            {
                "signable": signable,
                "signed": signed,
                "facts": document_facts(record) if record else None,
                "signatures": signatures_of(record) if signed else [],
            }
        )
    unsigned = [item["signable"] for item in items if not item["signed"]]
    signer = Employee.objects.filter(pk=unsigned[0].signer_id).first() if unsigned else None
    return render(
        request,
        "appraisal/documents/_signature_panel.html",
        {
            "items": items,
            "unsigned": unsigned,
            "signer": signer,
            "may_sign": bool(unsigned)
            and all(signables.may_sign(roles.employee, s) for s in unsigned),
        },
    )
