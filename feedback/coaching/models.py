"""Dialog kinerja and bimbingan kinerja (coaching, mentoring, konseling): a dated record of a
session between a PPK and an employee, its agreements and follow-ups, and the employee's short
rating of the session afterwards."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.org.models import Employee
from appraisal.cycles.models import Cycle
from feedback.choices import SESSION_STATEMENTS, FollowUpStatus, SessionKind


class CoachingSession(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="coaching_sessions")
    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="coaching_sessions"
    )
    held_by = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=SessionKind.choices)
    held_on = models.DateField(_("date"))
    participants = models.CharField(_("other participants"), max_length=255, blank=True)
    topic = models.CharField(_("topic"), max_length=255)
    agreements = models.TextField(_("agreements"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["employee", "held_on"], name="coaching_employee_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on} – {self.employee}"


class FollowUp(models.Model):
    session = models.ForeignKey(
        CoachingSession, on_delete=models.CASCADE, related_name="follow_ups"
    )
    text = models.CharField(_("follow-up"), max_length=500)
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=5, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.text[:60]


class SessionRating(models.Model):
    """The employee's rating of a session: each statement 1–5, and a comment."""

    session = models.OneToOneField(CoachingSession, on_delete=models.CASCADE, related_name="rating")
    scores = models.JSONField(_("scores"))  # statement key (SESSION_STATEMENTS) → 1..5
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("session rating")
        verbose_name_plural = _("session ratings")

    def __str__(self) -> str:
        return f"{self.session} – {self.average}"

    @property
    def average(self):
        values = [v for k, v in (self.scores or {}).items() if k in SESSION_STATEMENTS]
        return round(sum(values) / len(values), 1) if values else None
