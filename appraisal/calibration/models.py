"""A cycle's distribution pattern: the limits per organisational predicate."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from appraisal.choices import ORG_PREDICATE_CHOICES, LimitBound
from appraisal.cycles.models import Cycle


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
