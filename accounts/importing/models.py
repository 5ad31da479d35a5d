"""A record of each employee import: the uploaded file, its preview and what it did.

The file is kept under MEDIA_ROOT/imports/, which is never served: only the uploader and BKD
administrators reach it, through the permission-checked preview view (accounts/importing/views.py).
It is kept only until the import is applied, and a preview's for at most 7 days
(importing.records.purge_stale_import_files, `manage.py purge_imports`); the record stays.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Previewed")
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class EmployeeImport(models.Model):
    """One upload of the employee workbook, from validation (previewed) to applied or failed."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee_imports",
    )
    file = models.FileField(_("file"), upload_to="imports/")
    original_name = models.CharField(_("original file name"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ImportStatus.choices,
        default=ImportStatus.PREVIEWED,
        db_index=True,
    )
    # Counts of what the import will do / did (units, positions, employees).
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # Per-row preview ([row, nip, name, unit code, position, action]) for the paginated preview
    # table, so showing a page does not re-read a 20,000-row workbook.
    rows = models.JSONField(_("preview rows"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("employee import")
        verbose_name_plural = _("employee imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
