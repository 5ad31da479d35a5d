"""Who signs as the backends know them, which certificates we trust when checking signatures, and
the certificates kept for the local backend (uploaded PKCS#12, encrypted at rest)."""

from __future__ import annotations

import logging
from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.signatures import crypto, pki
from accounts.signatures.backends import SignerIdentity
from accounts.signatures.models import SigningCredential
from core.actor import Actor
from core.errors import DomainError

logger = logging.getLogger(__name__)


def signer_identity(employee) -> SignerIdentity:
    return SignerIdentity(
        name=employee.full_name, employee_id=employee.pk, nik=employee.nik, email=employee.email
    )


def trust_roots() -> list[x509.Certificate]:
    """The certificates whose signatures count as trusted (ESIGN_TRUST_ROOTS, and the CA of
    `esign_test_ca` when it was made here)."""
    paths = [Path(p) for p in settings.ESIGN_TRUST_ROOTS]
    made_here = Path(settings.ESIGN_DIR) / "ca.pem"
    if made_here.exists():
        paths.append(made_here)
    roots = []
    for path in paths:
        try:
            roots.extend(pki.load_pem_certificates(path.read_bytes()))
        except (OSError, ValueError):
            logger.warning("ESIGN_TRUST_ROOTS: %s is not a readable PEM certificate file", path)
    return roots


# ----- certificates for the local backend --------------------------------------------------------


@sensitive_variables("password")
def credential_upload(employee, pkcs12: bytes, password: str, *, actor: Actor) -> SigningCredential:
    """Keep `pkcs12` (encrypted) as the active certificate of `employee` (None: the seal),
    replacing the previous one. DomainError when it cannot be opened with `password`, holds no
    key or has expired."""
    try:
        facts = pki.read_pkcs12(pkcs12, password)
    except ValueError:
        raise DomainError(
            _("The file cannot be opened with this password, or it holds no key and certificate.")
        ) from None
    if facts.not_after <= timezone.now():
        raise DomainError(
            _("This certificate expired on %(date)s.") % {"date": f"{facts.not_after:%d-%m-%Y}"}
        )
    employee_id = employee.pk if employee is not None else None
    with transaction.atomic():
        # The replaced key is not kept: only the facts of the old certificate remain.
        SigningCredential.objects.filter(employee_id=employee_id, active=True).update(
            active=False, pkcs12_encrypted=b"", password_encrypted=b""
        )
        return SigningCredential.objects.create(
            employee_id=employee_id,
            pkcs12_encrypted=crypto.encrypt(pkcs12),
            password_encrypted=crypto.encrypt(password.encode()),
            common_name=facts.common_name,
            serial=facts.serial,
            not_after=facts.not_after,
            fingerprint=facts.fingerprint,
            uploaded_by=None if actor.is_system else actor.user,
        )


def credential_withdraw(credential: SigningCredential, *, actor: Actor) -> None:
    """The certificate no longer signs here, and its key is erased."""
    SigningCredential.objects.filter(pk=credential.pk).update(
        active=False, pkcs12_encrypted=b"", password_encrypted=b""
    )
