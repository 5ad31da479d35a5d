"""A unit is finalised only when its results are (issue 20, point 10).

Source of the rules tested here: SE MenPANRB 3/2023 (the pola distribusi is a share of the unit's
employees: it is judged once everyone who must be rated has a result) and PermenPANRB 6/2022
(every employee with an approved SKP is evaluated for the period). Who must be rated: an active
employee of the unit or a unit below it with an approved SKP covering the period.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from appraisal.calibration import services
from appraisal.choices import BreachPolicy
from appraisal.cycles.models import UnitFinalisation
from appraisal.evaluation import services as ev
from core.errors import DomainError
from tests.actors import actor, system
from tests.appraisal.test_calibration import page_url, scored, set_predicate


def _warn(cycle):
    cycle.breach_policy = BreachPolicy.WARN
    cycle.save()


# (who finalises, reason given, refused?) — one rated, one with a draft evaluation, one with an
# approved SKP and no evaluation at all: the two without a finalised result block finalising.
CASES = [
    ("admin_opd", "", True),  # PermenPANRB 6/2022: everyone with an approved SKP is evaluated
    ("atasan_ppk", "", True),  # the leader one level up cannot skip anyone either
    ("admin_opd", "Pegawai cuti panjang", True),  # an override is the admin BKD's alone
    ("admin_bkd", "", True),  # the admin BKD too needs a written reason
    ("admin_bkd", "Pegawai cuti panjang", False),  # … and with it, finalises (audited)
]


@pytest.mark.parametrize(("persona", "reason", "refused"), CASES)
def test_finalising_with_results_missing_is_refused_naming_them(
    org, cycle, persona, reason, refused
):
    _warn(cycle)
    scored(org, cycle, "BAIK", 1)
    draft = scored(org, cycle, "BAIK", 1, status="draft")[0]
    absent = scored(org, cycle, "BAIK", 1)[0]
    absent.delete()  # an approved SKP, no evaluation at all
    set_predicate(org, cycle, "BAIK")
    finalise = lambda: services.unit_finalise(  # noqa: E731
        cycle, org.surv, 1, "", actor=actor(getattr(org, persona)), unrated_reason=reason
    )
    if refused:
        with pytest.raises(DomainError) as refusal:
            finalise()
        assert draft.skp.employee.name in str(refusal.value)
        assert absent.skp.employee.name in str(refusal.value)
        assert draft.skp.employee.nip in str(refusal.value)
        assert not UnitFinalisation.objects.exists()
    else:
        done = finalise()
        names = {person["name"] for person in done.unrated}
        assert names == {draft.skp.employee.name, absent.skp.employee.name}
        assert done.unrated_reason == reason
        assert reason in done.history.latest().history_change_reason


def test_a_unit_with_every_result_final_needs_no_reason(org, cycle):
    _warn(cycle)
    scored(org, cycle, "BAIK", 2)
    scored(org, cycle, "BUTUH_PERBAIKAN", 1)
    set_predicate(org, cycle, "BAIK")
    done = services.unit_finalise(cycle, org.surv, 1, "", actor=actor(org.admin_opd))
    assert done.unrated == [] and done.unrated_reason == ""


def test_someone_whose_plan_does_not_cover_the_period_is_not_missing(org, cycle):
    _warn(cycle)
    scored(org, cycle, "BAIK", 1)
    later = scored(org, cycle, "BAIK", 1, status="draft")[0]
    later.skp.start_date = dt.date(cycle.year, 7, 1)  # moved in for the second half-year
    later.skp.save()
    set_predicate(org, cycle, "BAIK")
    services.unit_finalise(cycle, org.surv, 1, "", actor=actor(org.admin_opd))


def test_the_breaches_are_counted_over_everyone_who_must_be_rated(org, cycle):
    # SE MenPANRB 3/2023, Istimewa: Sangat Baik ≤ 70 %. Three Sangat Baik of three rated would
    # breach (2 allowed); of the ten who must be rated, 7 are allowed.
    _warn(cycle)
    scored(org, cycle, "SANGAT_BAIK", 3)
    scored(org, cycle, "BAIK", 7, status="draft")
    set_predicate(org, cycle, "ISTIMEWA")
    done = services.unit_finalise(
        cycle, org.surv, 1, "", actor=actor(org.admin_bkd), unrated_reason="Ditunda"
    )
    assert done.breaches == []


# ------------------------------------------------------------------------------ reopening
def _finalised_unit(org, cycle, approved):
    evaluation = ev.evaluation_for(approved, 1, actor=system())
    evaluation = ev.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil="SESUAI_EKSPEKTASI",
        rating_perilaku="SESUAI_EKSPEKTASI",
        actor=actor(org.ppk),
    )
    _warn(cycle)
    set_predicate(org, cycle, "BAIK")
    done = services.unit_finalise(
        cycle, org.surv, 1, "", actor=actor(org.admin_bkd), unrated_reason="Menyusul"
    )
    return evaluation, done


def test_reopening_lets_the_ratings_change_until_finalised_anew(org, cycle, approved):
    evaluation, done = _finalised_unit(org, cycle, approved)
    with pytest.raises(DomainError):
        ev.evaluation_finalise(evaluation, actor=actor(org.ppk))
    with pytest.raises(DomainError):
        services.unit_reopen(done, "  ", actor=actor(org.admin_bkd))
    reopened = services.unit_reopen(done, "Nilai salah input", actor=actor(org.admin_bkd))
    assert reopened.reopened_at and reopened.reopen_reason == "Nilai salah input"
    assert reopened.history.latest().history_change_reason == "Nilai salah input"
    ev.evaluation_finalise(evaluation, actor=actor(org.ppk))  # the rating moves again
    set_predicate(org, cycle, "ISTIMEWA")  # so does the organisational predicate
    again = services.unit_finalise(
        cycle, org.surv, 1, "", actor=actor(org.admin_bkd), unrated_reason="Kasi menyusul"
    )
    assert again.pk != done.pk
    assert approved.employee.name not in {person["name"] for person in again.unrated}
    assert UnitFinalisation.objects.filter(unit=org.surv, period=1).count() == 2
    with pytest.raises(DomainError):
        services.unit_reopen(done, "lagi", actor=actor(org.admin_bkd))  # reopened once


@pytest.mark.parametrize("persona", ["admin_opd", "atasan_ppk", "kepala_unit", "ppk"])
def test_only_the_admin_bkd_reopens(org, cycle, approved, persona):
    _evaluation, done = _finalised_unit(org, cycle, approved)
    with pytest.raises(PermissionDenied):
        services.unit_reopen(done, "Alasan", actor=actor(getattr(org, persona)))


# ----------------------------------------------------------------------------------- pages
def test_the_page_says_how_many_are_still_missing(org, cycle, login, english):
    scored(org, cycle, "BAIK", 2)
    scored(org, cycle, "BAIK", 3, status="draft")
    set_predicate(org, cycle, "BAIK")
    response = login("admin_opd").get(page_url(cycle, org.surv))
    body = response.content.decode()
    assert "3 employees still have no finalised result." in body
    assert "Counted over the 5 employee(s) who must be rated" in body
    assert response.context["chart"]["most"][1] == 3  # Baik ≤ 70 % of 5, not of 2
    assert 'name="unrated_reason"' not in body  # the admin OPD cannot override


def test_the_admin_bkd_overrides_and_reopens_through_the_page(org, cycle, login, english):
    _warn(cycle)
    scored(org, cycle, "BAIK", 1, status="draft")
    set_predicate(org, cycle, "BAIK")
    client = login("admin_bkd")
    body = client.get(page_url(cycle, org.surv)).content.decode()
    assert 'name="unrated_reason"' in body
    refused = client.post(page_url(cycle, org.surv, name="appraisal:unit_finalise"), {})
    assert "have no finalised evaluation" in refused.content.decode()
    done = client.post(
        page_url(cycle, org.surv, name="appraisal:unit_finalise"),
        {"unrated_reason": "Pegawai tugas belajar"},
    )
    assert done.status_code == 302
    body = client.get(page_url(cycle, org.surv)).content.decode()
    assert "Pegawai tugas belajar" in body and 'data-testid="reopen-form"' in body
    reopen = reverse(
        "appraisal:unit_reopen", kwargs={"year": cycle.year, "code": org.surv.code, "period": 1}
    )
    assert client.post(reopen, {"reason": "Koreksi nilai"}).status_code == 302
    body = client.get(page_url(cycle, org.surv)).content.decode()
    assert 'data-testid="reopened"' in body and "Koreksi nilai" in body
    assert 'data-testid="finalise-form"' in body


def test_the_reopen_form_is_the_admin_bkds_alone(org, cycle, login):
    _warn(cycle)
    set_predicate(org, cycle, "BAIK")
    services.unit_finalise(cycle, org.surv, 1, "", actor=actor(org.admin_opd))
    body = login("admin_opd").get(page_url(cycle, org.surv)).content.decode()
    assert 'data-testid="reopen-form"' not in body
