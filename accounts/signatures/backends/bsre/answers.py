"""What BSrE answers, and what the signer is told: the vendor's refusal codes, the messages (in
English here, Bahasa Indonesia in locale/), and the mapping of each answer to a result or a
SigningError.

Refusals come as HTTP 4xx/5xx with `{"status_code": 2031, "error": "..."}`. A 502, 503 or 504
without one of our codes comes from a proxy or gateway in front of the eSign Client: on a sign or
seal call the request may already have been forwarded (nginx answers 502 when the eSign Client
dropped the connection, 504 when it was too slow; Envoy and several load balancers answer 503
for an upstream reset), so the outcome is unknown, never "try again".
"""

from __future__ import annotations

import base64
import binascii
import json
import logging

import httpx
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.debug import sensitive_variables

from accounts.signatures.backends import (
    RemoteSignature,
    RemoteVerification,
    SignerStatus,
    SigningError,
    SigningOutcomeUnknown,
)

logger = logging.getLogger("accounts.signatures")

CODE_NOT_REGISTERED = 2011
CODE_NO_CERTIFICATE = 2021
CODE_WRONG_PASSPHRASE = 2031
CODE_WRONG_TOTP = 2032

# A gateway's answer: the request may have reached the eSign Client (see the module's docstring).
GATEWAY_STATUSES = {502, 503, 504}

# check/status answers meaning a certificate exists but cannot sign now: for the signer that is
# "no usable certificate", to be sorted out with BSrE.
UNUSABLE_CERTIFICATE = {"EXPIRED", "REVOKE", "REVOKED", "SUSPEND", "SUSPENDED", "RENEW", "NEW"}
UNUSABLE_CERTIFICATE |= {"WAITING_FOR_VERIFICATION"}

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
# The signed copy never reached us: only BSrE's own records (the account's signing history, the
# BeSign app) tell whether it was signed; signing again here is how the app gets a signed copy.
OUTCOME_UNKNOWN = gettext_noop(
    "No answer came back from the BSrE eSign service, so the document may or may not have been "
    "signed there. Check the signing history of your BSrE account or the BeSign app to see "
    "whether it was signed, then sign it again here (the signed copy did not reach this "
    "application)."
)
OUTCOME_UNKNOWN_MANY = gettext_noop(
    "No answer came back from the BSrE eSign service, so these %(count)s documents may or may "
    "not have been signed there. Check the signing history of your BSrE account or the BeSign "
    "app to see whether they were signed, then sign them again here (the signed copies did not "
    "reach this application)."
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


def outcome_unknown(documents: int) -> SigningOutcomeUnknown:
    """The error for a sign or seal call of `documents` files whose answer never came."""
    if documents > 1:
        return SigningOutcomeUnknown(gettext(OUTCOME_UNKNOWN_MANY) % {"count": documents})
    return SigningOutcomeUnknown(gettext(OUTCOME_UNKNOWN))


def unexpected(status: int = 200) -> SigningError:
    return SigningError(gettext(UNEXPECTED) % {"status": status})


@sensitive_variables("secrets")
def answer_of(path: str, response: httpx.Response, *, secrets: list[str], documents: int) -> dict:
    """BSrE's JSON object, or the SigningError it means. `documents`: how many files a sign or
    seal call sent (0 for the other calls)."""
    if response.status_code == 401:
        logger.error("BSrE refused BSRE_USER/BSRE_PASSWORD (HTTP 401 at %s)", path)
        raise SigningError(gettext(CREDENTIALS_REFUSED))
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if response.is_success and isinstance(answer, dict):
        return answer
    code = to_int(answer.get("status_code")) if isinstance(answer, dict) else None
    if not response.is_success and code in REFUSALS:
        raise Refused(code)
    # The vendor's text goes to the log (with any echo of the secret removed), not to the person.
    text = response.text[:300]
    for secret in secrets:
        text = text.replace(secret, "***")
    if documents and response.status_code in GATEWAY_STATUSES:
        logger.warning(
            "BSrE %s: HTTP %s from a gateway, outcome unknown: %s", path, response.status_code, text
        )
        raise outcome_unknown(documents)
    logger.warning("BSrE %s: HTTP %s, code %s: %s", path, response.status_code, code, text)
    raise unexpected(response.status_code)


def to_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def status_of(answer: dict) -> SignerStatus:
    vendor_status = str(answer.get("status", "")).strip().upper()
    code = to_int(answer.get("status_code"))
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
    raise unexpected()


def signed_files(answer: dict, sent: int) -> list[bytes]:
    """The signed PDFs of a sign or seal answer, in the order they were sent: exactly `sent` of
    them, each a base64 PDF. Anything else (fewer files, say) is an unexpected answer."""
    files = answer.get("file")
    if not isinstance(files, list) or len(files) != sent:
        got = len(files) if isinstance(files, list) else type(files).__name__
        logger.warning("BSrE answered a sign or seal call of %s files with %s", sent, got)
        raise unexpected()
    signed = []
    for index, encoded in enumerate(files):
        try:
            data = base64.b64decode(encoded, validate=True) if isinstance(encoded, str) else b""
        except (binascii.Error, ValueError):
            data = b""
        if not data.startswith(b"%PDF-"):
            logger.warning("BSrE answered a sign or seal call with no PDF at file[%s]", index)
            raise unexpected()
        signed.append(data)
    return signed


def verification(answer: dict) -> RemoteVerification:
    informations = answer.get("signatureInformations") or []
    if not isinstance(informations, list) or not all(isinstance(i, dict) for i in informations):
        logger.warning("BSrE verify: signatureInformations is not a list of objects")
        raise unexpected()
    named = {"signerName", "signatureDate", "signatureFormat"}
    signatures = [
        RemoteSignature(
            signer=text(info.get("signerName", "")),
            signed_at=text(info.get("signatureDate", "")),
            format=text(info.get("signatureFormat", "")),
            details={key: text(value) for key, value in info.items() if key not in named},
        )
        for info in informations
    ]
    count = to_int(answer.get("signatureCount"))
    return RemoteVerification(
        conclusion=text(answer.get("conclusion", "")),
        description=text(answer.get("description", "")),
        count=len(signatures) if count is None else count,
        signatures=signatures,
    )


def text(value) -> str:
    """A vendor value as text: strings as they are, anything else as JSON (true, 3, {...})."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False)
