"""What was pushed to SIASN for each final result: the id SIASN gave it (so a re-push updates,
never duplicates), the fingerprint of what was sent (so a changed result is pushed again), and
how the last attempt ended (with BKN's message when refused)."""

from __future__ import annotations

import uuid

from django.conf import settings
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
    # Set, and committed, before a request leaves for SIASN; cleared with its outcome. A worker
    # killed in between leaves it set: the next push reads SIASN's list before sending again.
    sending_since = models.DateTimeField(null=True, blank=True)
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


class SiasnPerson(models.Model):
    """An employee as SIASN last described them (the pull): their SIASN id, unit and the atasan
    SIASN's organisation gives them. Read by the push (the id of someone added by a pull) and by
    the reporting-line diagnostics (a PPK that differs from SIASN's atasan is reported, never
    applied). SIASN's data, not ours: replaced by every pull."""

    nip = models.CharField("NIP", max_length=18, unique=True)
    siasn_id = models.CharField(_("SIASN id"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    unit_id = models.CharField(_("SIASN unit id"), max_length=64, blank=True)
    unit_name = models.CharField(_("SIASN unit"), max_length=255, blank=True)
    post_name = models.CharField(_("SIASN post"), max_length=255, blank=True)
    atasan_nip = models.CharField(_("SIASN's atasan"), max_length=18, blank=True)
    atasan_name = models.CharField(_("SIASN's atasan (name)"), max_length=200, blank=True)
    pulled_at = models.DateTimeField(_("pulled at"))

    class Meta:
        verbose_name = _("employee as SIASN holds them")
        verbose_name_plural = _("employees as SIASN holds them")

    def __str__(self) -> str:
        return f"{self.nip} {self.name}"


class PullState(models.TextChoices):
    READY = "ready", _("Preview ready")
    NOTHING = "nothing", _("Nothing to change")
    INVALID = "invalid", _("SIASN's data does not pass the checks")
    FAILED = "failed", _("SIASN could not be read")


class SiasnPull(models.Model):
    """One reading of SIASN's organisation (interchange.siasn.pull): what it found, what differs,
    and the employee import it prepared (confirmed, or not, on the import's own preview)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opd_code = models.CharField(_("OPD"), max_length=40, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=PullState.choices)
    # Counts: read, new, changed, unchanged, not_found, elsewhere, skipped.
    counts = models.JSONField(default=dict)
    # [{"nip", "name", "kind", "detail"}]: what SIASN says that the pull does not apply.
    notes = models.JSONField(default=list)
    # The row report when SIASN's data fails the import's checks (as the Excel import's).
    errors = models.JSONField(default=list)
    message = models.TextField(_("message"), blank=True)
    employee_import = models.ForeignKey(
        "accounts.EmployeeImport",
        verbose_name=_("employee import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("SIASN pull")
        verbose_name_plural = _("SIASN pulls")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.state}"

    @property
    def import_done(self) -> str:
        """The prepared import's outcome once it left the preview (applied, failed), else ""."""
        record = self.employee_import
        if record is None or record.status == "previewed":
            return ""
        return str(record.get_status_display())
