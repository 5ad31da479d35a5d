"""What was pushed to SIASN for each final result: the id SIASN gave it (so a re-push updates,
never duplicates), the fingerprint of what was sent (so a changed result is pushed again), and
how the last attempt ended (with BKN's message when refused)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PushState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Refused or failed")
    # A new save whose answer was lost: SIASN may hold it. Checked before sending again.
    UNKNOWN = "unknown", _("Outcome unknown")


class ResultPush(models.Model):
    evaluation = models.OneToOneField(
        "appraisal.Evaluation", on_delete=models.CASCADE, related_name="siasn_push"
    )
    endpoint = models.CharField(max_length=30)
    siasn_id = models.CharField(_("SIASN id"), max_length=64, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=PushState.choices, default=PushState.PENDING
    )
    # SHA-256 of the last payload sent (without the document path): a different one is a change.
    payload_sha256 = models.CharField(max_length=64, blank=True)
    message = models.TextField(_("message"), blank=True)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # The last time the result was compared with what SIASN has (sent or found unchanged).
    checked_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("result pushed to SIASN")
        verbose_name_plural = _("results pushed to SIASN")
        indexes = [models.Index(fields=["state"], name="siasn_push_state_idx")]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.siasn_id or '-'} ({self.state})"


class ReferenceCheck(models.Model):
    """SIASN's reference lists (perilakuDanKinerja, kuadranNilai) compared with our codes before
    results are pushed: a difference stops every push until a later check finds none."""

    checked_at = models.DateTimeField(_("checked at"))
    differences = models.JSONField(default=list)

    class Meta:
        get_latest_by = "checked_at"

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} ({len(self.differences)} differences)"

    @property
    def ok(self) -> bool:
        return not self.differences
