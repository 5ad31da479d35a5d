"""A month's TPP for one OPD: computed (again and again while it is open), then locked; a locked
month changes only through an audited reopen. Each employee's line keeps the computation as the
employee's page shows it, so a later change of scheme or recap never rewrites a paid month."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.org.models import Employee, OrgUnit
from appraisal.rules import Predicate
from tpp.choices import Anomaly, MonthState
from tpp.schemes.models import SchemeVersion


class Month(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    opd = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="tpp_months")
    state = models.CharField(
        _("state"), max_length=10, choices=MonthState.choices, default=MonthState.COMPUTED
    )
    version = models.ForeignKey(SchemeVersion, on_delete=models.PROTECT, related_name="months")
    computed_at = models.DateTimeField(null=True, blank=True)
    # A fingerprint of the lines as computed: locking recomputes and compares, so a recap,
    # penalty, scheme or post class changed since is never locked unseen.
    inputs_digest = models.CharField(max_length=64, blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    locked_at = models.DateTimeField(null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TPP month")
        ordering = ["-year", "-month", "opd__code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "month", "opd"], name="tpp_one_month_per_opd")
        ]

    def __str__(self) -> str:
        return f"TPP {self.month:02d}/{self.year} {self.opd.code}"

    @property
    def is_locked(self) -> bool:
        return self.state == MonthState.LOCKED


class Line(models.Model):
    """One employee's month, as computed: the figures of the recap and the whole explanation."""

    month = models.ForeignKey(Month, on_delete=models.CASCADE, related_name="lines")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="tpp_lines")
    position_name = models.CharField(max_length=255)
    unit_name = models.CharField(max_length=200)
    kelas = models.PositiveSmallIntegerField(null=True)
    basis = models.PositiveBigIntegerField()
    predicate = models.CharField(max_length=24, blank=True)
    performance_percent = models.DecimalField(max_digits=5, decimal_places=2)
    deduction_total = models.PositiveBigIntegerField()
    gross = models.PositiveBigIntegerField()
    received = models.PositiveBigIntegerField()
    # The line by line explanation (tpp.months.explain) and the anomalies found.
    detail = models.JSONField(default=dict)
    anomalies = models.JSONField(default=list)

    class Meta:
        verbose_name = _("TPP line")
        ordering = ["employee__name"]
        constraints = [
            models.UniqueConstraint(fields=["month", "employee"], name="tpp_one_line_per_month")
        ]
        indexes = [models.Index(fields=["employee", "month"], name="tpp_line_employee_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month_id}"

    @property
    def predicate_label(self) -> str:
        return Predicate[self.predicate].label if self.predicate else ""

    @property
    def anomaly_labels(self) -> list[str]:
        return [Anomaly(value).label for value in self.anomalies]


class Run(models.Model):
    """The admin BKD's "compute the month for every OPD": a task that reports its progress."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    opd_total = models.PositiveIntegerField(default=0)
    opd_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [(OPD code, message)]
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("TPP run")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"TPP run {self.month:02d}/{self.year}"

    @property
    def percent(self) -> int:
        return 100 if not self.opd_total else round(100 * self.opd_done / self.opd_total)


class PaidRevision(models.Model):
    """What a locked month paid, kept when it is reopened: its lines as they were locked."""

    month = models.ForeignKey(Month, on_delete=models.CASCADE, related_name="paid_revisions")
    locked_at = models.DateTimeField(null=True)
    reopened_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    received_total = models.PositiveBigIntegerField()
    # [{"nip", "received", "gross", "deduction_total", "basis", "detail"}] per employee.
    lines = models.JSONField(default=list)

    class Meta:
        verbose_name = _("paid revision of a TPP month")
        ordering = ["-reopened_at"]

    def __str__(self) -> str:
        return f"{self.month} ({self.locked_at:%Y-%m-%d})" if self.locked_at else str(self.month)
