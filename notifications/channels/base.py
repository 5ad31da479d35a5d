"""What every message channel beside e-mail has in common: one interface, one HTTP path.

A channel sends a short text, or a provider's template with its parameters, to one address (a
phone number in international form, a Telegram chat id). `send` returns the provider's message
id, or raises `Transient` (try again later: a timeout, a 5xx, a rate limit; `retry_after` when the
provider said how long) or `Refused` (the provider said no for good: an invalid number, a blocked
bot; its own message kept for the admins). Secrets travel only in headers or the URL path and are
never logged, stored or put in an error. With CHANNEL_DRY_RUN_FILE set nothing is sent: each
request is written there as one JSON line instead (the token left out).
"""

from __future__ import annotations

import abc
import json
import logging
import threading
from dataclasses import dataclass, field

import httpx
from django.conf import settings
from django.utils import timezone

logger = logging.getLogger("notifications.channels")

TRANSIENT_STATUS = {408, 425, 429, 500, 502, 503, 504}
ERROR_TEXT_LIMIT = 300
_dry_run_lock = threading.Lock()


class ChannelError(Exception):
    """A message that did not go out; `message` is for the admins (the provider's own words)."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.message = message[:ERROR_TEXT_LIMIT]
        self.retry_after = retry_after


class Transient(ChannelError):
    """Worth trying again later."""


class Refused(ChannelError):
    """The provider refused this message for good (sending it again changes nothing);
    `address_dead`: because of the address itself (no such account, the bot blocked)."""

    def __init__(self, message: str, *, address_dead: bool = False):
        super().__init__(message)
        self.address_dead = address_dead


@dataclass(frozen=True)
class Outgoing:
    """One message: the plain text (Telegram, gateways) and, for providers that need an approved
    template for a business-initiated message (WhatsApp), the template's purpose and parameters.
    `purpose` is one of REMINDER, NOTICE, CODE."""

    address: str
    text: str
    purpose: str
    parameters: tuple[str, ...] = field(default=())


REMINDER, NOTICE, CODE = "reminder", "notice", "code"


class Channel(abc.ABC):
    """A way to reach a person. Subclasses set `name`, `label`, `address_kind` ("phone" or
    "chat"), `settings_needed`, and implement `request()` (what to POST where)."""

    name = ""
    label = ""
    address_kind = "phone"
    settings_needed: tuple[str, ...] = ()
    rate_setting = ""

    @classmethod
    def configured(cls) -> bool:
        """On only when every setting it needs is filled in; otherwise invisible."""
        return all(str(getattr(settings, name, "") or "").strip() for name in cls.settings_needed)

    @classmethod
    def per_second(cls) -> float:
        """The most messages a second this server sends through the channel."""
        return float(getattr(settings, cls.rate_setting, 0) or 0) if cls.rate_setting else 0.0

    @abc.abstractmethod
    def request(self, message: Outgoing) -> tuple[str, dict, dict]:
        """(url, JSON body, headers) of the provider's send call."""

    def message_id(self, answer: dict) -> str:
        """The provider's id of the accepted message, from its answer."""
        return ""

    def refusal(self, status: int, answer: dict) -> ChannelError:
        """The error for a non-2xx answer (or a 2xx the provider marks as failed)."""
        text = f"HTTP {status}"
        if status in TRANSIENT_STATUS:
            return Transient(text)
        return Refused(text)

    def accepted(self, answer: dict) -> bool:
        return True

    def send(self, message: Outgoing, client: httpx.Client | None = None) -> str:
        url, body, headers = self.request(message)
        if settings.CHANNEL_DRY_RUN_FILE:
            return self._write_dry_run(message, body)
        own = client is None
        client = client or new_client()
        try:
            response = client.post(url, json=body, headers=headers)
        except httpx.TimeoutException:
            raise Transient(f"{self.label}: timeout") from None
        except httpx.TransportError as error:
            raise Transient(f"{self.label}: {type(error).__name__}") from None
        finally:
            if own:
                client.close()
        answer = _json(response)
        if response.is_success and self.accepted(answer):
            return self.message_id(answer)
        raise self.refusal(response.status_code, answer)

    def _write_dry_run(self, message: Outgoing, body: dict) -> str:
        line = {
            "at": timezone.now().isoformat(),
            "channel": self.name,
            "purpose": message.purpose,
            "to": message.address,
            "body": body,
        }
        with _dry_run_lock, open(settings.CHANNEL_DRY_RUN_FILE, "a", encoding="utf-8") as out:
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        return "dry-run"


def new_client() -> httpx.Client:
    """One connection pool for a batch; every call has a timeout."""
    return httpx.Client(timeout=httpx.Timeout(settings.CHANNEL_TIMEOUT, connect=10.0))


def _json(response: httpx.Response) -> dict:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


def retry_after(value) -> float | None:
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None
