"""Deadline reminders in the permission matrix: the admin BKD's page and actions only."""

from tests.appraisal.matrix_rows import _cycle
from tests.matrix import BKD_ONLY, row

BKD_POST = row(302, 403, 403, 403, 403, 403, 403, 302)

ROWS = {
    "appraisal:reminders": ("get", None, BKD_ONLY),
    "appraisal:reminder_window_counts": ("get", "window_of_cycle", BKD_ONLY),
    "appraisal:reminders_send": ("post", "window_of_cycle", BKD_POST),
    "appraisal:reminders_retry": ("post", None, BKD_POST),
}

KINDS = {"window_of_cycle": lambda org: {"window_id": _cycle(org).windows.first().pk}}
