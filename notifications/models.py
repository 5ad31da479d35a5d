"""The in-app inbox: one row per message to one person.

The message is stored as an English msgid with its parameters, not as rendered text, so each
recipient reads it in the language they use when they open the inbox (Indonesian or English).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One notification for one recipient: what happened (message + params) and where to look."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # Who caused it; kept (as empty) when that account is deleted, the message names them anyway.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # An English msgid marked with gettext_noop where notify() is called; translated when shown.
    message = models.CharField(_("message"), max_length=255)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def text(self) -> str:
        """The message in the active language, with its parameters filled in.

        A translation whose placeholders do not match the stored params (a typo in the catalogue,
        or a param renamed since the row was written) falls back to the English source, and a
        source that cannot be filled either is shown as it is: an inbox must never crash.
        """
        params = self.params if isinstance(self.params, dict) else {}
        for template in (gettext(self.message), self.message):
            try:
                return template % params
            except (KeyError, TypeError, ValueError):
                continue
        return self.message
