"""Tell Telegram where our bot's updates go: setWebhook with SITE_URL's webhook address and
TELEGRAM_WEBHOOK_SECRET (which Telegram sends back in a header our webhook checks). Run once
after setting up the bot, and again when SITE_URL changes. Last line: `webhook=<url>`."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from notifications import channels
from notifications.channels.base import new_client


class Command(BaseCommand):
    help = "Register this server's Telegram webhook (setWebhook) with the secret token."

    def handle(self, *args, **options):
        channel = channels.get("telegram")
        if channel is None:
            raise CommandError(
                "Telegram belum dikonfigurasi: isi TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_USERNAME dan "
                "TELEGRAM_WEBHOOK_SECRET."
            )
        url = settings.SITE_URL.rstrip("/") + reverse("notifications:telegram_webhook")
        with new_client() as client:
            try:
                response = client.post(
                    channel.method_url("setWebhook"), json=channel.webhook_body(url)
                )
            except Exception as error:  # noqa: BLE001 - the token is in the URL: never chained
                raise CommandError(
                    f"Telegram tidak dapat dihubungi: {type(error).__name__}"
                ) from None
        answer = (
            response.json()
            if response.headers.get("content-type", "").startswith("application/json")
            else {}
        )
        if not answer.get("ok"):
            error = channel.refusal(response.status_code, answer)
            raise CommandError(f"Telegram menolak setWebhook: {error.message}")
        self.stdout.write(f"webhook={url}")
