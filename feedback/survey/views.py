"""360 input pages: my requests and my team's rounds, opening a round, a round's results (the
PPK), answering (the respondent). Scope through feedback.survey.policies (outside it: 404)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.org.roles import actor_for, roles_for
from appraisal.cycles.selectors import open_cycle
from core.errors import DomainError
from feedback.survey import policies, services
from feedback.survey.forms import AnswerForm, RoundForm


@login_required
def survey_home(request):
    """What waits for me as a respondent and, for a PPK, the rounds about my team."""
    roles = roles_for(request)
    pending, team, rounds = [], [], []
    if roles.employee is not None:
        pending = services.pending_requests(roles.employee)
        if roles.may_appraise:
            team, rounds = services.team_rounds(roles.employee)
    for round_ in rounds:
        round_.label = services.period_label(round_.cycle, round_.period)
    cycle = open_cycle()
    return render(
        request,
        "feedback/survey/home.html",
        {
            "pending": pending,
            "team": team,
            "rounds": rounds,
            "cycle": cycle,
            "needed": services.min_answers(),
        },
    )


@login_required
def survey_open(request, nip):
    roles = roles_for(request)
    employee = policies.employee_for_new_round(roles, nip)
    cycle = open_cycle()
    if cycle is None:
        messages.error(request, _("No appraisal cycle is open."))
        return redirect("feedback:survey_home")
    people = services.candidates(roles.employee.pk, employee.pk)
    form = RoundForm(
        request.POST or None,
        periods=services.period_choices(cycle),
        people=people,
        initial={"deadline": timezone.localdate() + dt.timedelta(days=14)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_open(
                employee,
                actor=actor_for(request),
                period=form.cleaned_data["period"],
                deadline=form.cleaned_data["deadline"],
                respondent_ids=form.respondent_ids(),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("360 input requested from %(count)s people. They have been notified.")
                % {"count": len(form.respondent_ids())},
            )
            return redirect("feedback:survey_round", public_id=round_.public_id)
    return render(
        request,
        "feedback/survey/open.html",
        {
            "employee": employee,
            "cycle": cycle,
            "form": form,
            "people": people,
            "needed": services.min_answers(),
        },
    )


@login_required
def survey_round(request, public_id):
    roles = roles_for(request)
    round_ = policies.round_for_ppk(roles, public_id)
    respondents = list(
        round_.respondents.select_related("respondent").order_by("respondent__name", "pk")
    )
    return render(
        request,
        "feedback/survey/round.html",
        {
            "round": round_,
            "period_label": services.period_label(round_.cycle, round_.period),
            "respondents": respondents,
            "results": services.round_results(round_),
            "deadline_passed": timezone.localdate() > round_.deadline,
        },
    )


@login_required
def survey_answer(request, public_id):
    roles = roles_for(request)
    item = policies.request_for_respondent(roles, public_id)
    round_ = item.round
    closed = timezone.localdate() > round_.deadline
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.answer_submit(item, form.answers(), actor=actor_for(request))
            except DomainError as error:
                form.add_error(None, str(error))
                messages.error(request, str(error))
                item.refresh_from_db()
            else:
                messages.success(
                    request, _("Thank you. Your answers were saved without your name.")
                )
                return redirect("feedback:survey_home")
        else:
            messages.error(request, _("Give a rating for every BerAKHLAK value."))
    return render(
        request,
        "feedback/survey/answer.html",
        {
            "item": item,
            "round": round_,
            "period_label": services.period_label(round_.cycle, round_.period),
            "form": form,
            "closed": closed,
            "needed": services.min_answers(),
        },
    )
