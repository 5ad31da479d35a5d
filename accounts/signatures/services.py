"""Who signs as the backends know them, which certificates we trust when checking signatures, and
the certificates kept for the local backend (uploaded PKCS#12, encrypted at rest)."""

from __future__ import annotations

import logging
from pathlib import Path

from cryptography import x509
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.signatures import crypto, pki
from accounts.signatures.backends import SignerIdentity
from accounts.signatures.models import SigningCredential
from core.actor import Actor
from core.errors import DomainError
from core.history import save_with_reason

logger = logging.getLogger(__name__)


def signer_identity(employee) -> SignerIdentity:
    return SignerIdentity(
        name=employee.full_name, employee_id=employee.pk, nik=employee.nik, email=employee.email
    )


def trust_roots() -> list[x509.Certificate]:
    """The certificates whose signatures count as trusted (ESIGN_TRUST_ROOTS, and the CA of
    `esign_test_ca` when it was made here and ESIGN_TRUST_TEST_CA allows it)."""
    paths = [Path(p) for p in settings.ESIGN_TRUST_ROOTS]
    made_here = Path(settings.ESIGN_DIR) / "ca.pem"
    if settings.ESIGN_TRUST_TEST_CA and made_here.exists():
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
    _check_holder(employee, facts)
    employee_id = employee.pk if employee is not None else None
    try:
        with transaction.atomic():
            # Locked: of two uploads for one person at once, the second waits and replaces.
            current = list(
                SigningCredential.objects.select_for_update().filter(
                    employee_id=employee_id, active=True
                )
            )
            for old in current:
                _retire(old, "replaced by a new upload", actor=actor)
            credential = SigningCredential(
                employee_id=employee_id,
                pkcs12_encrypted=crypto.encrypt(pkcs12),
                password_encrypted=crypto.encrypt(password.encode()),
                common_name=facts.common_name,
                serial=facts.serial,
                not_after=facts.not_after,
                fingerprint=facts.fingerprint,
                uploaded_by=None if actor.is_system else actor.user,
            )
            save_with_reason(credential, "uploaded", actor=actor)
            return credential
    except IntegrityError:  # the first upload of two at once for someone who had none
        raise DomainError(
            _("Another certificate for this signer was uploaded at the same moment: reload.")
        ) from None


def _check_holder(employee, facts: pki.Pkcs12Facts) -> None:
    """A certificate is for the person it is uploaded for: their NIK in its serial number when
    both are known, else their name in its holder's name (titles aside)."""
    if employee is None:
        return
    if facts.serial.isdigit() and employee.nik and facts.serial != employee.nik:
        raise DomainError(
            _("This certificate belongs to NIK %(serial)s, not to %(name)s.")
            % {"serial": facts.serial, "name": employee.full_name}
        )
    if not facts.serial.isdigit() and employee.name.casefold() not in facts.common_name.casefold():
        raise DomainError(
            _("This certificate belongs to “%(holder)s”, not to %(name)s.")
            % {"holder": facts.common_name, "name": employee.full_name}
        )


def _retire(credential: SigningCredential, reason: str, *, actor: Actor) -> None:
    credential.active = False
    # The key is not kept: only the facts of the certificate remain.
    credential.pkcs12_encrypted = b""
    credential.password_encrypted = b""
    save_with_reason(credential, reason, actor=actor)


def credential_withdraw(credential: SigningCredential, *, actor: Actor) -> None:
    """The certificate no longer signs here, and its key is erased (in its history: who, when)."""
    with transaction.atomic():
        locked = SigningCredential.objects.select_for_update().get(pk=credential.pk)
        if locked.active:
            _retire(locked, "withdrawn", actor=actor)
