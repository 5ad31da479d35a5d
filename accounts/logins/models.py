"""Login accounts: the user (NIP or username), the one-time activation and reset credentials, and
the signed-in sessions ("Sesi aktif")."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """Login account. Employees log in with their NIP (their username) or a chosen username.

    An employee's account is created unusable (no password) and becomes usable when the employee
    sets a password through a one-time activation link or code (accounts/logins/services.py).
    """

    # Who activated, deactivated or reactivated an account, and why; never the password hash.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class TokenPurpose(models.TextChoices):
    ACTIVATION = "activation", _("Account activation")
    RESET = "reset", _("Password reset")


class TokenChannel(models.TextChoices):
    EMAIL = "email", _("E-mail link")
    SHEET = "sheet", _("Printed code")


class AccountToken(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_tokens"
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=TokenPurpose.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=TokenChannel.choices)
    secret_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time credential")
        verbose_name_plural = _("one-time credentials")
        indexes = [
            models.Index(
                fields=["user", "purpose"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="account_token_open_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_purpose_display()} ({self.get_channel_display()})"


class LoginMethod(models.TextChoices):
    PASSWORD = "password", _("Password")
    SSO = "sso", _("Single sign-on")


class LoginSession(models.Model):
    """One signed-in session, as its owner sees it on "Sesi aktif": which device, from where,
    since when. Written when Django logs someone in, deleted when they log out or a session is
    ended; the Session row itself stays Django's (its key is a secret: pages name a session by
    `public_id`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="login_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    method = models.CharField(
        _("signed in with"),
        max_length=10,
        choices=LoginMethod.choices,
        default=LoginMethod.PASSWORD,
    )
    created_at = models.DateTimeField(_("signed in at"), auto_now_add=True)
    last_seen_at = models.DateTimeField(_("last seen"))

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="login_session_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} – {self.created_at:%Y-%m-%d %H:%M}"
