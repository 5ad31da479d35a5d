"""Signing a recorded document, and what the signatures of its stored file say.

`document_sign` takes the very bytes the record was issued with (services.document_issue), has
the configured backend (accounts.signatures) sign them, and keeps the result only when it is
that file with signatures appended (an incremental update: the issued bytes are its prefix) and
the signature in it is intact. The secret goes straight to the backend and nowhere else.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from accounts.org.models import AgencyProfile
from accounts.signatures import pdf
from accounts.signatures.backends import (
    Placement,
    RemoteVerification,
    Secret,
    SignerIdentity,
    SigningError,
    SigningOutcomeUnknown,
    get_signer,
)
from accounts.signatures.services import trust_roots
from accounts.verification.models import DocumentRecord, SignStatus
from accounts.verification.services import sha256_hex
from core.actor import Actor

logger = logging.getLogger(__name__)

SIGNED_FIELDS = [
    "signed_file",
    "signed_sha256",
    "sign_status",
    "signed_by",
    "signed_by_name",
    "signed_at",
    "signed_as",
]


@sensitive_variables("secret")
def document_sign(
    record: DocumentRecord,
    content: bytes,
    *,
    person: SignerIdentity | None,
    secret: Secret,
    placement: Placement,
    signed_as: str,
    actor: Actor,
) -> DocumentRecord:
    """Sign the issued `content` of `record` as `person` (None: the institutional seal). Raises
    SigningError with a message for the signer; SigningOutcomeUnknown after marking the record."""
    signer = get_signer()
    if signer is None:
        raise SigningError(_("Electronic signatures are not configured on this server."))
    if record.sign_status == SignStatus.SIGNED:
        raise SigningError(_("This document is already signed."))
    if record.replaced_by_id is not None:
        raise SigningError(_("A newer version replaced this document: sign that one."))
    if sha256_hex(content) != record.sha256:
        raise SigningError(_("The document changed while it was being signed: open it again."))
    try:
        if person is None:
            signed = signer.seal(content, secret=secret, placement=placement)
        else:
            signed = signer.sign(content, person=person, secret=secret, placement=placement)
    except SigningOutcomeUnknown:
        DocumentRecord.objects.filter(pk=record.pk, sign_status="").update(
            sign_status=SignStatus.UNKNOWN
        )
        raise
    if not signed.startswith(content):
        raise SigningError(
            _(
                "The signing service returned a different document, not this one signed: "
                "it was not kept."
            )
        )
    checks = pdf.signatures_in(signed, trust_roots())
    if not checks or not checks[-1].intact:
        raise SigningError(
            _("The signing service returned a signature that does not check out: it was not kept.")
        )
    with transaction.atomic():
        locked = DocumentRecord.objects.select_for_update().get(pk=record.pk)
        if locked.sign_status == SignStatus.SIGNED:
            raise SigningError(_("This document is already signed."))
        locked.signed_file.save(f"{locked.code}.pdf", ContentFile(signed), save=False)
        locked.signed_sha256 = sha256_hex(signed)
        locked.sign_status = SignStatus.SIGNED
        locked.signed_by = None if actor.is_system else actor.user
        locked.signed_by_name = person.name if person else AgencyProfile.current().name
        locked.signed_at = timezone.now()
        locked.signed_as = signed_as
        locked.save(update_fields=SIGNED_FIELDS)
        if signer.verify_remotely:
            from accounts.verification.tasks import ask_remote_verdict

            transaction.on_commit(lambda: ask_remote_verdict.delay(locked.pk))
    return locked


def signed_content(record: DocumentRecord) -> bytes | None:
    if record.sign_status != SignStatus.SIGNED or not record.signed_file:
        return None
    with record.signed_file.open("rb") as handle:
        return handle.read()


def signature_checks(record: DocumentRecord) -> list[pdf.SignatureCheck]:
    """The signatures of the stored signed file, checked here (none for an unsigned record)."""
    content = signed_content(record)
    return pdf.signatures_in(content, trust_roots()) if content else []


def remote_verification(record: DocumentRecord) -> RemoteVerification | None:
    """The signing service's own verdict on the stored signed file (BSrE verify); None when the
    backend has none or the call failed (logged)."""
    signer = get_signer()
    content = signed_content(record)
    if signer is None or content is None:
        return None
    try:
        return signer.verify(content)
    except SigningError:
        logger.warning("Remote verification of %s failed", record.code, exc_info=True)
        return None
