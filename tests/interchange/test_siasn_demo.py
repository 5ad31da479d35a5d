"""`siasn_push --dry-run` on the demo's closed year: one payload per final result, each valid
against SIASN's schema (issue 21, "Done when")."""

import json

import pytest
from django.core.management import call_command

from appraisal.choices import CycleStatus, EvaluationStatus
from appraisal.cycles.models import Cycle
from appraisal.evaluation.models import Evaluation
from tests import demo_snapshot


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        try:
            demo_snapshot.seed_demo()
            yield
        finally:
            call_command("flush", interactive=False, verbosity=0)


def test_the_dry_run_of_the_closed_year_is_all_valid(seeded, db, tmp_path):
    year = Cycle.objects.get(status=CycleStatus.CLOSED).year
    output = tmp_path / "siasn.json"
    call_command("siasn_push", "--cycle", str(year), "--dry-run", "--output", str(output))
    entries = json.loads(output.read_text())
    finalised = Evaluation.objects.filter(status=EvaluationStatus.FINALISED, skp__cycle__year=year)
    assert len(entries) == finalised.count() > 0
    assert [e for e in entries if e["errors"]] == []
    assert {e["endpoint"] for e in entries} == {"skp22/save", "kinerjaperiodik/save"}
