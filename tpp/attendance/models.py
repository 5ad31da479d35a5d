"""What the attendance system says about a month, and what the admins add to it: disciplinary
penalties with their decree, and exemptions."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.org.models import Employee, OrgUnit
from tpp.choices import ExemptionKind, PenaltyKind, penalty_label

MONTH = [MinValueValidator(1), MaxValueValidator(12)]


class RecapImport(models.Model):
    """One upload of a month's recap (all rows or none): the row report stays with it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    opd = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("attendance system"), max_length=60)
    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField(default=0)
    replaced = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance recap import")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} {self.month:02d}/{self.year}"


class Recap(models.Model):
    """One employee's month as the attendance system counted it."""

    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="attendance_recaps"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), validators=MONTH)
    late = models.JSONField(_("late TL1–TL4"), default=list)  # four counts
    early = models.JSONField(_("early leave PSW1–PSW4"), default=list)
    absent_days = models.PositiveSmallIntegerField(_("days absent without leave"), default=0)
    leave_days = models.JSONField(_("leave days by kind"), default=dict)
    monthly_score = models.DecimalField(
        _("monthly performance score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    imported = models.ForeignKey(RecapImport, on_delete=models.PROTECT, related_name="recaps")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance recap")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "year", "month"], name="tpp_one_recap_per_month"
            )
        ]
        indexes = [models.Index(fields=["year", "month"], name="tpp_recap_month_idx")]

    def __str__(self) -> str:
        return f"{self.employee_id} {self.month:02d}/{self.year}"


class ColumnMapping(models.Model):
    """Which column of a source's export holds which field, kept so the next month's file from
    the same attendance system needs no mapping again."""

    source = models.CharField(_("attendance system"), max_length=60, unique=True)
    columns = models.JSONField(default=dict)  # field → the header as the source writes it
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return self.source


class Penalty(models.Model):
    """A disciplinary penalty (PP 94/2021) that cuts TPP by a percentage for some months."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="tpp_penalties")
    level = models.CharField(_("penalty"), max_length=120, choices=PenaltyKind.choices)
    percent = models.DecimalField(
        _("TPP cut (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    first_month = models.DateField(_("from month"))  # the first day of the month
    months = models.PositiveSmallIntegerField(
        _("for months"), validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    decree_number = models.CharField(_("decree number"), max_length=120)
    decree_date = models.DateField(_("decree date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disciplinary penalty")
        ordering = ["-first_month"]
        constraints = [
            models.CheckConstraint(
                name="tpp_penalty_from_a_month_start", condition=Q(first_month__day=1)
            ),
        ]

    def __str__(self) -> str:
        return f"{penalty_label(self.level)} ({self.decree_number})"

    @property
    def last_month(self) -> dt.date:
        """The first day of the penalty's last month."""
        index = self.first_month.year * 12 + self.first_month.month - 1 + self.months - 1
        return dt.date(index // 12, index % 12 + 1, 1)


class Exemption(models.Model):
    """Months in which attendance does not reduce TPP, or no TPP is paid, for one employee."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="tpp_exemptions")
    kind = models.CharField(_("exemption"), max_length=30, choices=ExemptionKind.choices)
    first_month = models.DateField(_("from month"))
    last_month = models.DateField(_("to month"))
    reason = models.CharField(_("reason / decree"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TPP exemption")
        ordering = ["-first_month"]
        constraints = [
            models.CheckConstraint(
                name="tpp_exemption_months_in_order",
                condition=Q(
                    first_month__day=1, last_month__day=1, last_month__gte=models.F("first_month")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.reason})"
