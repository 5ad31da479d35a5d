"""Keberatan (domain §7): filing within the deadline, the thread of three, the final decision."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import ObjectionOutcome, ObjectionStatus
from appraisal.cycles.models import Cycle
from appraisal.evaluation import services as ev
from appraisal.evaluation import services as evaluation_services
from appraisal.evaluation.models import Evaluation
from appraisal.objections import services
from appraisal.objections.models import Objection
from core.errors import DomainError
from notifications.models import Notification
from tests.actors import actor, system

MEETS, ABOVE, BELOW = "SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"


def finalised(skp, ppk, period=1, hasil=MEETS, perilaku=MEETS):
    e = ev.evaluation_for(skp, period, actor=system())
    e = ev.evaluation_save(
        e,
        expected_version=e.version,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        actor=actor(ppk),
    )
    return ev.evaluation_finalise(e, actor=actor(ppk))


def received_result(skp, org, period=1, employee=None, ppk=None):
    """A finalised evaluation the employee has acknowledged (the objection clock runs)."""
    e = finalised(skp, ppk or org.ppk, period)
    return ev.evaluation_acknowledge(e, actor=actor(employee or org.pegawai))


@pytest.fixture
def received(approved, org):
    return received_result(approved, org)


@pytest.fixture
def objection(received, org):
    return services.objection_file(
        received, "Hasil kerja saya melampaui target.", actor=actor(org.pegawai)
    )


def received_on(evaluation) -> dt.date:
    return timezone.localdate(evaluation.acknowledged_at)


def notes_for(user, objection):
    return Notification.objects.filter(
        recipient=user, url=reverse("appraisal:objection_detail", args=[objection.public_id])
    )


# ----- filing ----------------------------------------------------------------------------------


def test_filing_stores_the_original_result_and_the_atasan_ppk(objection, org, received):
    assert objection.status == ObjectionStatus.OPEN
    assert objection.atasan_employee == org.atasan_ppk
    assert (objection.original_rating_hasil, objection.original_rating_perilaku) == (MEETS, MEETS)
    assert objection.original_predicate == "BAIK"
    assert objection.history.get().history_user == org.pegawai.user


def test_filing_notifies_the_atasan_ppk_and_the_ppk_with_a_link(objection, org):
    assert notes_for(org.atasan_ppk.user, objection).count() == 1
    assert notes_for(org.ppk.user, objection).count() == 1
    assert not notes_for(org.pegawai.user, objection).exists()


def test_day_14_after_receipt_is_allowed(received, org):
    day_14 = received_on(received) + dt.timedelta(days=14)
    objection = services.objection_file(received, "Alasan", actor=actor(org.pegawai), today=day_14)
    assert objection.pk


def test_day_15_after_receipt_is_refused(received, org, english):
    day_15 = received_on(received) + dt.timedelta(days=15)
    with pytest.raises(DomainError, match="The time to object ended on"):
        services.objection_file(received, "Alasan", actor=actor(org.pegawai), today=day_15)
    assert not Objection.objects.exists()


def test_the_deadline_follows_the_cycles_objection_days(received, org):
    Cycle.objects.filter(pk=received.skp.cycle_id).update(objection_days=3)
    received = Evaluation.objects.get(pk=received.pk)
    day_4 = received_on(received) + dt.timedelta(days=4)
    with pytest.raises(DomainError):
        services.objection_file(received, "Alasan", actor=actor(org.pegawai), today=day_4)
    assert evaluation_services.objection_deadline(received) == received_on(received) + dt.timedelta(
        days=3
    )


def test_filing_before_acknowledging_the_result_is_refused(approved, org, english):
    evaluation = finalised(approved, org.ppk)
    with pytest.raises(DomainError, match="acknowledge receipt"):
        services.objection_file(evaluation, "Alasan", actor=actor(org.pegawai))


def test_filing_against_a_draft_evaluation_is_refused(approved, org):
    evaluation = ev.evaluation_for(approved, 1, actor=system())
    with pytest.raises(DomainError):
        services.objection_file(evaluation, "Alasan", actor=actor(org.pegawai))


def test_a_second_objection_is_refused(objection, received, org, english):
    with pytest.raises(DomainError, match="already been filed"):
        services.objection_file(received, "Lagi", actor=actor(org.pegawai))


def test_a_race_on_the_second_objection_is_a_clear_refusal(
    objection, received, org, monkeypatch, english
):
    # As if two requests both passed the check: the OneToOne constraint decides, in plain words.
    monkeypatch.setattr(services, "filing_refusal", lambda *args, **kwargs: "")
    with pytest.raises(DomainError, match="already been filed"):
        services.objection_file(received, "Lagi", actor=actor(org.pegawai))
    assert Objection.objects.count() == 1


@pytest.mark.parametrize("persona", ["ppk", "atasan_ppk", "admin_bkd"])
def test_only_the_employee_files(received, org, persona):
    with pytest.raises(DomainError):
        services.objection_file(received, "Alasan", actor=actor(getattr(org, persona)))


def test_reasons_are_required(received, org):
    with pytest.raises(DomainError):
        services.objection_file(received, "   ", actor=actor(org.pegawai))


def test_when_the_atasan_is_the_kepala_daerah_an_admin_bkd_records_the_decision(plan, org):
    # The kabid's PPK is the kepala dinas, whose own appraiser is the Wali Kota (outside).
    _kadis, kabid, _kasi = plan.chain()
    evaluation = received_result(kabid, org, employee=org.atasan_ppk, ppk=org.kepala_unit)
    objection = services.objection_file(evaluation, "Alasan", actor=actor(org.atasan_ppk))
    assert objection.atasan_employee is None
    assert Notification.objects.filter(recipient=org.admin_bkd.user).exists()
    with pytest.raises(DomainError):
        services.objection_decide(
            objection, "upheld", "", "", "Tetap", actor=actor(org.kepala_unit)
        )
    decided = services.objection_decide(
        objection, "upheld", "", "", "Tetap", actor=actor(org.admin_bkd)
    )
    assert decided.status == "decided"


# ----- the thread ------------------------------------------------------------------------------


def test_the_atasan_asks_the_ppk_only_and_the_others_answer_to_all(objection, org):
    Notification.objects.all().delete()
    services.objection_message(
        objection, "Mohon penjelasan.", actor=actor(org.atasan_ppk), to="ppk"
    )
    assert notes_for(org.ppk.user, objection).count() == 1
    assert not notes_for(org.pegawai.user, objection).exists()
    services.objection_message(objection, "Penjelasan PPK.", actor=actor(org.ppk))
    services.objection_message(objection, "Tanggapan saya.", actor=actor(org.pegawai))
    assert notes_for(org.atasan_ppk.user, objection).count() == 2
    assert notes_for(org.pegawai.user, objection).count() == 1  # the PPK's answer
    assert notes_for(org.ppk.user, objection).count() == 2  # the question, the employee's answer
    assert list(objection.messages.values_list("author__username", flat=True)) == [
        "kabid",
        "kasi",
        "pegawai",
    ]


@pytest.mark.parametrize("persona", ["kepala_unit", "admin_opd", "admin_bkd", "outsider"])
def test_only_the_three_parties_write_in_the_thread(objection, org, persona):
    with pytest.raises(DomainError):
        services.objection_message(objection, "Ikut komentar", actor=actor(getattr(org, persona)))
    assert not objection.messages.exists()


def test_an_empty_message_is_refused(objection, org):
    with pytest.raises(DomainError):
        services.objection_message(objection, "  ", actor=actor(org.pegawai))


# ----- the decision ----------------------------------------------------------------------------


def test_changing_the_ratings_recomputes_the_predicate_and_is_final(objection, received, org):
    Notification.objects.all().delete()
    decided = services.objection_decide(
        objection,
        ObjectionOutcome.CHANGED,
        ABOVE,
        ABOVE,
        "Bukti kuat.",
        actor=actor(org.atasan_ppk),
    )
    assert decided.status == ObjectionStatus.DECIDED and decided.outcome == "changed"
    assert decided.decided_by == org.atasan_ppk.user and decided.decided_at is not None
    evaluation = Evaluation.objects.get(pk=received.pk)
    assert (evaluation.rating_hasil, evaluation.rating_perilaku) == (ABOVE, ABOVE)
    assert evaluation.predicate == "SANGAT_BAIK"
    assert evaluation.version == received.version + 1
    last = evaluation.history.order_by("-history_date").first()
    assert last.history_user == org.atasan_ppk.user
    assert last.history_change_reason  # "Changed by the decision on the objection", translated
    assert notes_for(org.pegawai.user, objection).count() == 1
    assert notes_for(org.ppk.user, objection).count() == 1
    with pytest.raises(DomainError):
        services.objection_decide(
            objection,
            ObjectionOutcome.UPHELD,
            "",
            "",
            "Berubah pikiran",
            actor=actor(org.atasan_ppk),
        )
    with pytest.raises(DomainError):
        services.objection_message(objection, "Masih ada?", actor=actor(org.pegawai))


def test_upholding_keeps_the_ratings(objection, received, org):
    services.objection_decide(
        objection,
        ObjectionOutcome.UPHELD,
        ABOVE,
        ABOVE,
        "Sesuai bukti.",
        actor=actor(org.atasan_ppk),
    )
    evaluation = Evaluation.objects.get(pk=received.pk)
    assert (evaluation.rating_hasil, evaluation.predicate) == (MEETS, "BAIK")
    assert evaluation.version == received.version


@pytest.mark.parametrize(
    "outcome, hasil, perilaku, notes",
    [
        (ObjectionOutcome.CHANGED, MEETS, MEETS, "Sama saja"),  # not a change
        (ObjectionOutcome.CHANGED, ABOVE, "", "Satu saja"),  # both ratings needed
        (ObjectionOutcome.CHANGED, "LUAR_BIASA", MEETS, "Bukan rating"),
        (ObjectionOutcome.UPHELD, "", "", "  "),  # considerations needed
        ("maybe", "", "", "Bukan keputusan"),
    ],
)
def test_a_malformed_decision_is_refused(objection, org, outcome, hasil, perilaku, notes):
    with pytest.raises(DomainError):
        services.objection_decide(
            objection, outcome, hasil, perilaku, notes, actor=actor(org.atasan_ppk)
        )
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.OPEN


def test_changing_one_rating_is_a_change(objection, received, org):
    services.objection_decide(
        objection,
        ObjectionOutcome.CHANGED,
        BELOW,
        MEETS,
        "Tidak tercapai.",
        actor=actor(org.atasan_ppk),
    )
    assert Evaluation.objects.get(pk=received.pk).predicate == "BUTUH_PERBAIKAN"


@pytest.mark.parametrize("persona", ["pegawai", "ppk", "kepala_unit", "admin_opd", "admin_bkd"])
def test_only_the_atasan_ppk_decides(objection, org, persona):
    with pytest.raises(DomainError):
        services.objection_decide(
            objection, ObjectionOutcome.UPHELD, "", "", "Tetap", actor=actor(getattr(org, persona))
        )


# ----- pages -----------------------------------------------------------------------------------


def test_the_whole_flow_through_the_pages(received, org, login, english):
    pegawai, atasan, ppk = login("pegawai"), login("atasan_ppk"), login("ppk")
    file_url = reverse("appraisal:objection_file", args=[received.public_id])
    page = pegawai.get(file_url)
    deadline = received_on(received) + dt.timedelta(days=14)
    assert f"until {deadline.day} {deadline:%B %Y}" in page.content.decode()
    response = pegawai.post(file_url, {"reasons": "Target terlampaui, bukti terlampir."})
    objection = Objection.objects.get()
    detail_url = reverse("appraisal:objection_detail", args=[objection.public_id])
    assert response.status_code == 302 and response.url == detail_url
    assert pegawai.get(file_url).url == detail_url  # filed once: the form sends you to it

    queue = atasan.get(reverse("appraisal:objection_queue")).content.decode()
    assert detail_url in queue and "Pegawai Surveilans" in queue

    message_url = reverse("appraisal:objection_message", args=[objection.public_id])
    asked = atasan.post(message_url, {"text": "Mohon bukti dukung.", "to": "employee"})
    assert asked.status_code == 302
    assert pegawai.post(message_url, {"text": "Bukti ada di realisasi."}).status_code == 302
    assert ppk.post(message_url, {"text": "Bukti belum lengkap."}).status_code == 302

    page = atasan.get(detail_url).content.decode()
    assert 'data-testid="decision-form"' in page
    assert "Mohon bukti dukung." in page and "Bukti belum lengkap." in page
    assert 'data-testid="decision-form"' not in ppk.get(detail_url).content.decode()

    decide_url = reverse("appraisal:objection_decide", args=[objection.public_id])
    decided = atasan.post(
        decide_url,
        {
            "outcome": "changed",
            "rating_hasil": ABOVE,
            "rating_perilaku": ABOVE,
            "notes": "Bukti dukung meyakinkan.",
        },
    )
    assert decided.status_code == 302
    page = pegawai.get(detail_url).content.decode()
    assert "Sangat Baik" in page and "Bukti dukung meyakinkan." in page
    assert 'data-testid="message-form"' not in page
    assert Notification.objects.filter(recipient=org.pegawai.user, url=detail_url).exists()


def test_the_file_page_without_a_received_result_explains_why(approved, org, login, english):
    evaluation = finalised(approved, org.ppk)
    page = login("pegawai").get(reverse("appraisal:objection_file", args=[evaluation.public_id]))
    assert 'data-testid="objection-refusal"' in page.content.decode()
    refused = login("pegawai").post(
        reverse("appraisal:objection_file", args=[evaluation.public_id]), {"reasons": "Alasan"}
    )
    assert refused.status_code == 200 and not Objection.objects.exists()


def test_an_empty_objection_form_is_shown_again(received, login):
    response = login("pegawai").post(
        reverse("appraisal:objection_file", args=[received.public_id]), {"reasons": ""}
    )
    assert response.status_code == 200 and not Objection.objects.exists()


@pytest.mark.parametrize(
    "persona, status",
    [("ppk", 403), ("atasan_ppk", 403), ("admin_opd", 403), ("admin_opd_other", 404)],
)
def test_others_cannot_file_for_the_employee(received, login, persona, status):
    url = reverse("appraisal:objection_file", args=[received.public_id])
    assert login(persona).post(url, {"reasons": "Atas nama pegawai"}).status_code == status
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    "persona, status",
    [
        ("pegawai", 403),
        ("ppk", 403),
        ("kepala_unit", 403),
        ("admin_opd", 403),
        ("admin_bkd", 403),
        ("admin_opd_other", 404),
    ],
)
def test_only_the_atasan_ppk_may_post_a_decision(objection, login, persona, status):
    url = reverse("appraisal:objection_decide", args=[objection.public_id])
    data = {"outcome": "upheld", "notes": "Tetap"}
    assert login(persona).post(url, data).status_code == status
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.OPEN


@pytest.mark.parametrize(
    "persona, status", [("kepala_unit", 403), ("admin_bkd", 403), ("admin_opd_other", 404)]
)
def test_the_thread_is_closed_to_others_on_the_page(objection, login, persona, status):
    url = reverse("appraisal:objection_message", args=[objection.public_id])
    assert login(persona).post(url, {"text": "Ikut komentar"}).status_code == status
    assert not objection.messages.exists()


def test_a_decision_without_a_rating_is_shown_again_with_the_reason(objection, login, english):
    response = login("atasan_ppk").post(
        reverse("appraisal:objection_decide", args=[objection.public_id]),
        {"outcome": "changed", "rating_hasil": ABOVE, "notes": "Naik"},
    )
    assert response.status_code == 200
    assert "Choose both new ratings." in response.content.decode()
    assert Objection.objects.get(pk=objection.pk).status == ObjectionStatus.OPEN


def test_without_javascript_both_rating_selects_are_shown_with_help(objection, login, english):
    page = login("atasan_ppk").get(
        reverse("appraisal:objection_detail", args=[objection.public_id])
    )
    html = page.content.decode()
    assert 'name="rating_hasil"' in html and 'name="rating_perilaku"' in html
    assert "Only used when the ratings are changed." in html


def test_the_get_of_an_action_url_is_not_allowed(objection, login):
    for name in ("objection_message", "objection_decide"):
        url = reverse(f"appraisal:{name}", args=[objection.public_id])
        assert login("atasan_ppk").get(url).status_code == 405


def test_the_queue_shows_each_their_part(objection, org, login):
    detail_url = reverse("appraisal:objection_detail", args=[objection.public_id])
    queue_url = reverse("appraisal:objection_queue")
    for persona in ("atasan_ppk", "pegawai", "ppk", "admin_bkd", "admin_opd"):
        assert detail_url in login(persona).get(queue_url).content.decode(), persona
    for persona in ("kepala_unit", "admin_opd_other"):
        response = login(persona).get(queue_url)
        assert response.status_code == 200 and detail_url not in response.content.decode()


def test_the_queue_is_refused_to_an_account_without_an_employee(org, client):
    user = get_user_model().objects.create_user("tanpa-pegawai", password="x-rahasia-123")
    client.force_login(user)
    assert client.get(reverse("appraisal:objection_queue")).status_code == 403


def test_the_queue_query_count_does_not_grow_with_objections(approved, org, login):
    client = login("atasan_ppk")
    url = reverse("appraisal:objection_queue")

    def file(period):
        evaluation = received_result(approved, org, period=period)
        services.objection_file(evaluation, "Alasan", actor=actor(org.pegawai))

    file(1)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    file(2)
    file(3)
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).content.decode().count('data-testid="objection-row"') == 3
    assert len(three) == len(one)
