"""Dialog kinerja and coaching pages: my sessions, my team's, one employee's history, recording a
session, its detail, the employee's rating, and marking a follow-up done (POST)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.reporting import subordinates
from accounts.org.roles import actor_for, roles_for
from core.errors import DomainError
from feedback.coaching import services
from feedback.coaching.forms import FollowUpFormSet, RatingForm, SessionForm
from feedback.coaching.models import FollowUp
from feedback.coaching.policies import (
    employee_for_history,
    is_ppk_of,
    is_rater,
    may_record_session,
    ppk_employee_id,
    records_own_dialog,
    session_for_view,
)


@login_required
def my_sessions(request):
    roles = roles_for(request)
    me = roles.employee
    sessions = services.sessions_of([me.pk]) if me is not None else []
    return render(
        request,
        "feedback/coaching/mine.html",
        {
            **services.history_context(sessions),
            "employee": me,
            "may_record": me is not None and ppk_employee_id(me, roles) is not None,
            "today": timezone.localdate(),
        },
    )


@login_required
def team_sessions(request):
    roles = roles_for(request)
    team = list(subordinates(roles.employee)) if roles.employee is not None else []
    summary = services.team_summary([e.pk for e in team])
    rows = [{"employee": e, **summary[e.pk]} for e in team]
    return render(request, "feedback/coaching/team.html", {"rows": rows})


@login_required
def employee_sessions(request, nip):
    roles = roles_for(request)
    employee = employee_for_history(roles, nip)
    return render(
        request,
        "feedback/coaching/employee.html",
        {
            **services.history_context(services.sessions_of([employee.pk])),
            "employee": employee,
            "is_ppk": is_ppk_of(roles, employee),
            "today": timezone.localdate(),
        },
    )


@login_required
def session_create(request, nip):
    roles = roles_for(request)
    employee = employee_for_history(roles, nip)
    own = records_own_dialog(roles, employee)
    if not may_record_session(roles, employee, ppk_employee_id(employee, roles)):
        raise PermissionDenied
    form = SessionForm(request.POST or None, dialog_only=own)
    follow_ups = FollowUpFormSet(request.POST or None, prefix="tl")
    if request.method == "POST" and form.is_valid() and follow_ups.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_record(
                employee,
                actor=actor_for(request),
                kind=data["kind"],
                held_on=data["held_on"],
                topic=data["topic"],
                agreements=data["agreements"],
                participants=data["participants"],
                follow_ups=[
                    (f.cleaned_data.get("text") or "", f.cleaned_data.get("due_on"))
                    for f in follow_ups
                    if f.cleaned_data
                ],
            )
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Session recorded."))
            return redirect("feedback:session_detail", public_id=session.public_id)
    return render(
        request,
        "feedback/coaching/create.html",
        {"form": form, "follow_ups": follow_ups, "employee": employee, "own": own},
    )


@login_required
def session_detail(request, public_id):
    roles = roles_for(request)
    session = session_for_view(roles, public_id)
    is_employee = is_rater(roles, session)
    rating = getattr(session, "rating", None)
    return render(
        request,
        "feedback/coaching/detail.html",
        {
            "session": session,
            "follow_ups": list(session.follow_ups.all()),
            "rating": rating,
            "rating_rows": _rating_rows(rating),
            "may_rate": is_employee and rating is None and session.held_on <= timezone.localdate(),
            "is_employee": is_employee,
        },
    )


def _rating_rows(rating):
    from feedback.choices import SESSION_STATEMENTS

    if rating is None:
        return []
    return [(text, rating.scores.get(key)) for key, text in SESSION_STATEMENTS.items()]


@login_required
def session_rate(request, public_id):
    roles = roles_for(request)
    session = session_for_view(roles, public_id)
    if not is_rater(roles, session):
        raise PermissionDenied
    if hasattr(session, "rating"):
        messages.info(request, _("You have already rated this session."))
        return redirect("feedback:session_detail", public_id=session.public_id)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_rate(
                session, form.scores(), form.cleaned_data["comment"], actor=actor_for(request)
            )
        except DomainError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Thank you for rating the session."))
            return redirect("feedback:session_detail", public_id=session.public_id)
    return render(request, "feedback/coaching/rate.html", {"session": session, "form": form})


@login_required
@require_POST
def follow_up_done(request, public_id, follow_up_id):
    session = session_for_view(roles_for(request), public_id)
    follow_up = get_object_or_404(FollowUp, pk=follow_up_id, session=session)
    follow_up.session = session
    try:
        services.follow_up_done(follow_up, actor=actor_for(request))
    except DomainError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Follow-up marked done."))
    return redirect("feedback:session_detail", public_id=session.public_id)
