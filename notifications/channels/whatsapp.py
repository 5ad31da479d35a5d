"""WhatsApp through Meta's WhatsApp Business Platform, Cloud API.

    POST {WHATSAPP_API_URL}/{WHATSAPP_PHONE_NUMBER_ID}/messages
    Authorization: Bearer {WHATSAPP_TOKEN}
    {"messaging_product": "whatsapp", "recipient_type": "individual", "to": "62812…",
     "type": "template", "template": {"name": …, "language": {"code": "id"},
     "components": [{"type": "body", "parameters": [{"type": "text", "text": …}, …]}]}}

A message the business starts must be an approved template, so every message here is one: the
reminder (name, what, deadline, link), the notice (name, link) and the verification code (an
authentication template: the code in the body and again in its copy-code button). Their names and
language are settings, registered with Meta beforehand (README "Channels"). Errors come back as
{"error": {"message", "type", "code", "error_data": {"details"}, "fbtrace_id"}}: the rate limits
(130429 throughput, 131056 per recipient, 80007 and 4 per account) and 131000/131016 (Meta's side)
are worth a later try; anything else (100 invalid parameter, 131026 undeliverable, 132001 no such
template, 190 expired token) is refused as it is.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.channels.base import (
    CODE,
    REMINDER,
    TRANSIENT_STATUS,
    Channel,
    Outgoing,
    Refused,
    Transient,
)

RATE_LIMIT_CODES = {4, 80007, 130429, 131048, 131056}
TEMPORARY_CODES = {1, 2, 131000, 131016}
# The number itself: not on WhatsApp, or not a valid recipient.
DEAD_NUMBER_CODES = {131026, 131030}


class WhatsAppChannel(Channel):
    name = "whatsapp"
    label = _("WhatsApp")
    address_kind = "phone"
    settings_needed = (
        "WHATSAPP_API_URL",
        "WHATSAPP_PHONE_NUMBER_ID",
        "WHATSAPP_TOKEN",
        "WHATSAPP_TEMPLATE_REMINDER",
        "WHATSAPP_TEMPLATE_NOTICE",
        "WHATSAPP_TEMPLATE_CODE",
    )
    rate_setting = "WHATSAPP_PER_SECOND"

    def template(self, purpose: str) -> str:
        return {
            REMINDER: settings.WHATSAPP_TEMPLATE_REMINDER,
            CODE: settings.WHATSAPP_TEMPLATE_CODE,
        }.get(purpose, settings.WHATSAPP_TEMPLATE_NOTICE)

    def request(self, message: Outgoing) -> tuple[str, dict, dict]:
        texts = [{"type": "text", "text": value} for value in message.parameters]
        components = [{"type": "body", "parameters": texts}]
        if message.purpose == CODE:
            components.append(
                {"type": "button", "sub_type": "url", "index": "0", "parameters": texts[:1]}
            )
        body = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.address,
            "type": "template",
            "template": {
                "name": self.template(message.purpose),
                "language": {"code": settings.WHATSAPP_TEMPLATE_LANGUAGE},
                "components": components,
            },
        }
        url = (
            f"{settings.WHATSAPP_API_URL.rstrip('/')}/{settings.WHATSAPP_PHONE_NUMBER_ID}/messages"
        )
        return url, body, {"Authorization": f"Bearer {settings.WHATSAPP_TOKEN}"}

    def accepted(self, answer: dict) -> bool:
        return bool(answer.get("messages"))

    def message_id(self, answer: dict) -> str:
        return str(answer["messages"][0].get("id", ""))

    def refusal(self, status: int, answer: dict):
        error = answer.get("error") if isinstance(answer.get("error"), dict) else {}
        code = error.get("code")
        details = (error.get("error_data") or {}).get("details", "")
        text = " – ".join(str(part) for part in (error.get("message"), details) if part)
        text = f"WhatsApp {code or status}: {text or f'HTTP {status}'}"
        if code in RATE_LIMIT_CODES or code in TEMPORARY_CODES or status in TRANSIENT_STATUS:
            return Transient(text)
        return Refused(text, address_dead=code in DEAD_NUMBER_CODES)
