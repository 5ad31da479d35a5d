"""Issuing, finding and revoking API keys (services of interchange.api)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.org.models import OrgUnit
from core.actor import Actor
from core.errors import DomainError
from interchange.api.models import ApiKey

PREFIX_BYTES = 6  # 8 url-safe characters
SECRET_BYTES = 32
MAX_DAYS = 3 * 366


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_key_issue(
    name: str,
    *,
    whole_agency: bool,
    opds: list[OrgUnit],
    expires_on: dt.date,
    actor: Actor,
    reads_tpp: bool = False,
) -> tuple[ApiKey, str]:
    """A new key and its full text `<prefix>.<secret>`, to be shown once and never again."""
    if not whole_agency and not opds:
        raise DomainError(_("Choose the OPDs this key may read, or the whole agency."))
    today = timezone.localdate()
    if expires_on <= today:
        raise DomainError(_("The expiry date must be after today."))
    if expires_on > today + dt.timedelta(days=MAX_DAYS):
        # A key that never ends outlives the system and the people who knew it was handed out.
        raise DomainError(_("A key is valid for at most three years: renew it then."))
    secret = secrets.token_urlsafe(SECRET_BYTES)
    prefix = secrets.token_urlsafe(PREFIX_BYTES)
    expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))
    key = ApiKey.objects.create(
        name=name,
        prefix=prefix,
        secret_hash=_digest(secret),
        whole_agency=whole_agency,
        reads_tpp=reads_tpp,
        expires_at=expires_at,
        created_by=None if actor.is_system else actor.user,
    )
    if not whole_agency:
        key.opds.set(opds)
    return key, f"{prefix}.{secret}"


def api_key_find(text: str) -> ApiKey | None:
    """The usable key whose full text this is (constant-time comparison of the secret), or None."""
    prefix, _sep, secret = text.strip().partition(".")
    if not prefix or not secret:
        return None
    key = ApiKey.objects.filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.secret_hash, _digest(secret)):
        return None
    return key if key.usable else None


def api_key_revoke(key: ApiKey, *, actor: Actor) -> None:
    """From now on the key is refused (conditional: revoking twice keeps the first date)."""
    ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def scope_opd_ids(key: ApiKey) -> set[int] | None:
    """The OPDs a key may read; None for the whole agency."""
    if key.whole_agency:
        return None
    return set(key.opds.values_list("pk", flat=True))
