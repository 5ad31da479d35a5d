"""Reads of the inbox, always scoped to the one user whose inbox it is."""

from django.db.models import QuerySet

from .models import Notification


def unread_count(user) -> int:
    """How many of the user's notifications are still unread (one COUNT on the unread index)."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first; only the unread ones when asked."""
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")
