"""Permission-matrix rows for cycles, work plans, the team pages and monitoring.

The pegawai's SKP is a draft with one RHK; the kepala seksi (ppk persona) is their PPK.
"""

from django.utils import timezone

from tests.matrix import ADMINS_IN_SCOPE, ADMINS_ONLY, BKD_ONLY, EVERYONE_LOGGED_IN, row

BKD_POST = row(302, 403, 403, 403, 403, 403, 403, 302)
SKP_VIEW = row(302, 200, 200, 200, 200, 200, 404, 200)
OWNER_GET = row(302, 200, 403, 403, 403, 403, 404, 403)
OWNER_POST = row(302, 302, 403, 403, 403, 403, 404, 403)
PPK_GET = row(302, 403, 200, 403, 403, 403, 404, 403)
PPK_POST = row(302, 403, 302, 403, 403, 403, 404, 403)
APPRAISERS = row(302, 403, 200, 200, 200, 403, 403, 403)


def _cycle(org):
    from appraisal.cycles.models import Cycle
    from tests.appraisal.conftest import open_cycle_for

    year = timezone.localdate().year
    return Cycle.objects.filter(year=year).first() or open_cycle_for(year)


def _pegawai_skp(org):
    from appraisal.plans.models import Skp
    from appraisal.plans.services import edit as skp_edit
    from tests.actors import system
    from tests.appraisal.conftest import Plan

    cycle = _cycle(org)
    skp = Skp.objects.filter(employee=org.pegawai, cycle=cycle).first()
    if skp is None:
        skp = skp_edit.skp_start(org.pegawai, cycle, actor=system())
        Plan(org, cycle).add_rhk(skp, section="tambahan")
    return skp


def _window(org):
    cycle = _cycle(org)
    return {"year": cycle.year, "window_id": cycle.windows.first().pk}


KINDS = {
    "cycle": lambda org: {"year": _cycle(org).year},
    "window": _window,
    "skp": lambda org: {"public_id": _pegawai_skp(org).public_id},
    "rhk": lambda org: {"public_id": _pegawai_skp(org).rhks.first().public_id},
    "opd": lambda org: {"code": org.dinkes.code},
}

ROWS = {
    "appraisal:cycle_list": ("get", None, BKD_ONLY),
    "appraisal:cycle_create": ("get", None, BKD_ONLY),
    "appraisal:cycle_detail": ("get", "cycle", BKD_ONLY),
    "appraisal:cycle_open": ("post", "cycle", BKD_POST),
    "appraisal:window_edit": ("get", "window", BKD_ONLY),
    "appraisal:window_extend": ("get", "window", BKD_ONLY),
    "appraisal:waiver_grant": ("get", "cycle", BKD_ONLY),
    "appraisal:my_skp": ("get", None, EVERYONE_LOGGED_IN),
    "appraisal:skp_start": ("post", None, row(302, 302, 302, 302, 302, 302, 302, 302)),
    "appraisal:skp_detail": ("get", "skp", SKP_VIEW),
    "appraisal:skp_pdf": ("get", "skp", SKP_VIEW),
    "appraisal:skp_approach": ("post", "skp", OWNER_POST),
    "appraisal:skp_copy_previous": ("post", "skp", OWNER_POST),
    "appraisal:rhk_create": ("get", "skp", OWNER_GET),
    # The matrix posts no library entry: the owner is told it does not exist.
    "appraisal:rhk_from_library": ("post", "skp", row(302, 404, 403, 403, 403, 403, 404, 403)),
    "appraisal:skp_examples": ("get", "skp", OWNER_GET),
    # The matrix posts no example: the owner is told it does not exist.
    "appraisal:skp_copy_example": ("post", "skp", row(302, 404, 403, 403, 403, 403, 404, 403)),
    "appraisal:lampiran_edit": ("get", "skp", OWNER_GET),
    "appraisal:rhk_edit": ("get", "rhk", OWNER_GET),
    "appraisal:rhk_delete": ("post", "rhk", OWNER_POST),
    "appraisal:rhk_move": ("post", "rhk", OWNER_POST),
    "appraisal:skp_submit": ("post", "skp", OWNER_POST),
    "appraisal:skp_revise": ("post", "skp", row(302, 302, 302, 403, 403, 403, 404, 403)),
    # The pegawai's SKP is not a revision: the owner is told so; others are refused.
    "appraisal:revision_discard": ("post", "skp", OWNER_POST),
    "appraisal:skp_approve": ("post", "skp", PPK_POST),
    "appraisal:skp_return": ("post", "skp", PPK_POST),
    "appraisal:expectations_edit": ("get", "skp", PPK_GET),
    "appraisal:team": ("get", None, APPRAISERS),
    "appraisal:skp_review": ("get", "skp", PPK_GET),
    "appraisal:role_matrix": ("get", None, APPRAISERS),
    "appraisal:hand_down": ("post", None, row(302, 403, 404, 404, 404, 403, 403, 403)),
    "appraisal:monitoring": ("get", None, ADMINS_ONLY),
    "appraisal:monitoring_opd": ("get", "opd", ADMINS_IN_SCOPE),
    "appraisal:broken_links": ("get", None, ADMINS_ONLY),
    # Reporting-line diagnostics: each admin their scope (another OPD's ?opd= is 404, tested in
    # tests/appraisal/test_diagnostics.py).
    "appraisal:line_diagnostics": ("get", None, ADMINS_ONLY),
}

POST_ROWS = {
    "appraisal:cycle_create": (None, BKD_ONLY),
    "appraisal:window_edit": ("window", BKD_ONLY),
    "appraisal:window_extend": ("window", BKD_ONLY),
    "appraisal:waiver_grant": ("cycle", BKD_ONLY),
    "appraisal:rhk_create": ("skp", OWNER_GET),
    "appraisal:rhk_edit": ("rhk", OWNER_GET),
    "appraisal:lampiran_edit": ("skp", OWNER_GET),
    "appraisal:expectations_edit": ("skp", PPK_GET),
}
