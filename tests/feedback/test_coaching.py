# ruff: noqa: F811 - pytest fixtures are imported, then named as parameters
"""Dialog kinerja and coaching records: who records, follow-ups, the employee's one rating, the
pages, their query counts, and the history on the PPK's evaluation page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.cycles.models import Cycle
from core.errors import DomainError
from feedback.choices import SESSION_STATEMENTS, FollowUpStatus, SessionKind
from feedback.coaching import services
from feedback.coaching.models import CoachingSession, FollowUp, SessionRating
from notifications.models import Notification
from tests.actors import actor, system
from tests.feedback.fixtures_threads import approved, cycle, plan, skp  # noqa: F401

pytestmark = pytest.mark.django_db

ALL_FIVE = dict.fromkeys(SESSION_STATEMENTS, 5)


def record(org, who="ppk", kind=SessionKind.COACHING, **extra):
    data = {
        "kind": kind,
        "held_on": timezone.localdate(),
        "topic": "Penyusunan laporan surveilans mingguan",
        "agreements": "Laporan dikirim setiap Senin pukul 10.00.",
        "follow_ups": [("Buat templat laporan", timezone.localdate() + dt.timedelta(days=7))],
    }
    data.update(extra)
    return services.session_record(org.pegawai, actor=actor(getattr(org, who)), **data)


def test_the_ppk_records_a_session_and_the_employee_is_notified(org, cycle):
    session = record(org)
    assert session.held_by == org.ppk and session.cycle == cycle
    assert session.follow_ups.get().status == FollowUpStatus.OPEN
    note = Notification.objects.get(recipient=org.pegawai.user)
    assert note.url == reverse("feedback:session_detail", args=[session.public_id])


def test_the_employee_records_only_a_dialog_held_by_their_ppk(org, cycle):
    with pytest.raises(DomainError):
        record(org, "pegawai", kind=SessionKind.COACHING)
    session = record(org, "pegawai", kind=SessionKind.DIALOG)
    assert session.held_by == org.ppk
    assert Notification.objects.filter(recipient=org.ppk.user).count() == 1


@pytest.mark.parametrize("who", ["atasan_ppk", "kepala_unit", "admin_opd", "admin_bkd", "outsider"])
def test_nobody_else_records(org, cycle, who):
    with pytest.raises(DomainError):
        record(org, who)
    assert not CoachingSession.objects.exists()


def test_a_session_in_the_future_or_a_closed_cycle_is_refused(org, cycle):
    with pytest.raises(DomainError):
        record(org, held_on=timezone.localdate() + dt.timedelta(days=1))
    Cycle.objects.filter(pk=cycle.pk).update(status="closed")
    with pytest.raises(DomainError):
        record(org)


def test_follow_up_done_once_by_a_party(org, cycle):
    follow_up = record(org).follow_ups.get()
    with pytest.raises(DomainError):
        services.follow_up_done(follow_up, actor=actor(org.atasan_ppk))
    services.follow_up_done(follow_up, actor=actor(org.pegawai))
    assert FollowUp.objects.get().status == FollowUpStatus.DONE
    with pytest.raises(DomainError):
        services.follow_up_done(follow_up, actor=actor(org.ppk))


def test_the_employee_rates_once(org, cycle):
    session = record(org)
    with pytest.raises(DomainError):
        services.session_rate(session, ALL_FIVE, actor=actor(org.ppk))
    with pytest.raises(DomainError):
        services.session_rate(session, {"dipahami": 5}, actor=actor(org.pegawai))
    with pytest.raises(DomainError):
        services.session_rate(session, {**ALL_FIVE, "jelas": 6}, actor=actor(org.pegawai))
    rating = services.session_rate(
        session, {**ALL_FIVE, "jelas": 4}, "Jelas", actor=actor(org.pegawai)
    )
    assert rating.average == Decimal("4.8") or rating.average == 4.8
    with pytest.raises(DomainError):
        services.session_rate(session, ALL_FIVE, actor=actor(org.pegawai))
    assert SessionRating.objects.count() == 1


def test_the_average_over_ratings_is_a_hand_count():
    class R:
        def __init__(self, scores):
            self.scores = scores

    assert services.average([R({"dipahami": 5, "jelas": 4}), R({"dipahami": 3, "x": 1})]) == (
        Decimal("4.0")
    )
    assert services.average([]) is None


# Pages


def test_recording_through_the_page(org, cycle, login):
    client = login("ppk")
    url = reverse("feedback:session_create", args=[org.pegawai.nip])
    assert client.get(url).status_code == 200
    data = {
        "kind": "mentoring",
        "held_on": timezone.localdate().isoformat(),
        "topic": "Analisis data kasus DBD",
        "participants": "",
        "agreements": "Belajar analisis tren mingguan.",
        "tl-TOTAL_FORMS": "3",
        "tl-INITIAL_FORMS": "0",
        "tl-0-text": "Kirim draf analisis",
        "tl-0-due_on": "",
        "tl-1-text": "",
        "tl-1-due_on": "",
        "tl-2-text": "",
        "tl-2-due_on": "",
    }
    response = client.post(url, data)
    session = CoachingSession.objects.get()
    assert response.status_code == 302 and session.kind == "mentoring"
    assert session.follow_ups.count() == 1
    own = login("pegawai").get(reverse("feedback:session_create", args=[org.pegawai.nip]))
    assert '<option value="mentoring"' not in own.content.decode()
    assert login("kepala_unit").get(url).status_code == 403
    assert login("admin_opd_other").get(url).status_code == 404


def test_rating_through_the_page(org, cycle, login):
    session = record(org)
    url = reverse("feedback:session_rate", args=[session.public_id])
    assert login("ppk").get(url).status_code == 403
    client = login("pegawai")
    page = client.get(url)
    assert "Saya merasa diperhatikan dan dipahami." in page.content.decode()
    data = {f"score_{key}": "4" for key in SESSION_STATEMENTS}
    response = client.post(url, {**data, "comment": "Sangat membantu."})
    assert response.status_code == 302
    assert session.__class__.objects.get().rating.comment == "Sangat membantu."
    assert client.get(url).status_code == 302  # once


def test_follow_up_done_through_the_page(org, cycle, login):
    session = record(org)
    follow_up = session.follow_ups.get()
    url = reverse("feedback:follow_up_done", args=[session.public_id, follow_up.pk])
    assert login("ppk").get(url).status_code == 405
    assert login("kepala_unit").post(url).status_code == 403
    assert login("ppk").post(url).status_code == 302
    assert FollowUp.objects.get().status == FollowUpStatus.DONE


def test_session_detail_scope(org, cycle, login):
    session = record(org)
    url = reverse("feedback:session_detail", args=[session.public_id])
    for who, status in (
        ("pegawai", 200),
        ("ppk", 200),
        ("kepala_unit", 403),
        ("admin_opd", 403),
        ("admin_opd_other", 404),
    ):
        assert login(who).get(url).status_code == status, who


def test_my_sessions_and_the_team_list_run_fixed_queries(org, cycle, login):
    record(org)
    mine, team = reverse("feedback:my_sessions"), reverse("feedback:team_sessions")
    pegawai, ppk = login("pegawai"), login("ppk")
    pegawai.get(mine), ppk.get(team)
    with CaptureQueriesContext(connection) as mine_one, CaptureQueriesContext(connection):
        pegawai.get(mine)
    with CaptureQueriesContext(connection) as team_one:
        ppk.get(team)
    for n in range(4):
        session = record(org, topic=f"Topik {n}")
        services.session_rate(session, ALL_FIVE, actor=actor(org.pegawai))
    with CaptureQueriesContext(connection) as mine_five:
        body = pegawai.get(mine).content.decode()
    assert body.count('data-testid="session-row"') == 5
    with CaptureQueriesContext(connection) as team_five:
        body = ppk.get(team).content.decode()
    assert body.count('data-testid="team-row"') == 2  # the pegawai and a colleague
    assert "5,0" in body  # the average, in the Indonesian number format
    assert len(mine_five) == len(mine_one)
    assert len(team_five) == len(team_one)


def test_the_ppk_sees_the_history_on_the_evaluation_page(org, skp, login):
    from appraisal.evaluation import services as ev

    session = record(org, topic="Koordinasi lintas program")
    services.session_rate(session, ALL_FIVE, actor=actor(org.pegawai))
    evaluation = ev.evaluation_for(skp, 1, actor=system())
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    body = login("ppk").get(url).content.decode()
    assert 'data-testid="coaching-history"' in body and "Koordinasi lintas program" in body
    assert "5,0 / 5" in body
    assert 'data-testid="coaching-history"' not in login("kepala_unit").get(url).content.decode()
