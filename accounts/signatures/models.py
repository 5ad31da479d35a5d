"""Signing certificates kept here for the local backend: one active PKCS#12 per signer, or the
institution's seal. The file and its password are stored encrypted (crypto.py); only the facts
read from the certificate (name, serial, expiry, fingerprint) are stored in the clear."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SigningCredential(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # None: the institutional seal.
    employee = models.ForeignKey(
        "accounts.Employee",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signing_credentials",
    )
    pkcs12_encrypted = models.BinaryField()
    password_encrypted = models.BinaryField()
    common_name = models.CharField(_("certificate holder"), max_length=255)
    serial = models.CharField(_("serial number"), max_length=64, blank=True)
    not_after = models.DateTimeField(_("valid until"))
    fingerprint = models.CharField(_("SHA-256 fingerprint"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    active = models.BooleanField(default=True)
    # Who uploaded or withdrew which certificate, and why; never the key or its password.
    history = HistoricalRecords(excluded_fields=["pkcs12_encrypted", "password_encrypted"])

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["employee"],
                condition=models.Q(active=True),
                name="signing_credential_one_active_per_employee",
            ),
            models.UniqueConstraint(
                fields=["active"],
                condition=models.Q(active=True, employee__isnull=True),
                name="signing_credential_one_active_seal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.not_after:%Y-%m-%d})"

    @property
    def expired(self) -> bool:
        return self.not_after <= timezone.now()
