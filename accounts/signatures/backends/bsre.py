"""BSSN's BSrE eSign Client, API v2: an on-premise service in the Pemda network, HTTP Basic auth
(BSRE_USER/BSRE_PASSWORD), JSON bodies, PDFs as base64 (/work/shared/integrations.md §3).

Refusals come as HTTP 4xx/5xx with `{"status_code": 2031, "error": "..."}`; the codes we know are
below and become messages for the signer. A sign or seal call that timed out after the request
went out has an unknown outcome (`SigningOutcomeUnknown`): it is never retried here, neither by a
loop nor by the transport. The passphrase or code is only ever in the request body: never logged
(no bodies are), never in an error message, and replaced by "***" in the dry-run file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import json
import logging
import time

import httpx
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.debug import sensitive_variables

from accounts.signatures.backends import (
    Placement,
    RemoteSignature,
    RemoteVerification,
    Secret,
    SignerIdentity,
    SignerStatus,
    SigningError,
    SigningOutcomeUnknown,
)
from accounts.signatures.pdf import Box

logger = logging.getLogger("accounts.signatures")

STATUS_PATH = "/api/v2/user/check/status"
CODE_PATH = "/api/v2/sign/get/totp"
SIGN_PATH = "/api/v2/sign/pdf"
SEAL_PATH = "/api/v2/seal/pdf"
VERIFY_PATH = "/api/v2/verify/pdf"

CODE_NOT_REGISTERED = 2011
CODE_NO_CERTIFICATE = 2021
CODE_WRONG_PASSPHRASE = 2031
CODE_WRONG_TOTP = 2032

# check/status answers meaning a certificate exists but cannot sign now: for the signer that is
# "no usable certificate", to be sorted out with BSrE.
UNUSABLE_CERTIFICATE = {"EXPIRED", "REVOKE", "REVOKED", "SUSPEND", "SUSPENDED", "RENEW", "NEW"}
UNUSABLE_CERTIFICATE |= {"WAITING_FOR_VERIFICATION"}

SECRET_FIELDS = ("passphrase", "totp")
# A status check or a code request runs while a page waits: it gets at most this many seconds.
QUICK_SECONDS = 15.0
# Connecting needs no patience: a service that does not accept the connection is unreachable.
CONNECT_SECONDS = 10.0

STAMP_TEXT = "Ditandatangani secara elektronik oleh\n{name}"
SEAL_STAMP_TEXT = "Disegel secara elektronik"
# The stamp image is drawn at 3 pixels per PDF point (216 dpi): sharp in print, a few kilobytes.
PIXELS_PER_POINT = 3

WRONG_PASSPHRASE = gettext_noop("The BSrE passphrase is wrong.")
WRONG_CODE = gettext_noop(
    "The one-time code is wrong or has expired. Ask for a new code and try again."
)
NOT_REGISTERED = gettext_noop(
    "You are not registered with BSrE. Register for an electronic certificate at BSrE first."
)
NO_CERTIFICATE = gettext_noop(
    "You have no valid electronic certificate at BSrE. Ask BSrE to issue or renew it."
)
NO_IDENTITY = gettext_noop(
    "Your employee record has no NIK or e-mail address for BSrE. Ask the administrator to fill it in."
)
NO_SECRET = gettext_noop("Type your BSrE passphrase or the one-time code.")
BOTH_SECRETS = gettext_noop("Type either the passphrase or the one-time code, not both.")
UNREACHABLE = gettext_noop(
    "The BSrE eSign service cannot be reached. Try again later; if it persists, tell the administrator."
)
TOO_SLOW = gettext_noop("The BSrE eSign service did not answer in time. Try again later.")
CREDENTIALS_REFUSED = gettext_noop(
    "The BSrE eSign service refused this application's credentials (BSRE_USER/BSRE_PASSWORD). "
    "Tell the administrator."
)
UNEXPECTED = gettext_noop(
    "The BSrE eSign service gave an unexpected answer (HTTP %(status)s). Try again later; if it "
    "persists, tell the administrator."
)
OUTCOME_UNKNOWN = gettext_noop(
    "The BSrE eSign service did not answer in time: the document may or may not have been signed "
    "there. Check the document in a few minutes before trying again."
)
DRY_RUN = gettext_noop(
    "Dry run (BSRE_DRY_RUN_FILE): the request was written to the file, nothing was signed."
)

REFUSALS = {
    CODE_NOT_REGISTERED: NOT_REGISTERED,
    CODE_NO_CERTIFICATE: NO_CERTIFICATE,
    CODE_WRONG_PASSPHRASE: WRONG_PASSPHRASE,
    CODE_WRONG_TOTP: WRONG_CODE,
}


class Refused(SigningError):
    """BSrE refused with one of the codes we know (REFUSALS)."""

    def __init__(self, code: int):
        super().__init__(gettext(REFUSALS[code]))
        self.code = code


class BsreSigner:
    sends_codes = True
    verify_remotely = True

    def asks_secret(self, person: SignerIdentity) -> bool:
        return True  # BSrE keeps the keys: each signature needs the passphrase or a code

    def status(self, person: SignerIdentity) -> SignerStatus:
        identity = _identity(person)
        if not identity:
            return SignerStatus.NO_IDENTITY
        try:
            answer = _send(STATUS_PATH, identity, timeout=_quick_timeout(), signs=False)
        except Refused as refusal:
            if refusal.code == CODE_NOT_REGISTERED:
                return SignerStatus.NOT_REGISTERED
            if refusal.code == CODE_NO_CERTIFICATE:
                return SignerStatus.NO_CERTIFICATE
            raise
        if answer is None:
            return SignerStatus.READY
        return _status_of(answer)

    def request_code(self, person: SignerIdentity) -> None:
        identity = _identity(person)
        if not identity:
            raise SigningError(gettext(NO_IDENTITY))
        _send(CODE_PATH, identity, timeout=_quick_timeout(), signs=False)

    @sensitive_variables("secret", "body")
    def sign(
        self, pdf: bytes, *, person: SignerIdentity, secret: Secret, placement: Placement
    ) -> bytes:
        identity = _identity(person)
        if not identity:
            raise SigningError(gettext(NO_IDENTITY))
        stamp = STAMP_TEXT.format(name=person.name)
        body = {
            **identity,
            **_secret_field(secret),
            "signatureProperties": [_signature_properties(placement, stamp)],
            "file": [_base64(pdf)],
        }
        answer = _send(SIGN_PATH, body, timeout=settings.BSRE_TIMEOUT, signs=True)
        if answer is None:
            raise SigningError(gettext(DRY_RUN))
        return _signed_file(answer)

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
        answer = _send(SEAL_PATH, body, timeout=settings.BSRE_TIMEOUT, signs=True)
        if answer is None:
            raise SigningError(gettext(DRY_RUN))
        return _signed_file(answer)

    def verify(self, pdf: bytes) -> RemoteVerification | None:
        body = {"file": _base64(pdf)}
        answer = _send(VERIFY_PATH, body, timeout=settings.BSRE_VERIFY_TIMEOUT, signs=False)
        return None if answer is None else _verification(answer)


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


def stamp_png(text: str, box: Box) -> bytes:
    """The visible stamp: `text` in black on white, in the largest font that fits the box (BSrE
    scales the image into the box, so it is drawn at the box's proportions)."""
    from PIL import Image, ImageDraw, ImageFont

    width = max(1, round(box.width * PIXELS_PER_POINT))
    height = max(1, round(box.height * PIXELS_PER_POINT))
    margin = 3 * PIXELS_PER_POINT
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for size in range(max(8, height // 3), 7, -1):
        font = ImageFont.load_default(size=size)
        left, top, right, bottom = draw.multiline_textbbox((0, 0), text, font=font)
        if right - left <= width - 2 * margin and bottom - top <= height - 2 * margin:
            break
    draw.multiline_text(
        (margin - left, (height - (bottom - top)) / 2 - top), text, font=font, fill="black"
    )
    output = io.BytesIO()
    image.save(output, "PNG", optimize=True)
    return output.getvalue()


def _base64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _quick_timeout() -> float:
    return min(settings.BSRE_TIMEOUT, QUICK_SECONDS)


@sensitive_variables()
def _send(path: str, body: dict, *, timeout: float, signs: bool) -> dict | None:
    """BSrE's answer (a JSON object) to POSTing `body` to `path`, or None in a dry run (the
    request written to BSRE_DRY_RUN_FILE, nothing sent). Refusals and failures raise SigningError;
    for a call that `signs`, a failure after the request went out raises SigningOutcomeUnknown."""
    url = settings.BSRE_URL + path
    if settings.BSRE_DRY_RUN_FILE:
        _write_dry_run(url, body)
        return None
    client = httpx.Client(
        auth=httpx.BasicAuth(settings.BSRE_USER, settings.BSRE_PASSWORD),
        timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_SECONDS)),
        transport=httpx.HTTPTransport(retries=0),  # a resent sign call could sign twice
        follow_redirects=False,
    )
    started = time.monotonic()
    # The exceptions are raised `from None`: httpx's frames hold the request body (the secret).
    try:
        with client:
            response = client.post(url, json=body)
    except (
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.UnsupportedProtocol,
        httpx.ProxyError,
        httpx.InvalidURL,
    ) as error:
        # Nothing reached BSrE: safe to say so and let the person try again.
        logger.warning("BSrE unreachable at %s: %s: %s", url, type(error).__name__, error)
        raise SigningError(gettext(UNREACHABLE)) from None
    except httpx.TransportError as error:
        # The request (or part of it) went out: a read or write timeout, a dropped connection.
        logger.warning(
            "BSrE %s failed after %.1f s: %s",
            path,
            time.monotonic() - started,
            type(error).__name__,
        )
        if signs:
            raise SigningOutcomeUnknown(gettext(OUTCOME_UNKNOWN)) from None
        if isinstance(error, httpx.TimeoutException):
            raise SigningError(gettext(TOO_SLOW)) from None
        raise SigningError(gettext(UNREACHABLE)) from None
    logger.info(
        "BSrE %s answered HTTP %s in %.1f s", path, response.status_code, time.monotonic() - started
    )
    return _answer(path, response, secrets=[body[f] for f in SECRET_FIELDS if body.get(f)])


@sensitive_variables("secrets")
def _answer(path: str, response: httpx.Response, *, secrets: list[str]) -> dict:
    if response.status_code == 401:
        logger.error("BSrE refused BSRE_USER/BSRE_PASSWORD (HTTP 401 at %s)", path)
        raise SigningError(gettext(CREDENTIALS_REFUSED))
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if response.is_success and isinstance(answer, dict):
        return answer
    code = _code(answer.get("status_code")) if isinstance(answer, dict) else None
    if not response.is_success and code in REFUSALS:
        raise Refused(code)
    # The vendor's text goes to the log (with any echo of the secret removed), not to the person.
    text = response.text[:300]
    for secret in secrets:
        text = text.replace(secret, "***")
    logger.warning("BSrE %s: HTTP %s, code %s: %s", path, response.status_code, code, text)
    raise SigningError(gettext(UNEXPECTED) % {"status": response.status_code})


def _code(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _write_dry_run(url: str, body: dict) -> None:
    record = {
        "time": timezone.now().isoformat(),
        "method": "POST",
        "url": url,
        "body": _redacted(body),
    }
    with open(settings.BSRE_DRY_RUN_FILE, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _redacted(body: dict) -> dict:
    """`body` for the dry-run file: secrets as "***", each base64 file (and stamp image) as its
    SHA-256 and size, which is enough to tell which document a call was for."""
    redacted = {}
    for key, value in body.items():
        if key in SECRET_FIELDS:
            redacted[key] = "***"
        elif key == "file":
            redacted[key] = (
                [_digest(f) for f in value] if isinstance(value, list) else _digest(value)
            )
        elif key == "signatureProperties":
            redacted[key] = [
                {k: _digest(v) if k == "imageBase64" else v for k, v in entry.items()}
                for entry in value
            ]
        else:
            redacted[key] = value
    return redacted


def _digest(encoded: str) -> dict:
    data = base64.b64decode(encoded)
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


# ----- the answers -------------------------------------------------------------------------------


def _status_of(answer: dict) -> SignerStatus:
    vendor_status = str(answer.get("status", "")).strip().upper()
    code = _code(answer.get("status_code"))
    if vendor_status == "ISSUE":
        return SignerStatus.READY
    if vendor_status == "NOT_REGISTERED" or code == CODE_NOT_REGISTERED:
        return SignerStatus.NOT_REGISTERED
    if vendor_status == "NO_CERTIFICATE" or code == CODE_NO_CERTIFICATE:
        return SignerStatus.NO_CERTIFICATE
    if vendor_status in UNUSABLE_CERTIFICATE:
        logger.info("BSrE certificate status %s: counted as no certificate", vendor_status)
        return SignerStatus.NO_CERTIFICATE
    logger.warning("BSrE check/status: unknown status %r (code %s)", vendor_status[:50], code)
    raise SigningError(gettext(UNEXPECTED) % {"status": 200})


def _signed_file(answer: dict) -> bytes:
    files = answer.get("file")
    if isinstance(files, list) and len(files) == 1 and isinstance(files[0], str):
        try:
            signed = base64.b64decode(files[0], validate=True)
        except (binascii.Error, ValueError):
            signed = b""
        if signed.startswith(b"%PDF-"):
            return signed
    logger.warning("BSrE answered a sign or seal call without one base64 PDF in `file`")
    raise SigningError(gettext(UNEXPECTED) % {"status": 200})


def _verification(answer: dict) -> RemoteVerification:
    informations = answer.get("signatureInformations") or []
    if not isinstance(informations, list) or not all(isinstance(i, dict) for i in informations):
        logger.warning("BSrE verify: signatureInformations is not a list of objects")
        raise SigningError(gettext(UNEXPECTED) % {"status": 200})
    named = {"signerName", "signatureDate", "signatureFormat"}
    signatures = [
        RemoteSignature(
            signer=_text(info.get("signerName", "")),
            signed_at=_text(info.get("signatureDate", "")),
            format=_text(info.get("signatureFormat", "")),
            details={key: _text(value) for key, value in info.items() if key not in named},
        )
        for info in informations
    ]
    count = _code(answer.get("signatureCount"))
    return RemoteVerification(
        conclusion=_text(answer.get("conclusion", "")),
        description=_text(answer.get("description", "")),
        count=len(signatures) if count is None else count,
        signatures=signatures,
    )


def _text(value) -> str:
    """A vendor value as text: strings as they are, anything else as JSON (true, 3, {...})."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)
