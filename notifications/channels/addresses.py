"""A person's addresses on the channels beside e-mail: adding a phone number and proving it with
a code sent through the channel itself, linking Telegram through the bot, choosing what each
receives, removing one. Each person manages their own alone (the preferences page).

Codes and link tokens are kept only as a keyed hash; a code lasts CODE_MINUTES and allows
CODE_ATTEMPTS tries, and a new one can be asked for after RESEND_SECONDS.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from core.actor import Actor
from notifications import channels
from notifications.channels.base import CODE, ChannelError, Outgoing, Refused
from notifications.channels.phone import normalise
from notifications.choices import ChannelMode, DeliveryStatus
from notifications.models import ChannelAddress, ChannelDelivery

CODE_MINUTES = 10
CODES_PER_HOUR = 5
CODE_ATTEMPTS = 5
RESEND_SECONDS = 60
LINK_MINUTES = 30

logger = logging.getLogger("notifications.channels")


def _digest(secret: str) -> str:
    return salted_hmac("notifications.channels.secret", secret).hexdigest()


def _own(actor: Actor, address: ChannelAddress) -> None:
    if not actor.is_user(address.user_id):
        raise PermissionDenied


def _channel(name: str, kind: str):
    channel = channels.get(name)
    if channel is None or channel.address_kind != kind:
        raise ValidationError(_("This channel is not available."))
    return channel


def addresses_of(user) -> dict[str, ChannelAddress]:
    return {a.channel: a for a in ChannelAddress.objects.filter(user=user)}


def phone_start(user, channel_name: str, typed: str, *, actor: Actor) -> ChannelAddress:
    """Record the number the person typed and send it a code through the channel; the number is
    used only once the code comes back. Raises ValidationError with a message to show."""
    if not actor.is_user(user.pk):
        raise PermissionDenied
    channel = _channel(channel_name, "phone")
    number = normalise(typed)
    if number is None:
        raise ValidationError(
            _("Write a mobile number, e.g. 0812 3456 7890 or +62 812 3456 7890."), code="number"
        )
    now = timezone.now()
    address = ChannelAddress.objects.filter(user=user, channel=channel.name).first()
    recent = address and address.secret_sent_at and now - address.secret_sent_at
    if (recent and recent < dt.timedelta(seconds=RESEND_SECONDS)) or not _codes_left(user, number):
        raise ValidationError(
            _("A code was sent a moment ago. Wait a little before asking again."),
            code="too_soon",
        )
    code = f"{secrets.randbelow(10**6):06d}"
    # Sent first, kept after: a code that never left is never waited for, and a number the
    # provider refused leaves the confirmed one (if any) as it was.
    _send_code(channel, number, code)
    address = address or ChannelAddress(user=user, channel=channel.name)
    if address.address != number:
        address.verified_at = None
    address.address = number
    address.secret_hash, address.secret_sent_at, address.secret_attempts = _digest(code), now, 0
    try:
        with transaction.atomic():
            address.save()
    except IntegrityError:  # the same form sent twice at once: the other request's code stands
        raise ValidationError(
            _("A code was sent a moment ago. Wait a little before asking again."), code="too_soon"
        ) from None
    return address


def _codes_left(user, number: str) -> bool:
    """At most CODES_PER_HOUR codes an hour per person and per number, whatever they remove and
    add meanwhile: each one is a paid message to a phone that may not be theirs."""
    allowed = True
    for key in (f"channel-codes:user:{user.pk}", f"channel-codes:number:{number}"):
        cache.add(key, 0, timeout=3600)
        try:
            allowed = cache.incr(key) <= CODES_PER_HOUR and allowed
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=3600)
    return allowed


def _send_code(channel, number: str, code: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):  # the message, not the page, is Indonesian
        text = _("Your e-Kinerja verification code: %(code)s. It is valid for %(minutes)s minutes.")
        text %= {"code": code, "minutes": CODE_MINUTES}
    try:
        channel.send(Outgoing(number, text, CODE, (code,)))
    except Refused as error:
        if error.address_dead:
            raise ValidationError(
                _("%(channel)s refused this number: %(error)s")
                % {"channel": channel.label, "error": error.message},
                code="refused",
            ) from None
        logger.warning("%s code not sent: %s", channel.name, error.message)
        raise _unavailable(channel) from None
    except ChannelError as error:
        logger.warning("%s code not sent: %s", channel.name, error.message)
        raise _unavailable(channel) from None


def _unavailable(channel) -> ValidationError:
    # The provider's own words (an expired token, a missing template) are for the admins' logs.
    return ValidationError(
        _("%(channel)s cannot send the code right now. Try again in a few minutes.")
        % {"channel": channel.label},
        code="unreachable",
    )


def phone_confirm(address: ChannelAddress, typed: str, *, actor: Actor) -> ChannelAddress:
    """The code the person received: right, and the number is verified."""
    _own(actor, address)
    # The refusals are raised after the block: a wrong try must stay counted.
    with transaction.atomic():
        address = ChannelAddress.objects.select_for_update().get(pk=address.pk)
        expired = not address.secret_sent_at or timezone.now() - address.secret_sent_at > (
            dt.timedelta(minutes=CODE_MINUTES)
        )
        usable = address.secret_hash and not expired and address.secret_attempts < CODE_ATTEMPTS
        right = usable and constant_time_compare(
            _digest((typed or "").strip()), address.secret_hash
        )
        if right:
            address.verified_at = timezone.now()
            address.secret_hash, address.secret_attempts = "", 0
            address.save()
        elif usable:
            address.secret_attempts += 1
            address.save(update_fields=["secret_attempts", "updated_at"])
    if not usable:
        raise ValidationError(_("This code is no longer valid. Ask for a new one."), code="expired")
    if not right:
        raise ValidationError(_("The code is not right. Check the message and try again."))
    return address


def telegram_start(user, *, actor: Actor) -> str:
    """A single-use token for the bot's deep link (t.me/<bot>?start=<token>); returns the link."""
    if not actor.is_user(user.pk):
        raise PermissionDenied
    channel = _channel("telegram", "chat")
    token = secrets.token_urlsafe(24)
    address, _created = ChannelAddress.objects.get_or_create(user=user, channel=channel.name)
    address.secret_hash, address.secret_sent_at, address.secret_attempts = (
        _digest(token),
        timezone.now(),
        0,
    )
    address.save()
    return channel.deep_link(token)


def telegram_link(token: str, chat_id: str) -> ChannelAddress | None:
    """The bot received "/start <token>" from this chat: link it to the token's person (once, in
    time). None when the token is unknown, used or stale."""
    if not token or not chat_id:
        return None
    cutoff = timezone.now() - dt.timedelta(minutes=LINK_MINUTES)
    with transaction.atomic():
        address = (
            ChannelAddress.objects.select_for_update()
            .filter(channel="telegram", secret_hash=_digest(token), secret_sent_at__gte=cutoff)
            .first()
        )
        if address is None:
            return None
        address.address, address.verified_at = str(chat_id), timezone.now()
        address.secret_hash = ""
        address.save()
    return address


def mode_save(address: ChannelAddress, mode: str, *, actor: Actor) -> ChannelAddress:
    _own(actor, address)
    if mode not in ChannelMode.values:
        raise ValidationError(_("Choose what this channel receives."))
    address.mode = mode
    address.save(update_fields=["mode", "updated_at"])
    return address


def remove(address: ChannelAddress, *, actor: Actor) -> None:
    """Forget the address; the e-mail preference falls back by itself if it carried reminders."""
    _own(actor, address)
    with transaction.atomic():
        # What waits to go there goes nowhere now ("nothing more is sent there").
        ChannelDelivery.objects.filter(
            notification__recipient_id=address.user_id,
            channel=address.channel,
            status__in=(DeliveryStatus.PENDING, DeliveryStatus.FAILED),
        ).delete()
        address.delete()
