"""Permission-matrix rows for the interchange app. The API answers keys, not people: a signed-in
persona is no API client (401 for everyone); tests/interchange/test_api.py runs the keys, of
the whole agency and of one OPD, against every endpoint. The documentation is for admins."""

from tests.matrix import BKD_ONLY, row

NOT_A_CLIENT = row(*[401] * 8)
ADMINS_READ = row(302, 403, 403, 403, 403, 200, 200, 200)


def _api_key(org):
    import datetime as dt

    from django.utils import timezone

    from interchange.api.keys import api_key_issue
    from tests.actors import actor

    key, _text = api_key_issue(
        "SIMPEG",
        whole_agency=True,
        opds=[],
        expires_on=timezone.localdate() + dt.timedelta(days=30),
        actor=actor(org.admin_bkd),
    )
    return {"public_id": key.public_id}


def _pushed_result(org):
    """The pegawai's first quarter, finalised, whose push to SIASN failed."""
    from appraisal.evaluation import services as ev
    from appraisal.evaluation.models import Evaluation
    from interchange.siasn.models import PushState, ResultPush
    from tests.actors import actor
    from tests.appraisal.matrix_rows_evaluation import _evaluation
    from tests.appraisal.test_evaluation_pdf import scored

    skp = Evaluation.objects.get(public_id=_evaluation(org)["public_id"]).skp
    evaluation = ev.evaluation_finalise(scored(skp), actor=actor(org.ppk))
    ResultPush.objects.create(
        evaluation=evaluation, endpoint="kinerjaperiodik/save", state=PushState.FAILED
    )
    return {"public_id": evaluation.public_id}


def _siasn_pull(org):
    """A reading of SIASN that found nothing to change."""
    from interchange.siasn.models import PullState, SiasnPull

    pull = SiasnPull.objects.create(started_by=org.admin_bkd.user, state=PullState.NOTHING)
    return {"public_id": pull.public_id}


KINDS = {
    "siasn_pull": _siasn_pull,
    "api_key": _api_key,
    "siasn_result": _pushed_result,
    "api_nip": lambda org: {"nip": org.pegawai.nip},
}

ROWS = {
    "api:units": ("get", None, NOT_A_CLIENT),
    "api:employees": ("get", None, NOT_A_CLIENT),
    "api:employee": ("get", "api_nip", NOT_A_CLIENT),
    "api:skp": ("get", None, NOT_A_CLIENT),
    "api:evaluations": ("get", None, NOT_A_CLIENT),
    "api:unit_predicates": ("get", None, NOT_A_CLIENT),
    "api:tpp": ("get", None, NOT_A_CLIENT),
    "api:schema": ("get", None, ADMINS_READ),
    "api:docs": ("get", None, ADMINS_READ),
    "interchange:api_keys": ("get", None, BKD_ONLY),
    "interchange:api_key_revoke": ("post", "api_key", row(302, 403, 403, 403, 403, 403, 403, 302)),
    "interchange:siasn_status": ("get", None, BKD_ONLY),
    "interchange:siasn_retry_all": ("post", None, row(302, 403, 403, 403, 403, 403, 403, 302)),
    "interchange:siasn_check_references": (
        "post",
        None,
        row(302, 403, 403, 403, 403, 403, 403, 302),
    ),
    # Without SIASN configured (as the matrix runs) the admin BKD is told so and sent back.
    "interchange:siasn_pull_start": ("post", None, row(302, 403, 403, 403, 403, 403, 403, 302)),
    "interchange:siasn_pull": ("get", "siasn_pull", BKD_ONLY),
    "interchange:siasn_push_year": ("post", None, row(302, 403, 403, 403, 403, 403, 403, 302)),
    "interchange:siasn_retry": (
        "post",
        "siasn_result",
        row(302, 403, 403, 403, 403, 403, 403, 302),
    ),
}
