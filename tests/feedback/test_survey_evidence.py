"""360 input as evidence on the evaluation page (the PPK alone) and its deadline reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.evaluation.services import evaluation_for
from feedback.survey.models import Round360
from feedback.survey.reminders import due_reminders
from notifications.reminders import ReminderPlan, run_reminders
from tests.actors import system
from tests.appraisal.conftest import Plan
from tests.feedback.fixtures_survey import GOOD, answer, make_survey, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(org):
    return make_survey(org)


@pytest.fixture
def evaluation(org, survey):
    plan = Plan(org, survey.cycle)
    *_, kasi = plan.chain()
    skp = plan.approved(org.pegawai, linked_to=kasi.rhks.get())
    return evaluation_for(skp, 1, actor=system())


def _page(login, persona, evaluation):
    return login(persona).get(reverse("appraisal:evaluation", args=[evaluation.public_id]))


def test_below_three_answers_the_evaluation_page_shows_only_the_count(
    org, survey, evaluation, login
):
    round_ = open_round(org)
    answer(round_, survey.peers[0], rating=GOOD, comment="Sangat ramah")
    answer(round_, survey.peers[1], rating=GOOD)
    page = _page(login, "ppk", evaluation).content.decode()
    assert 'data-testid="survey-panel"' in page
    assert 'data-testid="survey-hidden"' in page
    assert 'data-testid="survey-panel-value"' not in page
    assert "Sangat ramah" not in page


def test_from_three_answers_each_value_shows_the_aggregate_to_the_ppk(
    org, survey, evaluation, login
):
    round_ = open_round(org)
    for person in survey.peers:
        answer(round_, person, rating=GOOD, comment="Sangat ramah")
    page = _page(login, "ppk", evaluation).content.decode()
    assert page.count('data-testid="survey-panel-value"') == 7
    assert "Sangat ramah" in page
    # Inside the page's form: no nested form.
    panel = page.split('data-testid="survey-panel-value"', 1)[1].split("</details>", 1)[0]
    assert "<form" not in panel
    # The Atasan PPK, who may see the evaluation, sees nothing of the round.
    other = _page(login, "atasan_ppk", evaluation).content.decode()
    assert 'data-testid="survey-panel' not in other and "Sangat ramah" not in other


def test_a_round_of_another_period_is_not_shown(org, survey, evaluation, login):
    round_ = open_round(org, period=2)
    for person in survey.peers:
        answer(round_, person, comment="Periode lain")
    page = _page(login, "ppk", evaluation).content.decode()
    assert "Periode lain" not in page
    assert reverse("feedback:survey_open", args=[org.pegawai.nip]) in page


# ----- reminders ----------------------------------------------------------------------------------
DEADLINE_IN = 10


def _due(day):
    return list(due_reminders(ReminderPlan(today=day, offsets=(7, 3, 1))))


@pytest.mark.parametrize(
    ("days_after_opening", "offset"),
    [
        (0, None),  # the day it was opened: the notification said it already
        (2, None),  # before the first moment (7 days before the deadline)
        (3, 7),
        (6, 7),
        (7, 3),
        (9, 1),
        (10, 1),  # the deadline day itself: the latest moment that has come
        (11, None),  # after the deadline: answers are refused, nothing is sent
    ],
)
def test_unanswered_requests_are_reminded_at_the_offsets(org, survey, days_after_opening, offset):
    today = timezone.localdate()
    round_ = open_round(org, deadline=today + dt.timedelta(days=DEADLINE_IN))
    due = _due(today + dt.timedelta(days=days_after_opening))
    if offset is None:
        assert due == []
        return
    assert sorted(d.recipient_id for d in due) == sorted(p.user_id for p in survey.peers)
    assert {d.offset for d in due} == {offset}
    assert {d.kind for d in due} == {"survey_360"}
    request = round_.respondents.get(respondent=survey.peers[0])
    mine = next(d for d in due if d.recipient_id == survey.peers[0].user_id)
    assert mine.item == f"360:{request.pk}"
    assert mine.url == reverse("feedback:survey_answer", args=[request.public_id])
    assert mine.deadline == round_.deadline


def test_who_answered_gets_no_reminder(org, survey):
    today = timezone.localdate()
    round_ = open_round(org, deadline=today + dt.timedelta(days=DEADLINE_IN))
    answer(round_, survey.peers[0])
    due = _due(today + dt.timedelta(days=DEADLINE_IN - 1))
    assert survey.peers[0].user_id not in {d.recipient_id for d in due}
    assert len(due) == 2


def test_a_send_now_for_windows_sends_no_360_reminders(org, survey):
    today = timezone.localdate()
    open_round(org, deadline=today + dt.timedelta(days=2))
    plan = ReminderPlan(today=today, window_ids=frozenset({1}), by_hand=True)
    assert list(due_reminders(plan)) == []


def test_a_run_sends_each_reminder_once(org, survey):
    today = timezone.localdate()
    open_round(org, deadline=today + dt.timedelta(days=DEADLINE_IN))
    plan = ReminderPlan(today=today + dt.timedelta(days=DEADLINE_IN - 1), offsets=(7, 3, 1))
    first = run_reminders(plan, enqueue=False)
    second = run_reminders(plan, enqueue=False)
    assert first.by_kind["survey_360"] == 3
    assert second.by_kind["survey_360"] == 0
    assert Round360.objects.count() == 1
