"""The words of deadline reminders: the kinds (stored on each marker) and their messages.

Messages are English msgids (translated when read); each kind has one before the deadline and
one for the day after it (overdue).
"""

from django.utils.translation import gettext_lazy, gettext_noop

from notifications.extensions import ReminderKind
from notifications.schedule import OVERDUE

# Kinds of reminder (stored on the marker, counted on the admin page).
SKP_SUBMIT, SKP_APPROVE = "skp_submit", "skp_approve"
REALISATION, EVALUATION = "realisation", "evaluation"
OBJECTION, ACKNOWLEDGE, ESCALATION = "objection", "acknowledge", "escalation"

# Registered on notifications.extensions.reminder_kinds (appraisal/apps.py).
KINDS = (
    ReminderKind(SKP_SUBMIT, gettext_lazy("Pegawai: SKP not submitted")),
    ReminderKind(SKP_APPROVE, gettext_lazy("PPK: SKP awaiting approval")),
    ReminderKind(REALISATION, gettext_lazy("Pegawai: realisation not submitted")),
    ReminderKind(EVALUATION, gettext_lazy("PPK: evaluations not finalised")),
    ReminderKind(OBJECTION, gettext_lazy("Atasan PPK: objections to decide")),
    ReminderKind(ACKNOWLEDGE, gettext_lazy("Pegawai: result not acknowledged")),
    ReminderKind(ESCALATION, gettext_lazy("Overdue lists for heads and admins")),
)

MESSAGES = {
    (SKP_SUBMIT, False): gettext_noop(
        "Your SKP %(year)s is not submitted yet. The %(window)s window closes on %(deadline_date)s."
    ),
    (SKP_SUBMIT, True): gettext_noop(
        "The %(window)s window closed on %(deadline_date)s and your SKP %(year)s is not "
        "submitted. Ask your admin for an extension."
    ),
    (SKP_APPROVE, False): gettext_noop(
        "%(count)s SKP await your approval. The %(window)s window closes on %(deadline_date)s."
    ),
    (SKP_APPROVE, True): gettext_noop(
        "%(count)s SKP still await your approval and the %(window)s window closed on "
        "%(deadline_date)s."
    ),
    (REALISATION, False): gettext_noop(
        "Your realisation for %(period)s is not submitted yet. The window closes on "
        "%(deadline_date)s."
    ),
    (REALISATION, True): gettext_noop(
        "The window for %(period)s closed on %(deadline_date)s and your realisation is not "
        "submitted. Ask your admin for an extension."
    ),
    (EVALUATION, False): gettext_noop(
        "%(count)s evaluations of %(period)s are not finalised yet. The window closes on "
        "%(deadline_date)s."
    ),
    (EVALUATION, True): gettext_noop(
        "%(count)s evaluations of %(period)s are still not finalised and the window closed on "
        "%(deadline_date)s."
    ),
    (OBJECTION, False): gettext_noop(
        "The objection of %(name)s awaits your decision, due by %(deadline_date)s."
    ),
    (OBJECTION, True): gettext_noop(
        "The objection of %(name)s was due for your decision by %(deadline_date)s and is still "
        "open."
    ),
    (ACKNOWLEDGE, False): gettext_noop(
        "Your evaluation %(period)s is final. Open it and confirm you received it by "
        "%(deadline_date)s."
    ),
    (ACKNOWLEDGE, True): gettext_noop(
        "Your evaluation %(period)s is final and still waits for you to confirm you received "
        "it (due %(deadline_date)s)."
    ),
    (ESCALATION, True): gettext_noop(
        "Past the deadline of %(what)s (%(deadline_date)s), %(count)s still have not acted: "
        "%(names)s."
    ),
}


def message(kind: str, offset: int) -> str:
    return MESSAGES[(kind, offset == OVERDUE)]
