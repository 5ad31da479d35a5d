"""How a notification travels beyond the inbox."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailMode(models.TextChoices):
    # No "never": deadline reminders always reach the person by e-mail too (issue 6).
    EACH = "each", _("Every notification by e-mail, as it happens")
    DIGEST = "digest", _("One e-mail a day with everything new")
    DEADLINES = "deadlines", _("Only deadline reminders by e-mail; the rest in the app")


class EmailStatus(models.TextChoices):
    NONE = "none", _("Not e-mailed")
    PENDING = "pending", _("Waiting to be sent")
    DIGEST = "digest", _("Waiting for the daily digest")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# The day after the deadline: the one reminder that says it has passed.
OVERDUE = -1
