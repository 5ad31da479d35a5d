"""An employee's objection to a final result, and its thread."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from appraisal.choices import (
    PREDICATE_CHOICES,
    RATING_CHOICES,
    ObjectionOutcome,
    ObjectionStatus,
)
from appraisal.evaluation.models import Evaluation


class Objection(models.Model):
    """Keberatan (domain §7): filed by the employee, decided by the Atasan PPK; final."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.PROTECT, related_name="objection"
    )
    reasons = models.TextField(_("reasons"))
    filed_at = models.DateTimeField()
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=ObjectionStatus.choices,
        default=ObjectionStatus.OPEN,
        db_index=True,
    )
    # Who decides: the Atasan PPK as they were when it was filed.
    atasan_employee = models.ForeignKey(
        "accounts.Employee", null=True, on_delete=models.PROTECT, related_name="+"
    )
    original_rating_hasil = models.CharField(max_length=24, choices=RATING_CHOICES)
    original_rating_perilaku = models.CharField(max_length=24, choices=RATING_CHOICES)
    original_predicate = models.CharField(max_length=24, choices=PREDICATE_CHOICES)
    outcome = models.CharField(
        _("decision"), max_length=8, choices=ObjectionOutcome.choices, blank=True
    )
    decision_notes = models.TextField(_("considerations"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        indexes = [models.Index(fields=["atasan_employee", "status"], name="objection_atasan_idx")]

    def __str__(self) -> str:
        return f"{self.evaluation} – {self.get_status_display()}"


class ObjectionMessage(models.Model):
    """The thread of an objection: the Atasan PPK asks the PPK or the employee; they answer."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("objection message")
        verbose_name_plural = _("objection messages")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:60]
