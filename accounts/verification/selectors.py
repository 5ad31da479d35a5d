"""Reads of the public verification page: a record by its code, and what the page may say."""

from __future__ import annotations

import datetime as dt
import hmac
from dataclasses import dataclass

from accounts.verification import rules
from accounts.verification.models import DocumentKind, DocumentRecord


def record_for_code(text: str) -> DocumentRecord | None:
    """The record printed with this code (any case), with the version replacing it; None for a
    code that is not ours. One query (none for a text that cannot be a code)."""
    code = rules.normalised_code(text)
    if code is None:
        return None
    return DocumentRecord.objects.select_related("replaced_by").filter(code=code).first()


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
    signed_at: dt.datetime | None
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
        signed_at=record.signed_at,
        replaced_by_version=replacement.version if replacement else None,
        replaced_at=record.replaced_at,
    )


def is_that_file(record: DocumentRecord, sha256: str) -> bool:
    """Whether a file with this SHA-256 (hex) is exactly the document of the record, in constant
    time."""
    return hmac.compare_digest(record.sha256.encode(), sha256.lower().encode())
