"""Notifications through the channels beside e-mail: an outbox of ChannelDelivery rows.

`queue` runs where the notifications are written (notify, the reminder run), in the same
transaction: a delivery per notification and verified channel the person wants it on, unique per
(notification, channel), so a reminder marker is sent at most once per channel. After commit a
task calls `deliver`: each PENDING row is claimed under a row lock (SKIP LOCKED on PostgreSQL),
sent, and marked SENT in the same transaction. A transient failure leaves it PENDING with the
provider's message and the attempt count, and the task retries with backoff; after MAX_ATTEMPTS,
or when the provider refuses for good, it is FAILED and the reminders page offers "send again".
The hourly catch-up sends what no task picked up (a broker that was down, a dead worker).

Texts are short, in the agency's language, and carry nothing personal but the person's name and
the deadline: what the reminder is about (its kind) and the exact link, never the notification's
own text, which may name other people.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext

from core.queueing import enqueue_on_commit
from notifications import channels
from notifications.channels.base import NOTICE, REMINDER, Outgoing, Refused, Transient, new_client
from notifications.choices import ChannelMode, DeliveryStatus
from notifications.models import ChannelAddress, ChannelDelivery, Notification

logger = logging.getLogger("notifications.channels")

MAX_ATTEMPTS = 5
CHUNK = 200


def active_addresses(user_ids: Iterable[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Per user: (channel, address, mode) of each verified address on a configured channel."""
    names = [channel.name for channel in channels.enabled()]
    if not names:
        return {}
    reach: dict[int, list[tuple[str, str, str]]] = {}
    rows = ChannelAddress.objects.filter(
        user_id__in=list(user_ids), channel__in=names, verified_at__isnull=False
    ).exclude(address="")
    for user_id, channel, address, mode in rows.values_list(
        "user_id", "channel", "address", "mode"
    ):
        reach.setdefault(user_id, []).append((channel, address, mode))
    return reach


def queue(
    notifications: list[Notification], *, deadline_notice: bool, enqueue: bool = True
) -> list[int]:
    """Write the deliveries of these new notifications (inside their transaction) and, unless
    told not to (the reminder command sends them itself), hand them to the task after commit;
    returns their ids."""
    from notifications.email import sending_paused

    if not notifications or sending_paused():  # demo data: inbox only
        return []
    reach = active_addresses({n.recipient_id for n in notifications})
    wanted = {ChannelMode.EACH, ChannelMode.DEADLINES} if deadline_notice else {ChannelMode.EACH}
    rows = [
        ChannelDelivery(notification_id=n.pk, channel=channel, address=address)
        for n in notifications
        for channel, address, mode in reach.get(n.recipient_id, ())
        if mode in wanted
    ]
    if not rows:
        return []
    ids = [row.pk for row in ChannelDelivery.objects.bulk_create(rows)]
    if enqueue:
        enqueue_deliveries(ids)
    return ids


def enqueue_deliveries(delivery_ids: list[int]) -> None:
    from notifications.tasks import send_channel_messages

    for start in range(0, len(delivery_ids), CHUNK):
        enqueue_on_commit(send_channel_messages, delivery_ids[start : start + CHUNK])


def _reminder_what(kind: str) -> str:
    from notifications.reminders import kind_labels

    label = str(kind_labels().get(kind, ""))
    # The labels name the role first for the admins ("PPK: SKP awaiting approval"): the person
    # knows their own role.
    return label.split(": ", 1)[-1] if label else gettext("a deadline")


def outgoing(delivery: ChannelDelivery) -> Outgoing:
    """The message of a delivery, in the agency's language."""
    from notifications.email import absolute

    notification = delivery.notification
    employee = getattr(notification.recipient, "employee", None)
    name = employee.full_name if employee else notification.recipient.get_username()
    link = absolute(notification.url)
    reminder = getattr(notification, "reminder", None)
    with translation.override(settings.LANGUAGE_CODE):
        if reminder is not None:
            what = _reminder_what(reminder.kind)
            deadline = formats.date_format(reminder.deadline, "j F Y")
            text = gettext("%(name)s, a reminder: %(what)s, due %(deadline)s. Open: %(link)s") % {
                "name": name,
                "what": what,
                "deadline": deadline,
                "link": link,
            }
            return Outgoing(delivery.address, text, REMINDER, (name, what, deadline, link))
        text = gettext("%(name)s, something new is waiting for you. Open: %(link)s") % {
            "name": name,
            "link": link,
        }
        return Outgoing(delivery.address, text, NOTICE, (name, link))


@dataclass
class Result:
    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    wait: float = 0.0  # the longest retry_after a provider asked for


class _Pace:
    """At most `per_second` sends in any one second per channel, counted in the cache: across
    every worker when the cache is Redis (production), in this process on the embedded default."""

    def wait(self, channel) -> None:
        limit = math.ceil(channel.per_second())
        if limit <= 0:
            return
        while True:
            now = time.time()
            key = f"channel-rate:{channel.name}:{int(now)}"
            cache.add(key, 0, timeout=5)
            try:
                sent_this_second = cache.incr(key)
            except ValueError:  # the key expired between add and incr
                cache.set(key, 1, timeout=5)
                sent_this_second = 1
            if sent_this_second <= limit:
                return
            time.sleep(int(now) + 1 - now)  # the next second


def deliver(delivery_ids: Iterable[int]) -> Result:
    """Send each PENDING delivery of these ids once."""
    result, pace = Result(), _Pace()
    delivery_ids = list(delivery_ids)
    if not delivery_ids:
        return result
    with new_client() as client:
        for pk in delivery_ids:
            _deliver_one(pk, client, pace, result)
    return result


def _deliver_one(pk: int, client, pace: _Pace, result: Result) -> None:
    error = None
    with transaction.atomic():
        delivery = (
            ChannelDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("notification__recipient__employee", "notification__reminder")
            .filter(pk=pk, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return  # sent already, by another worker or an earlier try
        channel = channels.get(delivery.channel)
        if not _still_wanted(delivery):
            # Removed, replaced, switched off or the login closed since it was queued: the old
            # number may be someone else's by now.
            ChannelDelivery.objects.filter(pk=pk).delete()
            return
        if channel is None:
            error = Refused(gettext("This channel is no longer configured on the server."))
        else:
            pace.wait(channel)
            try:
                provider_id = channel.send(outgoing(delivery), client)
            except (Transient, Refused) as exc:
                error = exc
            except Exception as exc:  # noqa: BLE001 - one bad message must not stop the batch
                # The type only: an httpx error's text may hold the URL, and with it a token.
                error = Refused(f"{channel.label}: {type(exc).__name__}")
            else:
                ChannelDelivery.objects.filter(pk=pk).update(
                    status=DeliveryStatus.SENT,
                    sent_at=timezone.now(),
                    attempts=delivery.attempts + 1,
                    error="",
                    provider_id=provider_id[:128],
                )
                result.sent.append(pk)
    if error is not None:
        _record_failure(delivery, error, result)


def _still_wanted(delivery: ChannelDelivery) -> bool:
    """The address is still the person's, verified, not switched off, and their login open."""
    return (
        delivery.notification.recipient.is_active
        and ChannelAddress.objects.filter(
            user_id=delivery.notification.recipient_id,
            channel=delivery.channel,
            address=delivery.address,
            verified_at__isnull=False,
        )
        .exclude(mode=ChannelMode.OFF)
        .exists()
    )


def _record_failure(delivery: ChannelDelivery, error, result: Result) -> None:
    if getattr(error, "address_dead", False):
        # The provider says this address cannot be reached (a blocked bot, no WhatsApp on the
        # number): it stops counting as confirmed, so reminders fall back to e-mail.
        ChannelAddress.objects.filter(
            user_id=delivery.notification.recipient_id,
            channel=delivery.channel,
            address=delivery.address,
        ).update(verified_at=None)
    attempts = delivery.attempts + 1
    gave_up = isinstance(error, Refused) or attempts >= MAX_ATTEMPTS
    wait = max(backoff_seconds(attempts - 1), error.retry_after or 0.0)
    ChannelDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING).update(
        attempts=attempts,
        error=error.message[:500],
        status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.PENDING,
        next_attempt_at=None if gave_up else timezone.now() + dt.timedelta(seconds=wait),
    )
    (result.failed if gave_up else result.retry).append(delivery.pk)
    result.wait = max(result.wait, error.retry_after or 0.0)
    logger.warning(
        "%s delivery %s failed (%s): %s", delivery.channel, delivery.pk, attempts, error.message
    )


def backoff_seconds(retries: int) -> int:
    return min(60 * 2**retries, 3600)  # 1, 2, 4, 8, 16 minutes


def stale_pending_ids(older_than: dt.timedelta = dt.timedelta(minutes=5)) -> list[int]:
    """PENDING deliveries no task sent (broker down, worker killed) and not waiting out a
    backoff: the catch-up sends them."""
    now = timezone.now()
    return list(
        ChannelDelivery.objects.filter(
            status=DeliveryStatus.PENDING, created_at__lt=now - older_than
        )
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("pk", flat=True)[:10000]
    )
