"""What a single sign-on login changes: the account a token's NIP names (never a new one), the
first SSO login activating a not-yet-activated account, and the record of refusals."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import EmployeeStatus
from accounts.logins.models import AccountToken, TokenPurpose
from accounts.org.models import Employee
from accounts.sso.policies import nip_from_claims
from core.actor import Actor
from core.history import save_with_reason

logger = logging.getLogger("accounts.sso")


class Refusal:
    """Why a provider-approved person is not let in (each has its own page text in views)."""

    NO_NIP = "no_nip"
    UNKNOWN = "unknown"
    LEFT = "left"
    DISABLED = "disabled"
    TOKEN = "token"
    STATE = "state"
    CANCELLED = "cancelled"


class SsoRefused(Exception):
    def __init__(self, reason: str, nip: str | None = None, detail: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.nip = nip
        self.detail = detail


def sso_user_for_claims(claims: Mapping[str, object]):
    """The existing, enabled account of the active employee whose NIP the claims name; otherwise
    SsoRefused. No account is ever created or re-enabled from a token: the organisation's
    records (and their administrators) decide who works here."""
    nip = nip_from_claims(claims, settings.OIDC_NIP_CLAIM)
    if nip is None:
        raise SsoRefused(Refusal.NO_NIP)
    employee = Employee.objects.filter(nip=nip).select_related("user").first()
    if employee is None or employee.user is None:
        raise SsoRefused(Refusal.UNKNOWN, nip)
    if employee.status != EmployeeStatus.ACTIVE:
        raise SsoRefused(Refusal.LEFT, nip)
    if not employee.user.is_active:
        raise SsoRefused(Refusal.DISABLED, nip)
    return employee.user


@transaction.atomic
def sso_account_activate(user, *, actor: Actor) -> bool:
    """Activate a not-yet-activated account at its owner's first SSO login: the provider has
    proven who they are, as a redeemed code would. Activation is read everywhere from a usable
    password hash (accounts.logins.selectors), so the account gets a random one nobody knows — a
    local password still needs a reset, which LOCAL_LOGIN governs — and its open activation
    links and codes die. Returns whether anything changed."""
    User = get_user_model()
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.has_usable_password() or not locked.is_active:
        return False
    locked.set_password(secrets.token_urlsafe(48))
    save_with_reason(locked, _("Account activated through single sign-on"), actor=actor)
    AccountToken.objects.filter(
        user=locked, purpose=TokenPurpose.ACTIVATION, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    user.password = locked.password
    return True


def sso_refusal_record(reason: str, *, nip: str | None, client: str, detail: str = "") -> None:
    """A refused SSO login, as a log line (the operations guide tells where to read it).

    Not an axes failure: the refusal is the provider's signed word about a person, not a guessed
    password, and counting it would let a wrong claim mapping lock a whole office (one NAT
    address) out of password login through the per-client limit."""
    logger.warning(
        "SSO login refused: reason=%s nip=%s client=%s detail=%s",
        reason,
        nip or "-",
        client,
        detail[:300] or "-",
    )
