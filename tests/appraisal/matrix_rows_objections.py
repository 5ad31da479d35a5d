"""Permission-matrix rows for objections (keberatan).

The pegawai's period-1 evaluation is finalised by the kasi (ppk persona) and acknowledged; the
kabid (atasan_ppk persona) is the Atasan PPK who decides. The matrix posts no message text and no
decision, so the parties see their form again (200); everyone else is refused first.
"""

from tests.actors import system
from tests.matrix import EVERYONE_LOGGED_IN, row

OWNER_ONLY = row(302, 200, 403, 403, 403, 403, 404, 403)
VISIBLE = row(302, 200, 200, 200, 200, 200, 404, 200)
PARTIES = row(302, 200, 200, 200, 403, 403, 404, 403)
ATASAN_ONLY = row(302, 403, 403, 200, 403, 403, 404, 403)


def _received_evaluation(org):
    from appraisal.cycles.models import Cycle
    from appraisal.evaluation import services as ev
    from appraisal.evaluation.models import Evaluation
    from tests.actors import actor
    from tests.appraisal.conftest import Plan, open_cycle_for

    found = Evaluation.objects.filter(skp__employee=org.pegawai, period=1).first()
    if found is not None:
        return found
    from django.utils import timezone

    year = timezone.localdate().year
    cycle = Cycle.objects.filter(year=year).first() or open_cycle_for(year)
    plan = Plan(org, cycle)
    *_, kasi = plan.chain()
    skp = plan.approved(org.pegawai, linked_to=kasi.rhks.get())
    e = ev.evaluation_for(skp, 1, actor=system())
    e = ev.evaluation_save(
        e,
        expected_version=e.version,
        rating_hasil="SESUAI_EKSPEKTASI",
        rating_perilaku="SESUAI_EKSPEKTASI",
        actor=actor(org.ppk),
    )
    e = ev.evaluation_finalise(e, actor=actor(org.ppk))
    return ev.evaluation_acknowledge(e, actor=actor(org.pegawai))


def _objection(org):
    from appraisal.objections import services as objections
    from tests.actors import actor

    evaluation = _received_evaluation(org)
    return objections.objection_file(evaluation, "Alasan keberatan", actor=actor(org.pegawai))


KINDS = {
    "evaluation_for_objection": lambda org: {"public_id": _received_evaluation(org).public_id},
    "objection": lambda org: {"public_id": _objection(org).public_id},
}

ROWS = {
    "appraisal:objection_file": ("get", "evaluation_for_objection", OWNER_ONLY),
    "appraisal:objection_queue": ("get", None, EVERYONE_LOGGED_IN),
    "appraisal:objection_detail": ("get", "objection", VISIBLE),
    "appraisal:objection_message": ("post", "objection", PARTIES),
    "appraisal:objection_decide": ("post", "objection", ATASAN_ONLY),
}

POST_ROWS = {
    # An empty POST: the employee sees the form again with the missing reasons.
    "appraisal:objection_file": ("evaluation_for_objection", OWNER_ONLY),
}
