"""360 input: who may open a round and answer, the anonymity threshold, and the aggregates."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.errors import DomainError
from feedback.survey import services
from feedback.survey.models import Answer360, Respondent360, Round360
from notifications.models import Notification
from tests.actors import actor
from tests.factories import EmployeeFactory, UserFactory, place
from tests.feedback.fixtures_survey import (
    BELOW,
    GOOD,
    MEETS,
    answer,
    answers,
    make_survey,
    open_round,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(org):
    return make_survey(org)


def _round_page(login, round_, persona="ppk"):
    return login(persona).get(reverse("feedback:survey_round", args=[round_.public_id]))


# ----- opening a round ----------------------------------------------------------------------------
def test_the_ppk_opens_a_round_and_the_respondents_are_notified(org, survey):
    round_ = open_round(org)
    assert round_.requested_by == org.ppk
    assert sorted(r.respondent_id for r in round_.respondents.all()) == sorted(
        p.pk for p in survey.peers
    )
    assert set(round_.respondents.values_list("relation", flat=True)) == {"peer"}
    notified = Notification.objects.filter(recipient__in=[p.user for p in survey.peers])
    assert notified.count() == 3
    assert all(n.url.startswith("/umpan-balik/360/jawab/") for n in notified)
    # The employee is told nothing.
    assert not Notification.objects.filter(recipient=org.pegawai.user).exists()


def test_the_ppk_opens_a_round_through_the_form(org, survey, login):
    url = reverse("feedback:survey_open", args=[org.pegawai.nip])
    deadline = timezone.localdate() + dt.timedelta(days=10)
    response = login("ppk").post(
        url,
        {
            "period": "0",
            "deadline": deadline.isoformat(),
            "respondents": [p.nip for p in survey.peers],
        },
    )
    round_ = Round360.objects.get(employee=org.pegawai)
    assert response.status_code == 302
    assert response.url == reverse("feedback:survey_round", args=[round_.public_id])
    assert (round_.period, round_.deadline) == (0, deadline)


def test_fewer_than_three_respondents_are_refused_in_indonesian(org, survey, login):
    response = login("ppk").post(
        reverse("feedback:survey_open", args=[org.pegawai.nip]),
        {
            "period": "1",
            "deadline": (timezone.localdate() + dt.timedelta(days=7)).isoformat(),
            "respondents": [p.nip for p in survey.peers[:2]],
        },
        HTTP_ACCEPT_LANGUAGE="id",
    )
    assert response.status_code == 200
    message = escape(_in_indonesian(services.FEWER_THAN_MIN) % {"count": 3})
    assert message in response.content.decode()
    assert not Round360.objects.exists()
    # What was typed is shown again.
    assert response.context["form"]["respondents"].value() == [p.nip for p in survey.peers[:2]]


@pytest.mark.parametrize(
    "who",
    ["employee", "ppk", "duplicate", "outsider", "colleague_without_login", "atasan"],
)
def test_respondents_outside_the_allowed_set_are_refused(org, survey, who):
    peers = list(survey.peers)
    extra = {
        "employee": org.pegawai,
        "ppk": org.ppk,
        "duplicate": peers[0],
        "outsider": org.outsider,
        "colleague_without_login": org.colleague,
        "atasan": org.atasan_ppk,
    }[who]
    with pytest.raises(DomainError):
        open_round(org, respondents=[*peers, extra])
    assert not Round360.objects.exists()


def test_a_subordinate_of_the_employee_may_be_asked(org, survey):
    round_ = open_round(org, employee=org.ppk, ppk=org.atasan_ppk)
    assert set(round_.respondents.values_list("relation", flat=True)) == {"subordinate"}


def test_only_the_current_ppk_opens_a_round(org, survey):
    with pytest.raises(DomainError):
        open_round(org, ppk=org.atasan_ppk)


def test_one_round_per_period(org, survey):
    open_round(org)
    with pytest.raises(DomainError):
        open_round(org)
    open_round(org, period=2)
    assert Round360.objects.count() == 2


def test_a_deadline_in_the_past_is_refused(org, survey):
    with pytest.raises(DomainError):
        open_round(org, deadline=timezone.localdate() - dt.timedelta(days=1))


def test_candidates_are_peers_and_subordinates_with_a_login(org, survey):
    people = services.candidates(org.ppk.pk, org.pegawai.pk)
    assert [p.pk for p in people] == [p.pk for p in sorted(survey.peers, key=lambda e: e.name)]


# ----- answering ----------------------------------------------------------------------------------
def test_the_respondent_answers_once(org, survey, login):
    round_ = open_round(org)
    respondent = survey.peers[0]
    request = round_.respondents.get(respondent=respondent)
    client = login_as(login, respondent)
    url = reverse("feedback:survey_answer", args=[request.public_id])
    data = _form_data(rating=GOOD, comment="Selalu membantu rekan")
    response = client.post(url, data)
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.answered_at is not None
    assert Answer360.objects.filter(round=round_).count() == 7
    # A second submit (another tab) writes nothing.
    response = client.post(url, data)
    assert response.status_code == 200
    assert Answer360.objects.filter(round=round_).count() == 7
    with pytest.raises(DomainError):
        services.answer_submit(request, answers(), actor=actor(respondent))


def test_errors_show_what_was_typed_again(org, survey, login):
    round_ = open_round(org)
    respondent = survey.peers[0]
    request = round_.respondents.get(respondent=respondent)
    data = _form_data(rating=GOOD, comment="Komentar yang sudah diketik")
    del data["rating_loyal"]
    response = login_as(login, respondent).post(
        reverse("feedback:survey_answer", args=[request.public_id]), data
    )
    assert response.status_code == 200
    assert "Komentar yang sudah diketik" in response.content.decode()
    assert not Answer360.objects.exists()


def test_after_the_deadline_answers_are_refused(org, survey, login):
    round_ = open_round(org)
    Round360.objects.filter(pk=round_.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    respondent = survey.peers[0]
    request = round_.respondents.get(respondent=respondent)
    client = login_as(login, respondent)
    url = reverse("feedback:survey_answer", args=[request.public_id])
    assert b'data-testid="deadline-passed"' in client.get(url).content
    response = client.post(url, _form_data())
    assert response.status_code == 200
    assert not Answer360.objects.exists()
    request.refresh_from_db()
    assert request.answered_at is None


def test_the_deadline_day_itself_is_still_open(org, survey):
    round_ = open_round(org, deadline=timezone.localdate())
    answer(round_, survey.peers[0])
    assert Answer360.objects.count() == 7


def test_someone_elses_request_and_guessed_ids_are_not_found(org, survey, login):
    round_ = open_round(org)
    request = round_.respondents.get(respondent=survey.peers[0])
    other = login_as(login, survey.peers[1])
    assert other.get(reverse("feedback:survey_answer", args=[request.public_id])).status_code == 404
    guessed = uuid.uuid4()
    assert other.get(reverse("feedback:survey_answer", args=[guessed])).status_code == 404
    assert login("ppk").get(reverse("feedback:survey_round", args=[guessed])).status_code == 404
    assert (
        login("ppk").get(reverse("feedback:survey_open", args=["199001012020011999"])).status_code
        == 404
    )


# ----- the anonymity threshold --------------------------------------------------------------------
def test_two_answers_show_the_ppk_nothing_but_the_count(org, survey, login):
    round_ = open_round(org)
    answer(round_, survey.peers[0], rating=GOOD, comment="Sangat ramah kepada warga")
    answer(round_, survey.peers[1], rating=BELOW, comment="Perlu lebih disiplin")
    response = _round_page(login, round_)
    page = response.content.decode()
    assert response.context["results"].values == []
    assert 'data-testid="survey-hidden"' in page
    assert 'data-testid="survey-counts"' not in page
    assert "Sangat ramah" not in page and "disiplin" not in page


def test_three_answers_show_the_aggregate(org, survey, login):
    round_ = open_round(org)
    for person in survey.peers:
        answer(round_, person, comment=f"Catatan dari {person.name}")
    response = _round_page(login, round_)
    results = response.context["results"]
    assert results.visible and results.answered == 3
    assert b'data-testid="survey-counts"' in response.content


def test_the_ppk_never_sees_who_answered(org, survey, login):
    round_ = open_round(org)

    def asked_list():
        page = _round_page(login, round_).content.decode()
        return page.split('data-testid="asked"', 1)[1].split("</ul>", 1)[0]

    before = asked_list()
    answer(round_, survey.peers[0])
    assert asked_list() == before  # nothing marks the one who answered


def test_the_employee_never_sees_the_round_or_who_was_asked(org, survey, login):
    round_ = open_round(org)
    for person in survey.peers:
        answer(round_, person, comment="Komentar rahasia")
    client = login("pegawai")
    assert client.get(reverse("feedback:survey_round", args=[round_.public_id])).status_code == 404
    home = client.get(reverse("feedback:survey_home")).content.decode()
    assert all(person.name not in home for person in survey.peers)
    assert "Komentar rahasia" not in home
    for request in round_.respondents.all():
        url = reverse("feedback:survey_answer", args=[request.public_id])
        assert client.get(url).status_code == 404


def test_aggregates_equal_a_hand_count(org, survey):
    extra = []
    for index in range(2):
        position = survey.peers[0].position
        person = place(
            EmployeeFactory(user=UserFactory(username=f"tambahan{index}"), name=f"Zaki {index}"),
            position,
        )
        extra.append(person)
    round_ = open_round(org, respondents=[*survey.peers, *extra], period=2)
    plan = [
        {"rating": GOOD, "kompeten": (BELOW, "Perlu pelatihan analisis data")},
        {"rating": GOOD, "comment": ""},
        {"rating": MEETS, "kompeten": (GOOD, "Menguasai aplikasi SKDR")},
        {"rating": BELOW, "harmonis": (MEETS, "")},
        {"rating": MEETS, "comment": "Cukup baik"},
    ]
    for person, kwargs in zip([*survey.peers, *extra], plan, strict=True):
        answer(round_, person, **kwargs)
    by_value = services.round_results(round_).by_value()
    kompeten = {name: count for name, _label, count in by_value["kompeten"].counts}
    # By hand, row by row: BELOW, GOOD, GOOD, BELOW, MEETS.
    assert kompeten == {GOOD: 2, MEETS: 1, BELOW: 2}
    harmonis = {name: count for name, _label, count in by_value["harmonis"].counts}
    assert harmonis == {GOOD: 2, MEETS: 3, BELOW: 0}
    loyal = {name: count for name, _label, count in by_value["loyal"].counts}
    assert loyal == {GOOD: 2, MEETS: 2, BELOW: 1}
    assert by_value["kompeten"].comments == [
        "Cukup baik",
        "Menguasai aplikasi SKDR",
        "Perlu pelatihan analisis data",
    ]
    assert by_value["loyal"].comments == ["Cukup baik"]
    assert sum(row.total for row in by_value.values()) == 5 * 7


# ----- the list page ------------------------------------------------------------------------------
def test_my_pending_requests_list_only_mine_and_open(org, survey, login):
    round_ = open_round(org)
    mine = survey.peers[0]
    client = login_as(login, mine)
    response = client.get(reverse("feedback:survey_home"))
    assert [r.round_id for r in response.context["pending"]] == [round_.pk]
    answer(round_, mine)
    response = client.get(reverse("feedback:survey_home"))
    assert response.context["pending"] == []


def test_the_list_pages_query_counts_are_pinned(org, survey, login, django_assert_num_queries):
    round_ = open_round(org)
    open_round(org, period=2)
    client = login_as(login, survey.peers[0])
    client.get(reverse("feedback:survey_home"))
    with django_assert_num_queries(RESPONDENT_HOME_QUERIES):
        client.get(reverse("feedback:survey_home"))
    ppk = login("ppk")
    ppk.get(reverse("feedback:survey_home"))
    with django_assert_num_queries(PPK_HOME_QUERIES):
        response = ppk.get(reverse("feedback:survey_home"))
    assert len(response.context["rounds"]) == 2
    url = reverse("feedback:survey_round", args=[round_.public_id])
    ppk.get(url)
    with django_assert_num_queries(ROUND_PAGE_QUERIES):
        ppk.get(url)


RESPONDENT_HOME_QUERIES = 10
PPK_HOME_QUERIES = 20
ROUND_PAGE_QUERIES = 14


# ----- helpers ------------------------------------------------------------------------------------
def _in_indonesian(text):
    """The Indonesian UI's text: the translation, or the source while the catalogue lacks it."""
    from django.utils import translation

    with translation.override("id"):
        return translation.gettext(text)


def login_as(login, employee):
    from django.test import Client

    from tests.conftest import BACKEND

    client = Client()
    client.force_login(employee.user, backend=BACKEND)
    return client


def _form_data(rating=MEETS, comment=""):
    data = {}
    for value, (chosen, text) in answers(rating, comment).items():
        data[f"rating_{value}"] = chosen
        data[f"comment_{value}"] = text
    return data


def test_respondent_rows_keep_no_link_to_answers(org, survey):
    round_ = open_round(org)
    answer(round_, survey.peers[0])
    field_names = {f.name for f in Answer360._meta.get_fields()}
    assert "respondent" not in field_names
    assert Respondent360.objects.filter(answered_at__isnull=False).count() == 1
