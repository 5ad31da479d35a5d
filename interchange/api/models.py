"""API keys the admin BKD issues to the Pemda's other systems, and the log of their calls.

A key is shown once, when issued: `<prefix>.<secret>`. Only the prefix (to find the key and to
name it in lists and logs) and the SHA-256 of the secret are stored; the secret is 32 random
bytes, so a plain hash is as good as a slow one and costs nothing per call.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("system"), max_length=100)
    prefix = models.CharField(_("key prefix"), max_length=12, unique=True)
    secret_hash = models.CharField(max_length=64)
    # The whole agency, or only the OPDs listed.
    whole_agency = models.BooleanField(_("whole agency"), default=False)
    # Allowances are salary data: a key reads them only when issued for it (a payroll system).
    reads_tpp = models.BooleanField(_("reads TPP"), default=False)
    opds = models.ManyToManyField(
        "accounts.OrgUnit", verbose_name=_("OPDs"), blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("issued at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class ApiCall(models.Model):
    """One call of the API: which key, which endpoint, the answer's status and how many rows it
    carried. No query string and no client address: what was asked is the endpoint."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="calls")
    endpoint = models.CharField(max_length=100)
    status = models.PositiveSmallIntegerField()
    rows = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="api_call_key_at_idx")]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.status} ({self.at:%Y-%m-%d %H:%M})"
