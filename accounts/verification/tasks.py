"""Asking the signing service for its verdict on a signed document, after the signing request
has answered (BSrE's verify can take tens of seconds). Not retried on failure: the signatures in
the file are checked here anyway, the remote verdict is a second opinion."""

from celery import shared_task
from django.utils import timezone

from accounts.verification.models import DocumentRecord
from accounts.verification.signing import remote_verification


@shared_task
def ask_remote_verdict(record_id: int) -> str:
    record = DocumentRecord.objects.filter(pk=record_id).first()
    if record is None:
        return "gone"
    verdict = remote_verification(record)
    if verdict is None:
        return "none"
    DocumentRecord.objects.filter(pk=record_id).update(
        remote_verdict={
            "conclusion": verdict.conclusion,
            "description": verdict.description,
            "count": verdict.count,
            "signatures": [
                {"signer": s.signer, "signed_at": s.signed_at, "format": s.format}
                for s in verdict.signatures
            ],
        },
        remote_checked_at=timezone.now(),
    )
    return verdict.conclusion
