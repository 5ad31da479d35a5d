"""Telegram through the Bot API.

    POST {TELEGRAM_API_URL}/bot{TELEGRAM_BOT_TOKEN}/sendMessage  {"chat_id": …, "text": …}

answers {"ok": true, "result": {"message_id": …}} or {"ok": false, "error_code": 403,
"description": "Forbidden: bot was blocked by the user", "parameters": {"retry_after": 5}}. A bot
cannot write first: the person opens the deep link t.me/{TELEGRAM_BOT_USERNAME}?start={token},
Telegram sends our webhook an update with "/start {token}" and the chat id, and the secret token
given to setWebhook comes back in the X-Telegram-Bot-Api-Secret-Token header (checked there).
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.channels.base import (
    TRANSIENT_STATUS,
    Channel,
    Outgoing,
    Refused,
    Transient,
    retry_after,
)

SECRET_HEADER = "HTTP_X_TELEGRAM_BOT_API_SECRET_TOKEN"


class TelegramChannel(Channel):
    name = "telegram"
    label = _("Telegram")
    address_kind = "chat"
    settings_needed = ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_USERNAME", "TELEGRAM_WEBHOOK_SECRET")
    rate_setting = "TELEGRAM_PER_SECOND"

    def method_url(self, method: str) -> str:
        return f"{settings.TELEGRAM_API_URL.rstrip('/')}/bot{settings.TELEGRAM_BOT_TOKEN}/{method}"

    def request(self, message: Outgoing) -> tuple[str, dict, dict]:
        body = {
            "chat_id": message.address,
            "text": message.text,
            "link_preview_options": {"is_disabled": True},
        }
        return self.method_url("sendMessage"), body, {}

    def accepted(self, answer: dict) -> bool:
        return answer.get("ok") is True

    def message_id(self, answer: dict) -> str:
        return str((answer.get("result") or {}).get("message_id", ""))

    def refusal(self, status: int, answer: dict):
        code = answer.get("error_code") or status
        text = f"Telegram {code}: {answer.get('description') or f'HTTP {status}'}"
        wait = retry_after((answer.get("parameters") or {}).get("retry_after"))
        if code in TRANSIENT_STATUS or wait is not None:
            return Transient(text, retry_after=wait)
        # 403: the person blocked the bot or deleted the chat; 400 "chat not found".
        dead = code == 403 or "chat not found" in str(answer.get("description", "")).lower()
        return Refused(text, address_dead=dead)

    def deep_link(self, token: str) -> str:
        return f"https://t.me/{settings.TELEGRAM_BOT_USERNAME.lstrip('@')}?start={token}"

    def webhook_body(self, url: str) -> dict:
        """setWebhook's parameters: our URL, the secret Telegram sends back, messages only."""
        return {
            "url": url,
            "secret_token": settings.TELEGRAM_WEBHOOK_SECRET,
            "allowed_updates": ["message"],
            "drop_pending_updates": True,
        }
