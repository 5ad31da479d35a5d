# ruff: noqa: F811 - pytest fixtures are imported, then named as parameters
"""Feedback threads: who may write and read them, the htmx actions, notifications, the panels on
the realisation, evaluation and objection pages, and the query counts of the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from appraisal.cycles.models import Cycle
from appraisal.plans.models import Rhk
from core.errors import DomainError
from feedback.choices import ThreadSubject
from feedback.threads import services
from feedback.threads.models import FeedbackMessage, FeedbackThread
from notifications.models import Notification
from tests.actors import actor, system
from tests.feedback.fixtures_threads import (  # noqa: F401
    approved,
    cycle,
    objected,
    plan,
    realisation,
    realised,
    rhk,
    skp,
)

pytestmark = pytest.mark.django_db


def notes(user):
    """The feedback notifications in the user's inbox (the SKP flow sent others before)."""
    return Notification.objects.filter(recipient=user, message__contains="feedback")


def start(skp, org, who="pegawai", text="Mohon arahan untuk laporan bulan ini.", **about):
    about = about or {"rhk": skp.rhks.get()}
    return services.thread_start(skp, text, actor=actor(getattr(org, who)), **about)


# Services


def test_the_owner_starts_a_thread_and_the_ppk_is_notified(org, skp, rhk):
    thread = start(skp, org, rhk=rhk)
    assert thread.subject == ThreadSubject.RHK
    assert thread.messages.get().author == org.pegawai.user
    note = notes(org.ppk.user).get()
    assert note.url == reverse("feedback:thread_detail", args=[thread.public_id])
    assert not notes(org.pegawai.user).exists()


def test_the_ppk_starts_one_on_a_value_and_the_owner_is_notified(org, skp):
    thread = start(skp, org, "ppk", "Pertahankan sikap melayani.", value="berorientasi_pelayanan")
    assert thread.subject == ThreadSubject.VALUE
    assert notes(org.pegawai.user).count() == 1


def test_a_thread_on_an_iki_realisation(org, skp, realisation):
    value = realisation.values.first()
    thread = start(skp, org, "ppk", iki_realisation=value)
    assert thread.subject == ThreadSubject.IKI and thread.iki_realisation == value


@pytest.mark.parametrize("who", ["atasan_ppk", "kepala_unit", "admin_opd", "admin_bkd", "outsider"])
def test_nobody_else_writes(org, skp, who):
    with pytest.raises(DomainError):
        start(skp, org, who)
    assert not FeedbackThread.objects.exists()


def test_a_message_needs_text_and_the_subject_must_be_in_the_skp(org, skp):
    with pytest.raises(DomainError):
        start(skp, org, text="   ")
    the_ppks_rhk = Rhk.objects.filter(skp__employee=org.ppk).first()
    with pytest.raises(DomainError):
        start(skp, org, rhk=the_ppks_rhk)
    with pytest.raises(DomainError):
        start(skp, org, value="bukan_nilai")
    assert not FeedbackThread.objects.exists()


def test_reply_and_follow_up(org, skp):
    thread = start(skp, org)
    services.thread_reply(thread, "Sudah saya periksa, lanjutkan.", actor=actor(org.ppk))
    assert notes(org.pegawai.user).count() == 1
    services.thread_follow_up(thread, actor=actor(org.pegawai))
    thread.refresh_from_db()
    assert thread.followed_up_by == org.pegawai.user and thread.followed_up_at
    with pytest.raises(DomainError):  # once only
        services.thread_follow_up(thread, actor=actor(org.ppk))
    services.thread_reply(thread, "Ada satu hal lagi.", actor=actor(org.pegawai))
    thread.refresh_from_db()
    assert thread.followed_up_at is None  # a new message opens it again
    assert thread.messages.count() == 3


def test_the_atasan_may_not_reply(org, skp):
    thread = start(skp, org)
    with pytest.raises(DomainError):
        services.thread_reply(thread, "Saya ikut menulis.", actor=actor(org.atasan_ppk))
    with pytest.raises(DomainError):
        services.thread_follow_up(thread, actor=actor(org.atasan_ppk))


def test_a_closed_cycle_refuses(org, skp):
    thread = start(skp, org)
    Cycle.objects.filter(pk=skp.cycle_id).update(status="closed")
    skp.cycle.refresh_from_db()
    thread.skp.cycle.refresh_from_db()
    with pytest.raises(DomainError):
        start(skp, org)
    with pytest.raises(DomainError):
        services.thread_reply(thread, "Terlambat.", actor=actor(org.ppk))


# Views


def test_the_thread_page(org, skp, login):
    thread = start(skp, org)
    url = reverse("feedback:thread_detail", args=[thread.public_id])
    page = login("ppk").get(url)
    assert page.status_code == 200
    assert "Mohon arahan" in page.content.decode()
    assert 'action="{}"'.format(reverse("feedback:thread_reply", args=[thread.public_id])) in (
        page.content.decode()
    )
    assert login("kepala_unit").get(url).status_code == 403
    assert login("admin_opd_other").get(url).status_code == 404
    assert login("atasan_ppk").get(url).status_code == 403  # no objection open


def test_reply_through_the_form_redirects(org, skp, login):
    thread = start(skp, org)
    url = reverse("feedback:thread_reply", args=[thread.public_id])
    response = login("ppk").post(url, {"text": "Baik, terima kasih."})
    assert response.status_code == 302
    assert thread.messages.count() == 2
    assert login("ppk").get(url).status_code == 405
    empty = login("ppk").post(url, {"text": ""})
    assert empty.status_code == 200 and thread.messages.count() == 2


def test_reply_through_htmx_returns_the_thread(org, skp, login):
    thread = start(skp, org)
    url = reverse("feedback:thread_reply", args=[thread.public_id])
    response = login("ppk").post(url, {"text": "Sudah baik."}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and f'id="thread-{thread.public_id}"' in html
    assert "Sudah baik." in html and "<form" not in html


def test_start_through_htmx_returns_the_thread_and_a_fresh_starter(org, skp, rhk, login):
    url = reverse("feedback:thread_start", args=[skp.public_id])
    data = {"subject": "rhk", "target": str(rhk.public_id), "text": "Bagaimana progresnya?"}
    response = login("ppk").post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "Bagaimana progresnya?" in html
    assert f'id="fb-start-rhk-{rhk.public_id}"' in html and "<form" not in html
    assert FeedbackThread.objects.get().started_by == org.ppk.user
    refused = login("ppk").post(url, {**data, "text": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200 and 'data-testid="thread-error"' in refused.content.decode()
    assert login("ppk").post(url, {**data, "target": "nope"}).status_code == 404
    assert login("ppk").post(url, {"text": "x"}).status_code == 400


def test_follow_up_through_htmx(org, skp, login):
    thread = start(skp, org)
    url = reverse("feedback:thread_follow_up", args=[thread.public_id])
    response = login("ppk").post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-testid="thread-follow-up"' not in response.content.decode()
    thread.refresh_from_db()
    assert thread.followed_up_by == org.ppk.user
    again = login("pegawai").post(url, HTTP_HX_REQUEST="true")
    assert 'data-testid="thread-error"' in again.content.decode()


# Panels on appraisal pages


def test_the_realisation_page_shows_threads_without_forms(org, skp, realisation, login):
    start(skp, org, text="Catatan tentang RHK ini.")
    value = realisation.values.first()
    start(skp, org, "ppk", "Angka ini perlu bukti.", iki_realisation=value)
    url = reverse("appraisal:realisation", args=[skp.public_id, 1])
    for who in ("pegawai", "ppk"):
        html = login(who).get(url).content.decode()
        assert "Catatan tentang RHK ini." in html and "Angka ini perlu bukti." in html
        assert "fb-start-rhk-" in html and "fb-start-iki-" in html
    html = login("kepala_unit").get(url).content.decode()
    assert "Catatan tentang RHK ini." not in html


def test_the_realisation_page_before_the_first_save_offers_rhk_threads(org, skp, login):
    html = login("pegawai").get(reverse("appraisal:realisation", args=[skp.public_id, 1]))
    assert "fb-start-rhk-" in html.content.decode()


def test_the_panels_hold_no_form(org, skp, realisation):
    from django.test import RequestFactory

    from feedback.threads import panels as panels_threads

    start(skp, org)
    request = RequestFactory().get("/")
    request.user = org.ppk.user
    slots = panels_threads.realisation(request, realisation)
    html = "".join(slots["rhk"].values()) + "".join(slots["iki"].values())
    assert "Mohon arahan" in html and "<form" not in html


def test_the_atasan_reads_threads_while_an_objection_is_open(org, skp, login):
    thread = start(skp, org, text="Target triwulan ini terlalu tinggi.")
    url = reverse("feedback:thread_detail", args=[thread.public_id])
    assert login("atasan_ppk").get(url).status_code == 403
    objection = objected(org, skp)
    page = login("atasan_ppk").get(url)
    assert page.status_code == 200
    assert 'data-testid="reply-submit"' not in page.content.decode()
    detail = login("atasan_ppk").get(
        reverse("appraisal:objection_detail", args=[objection.public_id])
    )
    assert "Target triwulan ini terlalu tinggi." in detail.content.decode()
    reply = reverse("feedback:thread_reply", args=[thread.public_id])
    assert login("atasan_ppk").post(reply, {"text": "Boleh?"}).status_code == 403
    objection.status = "decided"
    objection.save(update_fields=["status"])
    assert login("atasan_ppk").get(url).status_code == 403


def test_the_evaluation_page_shows_rhk_and_value_threads(org, skp, login):
    from appraisal.evaluation import services as ev

    start(skp, org, text="Tentang RHK.")
    start(skp, org, "ppk", "Tentang pelayanan.", value="berorientasi_pelayanan")
    evaluation = ev.evaluation_for(skp, 1, actor=system())
    html = login("ppk").get(reverse("appraisal:evaluation", args=[evaluation.public_id]))
    body = html.content.decode()
    assert "Tentang RHK." in body and "Tentang pelayanan." in body
    assert "fb-start-value-berorientasi_pelayanan" in body


# The list


def test_the_list_shows_my_threads_and_my_teams(org, skp, login):
    start(skp, org)
    for who in ("pegawai", "ppk"):
        page = login(who).get(reverse("feedback:thread_list"))
        assert page.content.decode().count('data-testid="thread-row"') == 1
    page = login("atasan_ppk").get(reverse("feedback:thread_list"))
    assert 'data-testid="thread-row"' not in page.content.decode()


def test_the_list_runs_a_fixed_number_of_queries(org, skp, login):
    client = login("ppk")
    url = reverse("feedback:thread_list")
    start(skp, org)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        thread = start(skp, org, text=f"Pesan {n}")
        FeedbackMessage.objects.create(thread=thread, author=org.ppk.user, text="Balasan")
    with CaptureQueriesContext(connection) as six:
        assert client.get(url).content.decode().count('data-testid="thread-row"') == 6
    assert len(six) == len(one)


def test_the_realisation_panel_costs_the_same_queries_however_many_threads(org, skp, login):
    realisation = realised(skp)
    start(skp, org)
    client = login("pegawai")
    url = reverse("appraisal:realisation", args=[skp.public_id, 1])
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(4):
        thread = start(skp, org, text=f"Catatan {n}")
        services.thread_reply(thread, "Dibalas.", actor=actor(org.ppk))
    start(skp, org, "ppk", "Tentang angka ini.", iki_realisation=realisation.values.first())
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).content.decode()
    assert body.count('data-testid="thread"') == 6
    assert len(many) == len(one)
