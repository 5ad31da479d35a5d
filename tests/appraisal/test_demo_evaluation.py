"""The demo realisations and evaluations: every state present, the demo logins each have
something to do, the evidence files are real, and seeding again changes nothing. One seed per
module (building the city takes a few seconds)."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from accounts.org.models import Employee
from accounts.org.reporting import reporting_line, subordinates
from appraisal.choices import EvaluationStatus, ObjectionOutcome, ObjectionStatus, SkpStatus
from appraisal.cycles.models import Cycle, WindowExtension
from appraisal.demo.cycles import seed_cycles
from appraisal.demo.evaluation import REASON, seed_evaluations
from appraisal.documents.evaluation import render_document_html, render_evaluation_html
from appraisal.evaluation.models import Evaluation
from appraisal.objections.models import Objection
from appraisal.plans.models import Skp
from appraisal.realisation.models import DailyLog, Evidence, IkiRealisation, Realisation
from tests import demo_snapshot
from tests.appraisal.conftest import pin_today
from tests.appraisal.test_demo import row_counts


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """seed_demo (which runs seed_evaluations through seed_cycles), then both again.

    The demo evaluates the periods already past; before three quarters have ended (January to
    September) the module runs as on 15 October, so it tests the same data every day."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        pytest.MonkeyPatch.context() as patch,
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media)),
    ):
        real = timezone.localdate()
        if real < dt.date(real.year, 10, 1):
            pin_today(patch, dt.date(real.year, 10, 15))
        try:
            demo_snapshot.seed_demo()
            before = row_counts()
            again = seed_cycles()
            direct = seed_evaluations()
            yield {
                "before": before,
                "after": row_counts(),
                "again": again["evaluations"],
                "direct": direct,
                "media": media,
            }
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(seeded, db):
    return seeded


def current_cycle():
    return Cycle.objects.get(year=timezone.localdate().year)


def login(username):
    return Employee.objects.select_related("user").get(user__username=username)


def test_seeding_again_changes_nothing(demo):
    assert demo["after"] == demo["before"]
    assert demo["again"]["skps"] == demo["direct"]["skps"] == 0
    assert demo["again"]["extensions"] == demo["direct"]["extensions"] == 0


def test_every_evaluation_state_is_present(demo):
    evaluations = Evaluation.objects.filter(skp__cycle=current_cycle())

    assert evaluations.filter(status=EvaluationStatus.DRAFT).exclude(rating_hasil="").exists()
    finalised = evaluations.filter(status=EvaluationStatus.FINALISED)
    assert finalised.filter(acknowledged_at__isnull=True, objection__isnull=True).exists()
    assert finalised.filter(acknowledged_at__isnull=False, objection__isnull=True).count() >= 5
    open_objection = Objection.objects.get(status=ObjectionStatus.OPEN)
    question = open_objection.messages.get()
    assert question.author_id == open_objection.atasan_employee.user_id
    decided = Objection.objects.get(status=ObjectionStatus.DECIDED)
    assert decided.outcome == ObjectionOutcome.CHANGED and decided.decision_notes
    assert decided.evaluation.predicate != decided.original_predicate
    # A realisation submitted that the PPK has not opened yet.
    evaluated = set(evaluations.values_list("skp_id", "period"))
    waiting = Realisation.objects.filter(skp__cycle=current_cycle(), status="submitted")
    assert any((r.skp_id, r.period) not in evaluated for r in waiting)
    assert {e.predicate for e in finalised} >= {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN"}


def test_realisations_have_a_value_for_every_iki_and_real_evidence(demo):
    realisations = Realisation.objects.filter(skp__cycle=current_cycle()).select_related("skp")
    assert realisations.count() >= 20
    for realisation in realisations:
        assert realisation.status == "submitted" and realisation.kendala
        ikis = set(realisation.skp.rhks.values_list("ikis__pk", flat=True))
        filled = {
            v.iki_id
            for v in IkiRealisation.objects.filter(realisation=realisation)
            if v.value is not None or v.narrative
        }
        assert filled == ikis
        assert realisation.evidence.exclude(link="").exists()
    files = Evidence.objects.exclude(file="")
    assert files.filter(content_type="application/pdf").count() >= 3
    assert files.filter(content_type="image/png").count() >= 3
    for evidence in files:
        content = (Path(demo["media"]) / evidence.file.name).read_bytes()
        assert content.startswith(b"%PDF" if evidence.extension == ".pdf" else b"\x89PNG")
        assert evidence.size == len(content)


def test_daily_logs_fall_on_past_working_days_of_the_period(demo):
    today = timezone.localdate()
    logs = DailyLog.objects.filter(skp__cycle=current_cycle())

    assert logs.count() >= 50
    assert all(log.day < today and log.day.weekday() < 5 for log in logs)
    assert logs.filter(rencana_aksi__isnull=False).exists()


def test_late_recording_is_a_per_person_extension_of_the_closed_windows(demo):
    extensions = WindowExtension.objects.filter(window__cycle=current_cycle())

    assert extensions.exists()
    assert all(e.scope == "employee" and e.reason == REASON for e in extensions)
    assert "data demo" in REASON
    assert all(e.closes_on > timezone.localdate() for e in extensions)


def test_kadis_has_a_subordinate_to_score_and_an_objection_to_decide(demo):
    kadis = login("kadis")
    team = subordinates(kadis)

    scoring = Evaluation.objects.filter(skp__employee__in=team, status=EvaluationStatus.DRAFT)
    assert scoring.exists()
    assert all(reporting_line(e.skp.employee).ppk.employee_id == kadis.pk for e in scoring)
    assert Objection.objects.filter(atasan_employee=kadis, status=ObjectionStatus.OPEN).exists()


def test_atasan_has_a_result_to_acknowledge_and_evaluations_to_do(demo):
    atasan = login("atasan")
    own = Evaluation.objects.filter(skp__employee=atasan, status=EvaluationStatus.FINALISED)

    assert own.filter(acknowledged_at__isnull=True).exists()
    assert own.filter(objection__status=ObjectionStatus.OPEN).exists()
    team = subordinates(atasan)
    approved = Skp.objects.filter(employee__in=team, status=SkpStatus.APPROVED)
    assert approved.exists() and all(s.ppk_employee_id == atasan.pk for s in approved)
    assert Evaluation.objects.filter(skp__in=approved, status=EvaluationStatus.DRAFT).exists()
    evaluated = set(Evaluation.objects.filter(skp__in=approved).values_list("skp_id", "period"))
    submitted = Realisation.objects.filter(skp__in=approved, status="submitted")
    assert any((r.skp_id, r.period) not in evaluated for r in submitted)
    # Still something for the atasan to approve (the SKP demo is unchanged there).
    assert Skp.objects.filter(employee__in=team, status=SkpStatus.SUBMITTED).exists()


def test_the_pegawai_has_no_evaluation_this_year(demo):
    this_year = Evaluation.objects.filter(
        skp__employee=login("pegawai"), skp__cycle__year=timezone.localdate().year
    )
    assert not this_year.exists()


def test_the_demo_objections_print(demo):
    decided = Objection.objects.get(status=ObjectionStatus.DECIDED).evaluation
    pending = Objection.objects.get(status=ObjectionStatus.OPEN).evaluation

    html = render_document_html(decided)
    assert "KEPUTUSAN ATASAN PEJABAT PENILAI KINERJA ATAS KEBERATAN" in html
    assert "Keberatan diterima" in html and "(semula: Butuh Perbaikan)" in html
    pending_html = render_document_html(pending)
    assert "Belum diputuskan." in pending_html
    assert "menunggu keputusan Atasan Pejabat Penilai Kinerja" in render_evaluation_html(pending)
