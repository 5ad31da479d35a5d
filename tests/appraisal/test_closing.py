"""Closing (domain §2): the completeness report, closing a period and the cycle, reopening, and
the lock — every mutating service refuses a change in a closed period or cycle."""

import datetime as dt
import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import ANNUAL, CycleStatus, EvaluationStatus, SkpStatus
from appraisal.closing import completeness as completeness_module
from appraisal.closing import services as closing
from appraisal.closing.completeness import EVALUATION, REALISATION, SKP, completeness
from appraisal.closing.selectors import pending_rights
from appraisal.cycles import calendar
from appraisal.cycles import services as cycle_services
from appraisal.cycles.models import PeriodClosure
from appraisal.cycles.windows import window_state
from appraisal.evaluation import services as ev
from appraisal.evaluation.models import Evaluation
from appraisal.objections import services as objections
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.services import flow as skp_flow
from appraisal.plans.services import hand_down
from appraisal.realisation import services as realisation
from core.errors import DomainError
from tests.actors import actor, system
from tests.appraisal.conftest import FULL_IKI, owner
from tests.factories import EmployeeFactory, place

MEETS = "SESUAI_EKSPEKTASI"


def finalised(skp, ppk, period):
    e = ev.evaluation_for(skp, period, actor=system())
    e = ev.evaluation_save(
        e,
        expected_version=e.version,
        rating_hasil=MEETS,
        rating_perilaku=MEETS,
        actor=actor(ppk),
    )
    return ev.evaluation_finalise(e, actor=actor(ppk))


def nips(report, kind):
    return {p.nip for row in report for p in row.gaps[kind]}


# ----- the completeness report -------------------------------------------------------------------


def test_the_report_names_who_lacks_what(approved, org, cycle):
    finalised(approved, org.ppk, ANNUAL)
    report = completeness(cycle, ANNUAL)
    dinkes = next(row for row in report if row.opd == org.dinkes)
    # The chain's SKPs are approved but not evaluated; the colleague and admin have no SKP.
    assert org.pegawai.nip not in nips(report, EVALUATION)
    assert org.ppk.nip in nips(report, EVALUATION)
    assert {org.colleague.nip, org.admin_opd.nip} <= nips(report, SKP)
    assert org.colleague.nip not in nips(report, EVALUATION)  # listed once, under the SKP
    assert dinkes.employees == 6
    assert nips(report, REALISATION) == set()  # the year asks for no realisation


@pytest.mark.parametrize("period", [ANNUAL, 1])
def test_a_few_opds_and_many_are_read_alike(approved, org, cycle, monkeypatch, period):
    finalised(approved, org.ppk, period)

    def report():
        return [(row.opd.pk, row.employees, row.gaps) for row in completeness(cycle, period)]

    few = report()
    monkeypatch.setattr(completeness_module, "FEW_OPDS", 0)  # every OPD by the units' subquery
    assert report() == few and sum(employees for _pk, employees, _gaps in few) > 6


def test_a_period_asks_for_the_submitted_realisation_and_lists_objections_apart(
    approved, org, cycle
):
    evaluation = ev.evaluation_acknowledge(
        finalised(approved, org.ppk, 1), actor=actor(org.pegawai)
    )
    objections.objection_file(evaluation, "Alasan", actor=actor(org.pegawai))
    report = completeness(cycle, 1, opd_ids=[org.dinkes.pk])
    assert [row.opd for row in report] == [org.dinkes]
    assert org.pegawai.nip in nips(report, REALISATION)
    assert org.pegawai.nip not in nips(report, EVALUATION)
    # An objection is the employee's right, not a gap: listed apart (issue 20, point 2).
    assert [p.nip for p in pending_rights(cycle, [1]).objections] == [org.pegawai.nip]


def _people(cycle, opd_unit, position, count):
    """Bulk volume: employees with an approved SKP, and every other one with a finalised annual
    evaluation, built straight in the ORM."""
    employees = [place(EmployeeFactory(), position) for _ in range(count)]
    skps = Skp.objects.bulk_create(
        Skp(
            cycle=cycle,
            employee=e,
            position=position,
            start_date=dt.date(cycle.year, 1, 1),
            end_date=dt.date(cycle.year, 12, 31),
            status=SkpStatus.APPROVED,
        )
        for e in employees
    )
    Evaluation.objects.bulk_create(
        Evaluation(
            skp=s,
            period=ANNUAL,
            status=EvaluationStatus.FINALISED,
            rating_hasil=MEETS,
            rating_perilaku=MEETS,
            predicate="BAIK",
        )
        for s in skps[::2]
    )


def _queries(cycle, period):
    with CaptureQueriesContext(connection) as queries:
        report = completeness(cycle, period)
    return len(queries), report


@pytest.mark.parametrize("period", [ANNUAL, 1])
def test_the_report_costs_the_same_queries_for_5_and_500_employees(org, cycle, period):
    _people(cycle, org.dinkes, org.staff_pos, 5)
    small, _ = _queries(cycle, period)
    _people(cycle, org.disdik, org.disdik_staff, 495)
    large, report = _queries(cycle, period)
    assert sum(row.employees for row in report) >= 500
    assert small == large <= 4  # the OPDs, their posts (a few OPDs), the totals, the gaps


# ----- closing and reopening ---------------------------------------------------------------------


def test_closing_with_gaps_needs_the_confirmation(cycle, org, english):
    with pytest.raises(DomainError, match=r"gaps remain"):
        closing.period_close(cycle, 1, actor=actor(org.admin_bkd))
    assert not PeriodClosure.objects.exists()


def test_closing_with_confirmation_records_the_gaps(cycle, org):
    closure = closing.period_close(cycle, 1, actor=actor(org.admin_bkd), confirm_gaps=True)
    assert closure.gap_count == closure.gaps["gap_count"] > 0
    dinkes = next(o for o in closure.gaps["opds"] if o["code"] == "DINKES")
    assert org.pegawai.nip in dinkes["nips"][SKP]
    assert closure.history.get().history_user == org.admin_bkd.user


def test_a_period_without_gaps_closes_without_confirmation(cycle, org):
    # Nobody active in any OPD: nothing is missing.
    from accounts.org.models import Employee

    Employee.objects.update(status="retired")
    closure = closing.period_close(cycle, 2, actor=actor(org.admin_bkd))
    assert closure.gap_count == 0


def test_a_closed_period_refuses_through_its_window(cycle, org, english):
    closing.period_close(cycle, 2, actor=actor(org.admin_bkd), confirm_gaps=True)
    state = window_state(cycle, "period", 2)
    assert not state.is_open
    today = timezone.localdate()
    assert re.match(rf"Triwulan II {cycle.year} was closed on .* by the BKD\.", state.refusal)
    assert str(today.year) in state.refusal
    assert window_state(cycle, "period", 1).is_open


def test_closing_twice_is_refused(cycle, org, english):
    closing.period_close(cycle, 1, actor=actor(org.admin_bkd), confirm_gaps=True)
    with pytest.raises(DomainError, match="already closed"):
        closing.period_close(cycle, 1, actor=actor(org.admin_bkd), confirm_gaps=True)


def test_reopening_needs_a_reason_and_opens_the_window_again(cycle, org, english):
    closure = closing.period_close(cycle, 1, actor=actor(org.admin_bkd), confirm_gaps=True)
    with pytest.raises(DomainError, match="reason"):
        closing.period_reopen(closure, "  ", actor=actor(org.admin_bkd))
    reopened = closing.period_reopen(closure, "Koreksi data", actor=actor(org.admin_bkd))
    assert reopened.reopen_reason == "Koreksi data"
    assert reopened.reopened_by == org.admin_bkd.user
    assert window_state(cycle, "period", 1).is_open
    record = reopened.history.order_by("-history_date").first()
    assert record.history_change_reason == "Koreksi data"
    # and it can be closed again
    assert closing.period_close(cycle, 1, actor=actor(org.admin_bkd), confirm_gaps=True).pk


def test_closing_the_cycle_closes_every_period_left_and_the_year(cycle, org, english):
    closing.period_close(cycle, 1, actor=actor(org.admin_bkd), confirm_gaps=True)
    with pytest.raises(DomainError, match="gaps remain"):
        closing.cycle_close(cycle, actor=actor(org.admin_bkd))
    closed = closing.cycle_close(cycle, actor=actor(org.admin_bkd), confirm_gaps=True)
    assert closed.status == CycleStatus.CLOSED
    in_force = PeriodClosure.objects.filter(cycle=cycle, reopened_at__isnull=True)
    assert sorted(in_force.values_list("period", flat=True)) == [0, 1, 2, 3, 4]
    assert all(c.gap_count for c in in_force)
    assert closed.history.order_by("-history_date").first().history_user == org.admin_bkd.user


def test_a_period_of_a_closed_cycle_cannot_be_reopened_alone(cycle, org, english):
    closing.cycle_close(cycle, actor=actor(org.admin_bkd), confirm_gaps=True)
    closure = PeriodClosure.objects.get(cycle=cycle, period=1)
    with pytest.raises(DomainError, match="reopen the cycle first"):
        closing.period_reopen(closure, "Koreksi", actor=actor(org.admin_bkd))


def test_reopening_the_cycle_needs_a_reason_and_keeps_its_periods_closed(cycle, org, english):
    closing.cycle_close(cycle, actor=actor(org.admin_bkd), confirm_gaps=True)
    with pytest.raises(DomainError, match="reason"):
        closing.cycle_reopen(cycle, "", actor=actor(org.admin_bkd))
    reopened = closing.cycle_reopen(cycle, "Keberatan susulan", actor=actor(org.admin_bkd))
    assert reopened.status == CycleStatus.OPEN
    assert not window_state(reopened, "period", 3).is_open
    closure = PeriodClosure.objects.get(cycle=cycle, period=3)
    closing.period_reopen(closure, "Keberatan susulan", actor=actor(org.admin_bkd))
    assert window_state(reopened, "period", 3).is_open


def test_an_open_cycle_cannot_be_reopened(cycle, org, english):
    with pytest.raises(DomainError, match="Only a closed cycle"):
        closing.cycle_reopen(cycle, "Alasan", actor=actor(org.admin_bkd))


# ----- the lock: every mutating service refuses ----------------------------------------------


@pytest.fixture
def world(approved, plan, org, cycle):
    """One object in the right state for every mutating service, built while the cycle is open.

    The pegawai's periods are spread so that each service meets its own situation: `real` (today's
    period) has a draft realisation with evidence and a daily log, `objected` an objection being
    discussed, `to_object` a received result, `to_receive` a finalised result not yet received;
    the annual evaluation is a scored draft."""
    today = timezone.localdate()
    real = calendar.period_of(cycle.year, cycle.frequency, today).number
    others = [p.number for p in cycle.periods if p.number != real]
    objected, to_object, to_receive = others[:3]
    ns = SimpleNamespace(real=real, objected=objected, to_object=to_object, to_receive=to_receive)
    ns.draft = plan.draft(org.colleague)
    ns.submitted = plan.draft(org.admin_opd)
    Skp.objects.filter(pk=ns.submitted.pk).update(status=SkpStatus.SUBMITTED)
    ns.submitted.refresh_from_db()
    kabid = Skp.objects.get(employee=org.atasan_ppk, status=SkpStatus.APPROVED)
    ns.revision = skp_flow.skp_revise(kabid, "Perubahan", actor=actor(org.atasan_ppk))
    ns.kasi_rhk = Rhk.objects.get(skp__employee=org.ppk, skp__status=SkpStatus.APPROVED)
    ns.skp = approved
    ns.realisation = realisation.realisation_for(approved, real, actor=system())
    ns.evidence = realisation.evidence_add(
        ns.realisation, link="https://contoh.go.id/bukti", actor=actor(org.pegawai)
    )
    ns.log = realisation.daily_log_add(
        approved, day=today, activity="Menyusun laporan", actor=actor(org.pegawai)
    )
    annual = ev.evaluation_for(approved, ANNUAL, actor=system())
    ns.annual = ev.evaluation_save(
        annual,
        expected_version=annual.version,
        rating_hasil=MEETS,
        rating_perilaku=MEETS,
        actor=actor(org.ppk),
    )
    received = ev.evaluation_acknowledge(
        finalised(approved, org.ppk, objected), actor=actor(org.pegawai)
    )
    ns.objection = objections.objection_file(received, "Alasan", actor=actor(org.pegawai))
    ns.result_to_object = ev.evaluation_acknowledge(
        finalised(approved, org.ppk, to_object), actor=actor(org.pegawai)
    )
    ns.result_to_receive = finalised(approved, org.ppk, to_receive)
    ns.window = cycle.windows.get(kind="period", period=real)
    return ns


def _new_rhk(w, o, c):
    rhk = Rhk(skp=w.draft, section="tambahan", text="RHK baru")
    return skp_edit.rhk_save(w.draft, rhk, FULL_IKI, {}, set(), actor=owner(o.colleague))


# name → (call(world, org, cycle), the period it belongs to: a world attribute, or None)
SERVICES = {
    "skp_start": (
        lambda w, o, c: skp_edit.skp_start(o.outsider, c, actor=actor(o.outsider)),
        None,
    ),
    "skp_set_approach": (
        lambda w, o, c: skp_edit.skp_set_approach(w.draft, "kualitatif", actor=owner(o.colleague)),
        None,
    ),
    "rhk_save": (_new_rhk, None),
    "rhk_delete": (
        lambda w, o, c: skp_edit.rhk_delete(w.draft.rhks.first(), actor=owner(o.colleague)),
        None,
    ),
    "rhk_move": (
        lambda w, o, c: skp_edit.rhk_move(w.draft.rhks.first(), 1, actor=owner(o.colleague)),
        None,
    ),
    "rhk_from_library": (
        lambda w, o, c: skp_edit.rhk_from_library(w.draft, None, actor=owner(o.colleague)),
        None,
    ),
    "skp_copy_previous": (
        lambda w, o, c: skp_edit.skp_copy_previous(w.draft, actor=owner(o.colleague)),
        None,
    ),
    "lampiran_save": (
        lambda w, o, c: skp_edit.lampiran_save(
            w.draft, {"dukungan": ["x"]}, actor=owner(o.colleague)
        ),
        None,
    ),
    "expectations_save": (
        lambda w, o, c: skp_edit.expectations_save(
            w.submitted, {"berorientasi": "x"}, actor=actor(o.kepala_unit)
        ),
        None,
    ),
    "skp_submit": (lambda w, o, c: skp_flow.skp_submit(w.draft, actor=owner(o.colleague)), None),
    "skp_approve": (
        lambda w, o, c: skp_flow.skp_approve(w.submitted, actor=actor(o.kepala_unit)),
        None,
    ),
    "skp_return": (
        lambda w, o, c: skp_flow.skp_return(w.submitted, "Perbaiki", actor=actor(o.kepala_unit)),
        None,
    ),
    "skp_revise": (
        lambda w, o, c: skp_flow.skp_revise(w.skp, "Perubahan", actor=actor(o.pegawai)),
        None,
    ),
    "skp_revision_discard": (
        lambda w, o, c: skp_flow.skp_revision_discard(w.revision, actor=actor(o.atasan_ppk)),
        None,
    ),
    "rhk_hand_down": (
        lambda w, o, c: hand_down.rhk_hand_down(w.kasi_rhk, [o.colleague], actor=actor(o.ppk)),
        None,
    ),
    "daily_log_add": (
        lambda w, o, c: realisation.daily_log_add(
            w.skp, day=timezone.localdate(), activity="Rapat", actor=actor(o.pegawai)
        ),
        "real",
    ),
    "daily_log_delete": (
        lambda w, o, c: realisation.daily_log_delete(w.log, actor=actor(o.pegawai)),
        "real",
    ),
    "realisation_save": (
        lambda w, o, c: realisation.realisation_save(
            w.realisation, {}, "Kendala", "", actor=actor(o.pegawai)
        ),
        "real",
    ),
    "evidence_add": (
        lambda w, o, c: realisation.evidence_add(
            w.realisation, link="https://contoh.go.id/2", actor=actor(o.pegawai)
        ),
        "real",
    ),
    "evidence_delete": (
        lambda w, o, c: realisation.evidence_delete(w.evidence, actor=actor(o.pegawai)),
        "real",
    ),
    "realisation_submit": (
        lambda w, o, c: realisation.realisation_submit(w.realisation, actor=actor(o.pegawai)),
        "real",
    ),
    "evaluation_save": (
        lambda w, o, c: ev.evaluation_save(
            w.annual,
            expected_version=w.annual.version,
            rating_hasil=MEETS,
            rating_perilaku=MEETS,
            actor=actor(o.ppk),
        ),
        "annual",
    ),
    "evaluation_finalise": (
        lambda w, o, c: ev.evaluation_finalise(w.annual, actor=actor(o.ppk)),
        "annual",
    ),
    "evaluation_acknowledge": (
        lambda w, o, c: ev.evaluation_acknowledge(w.result_to_receive, actor=actor(o.pegawai)),
        "to_receive",
    ),
    "objection_file": (
        lambda w, o, c: objections.objection_file(
            w.result_to_object, "Alasan", actor=actor(o.pegawai)
        ),
        "to_object",
    ),
    "window_update": (
        lambda w, o, c: cycle_services.window_update(
            w.window,
            w.window.opens_on,
            w.window.closes_on + dt.timedelta(days=1),
            "Alasan",
            actor=actor(o.admin_bkd),
        ),
        None,
    ),
    "window_extend": (
        lambda w, o, c: cycle_services.window_extend(
            w.window,
            "everyone",
            w.window.closes_on + dt.timedelta(days=5),
            "Alasan",
            actor=actor(o.admin_bkd),
        ),
        None,
    ),
    "waiver_grant": (
        lambda w, o, c: cycle_services.waiver_grant(
            c, o.colleague, "Alasan", actor=actor(o.admin_bkd)
        ),
        None,
    ),
}
PERIOD_BOUND = sorted(name for name, (_call, period) in SERVICES.items() if period)


def _period_of(world, attribute):
    return ANNUAL if attribute == "annual" else getattr(world, attribute)


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_mutation_is_refused_once_the_cycle_is_closed(name, world, org, cycle, english):
    closing.cycle_close(
        cycle, actor=actor(org.admin_bkd), confirm_gaps=True, rights_reason="Batas tahun anggaran"
    )
    cycle.refresh_from_db()
    call, _period = SERVICES[name]
    with pytest.raises(DomainError, match=r"(?i)closed|not open"):
        call(world, org, cycle)


@pytest.mark.parametrize("name", PERIOD_BOUND)
def test_every_mutation_in_a_period_is_refused_once_the_period_is_closed(
    name, world, org, cycle, english
):
    call, attribute = SERVICES[name]
    closing.period_close(
        cycle,
        _period_of(world, attribute),
        actor=actor(org.admin_bkd),
        confirm_gaps=True,
        rights_reason="Batas tahun anggaran",
    )
    with pytest.raises(DomainError, match=r"was closed on .* by the BKD"):
        call(world, org, cycle)


def test_the_world_is_open_before_closing(world, org, cycle):
    """The parametrised refusals above come from closing: the same calls go through while the
    cycle is open (a sample of them, one per service module)."""
    realisation.realisation_save(world.realisation, {}, "Kendala", "", actor=actor(org.pegawai))
    ev.evaluation_finalise(world.annual, actor=actor(org.ppk))
    ev.evaluation_acknowledge(world.result_to_receive, actor=actor(org.pegawai))
    objections.objection_message(world.objection, "Pertanyaan", actor=actor(org.atasan_ppk))
    skp_edit.lampiran_save(world.draft, {"dukungan": ["x"]}, actor=owner(org.colleague))


def test_a_closed_period_leaves_the_other_periods_open(world, org, cycle):
    closing.period_close(
        cycle, world.objected, actor=actor(org.admin_bkd), confirm_gaps=True, rights_reason="x"
    )
    realisation.realisation_save(world.realisation, {}, "Kendala", "", actor=actor(org.pegawai))


# ----- views -------------------------------------------------------------------------------------


def test_the_closing_page_lists_each_period_and_the_year(login, cycle, org, english):
    closing.period_close(cycle, 1, actor=actor(org.admin_bkd), confirm_gaps=True)
    response = login("admin_bkd").get(reverse("appraisal:closing", args=[cycle.year]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Triwulan I" in text and "Triwulan IV" in text
    assert "annual evaluation" in text
    assert "Admin BKD" in text or "adminbkd" in text


def test_the_report_page_lists_names_per_opd_and_filters(login, cycle, org, english):
    client = login("admin_bkd")
    url = reverse("appraisal:closing_report", args=[cycle.year, 1])
    text = client.get(url).content.decode()
    # Every OPD counted, names one OPD at a time (a province's would be 100,000 names).
    assert f"?opd={org.dinkes.code}" in text and f"?opd={org.disdik.code}" in text
    assert org.pegawai.nip not in text
    text = client.get(url, {"opd": org.disdik.code}).content.decode()
    assert org.outsider.nip in text and org.pegawai.nip not in text
    text = client.get(url, {"opd": org.dinkes.code}).content.decode()
    assert org.pegawai.nip in text and org.outsider.nip not in text
    assert "I confirm closing with" in text


# With the rights still running (issue 20, point 2): two lists, each a count and its first names.
@pytest.mark.parametrize(("opd", "queries"), [("", 15), ("DINKES", 17)])
def test_the_report_page_has_a_pinned_query_count(
    login, cycle, org, django_assert_num_queries, opd, queries
):
    client = login("admin_bkd")
    url = reverse("appraisal:closing_report", args=[cycle.year, 1])
    client.get(url, {"opd": opd})  # warm the session and the agency profile
    with django_assert_num_queries(queries):
        assert client.get(url, {"opd": opd}).status_code == 200


def test_closing_by_post_without_confirmation_is_refused_with_the_count(login, cycle, org, english):
    client = login("admin_bkd")
    response = client.post(reverse("appraisal:period_close", args=[cycle.year, 1]), follow=True)
    assert "gaps remain" in response.content.decode()
    assert not PeriodClosure.objects.exists()
    response = client.post(
        reverse("appraisal:period_close", args=[cycle.year, 1]), {"confirm_gaps": "on"}
    )
    assert response.status_code == 302
    assert PeriodClosure.objects.get().period == 1


def test_reopening_by_post_needs_a_reason(login, cycle, org, english):
    closing.period_close(cycle, 1, actor=actor(org.admin_bkd), confirm_gaps=True)
    client = login("admin_bkd")
    url = reverse("appraisal:period_reopen", args=[cycle.year, 1])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "reason" in response.content.decode()
    assert PeriodClosure.objects.get().reopened_at is None
    client.post(url, {"reason": "Koreksi"})
    assert PeriodClosure.objects.get().reopened_at is not None


def test_the_cycle_closes_and_reopens_by_post(login, cycle, org, english):
    client = login("admin_bkd")
    client.post(reverse("appraisal:cycle_close", args=[cycle.year]), {"confirm_gaps": "on"})
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.CLOSED
    client.post(reverse("appraisal:cycle_reopen", args=[cycle.year]), {"reason": "Susulan"})
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN


@pytest.mark.parametrize("name", ["period_close", "period_reopen", "cycle_close", "cycle_reopen"])
def test_actions_are_post_only(login, cycle, name):
    args = [cycle.year, 1] if name.startswith("period") else [cycle.year]
    response = login("admin_bkd").get(reverse(f"appraisal:{name}", args=args))
    assert response.status_code == 405


def test_others_are_refused(login, cycle):
    assert (
        login("admin_opd").get(reverse("appraisal:closing", args=[cycle.year])).status_code == 403
    )
    response = login("admin_opd").post(
        reverse("appraisal:cycle_close", args=[cycle.year]), {"confirm_gaps": "on"}
    )
    assert response.status_code == 403
    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.OPEN


def test_an_unknown_period_is_not_found(login, cycle):
    client = login("admin_bkd")
    assert client.get(reverse("appraisal:closing_report", args=[cycle.year, 9])).status_code == 404
