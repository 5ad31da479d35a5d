"""Last year's demo cycle is complete and closed: every active employee of the two demo OPDs has an
approved SKP, realisations and a finalised annual evaluation, the units have their organisational
predicates, one unit is finalised with a breach and its justification, and seeding again writes
nothing. One seed per module (building the city takes a few seconds)."""

import time
from io import StringIO
from unittest.mock import patch

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee, OrgUnit
from appraisal.choices import ANNUAL, CycleStatus, EvaluationStatus, SkpStatus
from appraisal.cycles.models import Cycle, PeriodClosure, UnitFinalisation, UnitPredicate
from appraisal.demo.closed_year import seed_closed_year
from appraisal.demo.cycles import seed_cycles
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Skp
from appraisal.realisation.models import IkiRealisation, Realisation
from tests.appraisal.test_demo import row_counts

OPDS = ("DINKES", "DISDUKCAPIL")


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        try:
            timings = []

            def timed(today=None):
                started = time.monotonic()
                result = seed_closed_year(today)
                timings.append(time.monotonic() - started)
                return result

            with patch("appraisal.demo.cycles.seed_closed_year", timed):
                call_command("seed_demo", stdout=StringIO())
            before = row_counts()
            again = seed_cycles()
            started = time.monotonic()
            direct = seed_closed_year()
            elapsed = time.monotonic() - started
            yield {
                "before": before,
                "after": row_counts(),
                "again": again["closed_year"],
                "direct": direct,
                "elapsed": elapsed,
                "first_run": timings[0],
            }
        finally:
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(seeded, db):
    return seeded


def last_year():
    return Cycle.objects.get(year=timezone.localdate().year - 1)


def staff():
    opds = OrgUnit.objects.filter(code__in=OPDS)
    return Employee.objects.filter(status=EmployeeStatus.ACTIVE, position__isnull=False).filter(
        Q(position__unit__in=opds) | Q(position__unit__opd__in=opds)
    )


def test_last_year_is_closed_with_every_period(demo):
    cycle = last_year()
    assert cycle.status == CycleStatus.CLOSED
    closed = set(
        PeriodClosure.objects.filter(cycle=cycle, reopened_at__isnull=True).values_list(
            "period", flat=True
        )
    )
    assert closed == {p.number for p in cycle.periods} | {ANNUAL}
    assert PeriodClosure.objects.filter(cycle=cycle, closed_at__gt=timezone.now()).count() == 0


def test_every_employee_has_an_approved_skp_realisations_and_a_final_annual_score(demo):
    cycle = last_year()
    people = list(staff())
    assert len(people) > 10
    approved = Skp.objects.filter(cycle=cycle, status=SkpStatus.APPROVED, employee__in=people)
    assert set(approved.values_list("employee_id", flat=True)) == {e.pk for e in people}
    assert not approved.filter(ppk_name="").exclude(atasan_name="").exists()
    assert approved.exclude(ppk_name="").count() == len(people)

    periods = len(cycle.periods)
    assert Realisation.objects.filter(skp__in=approved, status="submitted").count() == (
        periods * len(people)
    )
    assert not IkiRealisation.objects.filter(
        realisation__skp__in=approved, value__isnull=True, narrative=""
    ).exists()

    annual = Evaluation.objects.filter(
        skp__in=approved, period=ANNUAL, status=EvaluationStatus.FINALISED
    )
    assert annual.count() == len(people)
    assert not annual.filter(ppk_name="").exists()
    predicates = set(annual.values_list("predicate", flat=True))
    assert {"SANGAT_BAIK", "BAIK", "BUTUH_PERBAIKAN"} <= predicates
    assert annual.exclude(org_predicate="").exists()  # unit heads, from their unit's predicate


def test_units_have_predicates_and_one_is_finalised_with_a_justification(demo):
    cycle = last_year()
    for code in OPDS:
        opd = OrgUnit.objects.get(code=code)
        units = OrgUnit.objects.filter(Q(pk=opd.pk) | Q(opd=opd))
        assert UnitPredicate.objects.filter(cycle=cycle, period=ANNUAL, unit__in=units).count() == (
            units.count()
        )
    finalisation = UnitFinalisation.objects.get(cycle=cycle, period=ANNUAL)
    assert finalisation.breaches and finalisation.justification
    assert finalisation.unit.code.startswith("DISDUKCAPIL.")


def test_seeding_again_writes_nothing(demo):
    # How fast seeding is belongs to bench/bench_seed.py: a timed assertion fails on a busy machine.
    assert demo["after"] == demo["before"]
    assert set(demo["again"].values()) == set(demo["direct"].values()) == {0}
    print(f"closed year seeded in {demo['first_run']:.2f} s, again in {demo['elapsed']:.2f} s")
