"""Demo: two people already reached beside e-mail (used only where the server has the channel
configured, e.g. with the test providers): the pegawai's WhatsApp number, the atasan's Telegram.
The number and chat id are fictional."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from notifications.choices import ChannelMode
from notifications.models import ChannelAddress

DEMO_ADDRESSES = (
    # Nine digits after 62: shorter than any Indonesian mobile number, so a demo run with a
    # real provider configured cannot reach a stranger.
    ("pegawai", "whatsapp", "62812000101"),
    ("atasan", "telegram", "700000101"),
)


def seed() -> int:
    """Idempotent: a second run changes nothing. Returns the addresses written."""
    users = get_user_model().objects.in_bulk(
        [username for username, _channel, _address in DEMO_ADDRESSES], field_name="username"
    )
    written = 0
    for username, channel, address in DEMO_ADDRESSES:
        user = users.get(username)
        if user is None:
            continue
        _row, created = ChannelAddress.objects.get_or_create(
            user=user,
            channel=channel,
            defaults={
                "address": address,
                "mode": ChannelMode.DEADLINES,
                "verified_at": timezone.now(),
            },
        )
        written += created
    return written
