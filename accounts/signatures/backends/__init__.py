"""One signer interface, two backends (ESIGN_BACKEND): `bsre` (BSSN's eSign Client v2, bsre.py)
and `local` (the Pemda's own PKCS#12 certificates, local.py). Empty: documents are not signed
(they stay verifiable by their hash).

The secret a person types (a passphrase or a one-time code) travels in a `Secret`, whose repr
never shows it, straight from the signing form to the backend: never stored, queued or logged,
and never put in an error message. A failure is a `SigningError` with a message for the person
in Bahasa Indonesia; `SigningOutcomeUnknown` means the call may or may not have signed (a time-out)
and must not be retried by itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from accounts.signatures.pdf import Box

BACKENDS = {
    "local": "accounts.signatures.backends.local.LocalSigner",
    "bsre": "accounts.signatures.backends.bsre.BsreSigner",
}


@dataclass(frozen=True)
class Secret:
    """What the signer typed: a passphrase or a one-time code (TOTP). Never printed."""

    passphrase: str = field(default="", repr=False)
    totp: str = field(default="", repr=False)

    def __bool__(self) -> bool:
        return bool(self.passphrase or self.totp)


@dataclass(frozen=True)
class SignerIdentity:
    """Who signs: as the backend knows them (NIK for BSrE, the employee for local keys)."""

    name: str
    employee_id: int | None = None
    nik: str = ""
    email: str = ""


class SignerStatus(StrEnum):
    READY = "ready"  # may sign
    NOT_REGISTERED = "not_registered"  # BSrE 2011: not a BSrE user
    NO_CERTIFICATE = "no_certificate"  # BSrE 2021, or no local certificate uploaded
    NO_IDENTITY = "no_identity"  # no NIK (BSrE) on the employee record


@dataclass(frozen=True)
class Placement:
    """What the visible signature says and where it goes."""

    box: Box | None
    reason: str
    location: str
    field_name: str = "Signature1"


@dataclass(frozen=True)
class RemoteSignature:
    """One signature as a verification service reported it (BSrE verify/pdf)."""

    signer: str
    signed_at: str
    format: str
    details: dict[str, str]


@dataclass(frozen=True)
class RemoteVerification:
    conclusion: str
    description: str
    count: int
    signatures: list[RemoteSignature]


class SigningError(Exception):
    """A refusal with a message for the signer (never containing the secret)."""


class SigningOutcomeUnknown(SigningError):
    """The service did not answer in time: the document may or may not have been signed there."""


class Signer(Protocol):
    # Whether the signer types a secret (BSrE: a passphrase or code; local: a tick suffices).
    asks_secret: bool

    # Whether one-time codes can be asked for (BSrE's get/totp).
    sends_codes: bool
    # Whether the service has its own verification (BSrE verify/pdf), asked after signing.
    verify_remotely: bool

    def status(self, person: SignerIdentity) -> SignerStatus: ...

    def request_code(self, person: SignerIdentity) -> None: ...

    def sign(
        self, pdf: bytes, *, person: SignerIdentity, secret: Secret, placement: Placement
    ) -> bytes: ...

    # Several documents with one secret, in one call: a one-time code signs once, so a batch
    # signed with a code must be one request (BSrE's sign/pdf takes a list of files). The
    # answer is the signed files in the same order; a timeout makes the whole call unknown.
    def sign_many(
        self,
        pdfs: list[bytes],
        *,
        person: SignerIdentity,
        secret: Secret,
        placements: list[Placement],
    ) -> list[bytes]: ...

    def seal(self, pdf: bytes, *, secret: Secret, placement: Placement) -> bytes: ...

    def verify(self, pdf: bytes) -> RemoteVerification | None: ...


def not_configured() -> SigningError:
    """The refusal when ESIGN_BACKEND is empty, said the same way everywhere."""
    return SigningError(gettext("Electronic signatures are not configured on this server."))


def configured() -> bool:
    return bool(settings.ESIGN_BACKEND)


def get_signer() -> Signer | None:
    """The configured backend, or None when documents are not signed here."""
    if not settings.ESIGN_BACKEND:
        return None
    return import_string(BACKENDS[settings.ESIGN_BACKEND])()
