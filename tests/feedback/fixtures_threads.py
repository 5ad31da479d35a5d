# ruff: noqa: F811 - pytest fixtures are imported, then named as parameters
"""Fixtures for feedback threads and coaching: import them into a test module
(`from tests.feedback.fixtures_threads import *`) so pytest finds them.

The pegawai's approved SKP sits under the approved chain kadis → kabid → kasi: the kasi (ppk
persona) is their PPK, the kabid (atasan_ppk persona) their Atasan PPK.
"""

import pytest
from django.utils import timezone

from appraisal.evaluation import services as ev
from appraisal.objections import services as objections
from appraisal.realisation import services as rs
from tests.actors import actor, system
from tests.appraisal.conftest import Plan, approved, cycle, open_cycle_for, plan  # noqa: F401


def approved_skp(org):
    """The pegawai's approved SKP, built once (the database is the cache): for matrix rows."""
    from appraisal.choices import SkpStatus
    from appraisal.cycles.models import Cycle
    from appraisal.plans.models import Skp

    skp = Skp.objects.filter(employee=org.pegawai, status=SkpStatus.APPROVED).first()
    if skp is not None:
        return skp
    year = timezone.localdate().year
    found = Cycle.objects.filter(year=year).first() or open_cycle_for(year)
    chain = Plan(org, found)
    *_, kasi = chain.chain()
    return chain.approved(org.pegawai, linked_to=kasi.rhks.get())


def realised(skp, period=1):
    """A saved realisation of the period with a value for every IKI."""
    realisation = rs.realisation_for(skp, period, actor=system())
    values = {
        iki.pk: (None, "Sudah dikerjakan") for rhk in skp.rhks.all() for iki in rhk.ikis.all()
    }
    rs.realisation_save(realisation, values, "", "", actor=actor(skp.employee))
    return realisation


def objected(org, skp, period=1):
    """The period's evaluation finalised by the PPK, received, and objected to (open)."""
    evaluation = ev.evaluation_for(skp, period, actor=system())
    evaluation = ev.evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil="SESUAI_EKSPEKTASI",
        rating_perilaku="SESUAI_EKSPEKTASI",
        actor=actor(org.ppk),
    )
    evaluation = ev.evaluation_finalise(evaluation, actor=actor(org.ppk))
    evaluation = ev.evaluation_acknowledge(evaluation, actor=actor(org.pegawai))
    return objections.objection_file(evaluation, "Alasan keberatan", actor=actor(org.pegawai))


@pytest.fixture
def skp(approved):
    return approved


@pytest.fixture
def realisation(skp):
    return realised(skp)


@pytest.fixture
def rhk(skp):
    return skp.rhks.get()
