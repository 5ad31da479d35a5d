"""The warnings a supervisor needs (issue 20, point 13).

Rating or finalising someone who submitted no realisation for the period, and approving an SKP
whose Ekspektasi Khusus Pimpinan are all empty, ask for a confirmation: a box ticked and the form
sent again (no script, so it works on a phone and under the CSP). Submit warnings name an RHK as
the SKP prints it ("A.1", "B.2") with its full text; an approved SKP no longer shows the note it
was once returned with; a tambahan RHK handed down stays tambahan; past the objection deadline
the evaluation page says so, and since when.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import EvaluationStatus, RealisationStatus, Section, SkpStatus
from appraisal.evaluation import services
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Rhk
from appraisal.plans.services import flow as skp_flow
from appraisal.plans.services.edit import expectations_save
from appraisal.plans.services.hand_down import rhk_hand_down
from appraisal.realisation.models import Realisation
from tests.actors import actor, system
from tests.appraisal.conftest import iki, owner

MEETS, ABOVE = "SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"
CONFIRM = {"confirm_no_realisation": "on"}


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _page_post(evaluation, **extra):
    return {
        "version": evaluation.version,
        "rating_hasil": MEETS,
        "rating_perilaku": ABOVE,
        "notes": "Pertahankan",
        **extra,
    }


@pytest.fixture
def evaluation(approved):
    return services.evaluation_for(approved, 1, actor=system())


def _submitted_realisation(skp, period=1):
    return Realisation.objects.create(
        skp=skp, period=period, status=RealisationStatus.SUBMITTED, submitted_at=timezone.now()
    )


# ----- rating without a realisation -------------------------------------------------------------
def test_rating_without_a_realisation_asks_for_confirmation_on_the_page(evaluation, login):
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    page = login("ppk").get(url).content.decode()
    assert 'data-testid="no-realisation"' in page and "confirm_no_realisation" in page
    refused = login("ppk").post(url, _page_post(evaluation))
    assert refused.status_code == 200  # the form again, with what was chosen and the warning
    body = refused.content.decode()
    assert "tidak mengajukan realisasi" in body or "submitted no realisation" in body
    assert "Pertahankan" in body
    evaluation.refresh_from_db()
    assert evaluation.rating_hasil == "" and evaluation.version == 1
    confirmed = login("ppk").post(url, _page_post(evaluation, **CONFIRM))
    assert confirmed.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.rating_hasil, evaluation.rating_perilaku) == (MEETS, ABOVE)


def test_finalising_without_a_realisation_asks_and_the_result_says_so(evaluation, login):
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    login("ppk").post(url, _page_post(evaluation, finalise="1"))
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT
    login("ppk").post(url, _page_post(evaluation, finalise="1", **CONFIRM))
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FINALISED
    for persona in ("ppk", "pegawai"):
        page = login(persona).get(url).content.decode()
        assert 'data-testid="no-realisation"' in page
        assert "Dinilai tanpa realisasi" in page or "Rated without a realisation" in page


def test_the_finalise_action_asks_too(evaluation, login):
    evaluation = services.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil=MEETS,
        rating_perilaku=MEETS,
        actor=actor(evaluation.skp.ppk_employee),
    )
    url = reverse("appraisal:evaluation_finalise", args=[evaluation.public_id])
    refused = login("ppk").post(url)
    assert refused.status_code == 302 and _messages(refused)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT
    login("ppk").post(url, CONFIRM)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FINALISED


def test_a_submitted_realisation_needs_no_confirmation(evaluation, login):
    _submitted_realisation(evaluation.skp)
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    page = login("ppk").get(url).content.decode()
    assert 'data-testid="no-realisation"' not in page
    assert login("ppk").post(url, _page_post(evaluation)).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.rating_hasil == MEETS


def test_a_team_row_asks_for_confirmation_and_keeps_the_choice(approved, org, login):
    client = login("ppk")
    page = client.get(reverse("appraisal:team_scoring"), {"period": 1})
    row = next(r for r in page.context["rows"] if r["employee"] == org.pegawai)
    evaluation = row["evaluation"]
    prefix = str(evaluation.public_id)
    assert f'name="{prefix}-confirm_no_realisation"' in page.content.decode()
    url = reverse("appraisal:team_scoring_row", args=[evaluation.public_id])
    data = {
        f"{prefix}-version": evaluation.version,
        f"{prefix}-rating_hasil": ABOVE,
        f"{prefix}-rating_perilaku": MEETS,
    }
    refused = client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert 'data-testid="row-problem"' in refused
    assert f'<option value="{ABOVE}" selected>' in refused  # the choice is kept for the retry
    assert Evaluation.objects.get(pk=evaluation.pk).rating_hasil == ""
    confirmed = client.post(
        url, data | {f"{prefix}-confirm_no_realisation": "on"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'data-testid="row-problem"' not in confirmed
    assert Evaluation.objects.get(pk=evaluation.pk).rating_hasil == ABOVE


def test_a_team_row_without_script_says_why_it_did_not_save(approved, org, login):
    evaluation = services.evaluation_for(approved, 1, actor=system())
    prefix = str(evaluation.public_id)
    url = reverse("appraisal:team_scoring_row", args=[evaluation.public_id])
    data = {f"{prefix}-version": 1, f"{prefix}-rating_hasil": ABOVE}
    response = login("ppk").post(url, data)
    assert response.status_code == 302 and _messages(response)
    assert Evaluation.objects.get(pk=evaluation.pk).rating_hasil == ""


# ----- approving without expectations -----------------------------------------------------------
@pytest.fixture
def submitted(plan, org):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    return skp


def test_approving_with_all_expectations_empty_asks_for_confirmation(submitted, login):
    review = reverse("appraisal:skp_review", args=[submitted.public_id])
    assert 'data-testid="expectations-empty"' in login("ppk").get(review).content.decode()
    url = reverse("appraisal:skp_approve", args=[submitted.public_id])
    refused = login("ppk").post(url, {"next": review})
    assert refused["Location"] == review and _messages(refused)
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.SUBMITTED
    login("ppk").post(url, {"next": review, "confirm_no_expectations": "on"})
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.APPROVED


def test_approving_with_an_expectation_written_asks_nothing(submitted, org, login):
    expectations_save(submitted, {"kolaboratif": "Aktif berbagi data"}, actor=actor(org.ppk))
    review = reverse("appraisal:skp_review", args=[submitted.public_id])
    assert 'data-testid="expectations-empty"' not in login("ppk").get(review).content.decode()
    login("ppk").post(reverse("appraisal:skp_approve", args=[submitted.public_id]))
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.APPROVED


# ----- submit warnings, the return note, handing down --------------------------------------------
LONG_TEXT = (
    "Terlaksananya koordinasi lintas program untuk penanggulangan penyakit menular di seluruh "
    "puskesmas kabupaten"
)


def test_submit_warnings_name_rhk_as_the_skp_prints_them_with_their_full_text(plan, org):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    plan.add_rhk(skp, text="Tersusunnya laporan tambahan", section="tambahan", ikis=[iki()])
    plan.add_rhk(skp, text=LONG_TEXT, section="tambahan", ikis=[iki()])
    warnings = skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    assert any("RHK B.1 (Tersusunnya laporan tambahan)" in w for w in warnings)
    assert any(f"RHK B.2 ({LONG_TEXT})" in w for w in warnings)
    assert not any("RHK 1 " in w or "RHK 3 " in w for w in warnings)


def test_an_approved_skp_no_longer_shows_the_old_return_note(submitted, org, login):
    skp_flow.skp_return(submitted, "Perbaiki target kuantitas", actor=actor(org.ppk))
    url = reverse("appraisal:skp_detail", args=[submitted.public_id])
    assert 'data-testid="return-notes"' in login("pegawai").get(url).content.decode()
    skp_flow.skp_submit(submitted, actor=actor(org.pegawai))
    skp_flow.skp_approve(submitted, actor=actor(org.ppk))
    for persona in ("pegawai", "ppk"):
        assert 'data-testid="return-notes"' not in login(persona).get(url).content.decode()


def test_a_tambahan_rhk_handed_down_lands_in_b_tambahan(plan, org):
    # PermenPANRB 6/2022, Lampiran (SKP): Hasil Kerja in A. Utama and B. Tambahan; the link to the
    # supervisor's RHK is required for Utama only, so an additional result stays additional.
    kadis = plan.approved(org.kepala_unit, text="Meningkatnya derajat kesehatan")
    kabid = plan.approved(org.atasan_ppk, linked_to=kadis.rhks.get())
    own = plan.start(org.ppk)
    main = plan.add_rhk(own, linked_to=kabid.rhks.get())
    extra = plan.add_rhk(own, text="Menjadi narasumber sosialisasi", section="tambahan")
    skp_flow.skp_submit(own, actor=owner(org.ppk))
    skp_flow.skp_approve(own, actor=plan.decider(org.ppk))
    for handed in (extra, main):
        given, skipped = rhk_hand_down(
            Rhk.objects.get(pk=handed.pk), [org.pegawai], actor=actor(org.ppk)
        )
        assert given == [org.pegawai] and skipped == []
    sections = dict(
        Rhk.objects.filter(skp__employee=org.pegawai).values_list("intervened_id", "section")
    )
    assert sections == {extra.pk: Section.TAMBAHAN, main.pk: Section.UTAMA}


# ----- the objection deadline -------------------------------------------------------------------
def test_past_the_objection_deadline_the_page_says_it_passed_and_when(evaluation, org, login):
    _submitted_realisation(evaluation.skp)
    evaluation = services.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil=MEETS,
        rating_perilaku=MEETS,
        actor=actor(org.ppk),
    )
    services.evaluation_finalise(evaluation, actor=actor(org.ppk))
    services.evaluation_acknowledge(evaluation, actor=actor(org.pegawai))
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    assert (
        'data-testid="objection-deadline-passed"' not in login("pegawai").get(url).content.decode()
    )
    days = evaluation.skp.cycle.objection_days
    received = timezone.now() - dt.timedelta(days=days + 3)
    Evaluation.objects.filter(pk=evaluation.pk).update(acknowledged_at=received)
    deadline = timezone.localdate(received) + dt.timedelta(days=days)
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember"]  # fmt: skip
    written = f"{deadline.day} {months[deadline.month - 1]} {deadline.year}"
    for persona in ("pegawai", "ppk"):
        page = login(persona).get(url).content.decode()
        assert 'data-testid="objection-deadline-passed"' in page
        assert written in page
