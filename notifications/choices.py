"""How a notification travels beyond the inbox."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailMode(models.TextChoices):
    # Deadline reminders always reach the person: by e-mail, or by a channel they chose (OFF).
    EACH = "each", _("Every notification by e-mail, as it happens")
    DIGEST = "digest", _("One e-mail a day with everything new")
    DEADLINES = "deadlines", _("Only deadline reminders by e-mail; the rest in the app")
    # Only while another channel carries the deadline reminders (notifications.channels).
    OFF = "off", _("Nothing by e-mail: my reminders come through another channel")


class EmailStatus(models.TextChoices):
    NONE = "none", _("Not e-mailed")
    PENDING = "pending", _("Waiting to be sent")
    DIGEST = "digest", _("Waiting for the daily digest")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


# The day after the deadline: the one reminder that says it has passed.
OVERDUE = -1


class ChannelMode(models.TextChoices):
    """What a person receives through one of their channels beside e-mail."""

    EACH = "each", _("Every notification")
    DEADLINES = "deadlines", _("Only deadline reminders")
    OFF = "off", _("Nothing")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
