"""Keberatan pages (domain §7): the employee files, the three parties talk, the Atasan PPK decides.

Access: an objection is visible to whoever may see the evaluation's SKP, to the PPK who gave the
ratings and to the Atasan PPK stored on it (out of scope → 404). Writing in the thread is for those
three while it is open, deciding for the Atasan PPK alone (visible but not allowed → 403). The
services ask the same predicates (appraisal.objections.policies)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.roles import actor_for, roles_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from appraisal import extensions
from appraisal.choices import ObjectionOutcome, ObjectionStatus
from appraisal.cycles.selectors import in_view
from appraisal.evaluation import policies as evaluation_policies
from appraisal.evaluation import services as evaluation_services
from appraisal.evaluation.services import evaluation_url, period_label
from appraisal.objections import policies, services
from appraisal.objections.forms import DecisionForm, MessageForm, ObjectionForm
from appraisal.objections.models import Objection
from appraisal.panels import page_panels
from core.errors import DomainError
from core.menus import Menu, menu

# Decided objections stay in the queue this long, so the Atasan PPK finds what they just did.
RECENT_DAYS = 30


@login_required
def objection_file(request, public_id):
    """The employee's form: the result, the deadline, the reasons."""
    roles = roles_for(request)
    evaluation = evaluation_policies.evaluation_for_owner(roles, public_id)
    existing = Objection.objects.filter(evaluation=evaluation).first()
    if existing is not None:
        messages.info(request, _("You have already objected to this evaluation."))
        return redirect("appraisal:objection_detail", public_id=existing.public_id)
    refusal = services.filing_refusal(evaluation, roles)
    form = ObjectionForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            objection = services.objection_file(
                evaluation, form.cleaned_data["reasons"], actor=actor_for(request)
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your objection has been sent to %(name)s, who decides it.")
                % {"name": objection.atasan_employee.full_name},
            )
            return redirect("appraisal:objection_detail", public_id=objection.public_id)
    return render(
        request,
        "appraisal/objections/file.html",
        {
            "evaluation": evaluation,
            "period": period_label(evaluation),
            "deadline": evaluation_services.objection_deadline(evaluation),
            "refusal": refusal,
            "form": form,
            "evaluation_url": evaluation_url(evaluation),
        },
    )


def _with_labels(objections) -> list[Objection]:
    rows = list(objections)
    for objection in rows:
        objection.period_label = period_label(objection.evaluation)
    # Open ones first (the work to do), then the most recently filed.
    rows.sort(key=lambda o: o.filed_at, reverse=True)
    rows.sort(key=lambda o: o.status != ObjectionStatus.OPEN)
    return rows


@menu(Menu.MY_TEAM)
@login_required
def objection_queue(request):
    """Objections for me to decide, mine, those about evaluations I gave; admins: in scope."""
    roles = roles_for(request)
    if roles.employee is None and not roles.is_admin:
        raise PermissionDenied
    recent = Q(status=ObjectionStatus.OPEN) | Q(
        decided_at__gte=timezone.now() - dt.timedelta(days=RECENT_DAYS)
    )
    recent &= in_view("evaluation__skp__cycle")  # a practice's objections inside it alone
    assigned = filed = given = []
    if roles.employee is not None:
        me = roles.employee.pk
        personal = _with_labels(
            policies.objection_queryset()
            .filter(recent)
            .filter(
                Q(atasan_employee_id=me)
                | Q(evaluation__skp__employee_id=me)
                | Q(evaluation__ppk_employee_id=me)
            )
        )
        assigned = [o for o in personal if o.atasan_employee_id == me]
        filed = [o for o in personal if o.evaluation.skp.employee_id == me]
        given = [o for o in personal if o.evaluation.ppk_employee_id == me]
    in_scope = None  # None: not an admin; a list (maybe empty) for admins
    if roles.is_admin_bkd:
        in_scope = _with_labels(
            policies.objection_queryset().filter(
                in_view("evaluation__skp__cycle"), status=ObjectionStatus.OPEN
            )
        )
    elif roles.admin_opd_ids:
        ids = roles.admin_opd_ids
        in_scope = _with_labels(
            policies.objection_queryset()
            .filter(in_view("evaluation__skp__cycle"), status=ObjectionStatus.OPEN)
            .filter(
                Q(evaluation__skp__position__unit__opd_id__in=ids)
                | Q(evaluation__skp__position__unit_id__in=ids)
            )
        )
    return render(
        request,
        "appraisal/objections/queue.html",
        {
            "assigned": assigned,
            "filed": filed,
            "given": given,
            "in_scope": in_scope,
            "recent_days": RECENT_DAYS,
        },
    )


def _thread(objection: Objection) -> list[tuple]:
    """(message, author's name, role label) in order; the role as it stands on this objection."""
    labels = {
        policies.ATASAN: _("Superior of the appraising official"),
        policies.PPK: _("Appraising official (PPK)"),
        policies.EMPLOYEE: _("Employee"),
    }
    rows = []
    for message in objection.messages.select_related("author__employee"):
        author = message.author
        employee = getattr(author, "employee", None) if author else None
        name = employee.full_name if employee else (author.get_username() if author else "—")
        rows.append((message, name, labels.get(policies.party_of_user(objection, author), "")))
    return rows


def _render_detail(request, objection, message_form=None, decision_form=None):
    party = policies.party_of(roles_for(request), objection)
    is_open = objection.status == ObjectionStatus.OPEN
    evaluation = objection.evaluation
    decision_form = decision_form or DecisionForm(
        initial={
            "rating_hasil": objection.original_rating_hasil,
            "rating_perilaku": objection.original_rating_perilaku,
        }
    )
    return render(
        request,
        "appraisal/objections/detail.html",
        {
            "objection": objection,
            "evaluation": evaluation,
            "period": period_label(evaluation),
            "party": party,
            "is_atasan": party == policies.ATASAN,
            "may_write": policies.writes(party) and is_open,
            "may_decide": policies.decides(party) and is_open,
            "thread": _thread(objection),
            "message_form": message_form or MessageForm(),
            "decision_form": decision_form,
            "evaluation_url": evaluation_url(evaluation),
            "panels": page_panels(extensions.objection_panels, request, objection),
            "changed": objection.outcome == ObjectionOutcome.CHANGED,
        },
    )


@login_required
def objection_detail(request, public_id):
    objection = policies.objection_for_view(roles_for(request), public_id)
    access_record(
        actor=actor_for(request),
        kind=AccessKind.DOSSIER,
        path=request.path,
        subject_id=objection.evaluation.skp.employee_id,
    )
    return _render_detail(request, objection)


@login_required
@require_POST
def objection_message(request, public_id):
    objection, party = policies.objection_for_party(roles_for(request), public_id)
    form = MessageForm(request.POST)
    if party != policies.ATASAN:
        del form.fields["to"]  # not on their page: whatever is posted for it is not theirs to set
    if form.is_valid():
        to = form.cleaned_data["to"] if party == policies.ATASAN else "both"
        try:
            services.objection_message(
                objection, form.cleaned_data["text"], actor=actor_for(request), to=to
            )
        except DomainError as error:
            form.add_error(None, str(error))
            objection = policies.objection_queryset().get(
                pk=objection.pk
            )  # it may have been decided
        else:
            messages.success(request, _("Message sent."))
            return redirect("appraisal:objection_detail", public_id=objection.public_id)
    return _render_detail(request, objection, message_form=form)


@login_required
@require_POST
def objection_decide(request, public_id):
    objection = policies.objection_for_atasan(roles_for(request), public_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.objection_decide(
                objection,
                data["outcome"],
                data["rating_hasil"],
                data["rating_perilaku"],
                data["notes"],
                actor=actor_for(request),
            )
        except DomainError as error:
            form.add_error(None, str(error))
            objection = policies.objection_queryset().get(
                pk=objection.pk
            )  # it may have been decided
        else:
            messages.success(
                request, _("Decision recorded. The employee and the PPK are notified.")
            )
            return redirect("appraisal:objection_detail", public_id=objection.public_id)
    return _render_detail(request, objection, decision_form=form)
