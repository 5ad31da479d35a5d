"""A practice cycle (issue 29.5) counts nowhere: every export (the ranking included), the API,
the SIASN push and the TPP read the real cycles alone, even for a practice of the same year with
other results for the same people."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.org.roles import roles_for_user
from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle
from interchange.api.keys import api_key_issue
from interchange.siasn import push, tasks
from reports import dashboards
from reports.exporters.base import REGISTRY
from reports.scope import require_scope
from tests.actors import actor
from tests.reports.conftest import YEAR, B, export_bytes, finalise, read_workbook, skp_for
from tpp.months.inputs import MonthSpan, gather

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice(org, results):
    """A practice cycle of the same year in which everybody was rated below expectations."""
    cycle = Cycle.objects.create(year=YEAR, status=CycleStatus.OPEN, practice=True)
    people = (org.ppk, org.pegawai, org.colleague, org.outsider, org.atasan_ppk, org.admin_opd)
    return [finalise(skp_for(employee, cycle), B, B, rhks=1, ppk="Latihan") for employee in people]


def _rows(identifier, org):
    scope = require_scope(roles_for_user(org.admin_bkd.user))
    _book, sheets = read_workbook(export_bytes(identifier, scope))
    return dict(list(sheets.items())[1:])  # the cover says when


def test_no_export_reads_a_practice_cycle(org, request):
    """Every export of the registry, built once before and once after the practice's results
    (one data set for all: each export is compared with itself)."""
    # The practice cycle is the older row: a lookup by year alone would find it first.
    cycle = Cycle.objects.create(year=YEAR, status=CycleStatus.OPEN, practice=True)
    request.getfixturevalue("results")
    real = {identifier: _rows(identifier, org) for identifier in sorted(REGISTRY)}
    for employee in (org.ppk, org.pegawai, org.colleague, org.outsider, org.kepala_unit):
        finalise(skp_for(employee, cycle), B, B, rhks=1, ppk="Latihan")
    changed = [identifier for identifier in real if _rows(identifier, org) != real[identifier]]
    assert changed == []


def test_the_api_leaves_a_practice_cycle_out(org, results, practice):
    _key, text = api_key_issue(
        "SIMPEG",
        whole_agency=True,
        opds=[],
        expires_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
        actor=actor(org.admin_bkd),
    )
    client = Client(HTTP_AUTHORIZATION=f"Api-Key {text}")
    for name in ("evaluations", "skp"):
        found = client.get(reverse(f"api:{name}"), {"cycle": YEAR}).json()
        assert len(found["results"]) == 7, name  # the seven real results, no practice one


def test_the_siasn_push_leaves_a_practice_cycle_out(results, practice):
    practice_ids = {e.pk for e in practice}
    assert not practice_ids & set(push.results(YEAR).values_list("pk", flat=True))
    assert not practice_ids & set(tasks.to_push().values_list("pk", flat=True))
    assert push.results(YEAR).count() == 7


def test_the_tpp_takes_no_predicate_from_a_practice_cycle(org, results):
    """A practice of the next year with a first-quarter result: the latest result of all, yet
    May's allowance still rests on last year's real annual predicate."""
    cycle = Cycle.objects.create(
        year=YEAR + 1, frequency="triwulanan", status=CycleStatus.OPEN, practice=True
    )
    finalise(skp_for(org.pegawai, cycle), B, B, period=1)
    people = gather(MonthSpan(YEAR + 1, 5), org.dinkes.pk)
    assert people[org.pegawai.pk].predicate.name == results.pegawai.predicate


def test_the_charts_show_the_real_year_and_history(org, request, login):
    """The practice of the same year is the older row; the charts, the index of exports and an
    employee's own history still show the real year alone."""
    cycle = Cycle.objects.create(year=YEAR, status=CycleStatus.OPEN, practice=True)
    results = request.getfixturevalue("results")
    finalise(skp_for(org.pegawai, cycle), B, B, rhks=1, ppk="Latihan")
    charts = login("admin_bkd").get(reverse("reports:dashboard"), {"year": YEAR})
    assert charts.context["cycle"] == results.cycle
    index = login("admin_bkd").get(reverse("reports:index"), {"year": YEAR})
    assert index.context["cycle"] == results.cycle
    mine = login("pegawai").get(reverse("reports:dashboard"))
    assert [row[1] for row in mine.context["history"]["rows"]] == [
        dashboards.PREDICATE_LABELS[results.pegawai.predicate]
    ]
