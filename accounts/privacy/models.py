"""The record of every opening of another person's personal data (UU 27/2022 on personal data
protection): who, whose, what and when. Rows are only ever added (one INSERT by the page that
showed the data) and removed by the retention purge after RETENTION_AUDIT_DAYS."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessKind(models.TextChoices):
    EMPLOYEE_PAGE = "employee", _("Employee page")
    # The appraisal record of one person: SKP, realisation, evaluation, objection, their PDFs.
    DOSSIER = "dossier", _("Appraisal record")
    EVIDENCE = "evidence", _("Evidence file")
    EXPORT = "export", _("Export")
    OWN_DATA = "own_data", _("Download of own data")


class PersonalDataAccess(models.Model):
    """One opening. `subject` is the employee whose data it was; an export covering many people
    has none and says what it covered in `scope`."""

    at = models.DateTimeField(_("when"), default=timezone.now)
    # PROTECT: the record of who read personal data does not vanish with a login account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.ForeignKey(
        "accounts.Employee",
        verbose_name=_("whose data"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("what"), max_length=10, choices=AccessKind.choices)
    path = models.CharField(_("address"), max_length=300)
    scope = models.CharField(_("covering"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-pk"]
        indexes = [
            # Newest first for the log, and the purge's "older than".
            models.Index(fields=["at"], name="privacy_access_at_idx"),
            models.Index(fields=["subject", "at"], name="privacy_access_subject_idx"),
            models.Index(fields=["user", "at"], name="privacy_access_user_idx"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user_id} {self.kind} {self.subject_id or self.scope} {self.at:%Y-%m-%d %H:%M}"
        )
