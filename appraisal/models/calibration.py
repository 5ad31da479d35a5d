"""Calibration and closing (domain §2, §6): distribution limits per cycle, a unit's finalisation
with its breaches and justification, and the closing of periods and of the annual cycle."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.models import OrgUnit
from appraisal.choices import ORG_PREDICATE_CHOICES, LimitBound
from appraisal.models.cycles import Cycle


class DistributionLimit(models.Model):
    """One row of a cycle's distribution pattern (defaults: rules.DEFAULT_LIMITS)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="distribution_limits")
    org_predicate = models.CharField(
        _("organisational predicate"), max_length=16, choices=ORG_PREDICATE_CHOICES
    )
    # Employee predicates counted together, by rules.Predicate member name, comma-separated.
    predicates = models.CharField(_("employee predicates"), max_length=120)
    bound = models.CharField(_("bound"), max_length=8, choices=LimitBound.choices)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, default=0)
    minimum = models.PositiveSmallIntegerField(_("at least (people)"), default=0)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("distribution limit")
        verbose_name_plural = _("distribution limits")
        ordering = ["cycle", "org_predicate", "order"]
        constraints = [
            models.CheckConstraint(
                name="distribution_percent_0_to_100",
                condition=Q(percent__gte=0) & Q(percent__lte=100),
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_predicate}: {self.predicates} {self.bound} {self.percent}%"


class UnitFinalisation(models.Model):
    """A unit's predicates declared final for a period (0 = the year), with the breaches found then
    and the justification written for them (kept; shown in exports)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="unit_finalisations")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="finalisations")
    period = models.PositiveSmallIntegerField(_("period"))
    breaches = models.JSONField(default=list, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    finalised_at = models.DateTimeField(auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit finalisation")
        verbose_name_plural = _("unit finalisations")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "period"], name="unit_finalised_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.cycle} – {self.period}"


class PeriodClosure(models.Model):
    """A period (or the annual evaluation, period 0) closed by the admin BKD: nothing in it may
    change until it is reopened with a reason. The gaps found when closing are kept."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="closures")
    period = models.PositiveSmallIntegerField(_("period"))
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    gaps = models.JSONField(default=dict, blank=True)
    gap_count = models.PositiveIntegerField(default=0)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period closure")
        verbose_name_plural = _("period closures")
        ordering = ["cycle", "period", "-closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "period"],
                condition=Q(reopened_at__isnull=True),
                name="closure_one_in_force_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} – {self.period}"
