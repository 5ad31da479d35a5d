"""Permission-matrix rows for closing: the admin BKD alone reads the reports and closes.

The matrix posts no confirmation and a reason of "uji": closing with gaps, reopening what is not
closed and reopening an open cycle are refused with a message and a redirect (302).
"""

from tests.matrix import BKD_ONLY, row

BKD_POST = row(302, 403, 403, 403, 403, 403, 403, 302)


def _period(org):
    from tests.appraisal.matrix_rows import KINDS

    return {**KINDS["cycle"](org), "period": 1}


KINDS = {"closing_period": _period}

ROWS = {
    "appraisal:closing": ("get", "cycle", BKD_ONLY),
    "appraisal:closing_report": ("get", "closing_period", BKD_ONLY),
    "appraisal:period_close": ("post", "closing_period", BKD_POST),
    "appraisal:period_reopen": ("post", "closing_period", BKD_POST),
    "appraisal:cycle_close": ("post", "cycle", BKD_POST),
    "appraisal:cycle_reopen": ("post", "cycle", BKD_POST),
}
