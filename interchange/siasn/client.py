"""SIASN's web services (BKN), /work/shared/integrations.md §1: two tokens on every call, JSON
answers with `success`/`message`/`mapData`, documents uploaded first and referenced in `path`.

Every call has a timeout. Transient failures (timeouts, dropped connections, 5xx, 429) are tried
again with exponential backoff up to SIASN_RETRIES times, with one exception: a save that adds a
record (no `id`) is not sent again once it may have reached BKN (a read timeout, a 500), since a
second one could store the result twice; that raises SiasnOutcomeUnknown and the caller checks
SIASN's record (rw_skp22, rw_kinerja_periodik) before sending it again. A 401 drops both cached
tokens and the call is made once more with new ones.

Secrets (the consumer secret, the SSO password) and the tokens are never logged, never put in an
error and never in a repr: no request body or header is logged, BKN's texts are scrubbed of them,
and httpx's exceptions (whose frames hold the request) are not chained.
"""

from __future__ import annotations

import email.utils
import functools
import hashlib
import json
import logging
import ssl
import time
from collections.abc import Callable

import certifi
import httpx
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.debug import sensitive_variables

logger = logging.getLogger("interchange.siasn")

GATEWAY, SSO = "gateway", "sso"
SETTINGS = (
    "SIASN_TOKEN_URL",
    "SIASN_SSO_TOKEN_URL",
    "SIASN_API_URL",
    "SIASN_CONSUMER_KEY",
    "SIASN_CONSUMER_SECRET",
    "SIASN_SSO_CLIENT_ID",
    "SIASN_SSO_USERNAME",
    "SIASN_SSO_PASSWORD",
    "SIASN_INSTANSI_ID",
)
# A token is used until this many seconds before it expires (at most a tenth of its lifetime).
EXPIRY_MARGIN = 60.0
# Backoff: 1, 2, 4… seconds between tries, never longer than BACKOFF_CAP; a 429's Retry-After is
# honoured up to RETRY_AFTER_CAP (a worker does not sleep for an hour on BKN's word).
BACKOFF_BASE = 1.0
BACKOFF_CAP = 30.0
RETRY_AFTER_CAP = 60.0
CONNECT_SECONDS = 10.0
TRANSIENT = {429, 500, 502, 503, 504}
# Answers meaning the request was not processed, so even an adding save may be sent again.
NOT_PROCESSED = {429, 503}
# Failures before the request left: nothing reached BKN.
NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Where mapData may carry the stored record's id: the key is not documented publicly (CONFIRM).
ID_KEYS = ("id", "skpId", "skp22Id", "kinerjaPeriodikId", "idRiwayat", "riwayatId", "rwId")

NOT_CONFIGURED = gettext_noop(
    "SIASN is not configured: set SIASN_TOKEN_URL, SIASN_SSO_TOKEN_URL, SIASN_API_URL, the "
    "consumer key and secret, the SSO client, username and password and SIASN_INSTANSI_ID."
)
UNAVAILABLE = gettext_noop(
    "SIASN did not answer %(endpoint)s (%(reason)s) after %(tries)s tries. Try again later."
)
UNEXPECTED = gettext_noop("SIASN gave an unexpected answer to %(endpoint)s (HTTP %(status)s).")
OUTCOME_UNKNOWN = gettext_noop(
    "SIASN did not answer %(endpoint)s in time (%(reason)s): the record may or may not have been "
    "stored there. Check SIASN before sending it again."
)
NO_ID = gettext_noop(
    "SIASN stored the record sent to %(endpoint)s but did not say its id. Check SIASN before "
    "sending it again."
)
REFUSED = gettext_noop("SIASN refused %(endpoint)s: %(message)s")
NO_MESSAGE = gettext_noop("no reason given (HTTP %(status)s)")
CREDENTIALS_REFUSED = gettext_noop(
    "SIASN refused this application's tokens. Check SIASN_CONSUMER_KEY, SIASN_CONSUMER_SECRET and "
    "the SSO account with BKN's integration team."
)
GATEWAY_REFUSED = gettext_noop(
    "SIASN's gateway refused SIASN_CONSUMER_KEY/SIASN_CONSUMER_SECRET: %(message)s"
)
SSO_REFUSED = gettext_noop(
    "SIASN's SSO refused SIASN_SSO_CLIENT_ID/SIASN_SSO_USERNAME/SIASN_SSO_PASSWORD: %(message)s"
)


class SiasnError(Exception):
    """Anything that kept a SIASN call from succeeding; the text is for admins."""


class SiasnNotConfigured(SiasnError):
    pass


class SiasnUnavailable(SiasnError):
    """SIASN could not be reached or kept failing: try again later."""


class SiasnOutcomeUnknown(SiasnUnavailable):
    """An adding save may or may not have been stored: check SIASN before sending it again."""


class SiasnRefused(SiasnError):
    """BKN refused the request (4xx, or `success: false`); `message` is BKN's own text (its
    lines joined), `lines` the lines, `status` the HTTP status."""

    def __init__(self, message: str | list, *, endpoint: str = "", status: int | None = None):
        self.lines = [str(line) for line in message] if isinstance(message, list) else [message]
        self.message = "\n".join(self.lines)
        self.endpoint, self.status = endpoint, status
        text = self.message or gettext(NO_MESSAGE) % {"status": status}
        super().__init__(gettext(REFUSED) % {"endpoint": endpoint or "SIASN", "message": text})


def configured() -> bool:
    """Whether every SIASN setting is filled in (the connector sends nothing otherwise)."""
    return all(str(getattr(settings, name, "")).strip() for name in SETTINGS)


def token_cache_key(kind: str) -> str:
    """The cache key of a token: per URL and account, without any secret in it."""
    if kind == GATEWAY:
        parts = [settings.SIASN_TOKEN_URL, settings.SIASN_CONSUMER_KEY]
    else:
        parts = [settings.SIASN_SSO_TOKEN_URL, settings.SIASN_SSO_CLIENT_ID]
        parts.append(settings.SIASN_SSO_USERNAME)
    digest = hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]
    return f"siasn:token:{kind}:{digest}"


class SiasnClient:
    """One connection pool to SIASN; `sleep` is what waits between tries (tests pass a
    recorder). Use as a context manager, or call close()."""

    def __init__(self, *, sleep: Callable[[float], None] = time.sleep):
        timeout = float(settings.SIASN_TIMEOUT)
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_SECONDS)),
            # Retries are ours, counted and logged; the TLS context is the process's, since
            # loading the CA bundle costs tens of milliseconds and a worker sends result after
            # result, each with a client of its own.
            transport=httpx.HTTPTransport(retries=0, verify=_tls_context()),
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"<SiasnClient {settings.SIASN_API_URL or '(not configured)'}>"

    def __enter__(self) -> SiasnClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    # ----- reads ---------------------------------------------------------------------------------

    def data_utama(self, nip: str) -> dict:
        return self._data("GET", f"pns/data-utama/{_nip(nip)}", "pns/data-utama")

    def rw_jabatan(self, nip: str) -> list:
        return self._data("GET", f"pns/rw-jabatan/{_nip(nip)}", "pns/rw-jabatan")

    def rw_skp22(self, nip: str) -> list:
        return self._data("GET", f"pns/rw-skp22/{_nip(nip)}", "pns/rw-skp22")

    def rw_kinerja_periodik(self, nip: str) -> list:
        return self._data("GET", f"pns/rw-kinerjaperiodik/{_nip(nip)}", "pns/rw-kinerjaperiodik")

    def ref_unor(self) -> list:
        return self._data("GET", "referensi/ref-unor", "referensi/ref-unor")

    def reference(self, name: str) -> list:
        """A reference list (kuadranNilai, perilakuDanKinerja). CONFIRM the path: public notes
        put reference lists under the gateway's `referensi_siasn/1`, and one public client ships
        them as files; we ask the data API under `referensi/{name}` like ref-unor."""
        if not name.isalnum():
            raise ValueError(f"not a reference list name: {name!r}")
        return self._data("GET", f"referensi/{name}", f"referensi/{name}")

    # ----- writes --------------------------------------------------------------------------------

    def save_skp22(self, payload: dict) -> str:
        """Store an annual result (payloads.annual_payload); SIASN's id of the record."""
        return self._save("skp22/save", payload)

    def save_kinerja_periodik(self, payload: dict) -> str:
        """Store a periodic result (payloads.periodic_payload); SIASN's id of the record."""
        return self._save("kinerjaperiodik/save", payload)

    def delete_kinerja_periodik(self, siasn_id: str) -> None:
        if not siasn_id.replace("-", "").isalnum():
            raise ValueError("not a SIASN id")
        self._call("DELETE", f"kinerjaperiodik/delete/{siasn_id}", "kinerjaperiodik/delete")

    def upload_dok(self, pdf_bytes: bytes, filename: str, id_ref_dokumen: int | str) -> dict:
        """Upload a document (873: the annual SKP, 890: a periodic one); the answer's `data`,
        the object a save lists in `path`. Uploading twice only leaves an unused file."""
        answer = self._call(
            "POST",
            "upload-dok",
            "upload-dok",
            files={"file": (filename, pdf_bytes, "application/pdf")},
            data={"id_ref_dokumen": str(id_ref_dokumen)},
        )
        document = answer.get("data")
        if not isinstance(document, dict):
            logger.warning("SIASN upload-dok answered without a data object: %s", self._raw(answer))
            raise SiasnUnavailable(gettext(UNEXPECTED) % {"endpoint": "upload-dok", "status": 200})
        return document

    def _save(self, endpoint: str, payload: dict) -> str:
        updating = bool(payload.get("id"))
        answer = self._call("POST", endpoint, endpoint, json=payload, idempotent=updating)
        # Logged whole (scrubbed) because mapData's id key is not documented: the log shows it.
        logger.info("SIASN %s answered: %s", endpoint, self._raw(answer))
        siasn_id = _record_id(answer.get("mapData"))
        if siasn_id:
            return siasn_id
        if updating:
            return str(payload["id"])
        raise SiasnOutcomeUnknown(gettext(NO_ID) % {"endpoint": endpoint})

    def _data(self, method: str, path: str, endpoint: str):
        answer = self._call(method, path, endpoint)
        return answer.get("data", answer)

    # ----- the calls -----------------------------------------------------------------------------

    def _call(self, method: str, path: str, endpoint: str, *, idempotent=True, **content) -> dict:
        """BKN's answer (a JSON object) to one API call; `endpoint` names it in logs and errors
        (without the NIP). A 401 gets new tokens and one more try."""
        if not configured():
            raise SiasnNotConfigured(gettext(NOT_CONFIGURED))
        url = f"{settings.SIASN_API_URL}/{path}"
        for fresh_tokens in (False, True):
            headers = self._headers()
            response = self._with_retries(
                endpoint,
                lambda headers=headers: self._http.request(method, url, headers=headers, **content),
                idempotent=idempotent,
            )
            if response.status_code != 401:
                return self._answer(endpoint, response)
            logger.info("SIASN %s: HTTP 401%s", endpoint, "" if fresh_tokens else ", new tokens")
            self._forget_tokens()
        raise SiasnRefused(gettext(CREDENTIALS_REFUSED), endpoint=endpoint, status=401)

    @sensitive_variables()
    def _headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self._token(GATEWAY)}",
            "Auth": f"bearer {self._token(SSO)}",
            "Accept": "application/json",
        }

    def _with_retries(self, endpoint: str, send, *, idempotent: bool) -> httpx.Response:
        """`send()`'s response, tried again on transient failures with backoff; raises
        SiasnUnavailable when they persist (SiasnOutcomeUnknown: not safe to try again)."""
        tries = max(0, int(settings.SIASN_RETRIES)) + 1
        for attempt in range(1, tries + 1):
            started = time.monotonic()
            try:
                response = send()
            except httpx.TransportError as error:
                reason = type(error).__name__
                logger.warning(
                    "SIASN %s: %s after %.1f s (try %d of %d)",
                    *(endpoint, reason, time.monotonic() - started, attempt, tries),
                )
                if not idempotent and not isinstance(error, NOT_SENT):
                    raise self._unknown(endpoint, reason) from None
                if attempt == tries:
                    raise self._unavailable(endpoint, reason, tries) from None
                self._sleep(_backoff(attempt))
                continue
            status = response.status_code
            logger.info(
                "SIASN %s: HTTP %s in %.1f s (try %d of %d)",
                *(endpoint, status, time.monotonic() - started, attempt, tries),
            )
            if status not in TRANSIENT:
                return response
            if not idempotent and status not in NOT_PROCESSED:
                raise self._unknown(endpoint, f"HTTP {status}")
            if attempt == tries:
                raise self._unavailable(endpoint, f"HTTP {status}", tries)
            self._sleep(_retry_after(response) if status == 429 else _backoff(attempt))
        raise AssertionError("unreachable")

    def _unknown(self, endpoint: str, reason: str) -> SiasnOutcomeUnknown:
        return SiasnOutcomeUnknown(
            gettext(OUTCOME_UNKNOWN) % {"endpoint": endpoint, "reason": reason}
        )

    def _unavailable(self, endpoint: str, reason: str, tries: int) -> SiasnUnavailable:
        values = {"endpoint": endpoint, "reason": reason, "tries": tries}
        return SiasnUnavailable(gettext(UNAVAILABLE) % values)

    def _answer(self, endpoint: str, response: httpx.Response) -> dict:
        try:
            answer = response.json()
        except ValueError:
            answer = None
        status = response.status_code
        if response.is_success and isinstance(answer, dict):
            if _is_refusal(answer):
                raise self._refusal(endpoint, status, answer)
            return answer
        if 400 <= status < 500:
            raise self._refusal(endpoint, status, answer if answer is not None else response.text)
        logger.warning("SIASN %s: HTTP %s: %s", endpoint, status, self._raw(response.text[:300]))
        raise SiasnUnavailable(gettext(UNEXPECTED) % {"endpoint": endpoint, "status": status})

    def _refusal(self, endpoint: str, status: int, answer) -> SiasnRefused:
        lines = [self._scrub(line)[:500] for line in _message_lines(answer)][:50]
        logger.warning("SIASN refused %s (HTTP %s): %s", endpoint, status, " | ".join(lines))
        return SiasnRefused(lines, endpoint=endpoint, status=status)

    # ----- the tokens ----------------------------------------------------------------------------

    @sensitive_variables()
    def _token(self, kind: str) -> str:
        key = token_cache_key(kind)
        token = cache.get(key)
        if token:
            return token
        token, lifetime = self._fetch_token(kind)
        keep = lifetime - min(EXPIRY_MARGIN, lifetime / 10)
        if keep > 0:
            cache.set(key, token, keep)
        return token

    @sensitive_variables()
    def _fetch_token(self, kind: str) -> tuple[str, float]:
        if kind == GATEWAY:
            url, endpoint = settings.SIASN_TOKEN_URL, "gateway token"
            form = {"grant_type": "client_credentials"}
            auth = httpx.BasicAuth(settings.SIASN_CONSUMER_KEY, settings.SIASN_CONSUMER_SECRET)
        else:
            url, endpoint, auth = settings.SIASN_SSO_TOKEN_URL, "SSO token", None
            form = {
                "grant_type": "password",
                "client_id": settings.SIASN_SSO_CLIENT_ID,
                "username": settings.SIASN_SSO_USERNAME,
                "password": settings.SIASN_SSO_PASSWORD,
            }
        response = self._with_retries(
            endpoint, lambda: self._http.post(url, data=form, auth=auth), idempotent=True
        )
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code in (400, 401, 403):
            message = "; ".join(self._scrub(line) for line in _message_lines(answer))[:300]
            logger.error("SIASN %s refused (HTTP %s): %s", endpoint, response.status_code, message)
            template = GATEWAY_REFUSED if kind == GATEWAY else SSO_REFUSED
            raise SiasnRefused(
                gettext(template) % {"message": message or response.status_code},
                endpoint=endpoint,
                status=response.status_code,
            )
        token = answer.get("access_token") if isinstance(answer, dict) else None
        if not response.is_success or not isinstance(token, str) or not token:
            logger.warning(
                "SIASN %s: HTTP %s without an access token", endpoint, response.status_code
            )
            values = {"endpoint": endpoint, "status": response.status_code}
            raise SiasnUnavailable(gettext(UNEXPECTED) % values)
        logger.info("SIASN %s obtained", endpoint)
        return token, _seconds(answer.get("expires_in"), default=EXPIRY_MARGIN)

    def _forget_tokens(self) -> None:
        cache.delete_many([token_cache_key(GATEWAY), token_cache_key(SSO)])

    # ----- keeping secrets out -------------------------------------------------------------------

    @sensitive_variables()
    def _scrub(self, text: str) -> str:
        """`text` with every secret and cached token replaced by ***."""
        secrets = [settings.SIASN_CONSUMER_SECRET, settings.SIASN_SSO_PASSWORD]
        secrets += [cache.get(token_cache_key(kind)) for kind in (GATEWAY, SSO)]
        for secret in secrets:
            if isinstance(secret, str) and len(secret) >= 4:
                text = text.replace(secret, "***")
        return text

    def _raw(self, answer) -> str:
        text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False)
        return self._scrub(text)[:2000]


# ----- helpers -----------------------------------------------------------------------------------


@functools.cache
def _tls_context() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=certifi.where())


def _nip(nip: str) -> str:
    nip = str(nip).strip()
    if not nip.isdigit():
        raise ValueError("a NIP is digits only")
    return nip


def _backoff(attempt: int) -> float:
    return min(BACKOFF_CAP, BACKOFF_BASE * 2 ** (attempt - 1))


def _retry_after(response: httpx.Response) -> float:
    """Seconds from Retry-After (a number or an HTTP date), capped; the backoff when absent."""
    value = response.headers.get("Retry-After", "").strip()
    seconds = _seconds(value, default=None)
    if seconds is None and value:
        try:
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            seconds = None
    return BACKOFF_BASE if seconds is None else min(RETRY_AFTER_CAP, max(0.0, seconds))


def _seconds(value, *, default):
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


def _is_refusal(answer: dict) -> bool:
    # `success: false` with HTTP 200 is a refusal. Reads answer {"code": 0, "data": "…"} when
    # nothing is found (as seen in public clients; CONFIRM).
    if answer.get("success") is False:
        return True
    return "success" not in answer and str(answer.get("code", "")) == "0"


def _message_lines(answer) -> list[str]:
    """BKN's message as lines: `message` (text or a list of lines), else the OAuth error, else a
    text `data`, else the body's text."""
    if isinstance(answer, dict):
        for key in ("message", "error_description", "description", "error", "data"):
            value = answer.get(key)
            if isinstance(value, list) and value:
                return [str(line) for line in value]
            if isinstance(value, str) and value.strip():
                return value.strip().splitlines()
        return []
    return [answer.strip()[:300]] if isinstance(answer, str) and answer.strip() else []


def _record_id(map_data) -> str:
    if isinstance(map_data, str | int) and not isinstance(map_data, bool):
        return str(map_data).strip()
    if isinstance(map_data, dict):
        for key in ID_KEYS:
            value = map_data.get(key)
            if isinstance(value, str | int) and not isinstance(value, bool) and str(value):
                return str(value)
    return ""
