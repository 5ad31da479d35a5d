"""Public feedback: citizens rate a unit's service, or a front-line ASN's, without an account,
through a short URL printed on a QR poster. Nothing a citizen wrote is ever edited: an admin OPD
may hide a comment, with a reason. Refused or silently dropped submissions are counted per
channel and day and reason (never stored)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.org.models import Employee, OrgUnit
from feedback.choices import DropReason


class PublicChannel(models.Model):
    """Where feedback is given: a unit, or one ASN of it (front-line staff the unit chooses)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("short code"), max_length=12, unique=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="public_channels")
    employee = models.ForeignKey(
        Employee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="public_channels",
    )
    active = models.BooleanField(_("accepting feedback"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("public feedback channel")
        verbose_name_plural = _("public feedback channels")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(employee__isnull=True), name="one_channel_per_unit"
            ),
            models.UniqueConstraint(
                fields=["employee"],
                condition=Q(employee__isnull=False),
                name="one_channel_per_employee",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.employee or self.unit}"


class PublicFeedback(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    channel = models.ForeignKey(PublicChannel, on_delete=models.PROTECT, related_name="feedback")
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    keramahan = models.PositiveSmallIntegerField()
    kecepatan = models.PositiveSmallIntegerField()
    kejelasan = models.PositiveSmallIntegerField()
    comment = models.TextField(_("comment"), blank=True)
    contact = models.CharField(_("contact"), max_length=120, blank=True)
    # A keyed hash of the client address and of the text: enough to spot a repeat, never the
    # address itself.
    client_hash = models.CharField(max_length=64, db_index=True)
    content_hash = models.CharField(max_length=64)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("public feedback")
        verbose_name_plural = _("public feedback")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["channel", "submitted_at"], name="public_feedback_channel_idx")
        ]
        constraints = [
            models.CheckConstraint(
                name="public_feedback_scores_1_to_5",
                condition=Q(keramahan__range=(1, 5), kecepatan__range=(1, 5),
                            kejelasan__range=(1, 5)),
            ),
            models.CheckConstraint(
                name="public_feedback_hidden_has_reason",
                condition=Q(hidden_at__isnull=True) | ~Q(hidden_reason=""),
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.channel.code} {self.submitted_at:%Y-%m-%d}"


class PublicDrop(models.Model):
    """How many submissions were refused or dropped, per channel, day and reason."""

    channel = models.ForeignKey(PublicChannel, on_delete=models.CASCADE, related_name="drops")
    day = models.DateField()
    reason = models.CharField(max_length=12, choices=DropReason.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "day", "reason"], name="public_drop_once")
        ]

    def __str__(self) -> str:
        return f"{self.channel.code} {self.day} {self.reason}={self.count}"


class PublicFormStamp(models.Model):
    """A public form's stamp that has been used (its nonce, forms.make_stamp): sent again, it is
    dropped. Kept until the stamp would have expired anyway (PUBLIC_FEEDBACK_FORM_HOURS), then
    purged by the next submission. In the database, not the cache: it must hold across restarts
    and for every web process."""

    nonce = models.CharField(max_length=32, unique=True)
    channel = models.ForeignKey(PublicChannel, on_delete=models.CASCADE, related_name="+")
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.channel_id} {self.nonce}"
