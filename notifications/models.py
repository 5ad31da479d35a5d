"""The in-app inbox: one row per message to one person.

The message is stored as an English msgid with its parameters, not as rendered text, so each
recipient reads it in the language they use when they open the inbox (Indonesian or English).
"""

import contextlib
import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.text import one_full_stop
from notifications.choices import ChannelMode, DeliveryStatus, EmailMode, EmailStatus


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
    # The e-mail channel (an outbox): written with the row, sent after commit by a task; the
    # hourly catch-up sends what a lost enqueue or a dead worker left pending.
    email_status = models.CharField(
        _("e-mail"), max_length=8, choices=EmailStatus.choices, default=EmailStatus.NONE
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_error = models.CharField(max_length=500, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(
                fields=["email_status", "created_at"],
                name="notification_outbox_idx",
                condition=Q(email_status__in=["pending", "digest", "failed"]),
            ),
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
        params = display_params(self.params)
        for template in (gettext(self.message), self.message):
            try:
                return one_full_stop(template % params)  # a name ending in "M.M." ends it
            except (KeyError, TypeError, ValueError):
                continue
        return self.message


NAMES_SHOWN = 10


def display_params(params) -> dict:
    """Stored params as shown: a ``date`` or ``*_date`` ISO date in the reader's language
    ("31 Desember 2026"), a list of names cut to the first ten ("… and 5 more")."""
    if not isinstance(params, dict):
        return {}
    shown = {}
    for key, value in params.items():
        if (key == "date" or key.endswith("_date")) and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = formats.date_format(dt.date.fromisoformat(value), "j F Y")
        elif isinstance(value, list):
            names = ", ".join(str(v) for v in value[:NAMES_SHOWN])
            more = len(value) - NAMES_SHOWN
            value = (
                names
                if more <= 0
                else gettext("%(names)s and %(more)s more")
                % {
                    "names": names,
                    "more": more,
                }
            )
        shown[key] = value
    return shown


class DeliveryPreference(models.Model):
    """How a person wants their notifications by e-mail (absent: every one, as it happens)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delivery_preference"
    )
    email_mode = models.CharField(
        _("e-mail"), max_length=10, choices=EmailMode.choices, default=EmailMode.EACH
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delivery preference")
        verbose_name_plural = _("delivery preferences")

    def __str__(self) -> str:
        return f"{self.user} – {self.email_mode}"


class Reminder(models.Model):
    """The persisted marker of one deadline reminder: (person, item, deadline, offset) is sent
    once. The unique constraint is what makes a second run, or two workers at once, send nothing
    twice; a new deadline (an extension) is a new key, so reminders start again for it."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    item = models.CharField(max_length=120)
    deadline = models.DateField()
    # Days before the deadline (7, 3, 1; or the days left when an admin sends one by hand);
    # OVERDUE (-1) is the day after.
    offset = models.SmallIntegerField()
    kind = models.CharField(max_length=30, db_index=True)
    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="reminder"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # When the run found the duty met (or no longer possible): the inbox shows it as done.
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "item", "deadline", "offset"], name="reminder_sent_once"
            )
        ]
        indexes = [
            # What a run settles: the reminders not yet done (few, whatever the table's size).
            models.Index(
                fields=["created_at"], name="reminder_open_idx", condition=Q(done_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.item} {self.deadline} {self.offset}"


class EmailDigest(models.Model):
    """One daily digest e-mail per person per day (the marker that keeps it to one)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_digests"
    )
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="email_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.day}"


class ChannelAddress(models.Model):
    """Where one person is reached through one channel beside e-mail (notifications.channels):
    a phone number, verified by a code sent through the channel itself, or a Telegram chat,
    linked when the bot receives the person's single-use token. Used only once verified."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_addresses"
    )
    channel = models.CharField(_("channel"), max_length=20)
    # International digits (6281234567890) or a Telegram chat id; empty until linked.
    address = models.CharField(_("address"), max_length=64, blank=True)
    mode = models.CharField(
        _("receive"), max_length=10, choices=ChannelMode.choices, default=ChannelMode.DEADLINES
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The pending proof: a one-time code (phone) or link token (Telegram), kept as a hash.
    secret_hash = models.CharField(max_length=128, blank=True)
    secret_sent_at = models.DateTimeField(null=True, blank=True)
    secret_attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("channel address")
        verbose_name_plural = _("channel addresses")
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="channel_address_one_each")
        ]
        indexes = [models.Index(fields=["channel", "address"], name="channel_address_lookup")]

    def __str__(self) -> str:
        return f"{self.user} {self.channel}"

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None and bool(self.address)


class ChannelDelivery(models.Model):
    """One notification sent through one channel: written with the notification (so a reminder
    marker has at most one per channel), sent after commit, claimed under a row lock, retried
    with backoff; `error` keeps the provider's own message for the reminders page."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="channel_deliveries"
    )
    channel = models.CharField(_("channel"), max_length=20)
    address = models.CharField(max_length=64)
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(_("error"), max_length=500, blank=True)
    provider_id = models.CharField(max_length=128, blank=True)
    # After a transient failure: not before this moment (the backoff, or the provider's
    # retry_after), for the hourly catch-up as much as for the task's own retry.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("channel delivery")
        verbose_name_plural = _("channel deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="channel_delivery_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="channel_delivery_open_idx",
                condition=Q(status__in=["pending", "failed"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} {self.channel} {self.status}"

    @property
    def channel_label(self) -> str:
        return channel_label(self.channel)


def channel_label(name: str) -> str:
    from notifications.channels import ALL

    channel = ALL.get(name)
    return str(channel.label) if channel else name
