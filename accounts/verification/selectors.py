"""Reads of the public verification page: a record by its code, and what the page may say."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone

from accounts.signatures.pdf import SignatureCheck
from accounts.verification import rules
from accounts.verification.models import DocumentKind, DocumentRecord, SignStatus
from accounts.verification.signing import SIGNING_STALE, signature_checks


def record_for_code(text: str) -> DocumentRecord | None:
    """The record printed with this code (any case), with the version replacing it; None for a
    code that is not ours. One query (none for a text that cannot be a code)."""
    code = rules.normalised_code(text)
    if code is None:
        return None
    return DocumentRecord.objects.select_related("replaced_by").filter(code=code).first()


def latest_record(spec) -> DocumentRecord | None:
    """The newest record of a document (`spec`: services.DocumentSpec), if it was ever issued."""
    return (
        DocumentRecord.objects.filter(kind=spec.kind, subject=spec.subject)
        .select_related("replaced_by")
        .order_by("-version")
        .first()
    )


@dataclass(frozen=True)
class DocumentFacts:
    """Everything the public page shows of a document, and nothing else of its content."""

    code: str
    kind: str
    for_unit: bool  # a Penetapan is about a unit, not an employee
    name: str
    masked_nip: str
    period: str
    version: int
    generated_by: str
    generated_at: dt.datetime
    signed_by: str
    signed_as: str
    signed_at: dt.datetime | None
    sign_unknown: bool
    remote_verdict: dict | None
    remote_checked_at: dt.datetime | None
    replaced_by_version: int | None
    replaced_at: dt.datetime | None


def document_facts(record: DocumentRecord) -> DocumentFacts:
    replacement = record.replaced_by
    return DocumentFacts(
        code=record.code,
        kind=record.get_kind_display(),
        for_unit=record.kind == DocumentKind.ORG_PREDICATE,
        name=record.name,
        masked_nip=rules.masked_nip(record.nip),
        period=record.period,
        version=record.version,
        generated_by=record.generated_by_name,
        generated_at=record.created_at,
        signed_by=record.signed_by_name,
        signed_as=record.signed_as,
        signed_at=record.signed_at,
        sign_unknown=record.sign_status == SignStatus.UNKNOWN
        or (
            record.sign_status == SignStatus.SIGNING
            and record.sign_started_at is not None
            and record.sign_started_at < timezone.now() - SIGNING_STALE
        ),
        remote_verdict=record.remote_verdict,
        remote_checked_at=record.remote_checked_at,
        replaced_by_version=replacement.version if replacement else None,
        replaced_at=record.replaced_at,
    )


SIGNATURE_CACHE_SECONDS = 600


def signatures_of(record: DocumentRecord) -> list[SignatureCheck]:
    """The checked signatures of a signed record's file, kept a while per file (a check reads the
    whole PDF and its certificates: a public page must not redo it on every visit)."""
    if record.sign_status != SignStatus.SIGNED:
        return []
    key = f"document-signatures:{record.signed_sha256}"
    checks = cache.get(key)
    if checks is None:
        checks = signature_checks(record)
        cache.set(key, checks, SIGNATURE_CACHE_SECONDS)
    return checks


def is_that_file(record: DocumentRecord, sha256: str) -> bool:
    """Whether a file with this SHA-256 (hex) is exactly the document of the record, in constant
    time: the signed file, or the same document as issued before it was signed."""
    digest = sha256.lower().encode()
    issued = hmac.compare_digest(record.sha256.encode(), digest)
    signed = bool(record.signed_sha256) and hmac.compare_digest(
        record.signed_sha256.encode(), digest
    )
    return issued or signed
