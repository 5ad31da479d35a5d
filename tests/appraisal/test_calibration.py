"""Calibration (domain §6): the organisational predicate, counting, finalising under both breach
policies, the guard on evaluations of a finalised unit, the pages and the PDF."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from appraisal import rules
from appraisal.calibration import services
from appraisal.calibration.models import DistributionLimit
from appraisal.choices import BreachPolicy
from appraisal.cycles.models import UnitFinalisation, UnitPredicate
from appraisal.documents.predicate import render_predicate_html
from appraisal.evaluation import services as ev
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Skp
from core.errors import DomainError
from tests.actors import actor, system
from tests.factories import EmployeeFactory, place

RATINGS = {
    "SANGAT_BAIK": ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"),
    "BAIK": ("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
    "BUTUH_PERBAIKAN": ("DI_BAWAH_EKSPEKTASI", "SESUAI_EKSPEKTASI"),
    "KURANG_MISCONDUCT": ("SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"),
    "SANGAT_KURANG": ("DI_BAWAH_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"),
}


def scored(org, cycle, predicate, count=1, period=1, status="finalised", position=None):
    """`count` staff in the surveillance section with an evaluation of `predicate` (by the ORM:
    the counting does not care how the evaluation got there)."""
    made = []
    for _ in range(count):
        employee = place(EmployeeFactory(), position or org.staff_pos)
        skp = Skp.objects.create(
            cycle=cycle,
            employee=employee,
            position=position or org.staff_pos,
            start_date=dt.date(cycle.year, 1, 1),
            end_date=dt.date(cycle.year, 12, 31),
            status="approved",
            ppk_name="Kasi Surveilans",
        )
        hasil, perilaku = RATINGS[predicate]
        made.append(
            Evaluation.objects.create(
                skp=skp,
                period=period,
                status=status,
                rating_hasil=hasil,
                rating_perilaku=perilaku,
                predicate=predicate if status == "finalised" else "",
                ppk_name="Kasi Surveilans" if status == "finalised" else "",
            )
        )
    return made


def set_predicate(org, cycle, predicate="ISTIMEWA", unit=None, period=1):
    return services.unit_predicate_set(
        cycle, unit or org.surv, period, predicate, actor=actor(org.atasan_ppk)
    )


# ------------------------------------------------------------------- organisational predicate
def test_the_leader_one_level_up_sets_the_predicate(org, cycle):
    found = set_predicate(org, cycle, "BAIK")
    assert found.predicate == "BAIK" and found.set_by == org.atasan_ppk.user
    assert found.history.latest().history_change_reason


def test_the_kepala_of_the_opd_sets_it_for_any_subunit(org, cycle):
    services.unit_predicate_set(cycle, org.surv, 1, "BAIK", actor=actor(org.kepala_unit))
    assert UnitPredicate.objects.get(unit=org.surv).predicate == "BAIK"


@pytest.mark.parametrize("persona", ["ppk", "pegawai", "admin_opd", "admin_opd_other"])
def test_others_may_not_set_the_predicate(org, cycle, persona):
    person = getattr(org, persona)
    with pytest.raises(PermissionDenied):
        services.unit_predicate_set(cycle, org.surv, 1, "BAIK", actor=actor(person))


def test_the_kabid_may_not_set_the_predicate_of_their_own_unit(org, cycle):
    with pytest.raises(PermissionDenied):
        services.unit_predicate_set(cycle, org.p2p, 1, "BAIK", actor=actor(org.atasan_ppk))


def test_admin_bkd_needs_a_reason(org, cycle):
    with pytest.raises(DomainError):
        services.unit_predicate_set(cycle, org.surv, 1, "BAIK", actor=actor(org.admin_bkd))
    found = services.unit_predicate_set(
        cycle, org.surv, 1, "BAIK", actor=actor(org.admin_bkd), reason="Kabid cuti"
    )
    assert found.reason == "Kabid cuti"
    assert found.history.latest().history_change_reason == "Kabid cuti"


def test_the_predicate_cannot_change_once_the_unit_is_final(org, cycle):
    cycle.breach_policy = BreachPolicy.WARN
    cycle.save()
    set_predicate(org, cycle)
    services.unit_finalise(cycle, org.surv, 1, "", actor=actor(org.admin_bkd))
    with pytest.raises(DomainError):
        set_predicate(org, cycle, "BAIK")


# -------------------------------------------------------------------------------- counting
def test_unit_counts_only_finalised_evaluations_of_the_subtree(org, cycle):
    scored(org, cycle, "SANGAT_BAIK", 3)
    scored(org, cycle, "BAIK", 2)
    scored(org, cycle, "BAIK", 1, status="draft")
    scored(org, cycle, "BAIK", 1, period=2)
    counts = services.unit_counts(cycle, org.surv, 1)
    assert counts == {rules.Predicate.SANGAT_BAIK: 3, rules.Predicate.BAIK: 2}
    assert services.unit_counts(cycle, org.dinkes, 1) == counts  # the OPD includes the section
    assert services.unit_counts(cycle, org.disdik, 1) == {}


def test_unit_counts_is_one_query_given_the_subtree(org, cycle, django_assert_num_queries):
    scored(org, cycle, "BAIK", 3)
    with django_assert_num_queries(1):
        services.unit_counts(cycle, org.surv, 1, unit_ids=[org.surv.pk])


def test_limits_default_then_the_cycles_table(org, cycle):
    assert services.limits_for(cycle) == rules.DEFAULT_LIMITS
    rows = [
        {
            "org_predicate": "ISTIMEWA",
            "predicates": ["SANGAT_BAIK"],
            "bound": "at_most",
            "percent": Decimal("50"),
            "minimum": 0,
        }
    ]
    with pytest.raises(PermissionDenied):
        services.limits_save(cycle, rows, actor=actor(org.admin_opd), reason="Pola baru")
    with pytest.raises(DomainError):
        services.limits_save(cycle, rows, actor=actor(org.admin_bkd), reason=" ")
    limits = services.limits_save(
        cycle,
        rows,
        actor=actor(org.admin_bkd),
        reason="Pola baru",
        breach_policy="warn",
    )
    assert limits[rules.OrgPredicate.ISTIMEWA][0].percent == Decimal("50")
    assert limits[rules.OrgPredicate.BAIK] == ()
    assert DistributionLimit.objects.get().history.latest().history_change_reason == "Pola baru"
    cycle.refresh_from_db()
    assert cycle.breach_policy == "warn"


# ------------------------------------------------------------------------------ finalising
def test_finalise_needs_the_organisational_predicate(org, cycle):
    with pytest.raises(DomainError):
        services.unit_finalise(cycle, org.surv, 1, "x", actor=actor(org.admin_bkd))


def test_finalise_under_warn_is_allowed_and_keeps_the_breaches(org, cycle):
    cycle.breach_policy = BreachPolicy.WARN
    cycle.save()
    scored(org, cycle, "SANGAT_BAIK", 8)
    scored(org, cycle, "BAIK", 2)
    set_predicate(org, cycle, "ISTIMEWA")  # Sangat Baik ≤ 70 %: at most 7 of 10
    done = services.unit_finalise(cycle, org.surv, 1, "", actor=actor(org.atasan_ppk))
    assert done.breaches == [
        {
            "predicates": ["SANGAT_BAIK"],
            "bound": "at_most",
            "percent": "70",
            "minimum": 0,
            "allowed": 7,
            "actual": 8,
        }
    ]
    assert done.justification == ""


def test_finalise_under_justify_needs_a_justification(org, cycle):
    assert cycle.breach_policy == BreachPolicy.JUSTIFY
    scored(org, cycle, "SANGAT_BAIK", 8)
    scored(org, cycle, "BAIK", 2)
    set_predicate(org, cycle, "ISTIMEWA")
    with pytest.raises(DomainError) as refused:
        services.unit_finalise(cycle, org.surv, 1, "  ", actor=actor(org.admin_opd))
    assert "8" in str(refused.value) and "7" in str(refused.value)
    assert not UnitFinalisation.objects.exists()
    done = services.unit_finalise(
        cycle, org.surv, 1, "Seksi berprestasi luar biasa.", actor=actor(org.admin_opd)
    )
    assert done.justification == "Seksi berprestasi luar biasa."
    assert done.breaches[0]["actual"] == 8


def test_finalise_under_justify_without_breaches_needs_nothing(org, cycle):
    scored(org, cycle, "SANGAT_BAIK", 7)
    scored(org, cycle, "BAIK", 3)
    set_predicate(org, cycle, "ISTIMEWA")
    done = services.unit_finalise(cycle, org.surv, 1, "", actor=actor(org.admin_bkd))
    assert done.breaches == []


def test_finalising_twice_or_by_others_is_refused(org, cycle):
    set_predicate(org, cycle, "ISTIMEWA")
    with pytest.raises(PermissionDenied):
        services.unit_finalise(cycle, org.surv, 1, "x", actor=actor(org.ppk))
    with pytest.raises(PermissionDenied):
        services.unit_finalise(cycle, org.surv, 1, "x", actor=actor(org.admin_opd_other))
    services.unit_finalise(cycle, org.surv, 1, "x", actor=actor(org.admin_bkd))
    with pytest.raises(DomainError):
        services.unit_finalise(cycle, org.surv, 1, "x", actor=actor(org.admin_bkd))


def test_breach_sentence_speaks_plainly(english):
    breach = rules.distribution_breaches(
        rules.OrgPredicate.ISTIMEWA, {rules.Predicate.SANGAT_BAIK: 8, rules.Predicate.BAIK: 2}
    )[0]
    assert services.breach_sentence("Istimewa", breach) == (
        "The predicate Sangat Baik was given to 8 employee(s); the distribution pattern of a "
        "unit rated Istimewa allows at most 7."
    )


# --------------------------------------------------------------- the guard on evaluations
@pytest.mark.parametrize("finalised_unit", ["surv", "p2p"])
def test_evaluation_changes_are_refused_once_the_unit_is_final(
    org, cycle, approved, finalised_unit
):
    evaluation = ev.evaluation_for(approved, 1, actor=system())
    evaluation = ev.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil="SESUAI_EKSPEKTASI",
        rating_perilaku="SESUAI_EKSPEKTASI",
        actor=actor(org.ppk),
    )
    unit = getattr(org, finalised_unit)
    services.unit_predicate_set(
        cycle, unit, 1, "BAIK", actor=actor(org.admin_bkd), reason="Atas nama pimpinan"
    )
    cycle.breach_policy = BreachPolicy.WARN
    cycle.save()
    # The evaluation is still a draft: only the admin BKD's written reason finalises the unit.
    services.unit_finalise(
        cycle, unit, 1, "", actor=actor(org.admin_bkd), unrated_reason="Dinilai kemudian"
    )
    with pytest.raises(DomainError):
        ev.evaluation_save(
            evaluation,
            expected_version=evaluation.version,
            rating_hasil="DI_ATAS_EKSPEKTASI",
            rating_perilaku="SESUAI_EKSPEKTASI",
            actor=actor(org.ppk),
        )
    with pytest.raises(DomainError):
        ev.evaluation_finalise(evaluation, actor=actor(org.ppk))
    # Another period is still open.
    other = ev.evaluation_for(approved, 2, actor=system())
    ev.evaluation_save(
        other,
        expected_version=other.version,
        rating_hasil="SESUAI_EKSPEKTASI",
        rating_perilaku="SESUAI_EKSPEKTASI",
        actor=actor(org.ppk),
    )


# ----------------------------------------------------------------------------------- pages
def page_url(cycle, unit, period=1, name="appraisal:calibration"):
    return reverse(name, kwargs={"year": cycle.year, "code": unit.code, "period": period})


def test_the_page_shows_the_chart_data_groups_and_breaches(org, cycle, login, english):
    scored(org, cycle, "SANGAT_BAIK", 8)
    scored(org, cycle, "BAIK", 2)
    set_predicate(org, cycle, "ISTIMEWA")
    response = login("kepala_unit").get(page_url(cycle, org.surv))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="calibration-chart-data"' in body and "js/calibration.js" in body
    assert response.context["chart"]["actual"][:2] == [8, 2]
    assert response.context["chart"]["most"][0] == 7
    assert "was given to 8 employee(s)" in body
    assert "PPK: Kasi Surveilans" in body
    assert 'data-testid="finalise-form"' in body


def test_finalise_through_the_page_keeps_and_shows_the_justification(org, cycle, login, english):
    scored(org, cycle, "SANGAT_BAIK", 8)
    scored(org, cycle, "BAIK", 2)
    set_predicate(org, cycle, "ISTIMEWA")
    client = login("admin_opd")
    refused = client.post(page_url(cycle, org.surv, name="appraisal:unit_finalise"), {})
    assert refused.status_code == 200
    assert 'data-testid="finalise-error"' in refused.content.decode()
    done = client.post(
        page_url(cycle, org.surv, name="appraisal:unit_finalise"),
        {"justification": "Capaian seksi luar biasa."},
    )
    assert done.status_code == 302
    body = client.get(page_url(cycle, org.surv)).content.decode()
    assert "Capaian seksi luar biasa." in body and 'data-testid="stored-breaches"' in body


def test_set_predicate_through_the_page(org, cycle, login):
    response = login("atasan_ppk").post(
        page_url(cycle, org.surv, name="appraisal:unit_predicate_set"), {"predicate": "BAIK"}
    )
    assert response.status_code == 302
    assert UnitPredicate.objects.get(unit=org.surv, period=1).predicate == "BAIK"


@pytest.mark.parametrize("count", [5, 50])
def test_the_page_query_count_does_not_grow(org, cycle, login, count, django_assert_num_queries):
    scored(org, cycle, "BAIK", count)
    set_predicate(org, cycle, "BAIK")
    client = login("admin_opd")
    client.get(page_url(cycle, org.surv))  # warm the session
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(page_url(cycle, org.surv)).status_code == 200


PAGE_QUERIES = 17  # with who must still be rated and the last reopening


def test_the_list_shows_the_units_in_scope(org, cycle, login):
    set_predicate(org, cycle, "BAIK")
    response = login("atasan_ppk").get(reverse("appraisal:calibration_list") + "?period=1")
    rows = response.context["rows"]
    assert {row.unit.code for row in rows} == {"DINKES.P2P", "DINKES.SURV"}
    assert next(r for r in rows if r.unit.code == "DINKES.SURV").predicate.predicate == "BAIK"
    everything = login("admin_bkd").get(reverse("appraisal:calibration_list"))
    assert len(everything.context["rows"]) == 5
    assert login("pegawai").get(reverse("appraisal:calibration_list")).status_code == 403


def test_the_page_for_another_opds_unit_is_not_found(org, cycle, login):
    assert login("admin_opd_other").get(page_url(cycle, org.surv)).status_code == 404
    assert login("admin_opd").get(page_url(cycle, org.surv, period=9)).status_code == 404


def test_the_pattern_page_saves_rows_and_policy(org, cycle, login):
    client = login("admin_bkd")
    url = reverse("appraisal:distribution_limits", kwargs={"year": cycle.year})
    page = client.get(url)
    assert page.status_code == 200
    data = {"breach_policy": "warn", "reason": "Penyesuaian"}
    for org_predicate in rules.OrgPredicate:
        prefix = org_predicate.name.lower()
        data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"})
        data.update(
            {
                f"{prefix}-0-predicates": ["SANGAT_BAIK"],
                f"{prefix}-0-bound": "at_most",
                f"{prefix}-0-percent": "40",
                f"{prefix}-0-minimum": "0",
            }
        )
    assert client.post(url, data).status_code == 302
    assert DistributionLimit.objects.filter(cycle=cycle).count() == 5
    cycle.refresh_from_db()
    assert cycle.breach_policy == "warn"


# -------------------------------------------------------------------------------------- PDF
def test_the_penetapan_document(org, cycle):
    scored(org, cycle, "BAIK", 3)
    set_predicate(org, cycle, "BAIK")
    html = render_predicate_html(cycle, org.surv, 1, {org.surv.pk: None})
    assert "PENETAPAN PREDIKAT KINERJA ORGANISASI" in html
    assert "Seksi Surveilans, Dinas Kesehatan" in html and "TRIWULAN I" in html
    assert "Baik ≤ 70 %" in html and "Kabid P2P" in html


def test_the_penetapan_on_behalf_names_the_reason(org, cycle):
    services.unit_predicate_set(
        cycle, org.surv, 0, "ISTIMEWA", actor=actor(org.admin_bkd), reason="Cuti"
    )
    html = render_predicate_html(cycle, org.surv, 0, {org.surv.pk: None})
    assert "a.n. Kepala Bidang P2P" in html and "Cuti" in html and "TAHUNAN" in html


def test_the_pdf_renders(org, cycle, login):
    set_predicate(org, cycle, "BAIK")
    response = login("kepala_unit").get(
        page_url(cycle, org.surv, name="appraisal:unit_predicate_pdf")
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
