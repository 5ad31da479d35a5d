"""Permission-matrix rows for evaluations: the PPK scores, the employee reads and acknowledges."""

from tests.actors import system
from tests.matrix import BKD_ONLY, EVERYONE_LOGGED_IN, row

# The pegawai's approved SKP with its period-1 evaluation (a draft); the kasi (ppk) scores it.
# A draft: the employee sees it only once it is final.
EVALUATION_VIEW = row(302, 404, 200, 200, 200, 200, 404, 200)
PPK_ONLY_POST = row(302, 404, 302, 403, 403, 403, 404, 403)
OWNER_ONLY_POST = row(302, 404, 403, 403, 403, 403, 404, 403)
APPRAISERS = row(302, 403, 200, 200, 200, 403, 403, 403)


def _approved_skp(org):
    from appraisal.cycles.models import Cycle
    from appraisal.plans.models import Skp
    from tests.appraisal.conftest import Plan, open_cycle_for

    existing = Skp.objects.filter(employee=org.pegawai, status="approved").first()
    if existing:
        return existing
    from django.utils import timezone

    year = timezone.localdate().year
    cycle = Cycle.objects.filter(year=year).first() or open_cycle_for(year)
    plan = Plan(org, cycle)
    *_, kasi = plan.chain()
    return plan.approved(org.pegawai, linked_to=kasi.rhks.get())


def _evaluation(org):
    from appraisal.evaluation.services import evaluation_for

    return {"public_id": evaluation_for(_approved_skp(org), 1, actor=system()).public_id}


KINDS = {
    "evaluation": _evaluation,
    "skp_period": lambda org: {"public_id": _approved_skp(org).public_id, "period": 1},
}

ROWS = {
    # Opening a new sheet is the PPK's; others who may see the SKP find nothing yet (404).
    "appraisal:evaluation_start": (
        "get",
        "skp_period",
        row(302, 404, 302, 404, 404, 404, 404, 404),
    ),
    "appraisal:evaluation": ("get", "evaluation", EVALUATION_VIEW),
    # A draft cannot be finalised without ratings: the PPK is sent back with a message.
    "appraisal:evaluation_finalise": ("post", "evaluation", PPK_ONLY_POST),
    # Not finalised yet: the owner is told so; others are refused.
    "appraisal:evaluation_acknowledge": ("post", "evaluation", OWNER_ONLY_POST),
    "appraisal:evaluation_pdf": ("get", "evaluation", EVALUATION_VIEW),
    "appraisal:evaluation_document_pdf": ("get", "evaluation", EVALUATION_VIEW),
    "appraisal:my_results": ("get", None, EVERYONE_LOGGED_IN),
    "appraisal:team_scoring": ("get", None, APPRAISERS),
    # The Kepala Daerah's decisions on the heads of OPD, recorded by the admin BKD.
    "appraisal:head_scoring": ("get", None, BKD_ONLY),
    # Without htmx the row posts like a form and is sent back to the page.
    "appraisal:team_scoring_row": ("post", "evaluation", PPK_ONLY_POST),
}

POST_ROWS = {
    # An empty POST re-shows the form to the PPK; the owner and others are refused.
    "appraisal:evaluation": ("evaluation", row(302, 404, 200, 403, 403, 403, 404, 403)),
}
