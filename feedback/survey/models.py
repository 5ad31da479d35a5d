"""360 input: the PPK asks chosen peers and subordinates about an employee's BerAKHLAK values for
a period, with a deadline. Answers are evidence for the PPK only, shown in aggregate once at least
MIN_ANSWERS people answered; the employee never learns who answered."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.org.models import Employee
from appraisal.choices import RATING_CHOICES
from appraisal.cycles.models import Cycle
from feedback.choices import Relation360
from indicators.choices import BerakhlakValue

MIN_ANSWERS = 3


class Round360(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="rounds_360")
    period = models.PositiveSmallIntegerField(_("period"))  # 0: the year
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="rounds_360")
    requested_by = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("answer by"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("360 round")
        verbose_name_plural = _("360 rounds")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "period", "employee"], name="one_360_round_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"360 {self.employee} {self.cycle.year}/{self.period}"


class Respondent360(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(Round360, on_delete=models.CASCADE, related_name="respondents")
    respondent = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation360.choices)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("360 respondent")
        verbose_name_plural = _("360 respondents")
        constraints = [
            models.UniqueConstraint(fields=["round", "respondent"], name="respond_360_once")
        ]

    def __str__(self) -> str:
        return f"{self.round} – {self.respondent}"


class Answer360(models.Model):
    # Not linked to the respondent row once written: answers are kept per round, so that who
    # said what cannot be read back from the database by a join (domain: anonymous to the
    # employee; the PPK sees the aggregate).
    round = models.ForeignKey(Round360, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(max_length=30, choices=BerakhlakValue.choices)
    rating = models.CharField(max_length=24, choices=RATING_CHOICES)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("360 answer")
        verbose_name_plural = _("360 answers")
        indexes = [models.Index(fields=["round", "value"], name="answer_360_round_value_idx")]

    def __str__(self) -> str:
        return f"{self.round} {self.value} {self.rating}"


def answers_visible(answered: int) -> bool:
    return answered >= getattr(settings, "FEEDBACK_360_MIN_ANSWERS", MIN_ANSWERS)
