"""The HTTP calls to the eSign Client, or, with BSRE_DRY_RUN_FILE set, each call written to that
file instead of sent.

A sign or seal call whose request went out and whose answer never came (a read timeout, a dropped
connection, a gateway's 502/503/504) has an unknown outcome (`SigningOutcomeUnknown`): it is never
retried here, neither by a loop nor by the transport. Request bodies are never logged; the
dry-run file has the secret as "***", the NIK and e-mail address masked and each PDF as its
SHA-256; credentials written into BSRE_URL (http://user:password@host) appear in neither.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import time

import httpx
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_variables

from accounts.signatures.backends import SigningError
from accounts.signatures.backends.bsre.answers import (
    TOO_SLOW,
    UNREACHABLE,
    answer_of,
    outcome_unknown,
)

logger = logging.getLogger("accounts.signatures")

SECRET_FIELDS = ("passphrase", "totp")
IDENTITY_FIELDS = ("nik", "email")
# A status check or a code request runs while a page waits: it gets at most this many seconds.
QUICK_SECONDS = 15.0
# Connecting needs no patience: a service that does not accept the connection is unreachable.
CONNECT_SECONDS = 10.0


def quick_timeout() -> float:
    return min(settings.BSRE_TIMEOUT, QUICK_SECONDS)


@sensitive_variables()
def send(path: str, body: dict, *, timeout: float, signs: bool) -> dict | None:
    """BSrE's answer (a JSON object) to POSTing `body` to `path`, or None in a dry run (the
    request written to BSRE_DRY_RUN_FILE, nothing sent). Refusals and failures raise SigningError;
    for a call that `signs`, a failure after the request went out raises SigningOutcomeUnknown."""
    base, userinfo = split_userinfo(settings.BSRE_URL)
    shown = base + path  # for the log and the dry-run file
    documents = len(body.get("file") or []) if signs else 0
    if settings.BSRE_DRY_RUN_FILE:
        _write_dry_run(shown, body)
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
            response = client.post(settings.BSRE_URL + path, json=body)
    except (
        httpx.ConnectError,
        httpx.ConnectTimeout,
        httpx.UnsupportedProtocol,
        httpx.ProxyError,
        httpx.InvalidURL,
    ) as error:
        # Nothing reached BSrE: safe to say so and let the person try again.
        reason = str(error).replace(userinfo, "***") if userinfo else str(error)
        logger.warning("BSrE unreachable at %s: %s: %s", shown, type(error).__name__, reason)
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
            raise outcome_unknown(documents) from None
        if isinstance(error, httpx.TimeoutException):
            raise SigningError(gettext(TOO_SLOW)) from None
        raise SigningError(gettext(UNREACHABLE)) from None
    logger.info(
        "BSrE %s answered HTTP %s in %.1f s", path, response.status_code, time.monotonic() - started
    )
    secrets = [body[field] for field in SECRET_FIELDS if body.get(field)]
    return answer_of(path, response, secrets=secrets, documents=documents)


def split_userinfo(url: str) -> tuple[str, str]:
    """`url` without its user:password@ part, and that part ("" when there is none). The last "@"
    after the scheme counts, so a password may hold "@" or "/" (BSRE_URL is a base URL, with
    no "@" in its path)."""
    scheme, separator, rest = url.partition("://")
    if not separator or "@" not in rest:
        return url, ""
    userinfo, _at, host = rest.rpartition("@")
    return f"{scheme}://{host}", userinfo


# ----- the dry run -------------------------------------------------------------------------------


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
    """`body` for the dry-run file: secrets as "***", the NIK or e-mail address masked, each
    base64 file (and stamp image) as its SHA-256 and size, which is enough to tell which
    document a call was for."""
    redacted = {}
    for key, value in body.items():
        if key in SECRET_FIELDS:
            redacted[key] = "***"
        elif key in IDENTITY_FIELDS:
            redacted[key] = masked(value)
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


def masked(value: str) -> str:
    """A NIK with its middle hidden (3201********0001: the region and the last digits, enough to
    tell two people apart in a dry run), an e-mail address with its local part hidden."""
    local, at, domain = value.rpartition("@")
    if at:
        return f"{local[:1]}***@{domain}"
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def _digest(encoded: str) -> dict:
    data = base64.b64decode(encoded)
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
