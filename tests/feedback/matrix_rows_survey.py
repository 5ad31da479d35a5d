"""Permission-matrix rows for 360 input: the PPK opens and reads a round, the respondent answers;
everyone else, the employee first, gets 404 (nothing confirms that a round exists)."""

from tests.matrix import EVERYONE_LOGGED_IN, row

PPK_ONLY = row(302, 404, 200, 404, 404, 404, 404, 404)
PEGAWAI_ONLY = row(302, 200, 404, 404, 404, 404, 404, 404)


def _round(org):
    from tests.feedback.fixtures_survey import round_about_pegawai

    return {"public_id": round_about_pegawai(org).public_id}


def _request(org):
    from tests.feedback.fixtures_survey import request_of_pegawai

    return {"public_id": request_of_pegawai(org).public_id}


def _new_round(org):
    from tests.feedback.fixtures_survey import the_cycle

    the_cycle()
    return {"nip": org.pegawai.nip}


KINDS = {
    "survey_round": _round,
    "survey_request": _request,
    "survey_new_round": _new_round,
}

ROWS = {
    "feedback:survey_home": ("get", None, EVERYONE_LOGGED_IN),
    # Only the pegawai's PPK opens a round about them; the pegawai themself finds nothing.
    "feedback:survey_open": ("get", "survey_new_round", PPK_ONLY),
    "feedback:survey_round": ("get", "survey_round", PPK_ONLY),
    # A request about the kasi sent to the pegawai: theirs alone (the kasi, asked about, gets 404).
    "feedback:survey_answer": ("get", "survey_request", PEGAWAI_ONLY),
}

POST_ROWS = {
    # An empty POST re-shows the form with its errors to the one allowed; others are refused.
    "feedback:survey_open": ("survey_new_round", PPK_ONLY),
    "feedback:survey_answer": ("survey_request", PEGAWAI_ONLY),
}
