"""BSSN's BSrE eSign Client, API v2: an on-premise service in the Pemda network, HTTP Basic auth
(BSRE_USER/BSRE_PASSWORD), JSON bodies, PDFs as base64 (/work/shared/integrations.md §3).

Here: the signer (the requests it builds); calls.py sends them (or writes them in a dry run),
answers.py turns BSrE's answers into results or messages for the signer, stamp.py draws the
visible stamp. The passphrase or code is only ever in the request body: never logged (no bodies
are), never in an error message, and replaced by "***" in the dry-run file.

Several documents, one secret (`sign_many`): ONE sign/pdf request whose `file` lists the PDFs and
whose `signatureProperties` holds one entry per file, in the same order (entry i places the
stamp on file i). That pairing is our reading of the v2 API and still needs confirming with BSrE
on a real eSign Client: if it applies every entry to every file instead, each file of a batch
would get a stamp per file. What is checked regardless: BSrE must answer exactly as many signed
files as were sent (anything else is an unexpected answer), and the caller checks that each is
its own document signed. One request because a one-time code works once.
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from accounts.signatures.backends import (
    Placement,
    RemoteVerification,
    Secret,
    SignerIdentity,
    SignerStatus,
    SigningError,
)
from accounts.signatures.backends.bsre.answers import (
    BOTH_SECRETS,
    CODE_NO_CERTIFICATE,
    CODE_NOT_REGISTERED,
    DRY_RUN,
    NO_IDENTITY,
    NO_SECRET,
    Refused,
    signed_files,
    status_of,
    verification,
)
from accounts.signatures.backends.bsre.calls import quick_timeout, send
from accounts.signatures.backends.bsre.stamp import SEAL_STAMP_TEXT, STAMP_TEXT, stamp_png

__all__ = ["BsreSigner", "Refused", "stamp_png"]

STATUS_PATH = "/api/v2/user/check/status"
CODE_PATH = "/api/v2/sign/get/totp"
SIGN_PATH = "/api/v2/sign/pdf"
SEAL_PATH = "/api/v2/seal/pdf"
VERIFY_PATH = "/api/v2/verify/pdf"


class BsreSigner:
    asks_secret = True  # BSrE keeps the keys: each signature needs the passphrase or a code
    sends_codes = True
    verify_remotely = True

    def status(self, person: SignerIdentity) -> SignerStatus:
        identity = _identity(person)
        if not identity:
            return SignerStatus.NO_IDENTITY
        try:
            answer = send(STATUS_PATH, identity, timeout=quick_timeout(), signs=False)
        except Refused as refusal:
            if refusal.code == CODE_NOT_REGISTERED:
                return SignerStatus.NOT_REGISTERED
            if refusal.code == CODE_NO_CERTIFICATE:
                return SignerStatus.NO_CERTIFICATE
            raise
        if answer is None:
            return SignerStatus.READY
        return status_of(answer)

    def request_code(self, person: SignerIdentity) -> None:
        identity = _identity(person)
        if not identity:
            raise SigningError(gettext(NO_IDENTITY))
        send(CODE_PATH, identity, timeout=quick_timeout(), signs=False)

    @sensitive_variables("secret")
    def sign(
        self, pdf: bytes, *, person: SignerIdentity, secret: Secret, placement: Placement
    ) -> bytes:
        return self.sign_many([pdf], person=person, secret=secret, placements=[placement])[0]

    @sensitive_variables("secret", "body")
    def sign_many(
        self,
        pdfs: list[bytes],
        *,
        person: SignerIdentity,
        secret: Secret,
        placements: list[Placement],
    ) -> list[bytes]:
        """`pdfs` signed by `person` in one sign/pdf request (the module's docstring), in order.
        A timeout or a gateway error makes the whole call's outcome unknown."""
        if len(pdfs) != len(placements):
            raise ValueError(f"{len(pdfs)} PDFs but {len(placements)} placements")
        if not pdfs:
            return []
        identity = _identity(person)
        if not identity:
            raise SigningError(gettext(NO_IDENTITY))
        stamp = STAMP_TEXT.format(name=person.name)
        body = {
            **identity,
            **_secret_field(secret),
            "signatureProperties": [_signature_properties(p, stamp) for p in placements],
            "file": [_base64(pdf) for pdf in pdfs],
        }
        answer = send(SIGN_PATH, body, timeout=settings.BSRE_TIMEOUT, signs=True)
        if answer is None:
            raise SigningError(gettext(DRY_RUN))
        return signed_files(answer, len(pdfs))

    @sensitive_variables("secret", "body")
    def seal(self, pdf: bytes, *, secret: Secret, placement: Placement) -> bytes:
        body = {}
        if settings.BSRE_SEAL_SUBSCRIBER_ID:
            body["idSubscriber"] = settings.BSRE_SEAL_SUBSCRIBER_ID
        body |= {
            **_secret_field(secret),
            "signatureProperties": [_signature_properties(placement, SEAL_STAMP_TEXT)],
            "file": [_base64(pdf)],
        }
        answer = send(SEAL_PATH, body, timeout=settings.BSRE_TIMEOUT, signs=True)
        if answer is None:
            raise SigningError(gettext(DRY_RUN))
        return signed_files(answer, 1)[0]

    def verify(self, pdf: bytes) -> RemoteVerification | None:
        body = {"file": _base64(pdf)}
        answer = send(VERIFY_PATH, body, timeout=settings.BSRE_VERIFY_TIMEOUT, signs=False)
        return None if answer is None else verification(answer)


# ----- the request -------------------------------------------------------------------------------


def _identity(person: SignerIdentity) -> dict[str, str]:
    """How BSrE knows the person: the NIK, or the e-mail address when there is no NIK."""
    if person.nik.strip():
        return {"nik": person.nik.strip()}
    if person.email.strip():
        return {"email": person.email.strip()}
    return {}


@sensitive_variables("secret")
def _secret_field(secret: Secret) -> dict[str, str]:
    # BSrE takes exactly one of them; guessing which one the person meant would spend a try.
    if secret.passphrase and secret.totp:
        raise SigningError(gettext(BOTH_SECRETS))
    if secret.totp:
        return {"totp": secret.totp.strip()}
    if secret.passphrase:
        return {"passphrase": secret.passphrase}
    raise SigningError(gettext(NO_SECRET))


def _signature_properties(placement: Placement, stamp_text: str) -> dict:
    properties = {
        "tampilan": "VISIBLE" if placement.box else "INVISIBLE",
        "location": placement.location,
        "reason": placement.reason,
        "contactInfo": "",
    }
    box = placement.box
    if box is not None:
        # originX/originY: the box's lower-left corner in PDF points measured from the page's
        # LOWER-left corner (PDF user space, as our Box and pyHanko use it). Public write-ups of
        # the API disagree (some measure from the top); the eSign Client stamps with iText/DSS,
        # which work in PDF user space. If an installation puts stamps mirrored top to bottom,
        # this is the line to change.
        properties |= {
            "imageBase64": _base64(stamp_png(stamp_text, box)),
            "page": box.page + 1,  # BSrE counts pages from 1, Box from 0
            "originX": round(box.x1, 2),
            "originY": round(box.y1, 2),
            "width": round(box.width, 2),
            "height": round(box.height, 2),
        }
    return properties


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
