"""Signing recorded documents, and what the signatures of their stored files say.

`documents_sign` takes the very bytes each record was issued with (services.document_issue),
claims the records (a conditional UPDATE: a double submit or a second tab finds them claimed),
has the configured backend (accounts.signatures) sign them all in one call with the one secret
typed, and keeps a result only when it is that file with a signature appended (an incremental
update: the issued bytes are its prefix) and the signature is intact. The secret goes straight to
the backend and nowhere else. Who may sign which document is the caller's policy
(appraisal.documents.signables).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
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
    not_configured,
)
from accounts.signatures.services import trust_roots
from accounts.verification.models import DocumentRecord, SignStatus
from accounts.verification.services import sha256_hex
from core.actor import Actor

logger = logging.getLogger(__name__)

# A claim older than this was left by a worker that died mid-call: its outcome is unknown.
SIGNING_STALE = dt.timedelta(minutes=10)
SIGNED_FIELDS = [
    "signed_file",
    "signed_sha256",
    "sign_status",
    "signed_by",
    "signed_by_name",
    "signed_at",
    "signed_as",
]


def already_signed() -> SigningError:
    return SigningError(_("This document is already signed."))


@dataclass(frozen=True)
class ToSign:
    record: DocumentRecord
    content: bytes  # the bytes the record was issued with
    placement: Placement
    signed_as: str  # the signer's role as printed: "Pejabat Penilai Kinerja", "a.n. …"


def _refusal(item: ToSign) -> SigningError | None:
    record = item.record
    if record.sign_status == SignStatus.SIGNED:
        return already_signed()
    if record.replaced_by_id is not None:
        return SigningError(_("A newer version replaced this document: sign that one."))
    if sha256_hex(item.content) != record.sha256:
        return SigningError(_("The document changed while it was being signed: open it again."))
    return None


def _claim(record: DocumentRecord, now: dt.datetime) -> bool:
    """Conditional: only an unsigned record, one whose last attempt is unknown, or a stale claim."""
    claimable = Q(sign_status__in=["", SignStatus.UNKNOWN]) | Q(
        sign_status=SignStatus.SIGNING, sign_started_at__lt=now - SIGNING_STALE
    )
    return bool(
        DocumentRecord.objects.filter(claimable, pk=record.pk).update(
            sign_status=SignStatus.SIGNING, sign_started_at=now
        )
    )


def _release(records: list[DocumentRecord], status: str) -> None:
    DocumentRecord.objects.filter(
        pk__in=[r.pk for r in records], sign_status=SignStatus.SIGNING
    ).update(sign_status=status)


def _keep(item: ToSign, signed: bytes, person, actor: Actor) -> SigningError | None:
    if not signed.startswith(item.content):
        _release([item.record], "")
        return SigningError(
            _(
                "The signing service returned a different document, not this one signed: "
                "it was not kept."
            )
        )
    checks = pdf.signatures_in(signed, trust_roots())
    if not checks or not checks[-1].intact:
        _release([item.record], "")
        return SigningError(
            _("The signing service returned a signature that does not check out: it was not kept.")
        )
    with transaction.atomic():
        record = DocumentRecord.objects.select_for_update().get(pk=item.record.pk)
        record.signed_file.save(f"{record.code}.pdf", ContentFile(signed), save=False)
        record.signed_sha256 = sha256_hex(signed)
        record.sign_status = SignStatus.SIGNED
        record.signed_by = None if actor.is_system else actor.user
        record.signed_by_name = person.name if person else AgencyProfile.current().name
        record.signed_at = timezone.now()
        record.signed_as = item.signed_as
        record.save(update_fields=SIGNED_FIELDS)
        signer = get_signer()
        if signer is not None and signer.verify_remotely:
            # tasks imports this module: imported here, when a verdict is to be asked.
            from accounts.verification.tasks import ask_remote_verdict

            transaction.on_commit(lambda: ask_remote_verdict.delay(record.pk))
        replaced = record.replaced_by_id is not None
    if replaced:  # a newer version came while the service was signing: that one awaits too
        return SigningError(_("Signed, but a newer version replaced it meanwhile: sign that one."))
    return None


@sensitive_variables("secret")
def documents_sign(
    items: list[ToSign],
    *,
    person: SignerIdentity | None,
    secret: Secret,
    actor: Actor,
) -> list[SigningError | None]:
    """Sign every item's issued bytes as `person` (None: the institutional seal) in one call.
    Returns, per item, None when it is signed or the refusal for it. Raises SigningError when the
    service refused the call as a whole (the records are released), SigningOutcomeUnknown when it
    did not answer (the records are marked unknown, never retried here)."""
    signer = get_signer()
    if signer is None:
        raise not_configured()
    outcome: list[SigningError | None] = [_refusal(item) for item in items]
    now = timezone.now()
    for index, item in enumerate(items):
        if outcome[index] is None and not _claim(item.record, now):
            outcome[index] = already_signed()
    claimed = [i for i, refusal in enumerate(outcome) if refusal is None]
    if not claimed:
        return outcome
    records = [items[i].record for i in claimed]
    try:
        if person is None:
            signed = [
                signer.seal(items[i].content, secret=secret, placement=items[i].placement)
                for i in claimed
            ]
        else:
            signed = signer.sign_many(
                [items[i].content for i in claimed],
                person=person,
                secret=secret,
                placements=[items[i].placement for i in claimed],
            )
    except SigningOutcomeUnknown:
        _release(records, SignStatus.UNKNOWN)
        raise
    except SigningError:
        _release(records, "")
        raise
    for index, content in zip(claimed, signed, strict=True):
        outcome[index] = _keep(items[index], content, person, actor)
    return outcome


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
