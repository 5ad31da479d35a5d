"""Writes to the inbox: sending notifications and marking them read.

``notify`` is the one entry point every part of the system uses to tell someone something; it
also queues the e-mail (notifications.email). Deadline reminders (notifications.reminders) write
the same rows, so callers never build their own delivery.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.org.policies import require_admin_bkd
from core.actor import Actor
from core.practice import active_cycle
from notifications.channels import delivery as channel_delivery
from notifications.choices import DeliveryStatus, EmailStatus
from notifications.email import email_statuses, enqueue_emails
from notifications.models import ChannelDelivery, DeliveryPreference, Notification
from notifications.selectors import NOT_DONE

_JSON_SCALARS = (str, int, float, bool, type(None))
# The parameter that marks a practice cycle's notification: wiping the cycle deletes them.
PRACTICE_PARAM = "practice_cycle"


def _user_id(user_or_id) -> Any:
    return getattr(user_or_id, "pk", user_or_id)


def _plain_value(value):
    if isinstance(value, _JSON_SCALARS):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()  # shown in the reader's language (a *_date param)
    if isinstance(value, list | tuple):
        return [_plain_value(item) for item in value]
    return str(value)


def _plain(params: dict | None) -> dict:
    """Params as JSON-safe values: a date as ISO text, a list as a list, anything else (a
    Decimal, a UUID) as text."""
    return {key: _plain_value(value) for key, value in (params or {}).items()}


def _mark_practice(plain: dict, at_once: bool) -> bool:
    """Whether the notification rises in a practice cycle (issue 29.5), marking its parameters
    so: the inbox alone hears of it, a workshop's exercise is never an e-mail, WhatsApp or
    Telegram message. A security notice (`at_once`) is real wherever it rises."""
    practice = None if at_once else active_cycle()
    if practice is not None:
        plain[PRACTICE_PARAM] = practice.pk
    return practice is not None


def _email_statuses(recipient_ids, *, practice: bool, at_once: bool) -> dict[int, str]:
    if practice:  # the inbox alone
        return {}
    return email_statuses(recipient_ids, deadline_notice=False, at_once=at_once)


def notify(
    recipients: Iterable,
    message: str,
    params: dict | None = None,
    url: str = "",
    *,
    actor: Actor,
    at_once: bool = False,
) -> int:
    """Put one notification in the inbox of each recipient; return how many were created.

    ``recipients`` holds User objects or user ids; None is skipped, duplicates are sent once, and
    the acting person (``actor``, shown as the sender; none for the system) never notifies
    themself. ``message`` is an English msgid marked at the call site
    with ``gettext_noop`` and ``params`` fills its ``%(name)s`` placeholders: both are stored and
    translated when the recipient reads them. ``url`` is a local path to the exact page (anything
    else raises ValueError: a programming error, caught by the caller's tests).
    Call it inside the transaction of the state change (not on commit): the inbox then always
    agrees with the data, and a rolled-back change leaves no notification behind. E-mail follows
    each recipient's preference (notifications.email): sent after commit, or in the daily
    digest; ``at_once`` (a security notice) sends it after commit whatever the preference.
    """
    if url and (
        not url.startswith("/") or not url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    ):
        raise ValueError(f"notify() needs a local path, not {url!r}")
    actor_id = actor.user_id
    # A dict keeps the callers' order (and so the insert order) while dropping duplicates.
    recipient_ids = {
        _user_id(recipient): None
        for recipient in recipients
        if _user_id(recipient) not in (None, actor_id)
    }
    if not recipient_ids:
        return 0
    now = timezone.now()
    plain = _plain(params)
    practice = _mark_practice(plain, at_once)
    with transaction.atomic():
        statuses = _email_statuses(recipient_ids, practice=practice, at_once=at_once)
        created = Notification.objects.bulk_create(
            Notification(
                recipient_id=recipient_id,
                actor_id=actor_id,
                message=message,
                params=plain,
                url=url,
                created_at=now,
                email_status=statuses.get(recipient_id, EmailStatus.NONE),
            )
            for recipient_id in recipient_ids
        )
        if pending := [n.pk for n in created if n.email_status == EmailStatus.PENDING]:
            enqueue_emails(pending)
        # A security notice goes wherever reminders go, as urgent as a deadline.
        if not practice:
            channel_delivery.queue(created, deadline_notice=at_once)
    return len(created)


def account_notice(user, message: str, params: dict, url: str, *, actor: Actor) -> int:
    """A change to someone's own login account made by someone else (accounts.extensions.
    account_notice: an admin BKD reset their second factor). The inbox and an e-mail sent at
    once, not held for a digest: a person who did not ask for it must hear now, not tomorrow,
    to call the BKD before someone else sets up a device on their account."""
    return notify([user], message, params, url, actor=actor, at_once=True)


def mark_read(public_id, *, actor: Actor) -> Notification:
    """The reader opens one of their own notifications: mark it read and return it; anyone
    else's (and the system, which has no inbox) gets a 404.

    A conditional UPDATE (only while unread) keeps the first reading time when the same
    notification is opened twice at once, e.g. from two tabs.
    """
    notification = get_object_or_404(Notification, recipient=actor.user, public_id=public_id)
    if notification.read_at is None:
        now = timezone.now()
        updated = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        if updated:
            notification.read_at = now
        else:
            notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_all_read(*, actor: Actor) -> int:
    """The reader clears their inbox: every unread notification of theirs is marked read (none
    for the system). Returns how many changed."""
    if actor.is_system:
        return 0
    return Notification.objects.filter(recipient=actor.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def preference_of(user) -> DeliveryPreference:
    """The user's e-mail preference (unsaved default: every notification, as it happens)."""
    return DeliveryPreference.objects.filter(user=user).first() or DeliveryPreference(user=user)


def preference_save(preference: DeliveryPreference, *, actor: Actor) -> DeliveryPreference:
    """Save how a user gets notifications by e-mail (the preferences page): each user's own
    alone."""
    if not actor.is_user(preference.user_id):
        raise PermissionDenied
    preference.save()
    return preference


def email_retry_failed(*, actor: Actor) -> list[int]:
    """Put every failed e-mail back in the outbox once the admin BKD fixed the mail server (the
    reminders page asks require_admin_bkd); return ids to hand to the e-mail task."""
    if not actor.is_system:
        require_admin_bkd(actor.roles)
    ids = list(
        Notification.objects.filter(email_status=EmailStatus.FAILED).values_list("pk", flat=True)
    )
    Notification.objects.filter(pk__in=ids, email_status=EmailStatus.FAILED).update(
        email_status=EmailStatus.PENDING, email_attempts=0
    )
    return ids


def channel_resend(delivery_ids: list[int] | None = None, *, actor: Actor) -> list[int]:
    """Put failed channel messages (these, or every one) back in the outbox once the cause is
    fixed (the reminders page); return the ids to hand to the task. Admin BKD only."""
    if not actor.is_system:
        require_admin_bkd(actor.roles)
    failed = ChannelDelivery.objects.filter(status=DeliveryStatus.FAILED).filter(NOT_DONE)
    if delivery_ids is not None:
        failed = failed.filter(pk__in=delivery_ids)
    ids = list(failed.values_list("pk", flat=True))
    ChannelDelivery.objects.filter(pk__in=ids, status=DeliveryStatus.FAILED).update(
        status=DeliveryStatus.PENDING, attempts=0
    )
    return ids
