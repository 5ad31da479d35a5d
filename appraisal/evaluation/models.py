"""One evaluation per SKP and period (period 0 = the year): the PPK's ratings, per RHK and per BerAKHLAK value."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from appraisal.choices import (
    PREDICATE_CHOICES,
    RATING_CHOICES,
    EvaluationStatus,
)
from appraisal.plans.models import AppraiserSnapshot, Rhk, Skp
from indicators.choices import BerakhlakValue


class Evaluation(AppraiserSnapshot):
    """The PPK's evaluation of one period (1…n) or of the year (period 0)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    skp = models.ForeignKey(Skp, on_delete=models.PROTECT, related_name="evaluations")
    period = models.PositiveSmallIntegerField(_("period"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
        db_index=True,
    )
    rating_hasil = models.CharField(
        _("Rating Hasil Kerja"), max_length=24, choices=RATING_CHOICES, blank=True
    )
    rating_perilaku = models.CharField(
        _("Rating Perilaku Kerja"), max_length=24, choices=RATING_CHOICES, blank=True
    )
    predicate = models.CharField(
        _("Predikat Kinerja Pegawai"), max_length=24, choices=PREDICATE_CHOICES, blank=True
    )
    # Set when a unit head's rating hasil came from the unit's organisational predicate.
    org_predicate = models.CharField(max_length=24, blank=True)
    notes = models.TextField(_("Catatan/Rekomendasi"), blank=True)
    version = models.PositiveIntegerField(default=1)
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("received by the employee"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["skp", "period"]
        indexes = [models.Index(fields=["ppk_employee", "status"], name="eval_ppk_status_idx")]
        constraints = [
            models.UniqueConstraint(fields=["skp", "period"], name="evaluation_one_per_period"),
            models.CheckConstraint(
                name="evaluation_finalised_has_ratings",
                condition=~Q(status=EvaluationStatus.FINALISED)
                | (~Q(rating_hasil="") & ~Q(rating_perilaku="") & ~Q(predicate="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.skp} – {self.period}"

    @property
    def is_annual(self) -> bool:
        return self.period == 0


class RhkAssessment(models.Model):
    """Umpan balik berkelanjutan and the optional label on one RHK, in one evaluation."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="rhk_notes")
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="assessments")
    feedback = models.TextField(_("feedback"), blank=True)
    label = models.CharField(_("label"), max_length=24, choices=RATING_CHOICES, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("RHK feedback")
        verbose_name_plural = _("RHK feedback")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "rhk"], name="rhk_assessment_unique")
        ]

    def __str__(self) -> str:
        return self.feedback[:60]


class PerilakuFeedback(models.Model):
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="perilaku_notes"
    )
    value = models.CharField(max_length=24, choices=BerakhlakValue.choices)
    feedback = models.TextField(_("feedback"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("behaviour feedback")
        verbose_name_plural = _("behaviour feedback")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "value"], name="perilaku_feedback_unique")
        ]

    def __str__(self) -> str:
        return self.feedback[:60]
