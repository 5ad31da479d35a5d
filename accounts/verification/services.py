"""Issuing a verifiable document: its record, its code and QR in the footer, the hash of the file.

`document_issue` is the one way a PDF of ours is made for a user. The document's HTML carries two
markers (templates/accounts/verification/_footer.html) where the QR and the verification line go;
the HTML with the markers is the document's content. Its record is chosen by rules.version_step:
the latest record when the content is unchanged (the same code printed again, the same bytes
served), else a new version with a new code, which replaces the latest. The code is assigned
before rendering and the record written after it, with the SHA-256 of the very bytes served.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.verification import rules
from accounts.verification.models import DocumentRecord, SignStatus
from core.actor import Actor

MARKER_QR = "<!--verification-qr-->"
MARKER_LINE = "<!--verification-line-->"
# Printed in Indonesian whatever the reader's language, like the documents themselves.
OFFICIAL_LANGUAGE = "id"
ATTEMPTS = 3  # a version or code taken by a concurrent request: read again and retry


@dataclass(frozen=True)
class DocumentSpec:
    """What a document is, as its record keeps it. `subject` names the thing printed (with the
    kind, the key of the version chain); `name`, `nip` and `period` are as printed."""

    kind: str
    subject: str
    owner_id: int | None = None  # the employee whose document it is
    name: str = ""
    nip: str = ""
    period: str = ""


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def verification_url(code: str) -> str:
    """The address printed under the QR: SITE_URL, never the request's Host (core/checks.py)."""
    return settings.SITE_URL.rstrip("/") + reverse("verification:document", args=[code])


def stamped_html(html: str, code: str) -> str:
    """The document's HTML with its QR code and verification line in the footer markers."""
    import segno  # only when a document is printed

    if MARKER_QR not in html or MARKER_LINE not in html:
        raise ValueError("The document has no verification footer (_footer.html).")
    url = verification_url(code)
    # No width/height: the stylesheet sizes the QR in millimetres through its viewBox; a quiet
    # zone of two modules keeps it readable next to the text.
    qr = segno.make(url, error="m").svg_inline(scale=1, border=2, omitsize=True)
    with translation.override(OFFICIAL_LANGUAGE):
        line = render_to_string("accounts/verification/_stamp.html", {"code": code, "url": url})
    return html.replace(MARKER_QR, qr, 1).replace(MARKER_LINE, line, 1)


def _person_name(actor: Actor) -> str:
    if actor.is_system:
        return ""
    if actor.employee is not None:
        return actor.employee.full_name
    return actor.user.get_full_name() or actor.user.get_username()


def _latest(spec: DocumentSpec) -> DocumentRecord | None:
    return (
        DocumentRecord.objects.filter(kind=spec.kind, subject=spec.subject)
        .order_by("-version")
        .first()
    )


def _record_new(
    spec: DocumentSpec,
    latest: DocumentRecord | None,
    step: rules.Step,
    content_hash: str,
    render: Callable[[str], bytes],
    html: str,
    *,
    actor: Actor,
) -> tuple[DocumentRecord, bytes]:
    code = rules.new_code()
    content = render(stamped_html(html, code))
    now = timezone.now()
    with transaction.atomic():
        record = DocumentRecord.objects.create(
            code=code,
            kind=spec.kind,
            subject=spec.subject,
            version=step.version,
            owner_id=spec.owner_id,
            name=spec.name,
            nip=spec.nip,
            period=spec.period,
            content_hash=content_hash,
            sha256=sha256_hex(content),
            size=len(content),
            generated_by=None if actor.is_system else actor.user,
            generated_by_name=_person_name(actor),
            created_at=now,
        )
        if latest is not None:
            # Conditional: of two versions made at once, only one replaces the latest.
            DocumentRecord.objects.filter(pk=latest.pk, replaced_by__isnull=True).update(
                replaced_by=record, replaced_at=now
            )
    return record, content


def document_issue(
    spec: DocumentSpec, html: str, render: Callable[[str], bytes], *, actor: Actor
) -> tuple[DocumentRecord, bytes]:
    """The document `html` rendered by `render` (HTML → PDF bytes) with its code and QR printed,
    and its record: the latest one when the content is unchanged and renders to the same bytes,
    else a new version replacing it. Returns the record and the bytes to serve, whose SHA-256 is
    the record's. A version or code taken meanwhile by a concurrent request (the unique
    constraints) is read again and retried. A signed document is served as its signed file."""
    content_hash = sha256_hex(html.encode())
    for attempt in range(ATTEMPTS):
        latest = _latest(spec)
        step = rules.version_step(
            rules.Latest(latest.version, latest.content_hash) if latest else None, content_hash
        )
        if step.reuse and latest.sign_status == SignStatus.SIGNED and latest.signed_file:
            # The signed file is the document now: served as stored, never rendered again.
            with latest.signed_file.open("rb") as handle:
                return latest, handle.read()
        if step.reuse:
            content = render(stamped_html(html, latest.code))
            if sha256_hex(content) == latest.sha256:
                return latest, content
            # The same content printed differently (another WeasyPrint, other fonts): another
            # file, so another record.
            step = rules.Step(version=latest.version + 1, reuse=False)
        try:
            return _record_new(spec, latest, step, content_hash, render, html, actor=actor)
        except IntegrityError:
            if attempt == ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")
