"""During the year and at its end: daily progress, realisation with evidence, evaluation, objection.

Domain §4, §5 and §7. A realisation is the employee's per period (one per SKP and period); an
evaluation is the PPK's, per period and for the year (period 0). Ratings are stored by the name of
the rules.py enum member; the predicate always follows from them (rules.employee_predicate).
Evaluations carry a `version` that every save increments: the team scoring page sends the version
it showed, and a save from a stale tab is refused instead of overwriting (optimistic locking).
"""

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
    ObjectionOutcome,
    ObjectionStatus,
    RealisationStatus,
)
from appraisal.models.skp import AppraiserSnapshot, Iki, RencanaAksi, Rhk, Skp
from indicators.choices import BerakhlakValue


def evidence_path(instance, filename: str) -> str:
    # The stored name is ours (a UUID and the checked extension); the uploader's name is kept
    # apart in original_name, so no path trick in it reaches the file system.
    return f"bukti/{instance.skp.public_id}/{instance.public_id}{instance.extension}"


class DailyLog(models.Model):
    """Progres harian: what the employee did on a day, against an RHK or a rencana aksi."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="daily_logs")
    rhk = models.ForeignKey(
        Rhk, verbose_name=_("RHK"), null=True, blank=True, on_delete=models.SET_NULL
    )
    rencana_aksi = models.ForeignKey(
        RencanaAksi,
        verbose_name=_("rencana aksi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    day = models.DateField(_("date"), db_index=True)
    activity = models.TextField(_("activity"))
    output = models.CharField(_("output"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("daily log entry")
        verbose_name_plural = _("daily log")
        ordering = ["-day", "-created_at"]
        indexes = [models.Index(fields=["skp", "day"], name="dailylog_skp_day_idx")]

    def __str__(self) -> str:
        return f"{self.day}: {self.activity[:60]}"


class Realisation(models.Model):
    """The employee's realisation of one period: values per IKI, kendala, rencana tindak lanjut."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="realisations")
    period = models.PositiveSmallIntegerField(_("period"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RealisationStatus.choices,
        default=RealisationStatus.DRAFT,
        db_index=True,
    )
    kendala = models.TextField(_("obstacles (kendala)"), blank=True)
    follow_up = models.TextField(_("follow-up plan (rencana tindak lanjut)"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["skp", "period"]
        constraints = [
            models.UniqueConstraint(fields=["skp", "period"], name="realisation_one_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.skp} – {self.period}"


class IkiRealisation(models.Model):
    realisation = models.ForeignKey(Realisation, on_delete=models.CASCADE, related_name="values")
    iki = models.ForeignKey(Iki, on_delete=models.CASCADE, related_name="realisations")
    value = models.DecimalField(
        _("realisation"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    narrative = models.TextField(_("narrative realisation"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IKI realisation")
        verbose_name_plural = _("IKI realisations")
        constraints = [
            models.UniqueConstraint(fields=["realisation", "iki"], name="iki_realisation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.iki}: {self.value if self.value is not None else self.narrative}"


class Evidence(models.Model):
    """Bukti dukung: a privately stored file (type checked by content) or a link."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="evidence")
    realisation = models.ForeignKey(
        Realisation, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    daily_log = models.ForeignKey(
        DailyLog, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    rhk = models.ForeignKey(Rhk, null=True, blank=True, on_delete=models.SET_NULL)
    file = models.FileField(upload_to=evidence_path, blank=True, max_length=255)
    extension = models.CharField(max_length=8, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    description = models.CharField(_("description"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                name="evidence_is_a_file_or_a_link",
                condition=(Q(link="") & ~Q(file="")) | (~Q(link="") & Q(file="")),
            )
        ]

    def __str__(self) -> str:
        return self.original_name or self.link

    @property
    def is_file(self) -> bool:
        return bool(self.file)


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
