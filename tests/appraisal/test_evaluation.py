"""Evaluation: the PPK scores (optimistic versions), finalises; the employee acknowledges."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import EvaluationStatus
from appraisal.cycles.models import UnitPredicate, Window
from appraisal.evaluation import services
from appraisal.evaluation.models import Evaluation
from appraisal.evaluation.services import StaleEvaluation
from appraisal.plans.models import Skp
from core.errors import DomainError
from notifications.models import Notification
from tests.actors import actor, system
from tests.appraisal.helpers_team import count_queries
from tests.factories import EmployeeFactory, place

ABOVE, MEETS, BELOW = "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"


def scorer(skp):
    """The PPK who approved the plan, who scores it."""
    return actor(skp.ppk_employee)


def scored(approved, hasil=MEETS, perilaku=ABOVE, period=1):
    evaluation = services.evaluation_for(approved, period, actor=system())
    return services.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        actor=scorer(approved),
    )


def test_saving_computes_the_predicate_from_the_matrix(approved):
    evaluation = scored(approved, ABOVE, ABOVE)
    assert evaluation.predicate == "SANGAT_BAIK" and evaluation.version == 2
    evaluation = services.evaluation_save(
        evaluation,
        expected_version=2,
        rating_hasil=BELOW,
        rating_perilaku=MEETS,
        actor=scorer(approved),
    )
    assert evaluation.predicate == "BUTUH_PERBAIKAN"


def test_a_stale_version_is_refused_and_nothing_is_overwritten(approved, org):
    first = scored(approved, MEETS, MEETS)
    with pytest.raises(StaleEvaluation):
        services.evaluation_save(
            first,
            expected_version=1,
            rating_hasil=BELOW,
            rating_perilaku=BELOW,
            actor=actor(org.ppk),
        )
    first.refresh_from_db()
    assert (first.rating_hasil, first.predicate) == (MEETS, "BAIK")


def test_only_an_approved_skp_is_evaluated(plan, org):
    draft = plan.draft(org.pegawai)
    with pytest.raises(DomainError):
        services.evaluation_for(draft, 1, actor=system())


def test_finalise_needs_both_ratings_and_the_ppk(approved, org):
    evaluation = services.evaluation_for(approved, 1, actor=system())
    with pytest.raises(DomainError):
        services.evaluation_finalise(evaluation, actor=actor(org.ppk))
    evaluation = scored(approved)
    with pytest.raises(DomainError):
        services.evaluation_finalise(evaluation, actor=actor(org.atasan_ppk))
    final = services.evaluation_finalise(evaluation, actor=actor(org.ppk))
    assert final.status == EvaluationStatus.FINALISED and final.predicate == "BAIK"
    assert final.ppk_name == org.ppk.full_name and final.atasan_employee == org.atasan_ppk
    assert Notification.objects.filter(
        recipient=org.pegawai.user, url__contains=str(final.public_id)
    )
    with pytest.raises(DomainError):
        services.evaluation_save(
            final,
            expected_version=final.version,
            rating_hasil=BELOW,
            rating_perilaku=BELOW,
            actor=actor(org.ppk),
        )


def test_a_closed_period_window_refuses_scoring(approved, cycle, english):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Window.objects.filter(cycle=cycle, kind="period", period=1).update(
        opens_on=dt.date(cycle.year, 1, 1), closes_on=yesterday
    )
    evaluation = services.evaluation_for(approved, 1, actor=system())
    with pytest.raises(DomainError, match="closed on"):
        services.evaluation_save(
            evaluation,
            expected_version=1,
            rating_hasil=MEETS,
            rating_perilaku=MEETS,
            actor=scorer(approved),
        )


def test_acknowledging_is_the_employees_and_happens_once(approved, org):
    final = services.evaluation_finalise(scored(approved), actor=actor(org.ppk))
    with pytest.raises(DomainError):
        services.evaluation_acknowledge(final, actor=actor(org.ppk))
    first = services.evaluation_acknowledge(final, actor=actor(org.pegawai))
    again = services.evaluation_acknowledge(final, actor=actor(org.pegawai))
    assert first.acknowledged_at and again.acknowledged_at == first.acknowledged_at


def test_a_unit_heads_rating_hasil_follows_the_unit_predicate(plan, org, cycle):
    kadis, *_ = plan.chain()
    UnitPredicate.objects.create(cycle=cycle, unit=org.dinkes, period=1, predicate="ISTIMEWA")
    evaluation = services.evaluation_for(kadis, 1, actor=system())
    saved = services.evaluation_save(
        evaluation,
        expected_version=1,
        rating_hasil=BELOW,
        rating_perilaku=ABOVE,
        actor=actor(org.admin_bkd),  # recording the Kepala Daerah's scoring
    )
    assert (saved.rating_hasil, saved.org_predicate, saved.predicate) == (
        ABOVE,
        "ISTIMEWA",
        "SANGAT_BAIK",
    )


def test_the_ppk_scores_on_the_page_and_the_employee_reads_it(approved, org, login):
    evaluation = services.evaluation_for(approved, 1, actor=system())
    rhk = approved.rhks.get()
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    assert login("ppk").get(url).status_code == 200
    response = login("ppk").post(
        url,
        {
            "version": evaluation.version,
            "rating_hasil": MEETS,
            "rating_perilaku": ABOVE,
            "notes": "Pertahankan",
            "confirm_no_realisation": "on",  # no realisation was submitted (the PPK confirms)
            f"rhk_{rhk.pk}_feedback": "Laporan lengkap",
            f"rhk_{rhk.pk}_label": ABOVE,
            "perilaku_kolaboratif": "Aktif membantu tim",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.predicate == "BAIK" and evaluation.rhk_notes.get().label == ABOVE
    assert login("pegawai").post(url, {"version": evaluation.version}).status_code == 404
    assert login("admin_opd_other").get(url).status_code == 404
    preview = login("ppk").get(
        url, {"preview": 1, "rating_hasil": ABOVE, "rating_perilaku": ABOVE}, HTTP_HX_REQUEST="true"
    )
    assert "Sangat Baik" in preview.content.decode()


def test_a_stale_form_keeps_what_was_typed(approved, org, login, english):
    evaluation = scored(approved)  # version 2 now
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    response = login("ppk").post(
        url,
        {
            "version": 1,
            "rating_hasil": BELOW,
            "rating_perilaku": BELOW,
            "notes": "Catatan saya",
            "confirm_no_realisation": "on",  # no realisation was submitted (the PPK confirms)
        },
    )
    assert response.status_code == 200
    assert "Catatan saya" in response.content.decode()
    assert "nothing was overwritten" in response.content.decode()


def test_finalise_and_acknowledge_through_the_pages(approved, org, login):
    evaluation = scored(approved)
    login("ppk").post(
        reverse("appraisal:evaluation_finalise", args=[evaluation.public_id]),
        {"confirm_no_realisation": "on"},  # no realisation was submitted (the PPK confirms)
    )
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FINALISED
    response = login("pegawai").get(reverse("appraisal:my_results"))
    assert evaluation in response.context["evaluations"]
    login("pegawai").post(reverse("appraisal:evaluation_acknowledge", args=[evaluation.public_id]))
    evaluation.refresh_from_db()
    assert evaluation.acknowledged_at is not None


def test_team_row_saves_and_explains_a_conflict(approved, org, login):
    client = login("ppk")
    page = client.get(reverse("appraisal:team_scoring"), {"period": 1})
    row = next(r for r in page.context["rows"] if r["employee"] == org.pegawai)
    evaluation = row["evaluation"]
    prefix = str(evaluation.public_id)
    url = reverse("appraisal:team_scoring_row", args=[evaluation.public_id])
    data = {
        f"{prefix}-version": evaluation.version,
        f"{prefix}-rating_hasil": ABOVE,
        f"{prefix}-rating_perilaku": ABOVE,
        f"{prefix}-confirm_no_realisation": "on",  # no realisation submitted: confirmed
    }
    saved = client.post(url, data, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200 and "Sangat Baik" in saved.content.decode()
    other_tab = client.post(url, data | {f"{prefix}-rating_hasil": BELOW}, HTTP_HX_REQUEST="true")
    assert 'data-testid="row-problem"' in other_tab.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.rating_hasil == ABOVE  # the stale tab overwrote nothing


TEAM_SCORING_QUERIES = (
    22  # session, user, roles, bell, the cycles with their windows, team, SKPs, evaluations,
    # realisations, and the earlier posts of people who moved (a split year)
)


def _approved_subordinates(org, cycle, count):
    for _ in range(count):
        employee = place(EmployeeFactory(), org.staff_pos)
        Skp.objects.create(
            cycle=cycle,
            employee=employee,
            position=org.staff_pos,
            status="approved",
            start_date=dt.date(cycle.year, 1, 1),
            end_date=dt.date(cycle.year, 12, 31),
        )


def test_team_scoring_costs_the_same_at_5_and_50(org, cycle, login):
    _approved_subordinates(org, cycle, 5)
    client = login("ppk")
    url = reverse("appraisal:team_scoring") + "?period=1"
    client.get(url)  # creates the evaluation sheets
    small = count_queries(client, url)
    _approved_subordinates(org, cycle, 45)
    client.get(url)
    assert count_queries(client, url) == small == TEAM_SCORING_QUERIES
    assert len(client.get(url).context["rows"]) == 50


def test_team_scoring_is_for_appraisers(org, login, cycle):
    assert login("pegawai").get(reverse("appraisal:team_scoring")).status_code == 403
    assert login("ppk").get(reverse("appraisal:team_scoring"), {"period": 99}).status_code == 404


def test_evaluation_start_opens_the_sheet_for_the_ppk_only(approved, org, login):
    url = reverse("appraisal:evaluation_start", args=[approved.public_id, 1])
    assert login("pegawai").get(url).status_code == 404
    response = login("ppk").get(url)
    evaluation = Evaluation.objects.get(skp=approved, period=1)
    assert response.url == reverse("appraisal:evaluation", args=[evaluation.public_id])
    assert login("pegawai").get(url).status_code == 404  # the PPK's draft is not the employee's yet


def test_nobody_finalises_a_heads_evaluation_but_the_admin_bkd_for_the_head(plan, org, login):
    kadis, *_ = plan.chain()
    evaluation = services.evaluation_for(kadis, 1, actor=system())
    evaluation = services.evaluation_save(
        evaluation,
        expected_version=1,
        rating_hasil=MEETS,
        rating_perilaku=MEETS,
        actor=actor(org.admin_bkd),
    )
    with pytest.raises(DomainError):
        services.evaluation_finalise(evaluation, actor=actor(org.outsider))
    url = reverse("appraisal:evaluation_finalise", args=[evaluation.public_id])
    assert login("admin_opd").post(url).status_code == 403
    assert login("admin_bkd").post(url, {"confirm_no_realisation": "on"}).status_code == 302
    evaluation.refresh_from_db()
    assert (
        evaluation.status == EvaluationStatus.FINALISED and evaluation.ppk_name == "Wali Kota Uji"
    )


def test_acknowledging_needs_the_employee(approved, org):
    final = services.evaluation_finalise(scored(approved), actor=actor(org.ppk))
    with pytest.raises(DomainError):
        services.evaluation_acknowledge(final, actor=system())


def test_the_year_so_far_follows_an_approved_revision(approved, org):
    from appraisal.plans.services import flow as skp_flow
    from appraisal.realisation import services as realising
    from appraisal.realisation.models import Realisation

    final = services.evaluation_finalise(scored(approved), actor=actor(org.ppk))
    realised = realising.realisation_for(approved, 2, actor=system())
    iki = approved.rhks.get().ikis.order_by("order").first()
    realising.realisation_save(realised, {iki.pk: (12, "")}, "", "", actor=actor(org.pegawai))
    revision = skp_flow.skp_revise(approved, "Target berubah", actor=actor(org.ppk))
    skp_flow.skp_submit(revision, actor=actor(org.pegawai))
    skp_flow.skp_approve(revision, actor=actor(org.ppk))
    final.refresh_from_db()
    assert final.skp == revision
    moved = Realisation.objects.get(pk=realised.pk)
    assert moved.skp == revision and moved.values.get().iki.rhk.skp == revision
    with pytest.raises(DomainError):
        services.evaluation_for(Skp.objects.get(pk=approved.pk), 3, actor=system())  # superseded


def test_a_period_outside_the_plan_is_not_evaluated(approved):
    Skp.objects.filter(pk=approved.pk).update(start_date=dt.date(approved.cycle.year, 7, 1))
    approved.refresh_from_db()
    with pytest.raises(DomainError):
        services.evaluation_for(approved, 1, actor=system())
    assert services.evaluation_for(approved, 3, actor=system()).period == 3


def test_finalising_refuses_what_the_ppk_did_not_see(approved, org):
    evaluation = scored(approved)
    with pytest.raises(StaleEvaluation):
        services.evaluation_finalise(
            evaluation, actor=actor(org.ppk), expected_version=evaluation.version - 1
        )


def test_save_and_finalise_in_one_step_from_the_page(approved, org, login):
    evaluation = services.evaluation_for(approved, 1, actor=system())
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    response = login("ppk").post(
        url,
        {
            "version": evaluation.version,
            "rating_hasil": MEETS,
            "rating_perilaku": MEETS,
            "finalise": "1",
            "confirm_no_realisation": "on",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FINALISED and evaluation.predicate == "BAIK"
    assert login("pegawai").get(url).status_code == 200  # final: now the employee's to read


def test_an_evaluated_period_freezes_its_realisation(approved, org):
    from appraisal.realisation import services as realising

    realised = realising.realisation_for(approved, 1, actor=system())
    services.evaluation_finalise(scored(approved), actor=actor(org.ppk))
    with pytest.raises(DomainError):
        realising.realisation_save(realised, {}, "kendala", "", actor=actor(org.pegawai))
