"""PAdES signing and checking with pyHanko.

`sign_pkcs12` adds a visible signature in a box of the page (PDF points, origin bottom-left) as an
incremental update, so the signed file still holds the unsigned one byte for byte. `signatures_in`
reads every signature of a PDF and checks it against our trust roots: intact (the signed bytes
are unchanged), trusted (the certificate chains to a root we trust), and whether anything was
added to the file after it was signed.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from cryptography import x509

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Box:
    """Where a visible signature goes: 0-based page, lower-left and upper-right in PDF points."""

    page: int
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def width(self) -> float:
        return self.x2 - self.x1

    @property
    def height(self) -> float:
        return self.y2 - self.y1


def _run(coroutine_factory):
    """Run pyHanko's async API to completion from sync code. Its own sync wrappers call
    asyncio.run, which fails inside a thread that already runs an event loop (an ASGI worker, a
    test driving a browser): there the coroutine runs on a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine_factory())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine_factory())).result()


STAMP_TEXT = "Ditandatangani secara elektronik oleh\n%(signer)s\n%(ts)s"


def sign_pkcs12(
    pdf: bytes,
    pkcs12: bytes,
    password: str,
    *,
    box: Box | None,
    field_name: str,
    reason: str,
    location: str,
) -> bytes:
    """`pdf` signed (PAdES-B-B, SHA-256) with the key of a PKCS#12 file; ValueError when the
    file cannot be opened with `password`."""
    from pyhanko import stamp
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(
        pkcs12, other_certs=None, passphrase=password.encode()
    )
    if signer is None:
        raise ValueError("PKCS#12 cannot be opened")
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    field_spec = None
    if box is not None:
        field_spec = fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=box.page,
            box=(int(box.x1), int(box.y1), int(box.x2), int(box.y2)),
        )
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=reason,
            location=location,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
        ),
        signer=signer,
        stamp_style=stamp.TextStampStyle(stamp_text=STAMP_TEXT, border_width=1),
        new_field_spec=field_spec,
    )
    return _run(lambda: pdf_signer.async_sign_pdf(writer)).getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of a PDF as checked here."""

    field: str
    signer: str
    serial: str  # the subject's serial-number attribute (a NIK), if any
    signed_at: dt.datetime | None
    intact: bool  # the bytes it signed are unchanged
    trusted: bool  # its certificate chains to one of our trust roots
    changed_after: bool  # something other than signatures/timestamps was added after it
    reason: str

    @property
    def valid(self) -> bool:
        return self.intact and self.trusted and not self.changed_after


def _unreadable(field: str) -> SignatureCheck:
    return SignatureCheck(
        field=field,
        signer="",
        serial="",
        signed_at=None,
        intact=False,
        trusted=False,
        changed_after=True,
        reason="",
    )


def _check(signature, roots) -> SignatureCheck:
    """One embedded signature validated against `roots` (asn1crypto certificates)."""
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
    )
    try:
        status = _run(lambda: async_validate_pdf_signature(signature, context))
    except Exception:  # a malformed signature of a foreign file: it does not hold
        logger.warning("Signature %s could not be validated", signature.field_name, exc_info=True)
        return _unreadable(signature.field_name)
    subject = status.signing_cert.subject.native
    level = status.modification_level
    docmdp_refused = status.docmdp_ok is False
    timestamp = getattr(status, "timestamp_validity", None)
    return SignatureCheck(
        field=signature.field_name,
        signer=str(subject.get("common_name", "")),
        serial=str(subject.get("serial_number", "")),
        signed_at=timestamp.timestamp if timestamp else status.signer_reported_dt,
        intact=bool(status.intact and status.valid),
        trusted=bool(status.trusted),
        changed_after=docmdp_refused
        or (level is not None and level > ModificationLevel.LTA_UPDATES),
        reason=str(signature.sig_object.get("/Reason", "")),
    )


def signatures_in(pdf: bytes, trust_roots: list[x509.Certificate]) -> list[SignatureCheck]:
    """Every signature of `pdf`, checked (no network: no revocation fetching). A file that is not
    a readable PDF has none."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader

    roots = [asn1_x509.Certificate.load(root.public_bytes(Encoding.DER)) for root in trust_roots]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # a damaged or foreign file: no signature can be read from it
        logger.info("PDF unreadable while looking for signatures", exc_info=True)
        return []
    return [_check(signature, roots) for signature in embedded]
