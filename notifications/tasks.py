"""Celery tasks of the notifications app: thin, taking ids, idempotent (see reminders and email).

Both scheduled runs do the same safe thing — reminders due today that have no marker yet, the
digests not sent today, e-mails left pending — so running either twice, or both at once, sends
nothing twice; the hourly one is what makes up for a broker or a worker that was down.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.utils import timezone

from notifications.channels import delivery as channel_delivery
from notifications.email import deliver, send_digests, stale_pending_ids
from notifications.reminders import default_plan, reminder_day, run_reminders

logger = logging.getLogger(__name__)


def _backoff(retries: int) -> int:
    return min(60 * 2**retries, 3600)  # 1, 2, 4, 8, 16 minutes


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_notification_emails(self, notification_ids: list[int]) -> int:
    """E-mail these notifications (those still PENDING); retry the ones the server refused."""
    delivery = deliver(notification_ids)
    # Run eagerly (the embedded default) a retry would repeat at once inside the request: the
    # hourly catch-up retries instead.
    if delivery.retry and not self.request.is_eager:
        raise self.retry(args=[delivery.retry], countdown=_backoff(self.request.retries))
    return len(delivery.sent)


@shared_task(bind=True, max_retries=5, acks_late=True)
def send_channel_messages(self, delivery_ids: list[int]) -> int:
    """Send these deliveries through WhatsApp, Telegram or the gateway (those still PENDING);
    retry the transient failures, after the provider's retry_after when it gave one."""
    result = channel_delivery.deliver(delivery_ids)
    if result.retry and not self.request.is_eager:
        countdown = max(channel_delivery.backoff_seconds(self.request.retries), int(result.wait))
        raise self.retry(args=[result.retry], countdown=countdown)
    return len(result.sent)


def _run(day, *, resend_stale: bool) -> int:
    result = run_reminders(default_plan(day))
    send_digests(day)
    if resend_stale:
        stale = stale_pending_ids()
        if stale:
            deliver(stale)
        stale_deliveries = channel_delivery.stale_pending_ids()
        if stale_deliveries:
            channel_delivery.deliver(stale_deliveries)
    return result.sent


@shared_task(acks_late=True)
def daily_reminders() -> int:
    """The daily run at REMINDER_TIME: today's reminders and digests. Returns reminders sent."""
    return _run(reminder_day(), resend_stale=False)


@shared_task(acks_late=True)
def catch_up_reminders() -> int:
    """Hourly: whatever the daily run missed, and e-mails and channel messages no task sent."""
    return _run(reminder_day(), resend_stale=True)


@shared_task(acks_late=True)
def send_window_reminders(window_ids: list[int], actor_id: int | None = None) -> int:
    """An admin's "send now": remind everyone still to act in these windows (once a day)."""
    plan = default_plan(timezone.localdate(), window_ids=frozenset(window_ids), by_hand=True)
    result = run_reminders(plan)
    logger.info(
        "reminders sent by hand windows=%s actor=%s sent=%s", window_ids, actor_id, result.sent
    )
    return result.sent
