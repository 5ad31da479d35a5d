"""Progress during the year: daily log entries, one realisation per SKP and period, its values per IKI, evidence."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from appraisal.choices import (
    RealisationStatus,
)
from appraisal.plans.models import Iki, RencanaAksi, Rhk, Skp


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
