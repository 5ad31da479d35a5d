"""Channels beside e-mail (WhatsApp Cloud API, Telegram bot, an HTTP gateway) behind one
interface (base.Channel). A channel whose settings are empty is off and shown nowhere."""

from __future__ import annotations

from notifications.channels.base import Channel
from notifications.channels.gateway import GatewayChannel
from notifications.channels.telegram import TelegramChannel
from notifications.channels.whatsapp import WhatsAppChannel

ALL: dict[str, type[Channel]] = {
    channel.name: channel for channel in (WhatsAppChannel, TelegramChannel, GatewayChannel)
}


def enabled() -> list[Channel]:
    """The channels configured on this server, in a fixed order."""
    return [channel() for channel in ALL.values() if channel.configured()]


def get(name: str) -> Channel | None:
    """The channel of that name if it is configured, else None."""
    channel = ALL.get(name)
    return channel() if channel is not None and channel.configured() else None
