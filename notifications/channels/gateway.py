"""A WhatsApp (or SMS) gateway service: one HTTP POST with a phone number and a text.

GATEWAY_BODY_TEMPLATE is the JSON body with the placeholders {phone} and {text} (filled in as JSON
strings, so a quote in a message cannot break the body); GATEWAY_TOKEN goes in the Authorization
header as a bearer token. Any 2xx is taken as accepted. Another gateway with its own fields is a
subclass overriding `request` (and `refusal` for its error format).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.channels.base import TRANSIENT_STATUS, Channel, Outgoing, Refused, Transient

DEFAULT_BODY = '{"phone": {phone}, "message": {text}}'


def body_from_template(template: str, phone: str, text: str) -> dict:
    filled = (template or DEFAULT_BODY).replace("{phone}", json.dumps(phone))
    return json.loads(filled.replace("{text}", json.dumps(text)))


class GatewayChannel(Channel):
    name = "gateway"
    label = _("WhatsApp (gateway)")
    address_kind = "phone"
    settings_needed = ("GATEWAY_URL", "GATEWAY_TOKEN")
    rate_setting = "GATEWAY_PER_SECOND"

    def request(self, message: Outgoing) -> tuple[str, dict, dict]:
        body = body_from_template(settings.GATEWAY_BODY_TEMPLATE, message.address, message.text)
        return settings.GATEWAY_URL, body, {"Authorization": f"Bearer {settings.GATEWAY_TOKEN}"}

    def message_id(self, answer: dict) -> str:
        return str(answer.get("id") or answer.get("message_id") or "")

    def refusal(self, status: int, answer: dict):
        reason = answer.get("message") or answer.get("error") or answer.get("detail") or ""
        text = f"Gateway HTTP {status}" + (f": {reason}" if reason else "")
        return (Transient if status in TRANSIENT_STATUS else Refused)(text)
