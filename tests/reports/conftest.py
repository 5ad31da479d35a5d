"""A small known data set for the reports: the 2025 cycle with finalised annual evaluations.

Expected agency ranking (predicate, rating hasil, rating perilaku, share of RHK above):
  1 Kasi Surveilans     Sangat Baik, 1 of 1 RHK above            (DINKES)
  2 Pegawai Surveilans  Sangat Baik, 1 of 2 above  } a tie: same key, listed by name
  2 Rekan Surveilans    Sangat Baik, 2 of 4 above  }
  4 Guru Luar           Baik (hasil Di Atas, perilaku Sesuai)    (DISDIK)
  5 Kabid P2P           Baik (hasil Sesuai, perilaku Di Atas)
  6 Kadis Kesehatan     Butuh Perbaikan
  7 Admin Dinkes        Kurang/Misconduct
The kasi (ppk persona) appraises the pegawai and the colleague: that is their team.
"""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from appraisal import rules
from appraisal.choices import CycleStatus, EvaluationStatus, SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.evaluation.models import Evaluation, RhkAssessment
from appraisal.plans.models import Rhk, Skp

YEAR = 2025
A, S, B = "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"


def skp_for(employee, cycle, position=None, start=None, end=None):
    return Skp.objects.create(
        cycle=cycle,
        employee=employee,
        position=position or employee.position,
        start_date=start or dt.date(cycle.year, 1, 1),
        end_date=end or dt.date(cycle.year, 12, 31),
        status=SkpStatus.APPROVED,
    )


def finalise(skp, hasil, perilaku, *, period=0, rhks=0, above=0, ppk="", notes=""):
    """A finalised evaluation with `rhks` RHK in the SKP, `above` of them labelled Di Atas."""
    predicate = rules.employee_predicate(rules.Rating[hasil], rules.Rating[perilaku])
    evaluation = Evaluation.objects.create(
        skp=skp,
        period=period,
        status=EvaluationStatus.FINALISED,
        rating_hasil=hasil,
        rating_perilaku=perilaku,
        predicate=predicate.name,
        ppk_name=ppk,
        notes=notes,
        finalised_at=timezone.make_aware(dt.datetime(skp.cycle.year + 1, 1, 20, 9, 30)),
    )
    existing = list(skp.rhks.all())
    for index in range(len(existing), rhks):
        existing.append(Rhk.objects.create(skp=skp, section="utama", text=f"RHK {index + 1}"))
    for rhk in existing[:above]:
        RhkAssessment.objects.create(evaluation=evaluation, rhk=rhk, label=A)
    return evaluation


@pytest.fixture
def cycle_2025(org):
    return Cycle.objects.create(year=YEAR, status=CycleStatus.OPEN)


@pytest.fixture
def results(org, cycle_2025):
    c = cycle_2025
    ns = SimpleNamespace(cycle=c)
    ns.kasi = finalise(skp_for(org.ppk, c), A, A, rhks=1, above=1, ppk="Kabid P2P")
    ns.pegawai = finalise(
        skp_for(org.pegawai, c), A, A, rhks=2, above=1, ppk="Kasi Surveilans", notes="Teladan"
    )
    ns.colleague = finalise(skp_for(org.colleague, c), A, A, rhks=4, above=2, ppk="Kasi Surveilans")
    ns.outsider = finalise(skp_for(org.outsider, c), A, S, rhks=1, ppk="Kadis Pendidikan")
    ns.kabid = finalise(skp_for(org.atasan_ppk, c), S, A, ppk="Kadis Kesehatan")
    ns.kadis = finalise(
        skp_for(org.kepala_unit, c), B, S, ppk="", notes="Ikut pelatihan kepemimpinan"
    )
    ns.admin = finalise(
        skp_for(org.admin_opd, c), S, B, ppk="Kadis Kesehatan", notes="Pembinaan disiplin"
    )
    return ns


def read_workbook(source):
    """{sheet title: [row tuples]} of an .xlsx (bytes or a path), read back with openpyxl."""
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)
    return workbook, {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook}


def export_bytes(
    identifier, scope, *, year=YEAR, opd="", period=None, month=None, generated_by="Uji"
):
    import io

    from reports.exporters import exporter_class, resolve_params, write_workbook

    cls = exporter_class(identifier)
    month = month or (1 if cls.uses_month else None)  # January, for the exports of one month
    params = resolve_params(cls, scope, year=year, opd_code=opd, period=period, month=month)
    stream = io.BytesIO()
    write_workbook(cls(params, scope), stream, generated_by=generated_by)
    return stream.getvalue()
