"""The local backend: the Pemda's own certificates (PKCS#12), one per signer uploaded by the admin
BKD (models.SigningCredential), and the institutional seal from ESIGN_LOCAL_SEAL_P12 or an
uploaded seal. The password is stored with the file (encrypted), so the signer types nothing: what
signs is the signer's own session confirming the decision. No remote verification: the signatures
are read from the PDF (pdf.signatures_in) with the Pemda's CA among the trust roots."""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.signatures import crypto, pdf
from accounts.signatures.backends import (
    Placement,
    RemoteVerification,
    Secret,
    SignerIdentity,
    SignerStatus,
    SigningError,
)
from accounts.signatures.models import SigningCredential

logger = logging.getLogger(__name__)


def _credential(employee_id: int | None) -> SigningCredential | None:
    return (
        SigningCredential.objects.filter(employee_id=employee_id, active=True)
        .order_by("-uploaded_at")
        .first()
    )


@sensitive_variables()
def _open(credential: SigningCredential) -> tuple[bytes, str]:
    if credential.expired:
        raise SigningError(
            _(
                "The signing certificate of %(name)s expired on %(date)s: ask the admin BKD to upload a new one."
            )
            % {"name": credential.common_name, "date": f"{credential.not_after:%d-%m-%Y}"}
        )
    try:
        return (
            crypto.decrypt(credential.pkcs12_encrypted),
            crypto.decrypt(credential.password_encrypted).decode(),
        )
    except crypto.InvalidToken:
        raise SigningError(
            _(
                "The signing certificate cannot be read with this server's key "
                "(ESIGN_ENCRYPTION_KEY or SECRET_KEY changed): ask the admin BKD to upload it again."
            )
        ) from None


@sensitive_variables()
def _sign(content: bytes, pkcs12: bytes, password: str, placement: Placement) -> bytes:
    try:
        return pdf.sign_pkcs12(
            content,
            pkcs12,
            password,
            box=placement.box,
            field_name=placement.field_name,
            reason=placement.reason,
            location=placement.location,
        )
    except ValueError:
        raise SigningError(
            _(
                "The signing certificate could not be opened with its stored password: upload it again."
            )
        ) from None
    except Exception:
        # Raised afresh, without the library's frames: they hold the key and its password,
        # which an error report would print (pdf.py is Django-free, so not marked sensitive).
        logger.error("Local signing failed: %s", traceback.format_exc(limit=0).strip())
        raise SigningError(_("The document could not be signed here; try again later.")) from None


class LocalSigner:
    # The password is stored with the certificate: the signer's tick is the act of signing.
    asks_secret = False
    sends_codes = False
    verify_remotely = False

    def status(self, person: SignerIdentity) -> SignerStatus:
        credential = _credential(person.employee_id) if person.employee_id else None
        if credential is None or credential.expired:
            return SignerStatus.NO_CERTIFICATE
        return SignerStatus.READY

    def request_code(self, person: SignerIdentity) -> None:
        raise SigningError(_("The local signing service sends no codes."))

    @sensitive_variables()
    def sign(
        self, content: bytes, *, person: SignerIdentity, secret: Secret, placement: Placement
    ) -> bytes:
        credential = _credential(person.employee_id) if person.employee_id else None
        if credential is None:
            raise SigningError(
                _("%(name)s has no signing certificate here: ask the admin BKD to upload one.")
                % {"name": person.name}
            )
        pkcs12, password = _open(credential)
        return _sign(content, pkcs12, password, placement)

    def sign_many(
        self,
        pdfs: list[bytes],
        *,
        person: SignerIdentity,
        secret: Secret,
        placements: list[Placement],
    ) -> list[bytes]:
        return [
            self.sign(content, person=person, secret=secret, placement=placement)
            for content, placement in zip(pdfs, placements, strict=True)
        ]

    @sensitive_variables()
    def seal(self, content: bytes, *, secret: Secret, placement: Placement) -> bytes:
        if settings.ESIGN_LOCAL_SEAL_P12:
            pkcs12 = Path(settings.ESIGN_LOCAL_SEAL_P12).read_bytes()
            return _sign(content, pkcs12, settings.ESIGN_LOCAL_SEAL_PASSWORD, placement)
        credential = _credential(None)
        if credential is None:
            raise SigningError(_("No institutional seal is configured (ESIGN_LOCAL_SEAL_P12)."))
        pkcs12, password = _open(credential)
        return _sign(content, pkcs12, password, placement)

    def verify(self, content: bytes) -> RemoteVerification | None:
        return None
