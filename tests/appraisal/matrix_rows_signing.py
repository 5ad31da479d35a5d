"""Permission-matrix rows for electronic signing. The matrix runs without ESIGN_BACKEND: the
signing pages do not exist (404 for everyone signed in), and the decide-and-sign forms answer
like the decisions they wrap (the PPK is sent back: nothing to sign with). tests/appraisal/
test_signing.py runs the same pages with the local backend, including who may not sign."""

from tests.appraisal.matrix_rows import PPK_POST
from tests.appraisal.matrix_rows_calibration import SETS_PREDICATE
from tests.appraisal.matrix_rows_objections import ATASAN_ONLY
from tests.matrix import row

NOT_CONFIGURED = row(302, 404, 404, 404, 404, 404, 404, 404)

ROWS = {
    "appraisal:documents_to_sign": ("get", None, NOT_CONFIGURED),
    "appraisal:signing_code": ("post", None, NOT_CONFIGURED),
    "appraisal:signature_panel": ("get", None, NOT_CONFIGURED),
    "appraisal:skp_approve_and_sign": ("post", "skp", PPK_POST),
    "appraisal:evaluation_finalise_and_sign": (
        "post",
        "evaluation",
        row(302, 404, 200, 403, 403, 403, 404, 403),
    ),
    "appraisal:objection_decide_and_sign": ("post", "objection", ATASAN_ONLY),
    "appraisal:unit_predicate_set_and_sign": ("post", "calibration", SETS_PREDICATE),
    "org:signing_certificates": ("get", None, NOT_CONFIGURED),
    "org:signing_certificate_withdraw": ("post", "signing_credential", NOT_CONFIGURED),
}

KINDS = {"signing_credential": lambda org: {"public_id": "00000000-0000-0000-0000-000000000001"}}
