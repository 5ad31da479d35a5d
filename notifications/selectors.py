"""Reads of the inbox, always scoped to the one user whose inbox it is."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from notifications.choices import DeliveryStatus, EmailStatus
from notifications.models import ChannelDelivery, EmailDigest, Notification, Reminder


def unread_count(user) -> int:
    """How many of the user's notifications are still unread (one COUNT on the unread index)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first; only the unread ones when asked."""
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.select_related("reminder").order_by("-created_at", "-pk")


def sent_per_day(days: int = 14) -> list[dict]:
    """Per day (agency time), newest first: reminders written to inboxes, e-mails sent (reminders
    and other notifications) and daily digests; three grouped queries."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    rows: dict[dt.date, dict] = {
        since + dt.timedelta(days=n): {"reminders": 0, "emails": 0, "digests": 0}
        for n in range(days)
    }
    reminders = (
        Reminder.objects.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    emails = (
        Notification.objects.filter(emailed_at__gte=start, email_status=EmailStatus.SENT)
        .annotate(day=TruncDate("emailed_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by()
    )
    digests = EmailDigest.objects.filter(day__gte=since).values("day").annotate(n=Count("pk"))
    for key, query in (("reminders", reminders), ("emails", emails), ("digests", digests)):
        for row in query.order_by():
            if row["day"] in rows:
                rows[row["day"]][key] = row["n"]
    return [{"day": day, **counts} for day, counts in sorted(rows.items(), reverse=True)]


def email_failures(limit: int = 50) -> QuerySet[Notification]:
    """E-mails that failed for good, or failed at least once and wait for a retry."""
    return (
        Notification.objects.filter(
            Q(email_status=EmailStatus.FAILED)
            | Q(email_status=EmailStatus.PENDING, email_attempts__gt=0)
        )
        .select_related("recipient__employee")
        .order_by("-created_at", "-pk")[:limit]
    )


# A message about a reminder already done (the duty met, or no longer possible) is not worth
# sending again, nor listing.
NOT_DONE = Q(notification__reminder__isnull=True) | Q(notification__reminder__done_at__isnull=True)


def channel_failures(limit: int = 50) -> QuerySet[ChannelDelivery]:
    """WhatsApp/Telegram/gateway messages that failed for good, or failed once and wait for a
    retry, with the provider's message."""
    return (
        ChannelDelivery.objects.filter(
            Q(status=DeliveryStatus.FAILED) | Q(status=DeliveryStatus.PENDING, attempts__gt=0)
        )
        .filter(NOT_DONE)
        .select_related("notification__recipient__employee", "notification__reminder")
        .order_by("-created_at", "-pk")[:limit]
    )
