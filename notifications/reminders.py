"""Deadline reminders: the run that turns "who still has to act" into messages, exactly once.

Higher apps say who must act (``notifications.extensions.reminder_sources``: callables taking a
ReminderPlan and yielding DueReminder); this module decides nothing about appraisal. It writes each reminder as an
inbox notification plus its marker (``Reminder``, unique per person, item, deadline and offset)
in one transaction per batch, so:
- a second run, or a second worker at the same moment, finds the markers and sends nothing again
  (on PostgreSQL the second insert waits for the first and then fails on the constraint: the batch
  is read again and only what is still unmarked is written);
- a worker killed mid-run loses only an uncommitted batch, which the next run sends;
- e-mail goes through the outbox on the notification (notifications.email), after commit.

After writing, a run settles what was handled: a reminder whose duty no source reports any more
(the SKP was approved, the realisation submitted, the objection decided, the cycle closed) is
marked done, read, and no longer waits for an e-mail (``settle_handled``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.channels import delivery as channel_delivery
from notifications.choices import DeliveryStatus, EmailStatus
from notifications.email import email_statuses, enqueue_emails
from notifications.extensions import reminder_kinds, reminder_sources
from notifications.models import ChannelDelivery, Notification, Reminder
from notifications.schedule import days_left, due_offset
from notifications.services import _plain

logger = logging.getLogger(__name__)

BATCH = 1000


@dataclass(frozen=True)
class DueReminder:
    """One message a source wants sent: to whom, about what, for which deadline and offset."""

    recipient_id: int  # a user id
    item: str  # what it is about, unique for the recipient (e.g. "w12:skp_submit")
    deadline: dt.date
    offset: int
    kind: str  # for counts: skp_submit, skp_approve, realisation, evaluation, …
    message: str  # an English msgid (gettext_noop at the source)
    params: dict = field(default_factory=dict, compare=False, hash=False)
    url: str = ""

    @property
    def key(self) -> tuple:
        return (self.recipient_id, self.item, self.deadline, self.offset)


@dataclass(frozen=True)
class ReminderPlan:
    """What a run asks the sources for: the day, the offsets, and optionally only some windows
    (an admin's "send now", which reminds everyone still to act, with the days left as offset)."""

    today: dt.date
    offsets: tuple[int, ...] = (7, 3, 1)
    overdue_within: int = 14
    window_ids: frozenset[int] | None = None
    by_hand: bool = False

    def offset(self, deadline: dt.date, arose: dt.date | None = None) -> int | None:
        if self.by_hand:
            # Not to people whose deadline passed long ago: the window is closed for them.
            if self.today > deadline + dt.timedelta(days=self.overdue_within):
                return None
            return days_left(deadline, self.today)
        return due_offset(deadline, self.today, self.offsets, arose, self.overdue_within)

    def wants_window(self, window_id: int) -> bool:
        return self.window_ids is None or window_id in self.window_ids

    @property
    def windows_only(self) -> bool:
        return self.window_ids is not None


@dataclass
class RunResult:
    sent: int = 0
    by_kind: Counter = field(default_factory=Counter)
    email_ids: list[int] = field(default_factory=list)
    message_ids: list[int] = field(default_factory=list)  # WhatsApp/Telegram deliveries
    would_send: list[DueReminder] = field(default_factory=list)
    done: int = 0  # earlier reminders marked done: their duty was met meanwhile


def kind_labels() -> dict[str, str]:
    """Every kind of reminder the sources write (reminder_kinds), in registration order, with
    its label."""
    return {kind.name: kind.label for kind in reminder_kinds}


def default_plan(today: dt.date, **kwargs) -> ReminderPlan:
    return ReminderPlan(
        today=today,
        offsets=tuple(settings.REMINDER_OFFSETS),
        overdue_within=settings.REMINDER_OVERDUE_WITHIN_DAYS,
        **kwargs,
    )


def reminder_day(now: dt.datetime | None = None) -> dt.date:
    """The day whose reminders are due now: today from REMINDER_TIME on, else yesterday (the
    hourly catch-up must not send today's reminders at midnight)."""
    local = timezone.localtime(now)
    hour, minute = (int(part) for part in settings.REMINDER_TIME.split(":"))
    if (local.hour, local.minute) >= (hour, minute):
        return local.date()
    return local.date() - dt.timedelta(days=1)


def due_reminders(plan: ReminderPlan) -> Iterator[DueReminder]:
    for source in reminder_sources:
        yield from source(plan)


def run_reminders(plan: ReminderPlan, *, dry_run: bool = False, enqueue: bool = True) -> RunResult:
    """Send every reminder due under the plan that was not sent before; return what was sent.

    ``enqueue`` hands the e-mails to Celery after each batch commits; the command passes False
    and delivers them itself (``result.email_ids``, ``result.message_ids``), so cron works
    without a broker.
    """
    result = RunResult()
    batch: dict[tuple, DueReminder] = {}
    for due in due_reminders(plan):
        batch[due.key] = due
        if len(batch) >= BATCH:
            _flush(list(batch.values()), result, dry_run, enqueue)
            batch = {}
    if batch:
        _flush(list(batch.values()), result, dry_run, enqueue)
    if not dry_run and not plan.windows_only:
        result.done = settle_handled(plan.today)
    logger.info(
        "reminders day=%s sent=%s done=%s %s",
        plan.today, result.sent, result.done, dict(result.by_kind),
    )  # fmt: skip
    return result


# Far enough back to cover any deadline a reminder was sent for: settling asks for every duty
# still open, however late, so that only the ones met are marked done.
PENDING_HORIZON_DAYS = 3660


def settle_handled(today: dt.date) -> int:
    """Mark done every reminder whose duty no source reports any more; return how many.

    The sources are asked as for a reminder sent by hand (everyone still to act, whatever the
    offset), so a reminder stays open while its recipient still has the item (an extension keeps
    the same item) and is done once it was handled or can no longer be acted upon (a closed
    period or cycle). A done reminder is marked read (the bell stops counting it) and leaves the
    e-mail outbox (and the channels' outbox) if it was still waiting there: a digest does not carry
    what is already done.
    Conditional UPDATEs: a reminder done twice, or read meanwhile, keeps its first moment.
    """
    open_markers = list(
        Reminder.objects.filter(done_at__isnull=True).values_list(
            "pk", "recipient_id", "item", "notification_id"
        )
    )
    if not open_markers:
        return 0
    plan = ReminderPlan(today=today, by_hand=True, overdue_within=PENDING_HORIZON_DAYS)
    pending = {(due.recipient_id, due.item) for due in due_reminders(plan)}
    handled = [
        (pk, notification_id)
        for pk, recipient_id, item, notification_id in open_markers
        if (recipient_id, item) not in pending
    ]
    now = timezone.now()
    done = 0
    for start in range(0, len(handled), BATCH):
        chunk = handled[start : start + BATCH]
        notification_ids = [notification_id for _pk, notification_id in chunk]
        with transaction.atomic():
            done += Reminder.objects.filter(
                pk__in=[pk for pk, _n in chunk], done_at__isnull=True
            ).update(done_at=now)
            Notification.objects.filter(pk__in=notification_ids, read_at__isnull=True).update(
                read_at=now
            )
            Notification.objects.filter(
                pk__in=notification_ids,
                email_status__in=(EmailStatus.PENDING, EmailStatus.DIGEST),
            ).update(email_status=EmailStatus.NONE)
            ChannelDelivery.objects.filter(
                notification_id__in=notification_ids, status=DeliveryStatus.PENDING
            ).delete()
    return done


def _flush(batch: list[DueReminder], result: RunResult, dry_run: bool, enqueue: bool) -> None:
    if dry_run:
        fresh = _unsent(batch)
        result.would_send.extend(fresh)
        result.by_kind.update(due.kind for due in fresh)
        return
    for attempt in range(3):
        try:
            with transaction.atomic():
                written, email_ids, message_ids = _write(_unsent(batch), enqueue)
                if enqueue and email_ids:
                    enqueue_emails(email_ids)
            break
        except IntegrityError:
            # Another run committed some of these keys meanwhile: read the markers again.
            if attempt == 2:
                raise
    result.sent += len(written)
    result.by_kind.update(due.kind for due in written)
    result.email_ids.extend(email_ids)
    result.message_ids.extend(message_ids)


def _unsent(batch: Iterable[DueReminder]) -> list[DueReminder]:
    batch = list(batch)
    if not batch:
        return []
    sent = set(
        Reminder.objects.filter(
            recipient_id__in={due.recipient_id for due in batch},
            item__in={due.item for due in batch},
            deadline__in={due.deadline for due in batch},
        ).values_list("recipient_id", "item", "deadline", "offset")
    )
    return [due for due in batch if due.key not in sent]


def _write(fresh: list[DueReminder], enqueue: bool) -> tuple[list[DueReminder], list[int], list]:
    if not fresh:
        return [], [], []
    now = timezone.now()
    statuses = email_statuses({due.recipient_id for due in fresh}, deadline_notice=True)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=due.recipient_id,
            message=due.message,
            params=_plain(due.params),
            url=due.url,
            created_at=now,
            email_status=statuses.get(due.recipient_id, EmailStatus.NONE),
        )
        for due in fresh
    )
    Reminder.objects.bulk_create(
        Reminder(
            recipient_id=due.recipient_id,
            item=due.item,
            deadline=due.deadline,
            offset=due.offset,
            kind=due.kind,
            notification_id=notification.pk,
            created_at=now,
        )
        for due, notification in zip(fresh, notifications, strict=True)
    )
    pending = [n.pk for n in notifications if n.email_status == EmailStatus.PENDING]
    messages = channel_delivery.queue(notifications, deadline_notice=True, enqueue=enqueue)
    return fresh, pending, messages
