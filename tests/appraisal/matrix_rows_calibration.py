"""Permission-matrix rows for calibration (domain §6).

The surveillance section (DINKES.SURV) has its organisational predicate for period 1 (Baik), set
by the kabid (atasan_ppk persona, the leader one level up), and one member rated Baik: a breach
of the Baik pattern (at most 70 % Baik, at least one Butuh Perbaikan or Kurang). Its kasi (ppk persona) heads it and
may look; the kabid and the kepala dinas may set the predicate; the admin OPD may finalise. The
matrix posts no predicate and no justification, so those allowed see the page again (200) with
the refusal; everyone else is refused first.
"""

from tests.matrix import BKD_ONLY, row

HEADS_AND_ADMINS = row(302, 403, 200, 200, 200, 200, 200, 200)
UNIT_VISIBLE = row(302, 403, 200, 200, 200, 200, 404, 200)
SETS_PREDICATE = row(302, 403, 403, 200, 200, 403, 404, 200)
FINALISES = row(302, 403, 403, 200, 200, 200, 404, 200)
# Reopening a finalised unit: the admin BKD alone (issue 20, point 10); the unit of the matrix is
# not finalised, so the admin BKD is sent back to its page with the refusal.
REOPENS = row(302, 403, 403, 403, 403, 403, 404, 302)


def _calibration(org):
    import datetime as dt

    from django.utils import timezone

    from appraisal.choices import EvaluationStatus, SkpStatus
    from appraisal.cycles.models import Cycle, UnitPredicate
    from appraisal.evaluation.models import Evaluation
    from appraisal.plans.models import Skp
    from tests.appraisal.conftest import open_cycle_for
    from tests.factories import EmployeeFactory, place

    year = timezone.localdate().year
    cycle = Cycle.objects.filter(year=year).first() or open_cycle_for(year)
    _, created = UnitPredicate.objects.get_or_create(
        cycle=cycle,
        unit=org.surv,
        period=1,
        defaults={"predicate": "BAIK", "set_by": org.atasan_ppk.user},
    )
    if created:
        rated = place(EmployeeFactory(), org.staff_pos)
        skp = Skp.objects.create(
            cycle=cycle,
            employee=rated,
            position=org.staff_pos,
            start_date=dt.date(year, 1, 1),
            end_date=dt.date(year, 12, 31),
            status=SkpStatus.APPROVED,
        )
        Evaluation.objects.create(
            skp=skp,
            period=1,
            status=EvaluationStatus.FINALISED,
            rating_hasil="SESUAI_EKSPEKTASI",
            rating_perilaku="SESUAI_EKSPEKTASI",
            predicate="BAIK",
        )
    return {"year": cycle.year, "code": org.surv.code, "period": 1}


def _cycle(org):
    return {"year": _calibration(org)["year"]}


KINDS = {
    "calibration": _calibration,
    "calibration_cycle": _cycle,
}

ROWS = {
    "appraisal:calibration_list": ("get", None, HEADS_AND_ADMINS),
    "appraisal:calibration": ("get", "calibration", UNIT_VISIBLE),
    "appraisal:unit_predicate_set": ("post", "calibration", SETS_PREDICATE),
    "appraisal:unit_finalise": ("post", "calibration", FINALISES),
    "appraisal:unit_reopen": ("post", "calibration", REOPENS),
    "appraisal:unit_predicate_pdf": ("get", "calibration", UNIT_VISIBLE),
    "appraisal:distribution_limits": ("get", "calibration_cycle", BKD_ONLY),
}

POST_ROWS = {
    # An empty POST: the admin BKD sees the table again with the missing reason.
    "appraisal:distribution_limits": ("calibration_cycle", BKD_ONLY),
    "appraisal:unit_finalise": ("calibration", FINALISES),
}
