"""The e-mail channel of notifications: an outbox on the Notification row.

A notification is written with ``email_status`` PENDING (sent alone, soon), DIGEST (waiting for
the person's daily digest) or NONE, following the person's preference; the row and the intent to
e-mail commit together. After commit a task sends PENDING rows; each is claimed under a row lock
(PostgreSQL: SKIP LOCKED, so two workers never send the same one) and marked SENT in the same
transaction as the send. An SMTP failure leaves the row PENDING with the error and the attempt
count (admins see it), and the task retries with backoff; after MAX_ATTEMPTS it is FAILED. The
hourly catch-up sends PENDING rows that no task picked up (a broker that was down, a dead worker).
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.org.models import AgencyProfile
from core.queueing import enqueue_on_commit
from notifications.choices import EmailMode, EmailStatus
from notifications.models import EmailDigest, Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
EMAIL_CHUNK = 200
# Failures worth retrying: the server said no for now, or could not be reached.
TRANSIENT = (smtplib.SMTPException, OSError)


# Set while demo data is written: its notifications stay in the inbox, nobody is e-mailed.
_WITHOUT_EMAIL: ContextVar[bool] = ContextVar("notifications_without_email", default=False)


@contextmanager
def without_email():
    """Notifications written inside this block are not e-mailed (seeding demo data)."""
    token = _WITHOUT_EMAIL.set(True)
    try:
        yield
    finally:
        _WITHOUT_EMAIL.reset(token)


def sending_paused() -> bool:
    """Inside without_email(): demo data goes to the inbox alone, through no channel."""
    return _WITHOUT_EMAIL.get()


def email_statuses(
    user_ids: Iterable[int], *, deadline_notice: bool, at_once: bool = False
) -> dict[int, str]:
    """The e-mail status a new notification gets, per recipient (one query). `at_once`: a
    security notice about the person's own account, e-mailed now whatever their preference."""
    if _WITHOUT_EMAIL.get():
        return {}
    rows = (
        get_user_model()
        .objects.filter(pk__in=list(user_ids))
        .values_list("pk", "email", "is_active", "delivery_preference__email_mode")
    )
    rows = list(rows)
    statuses = {}
    carried = _reminders_elsewhere({pk for pk, *_rest, mode in rows if mode == EmailMode.OFF})
    for pk, email, is_active, mode in rows:
        mode = mode or EmailMode.EACH
        if mode == EmailMode.OFF and pk not in carried:
            mode = EmailMode.DEADLINES  # the other channel is gone: reminders come by e-mail
        if not email or not is_active:
            statuses[pk] = EmailStatus.NONE
        elif at_once:  # a security notice: whatever the preference, OFF included
            statuses[pk] = EmailStatus.PENDING
        elif mode == EmailMode.OFF:
            statuses[pk] = EmailStatus.NONE
        elif mode == EmailMode.DIGEST:
            statuses[pk] = EmailStatus.DIGEST
        elif mode == EmailMode.DEADLINES and not deadline_notice:
            statuses[pk] = EmailStatus.NONE
        else:
            statuses[pk] = EmailStatus.PENDING
    return statuses


def _reminders_elsewhere(user_ids: set[int]) -> set[int]:
    """Those of these people whose deadline reminders another verified channel carries."""
    if not user_ids:
        return set()
    from notifications.channels.delivery import active_addresses
    from notifications.choices import ChannelMode

    return {
        user_id
        for user_id, addresses in active_addresses(user_ids).items()
        if any(mode != ChannelMode.OFF for _channel, _address, mode in addresses)
    }


def reminders_elsewhere(user) -> bool:
    """Whether another verified channel carries this person's deadline reminders (then e-mail
    may be switched off)."""
    return user.pk in _reminders_elsewhere({user.pk})


def enqueue_emails(notification_ids: list[int]) -> None:
    """Hand PENDING notifications to the e-mail task once the transaction commits."""
    from notifications.tasks import send_notification_emails

    for start in range(0, len(notification_ids), EMAIL_CHUNK):
        enqueue_on_commit(send_notification_emails, notification_ids[start : start + EMAIL_CHUNK])


def absolute(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + (url or reverse("notifications:inbox"))


def _context(recipient, agency=None, **extra) -> dict:
    employee = getattr(recipient, "employee", None)
    return {
        "name": employee.full_name if employee else recipient.get_username(),
        "agency": agency or AgencyProfile.current(),
        "inbox_url": absolute(reverse("notifications:inbox")),
        "preferences_url": absolute(reverse("notifications:preferences")),
        **extra,
    }


# A subject longer than this is cut after the last whole word that fits, with an ellipsis.
SUBJECT_LIMIT = 100


def subject_line(prefix: str, text: str = "", limit: int = SUBJECT_LIMIT) -> str:
    """The e-mail subject: the prefix, then the text's words while they fit (never a word cut
    in half, "…" when some were left out). Whitespace is collapsed to single spaces."""
    words = [*prefix.split(), *text.split()]
    subject = " ".join(words)
    if len(subject) <= limit:
        return subject
    kept = prefix.split()
    for word in words[len(kept) :]:
        if len(" ".join([*kept, word])) + 1 > limit:
            break
        kept.append(word)
    return " ".join(kept).rstrip(",;:") + "…"


def _message(
    template: str, context: dict, to: str, subject_text: str = ""
) -> EmailMultiAlternatives:
    # Deadline notices read the same whoever triggers them: in the agency's language.
    with translation.override(settings.LANGUAGE_CODE):
        prefix = render_to_string(f"emails/{template}_subject.txt", context)
        subject = subject_line(prefix, subject_text)
        message = EmailMultiAlternatives(
            subject,
            render_to_string(f"emails/{template}.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [to],
        )
        message.attach_alternative(
            render_to_string(f"emails/{template}.html", context), "text/html"
        )
    return message


def notification_message(notification: Notification, agency=None) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        text = notification.text
    context = _context(
        notification.recipient,
        agency,
        text=text,
        url=absolute(notification.url),
        names=_names(notification),
        is_reminder=hasattr(notification, "reminder"),
    )
    return _message("notification", context, notification.recipient.email, subject_text=text)


def _names(notification: Notification) -> list[str]:
    names = notification.params.get("names") if isinstance(notification.params, dict) else None
    return names if isinstance(names, list) else []


@dataclass
class Delivery:
    sent: list[int] = field(default_factory=list)
    retry: list[int] = field(default_factory=list)  # failed this time, still worth retrying
    failed: list[int] = field(default_factory=list)  # gave up after MAX_ATTEMPTS


def deliver(notification_ids: Iterable[int]) -> Delivery:
    """Send each PENDING notification of these ids once; report what was sent and what failed."""
    delivery = Delivery()
    agency = AgencyProfile.current()  # once per batch, not per e-mail
    for pk in notification_ids:
        error = None
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient__employee", "reminder")
                .filter(pk=pk, email_status=EmailStatus.PENDING)
                .first()
            )
            if notification is None:
                continue  # sent already, by another worker or an earlier try
            try:
                notification_message(notification, agency).send()
            except TRANSIENT as exc:
                error = exc
            else:
                Notification.objects.filter(pk=pk).update(
                    email_status=EmailStatus.SENT,
                    emailed_at=timezone.now(),
                    email_attempts=notification.email_attempts + 1,
                    email_error="",
                )
                delivery.sent.append(pk)
        if error is not None:
            attempts = notification.email_attempts + 1
            gave_up = attempts >= MAX_ATTEMPTS
            Notification.objects.filter(pk=pk, email_status=EmailStatus.PENDING).update(
                email_attempts=attempts,
                email_error=f"{type(error).__name__}: {error}"[:500],
                email_status=EmailStatus.FAILED if gave_up else EmailStatus.PENDING,
            )
            (delivery.failed if gave_up else delivery.retry).append(pk)
            logger.warning("e-mail of notification %s failed (%s): %s", pk, attempts, error)
    return delivery


def stale_pending_ids(older_than: dt.timedelta = dt.timedelta(minutes=5)) -> list[int]:
    """PENDING e-mails no task sent (broker down, worker killed): the catch-up sends them."""
    cutoff = timezone.now() - older_than
    return list(
        Notification.objects.filter(
            email_status=EmailStatus.PENDING, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:10000]
    )


def send_digests(day: dt.date) -> int:
    """Send each person in digest mode one e-mail with what waits for it; once a day (the
    EmailDigest marker commits with the rows it covers, so a failure leaves both unwritten)."""
    recipients = (
        Notification.objects.filter(email_status=EmailStatus.DIGEST)
        .values_list("recipient_id", flat=True)
        .distinct()
        .order_by()
    )
    sent = 0
    for recipient_id in list(recipients):
        try:
            with transaction.atomic():
                digest = EmailDigest.objects.create(recipient_id=recipient_id, day=day)
                rows = list(
                    Notification.objects.select_for_update(skip_locked=True, of=("self",))
                    .filter(recipient_id=recipient_id, email_status=EmailStatus.DIGEST)
                    .select_related("recipient__employee")
                    .order_by("created_at", "pk")
                )
                if not rows:
                    transaction.set_rollback(True)
                    continue
                recipient = rows[0].recipient
                with translation.override(settings.LANGUAGE_CODE):
                    items = [{"text": n.text, "url": absolute(n.url)} for n in rows]
                context = _context(recipient, items=items, day=day)
                _message("digest", context, recipient.email).send()
                Notification.objects.filter(pk__in=[n.pk for n in rows]).update(
                    email_status=EmailStatus.SENT, emailed_at=timezone.now(), email_error=""
                )
                digest.count = len(rows)
                digest.save(update_fields=["count"])
                sent += 1
        except IntegrityError:
            continue  # today's digest went out already
        except TRANSIENT as exc:
            logger.warning("digest for user %s failed: %s", recipient_id, exc)
    return sent
