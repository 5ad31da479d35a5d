"""Umpan balik berkelanjutan: a conversation between the pegawai and the PPK about one RHK, one
IKI's realisation of a period, or one BerAKHLAK value of an SKP."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from appraisal.plans.models import Rhk, Skp
from appraisal.realisation.models import IkiRealisation
from feedback.choices import ThreadSubject
from indicators.choices import BerakhlakValue


class FeedbackThread(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="feedback_threads")
    subject = models.CharField(_("about"), max_length=8, choices=ThreadSubject.choices)
    rhk = models.ForeignKey(
        Rhk, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback_threads"
    )
    iki_realisation = models.ForeignKey(
        IkiRealisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="feedback_threads",
    )
    value = models.CharField(
        _("BerAKHLAK value"), max_length=30, choices=BerakhlakValue.choices, blank=True
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("feedback thread")
        verbose_name_plural = _("feedback threads")
        ordering = ["-last_message_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="feedback_thread_one_subject",
                condition=(
                    Q(subject=ThreadSubject.RHK, rhk__isnull=False, iki_realisation__isnull=True,
                      value="")
                    | Q(subject=ThreadSubject.IKI, rhk__isnull=True,
                        iki_realisation__isnull=False, value="")
                    | Q(subject=ThreadSubject.VALUE, rhk__isnull=True,
                        iki_realisation__isnull=True) & ~Q(value="")
                ),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.skp} – {self.get_subject_display()}"


class FeedbackMessage(models.Model):
    thread = models.ForeignKey(FeedbackThread, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback message")
        verbose_name_plural = _("feedback messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
