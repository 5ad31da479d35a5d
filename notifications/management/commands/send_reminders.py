"""One reminder pass, synchronously: for cron (the embedded default has no worker), for a day the
scheduler missed, and to preview a date. Output lines, the last one read by scripts:

    <kind>=<n>            per kind of reminder (every kind the sources write, zero included)
    emails_sent=<n> emails_failed=<n> digests=<n>
    messages_sent=<n> messages_failed=<n>   WhatsApp, Telegram or gateway messages
    reminders_done=<n>    earlier reminders marked done (their duty was met meanwhile)
    sent=<n>              reminders written (inbox messages), always the last line

A pass for today sends. A pass for another day (``--date``) is a dry run unless ``--send`` is
given, and so is ``--dry-run``: nothing is written, the kind lines count what would be sent,
the reminders themselves are listed (the first 50), then ``would_send=<n>`` and ``sent=0``.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.channels import delivery as channel_delivery
from notifications.email import deliver, send_digests, stale_pending_ids
from notifications.reminders import RunResult, default_plan, kind_labels, run_reminders

LISTED = 50


class Command(BaseCommand):
    help = (
        "Send the deadline reminders due on a day (default: today) that were not sent yet; "
        "another day is only previewed unless --send is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to send for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would be reminded, send nothing"
        )
        parser.add_argument(
            "--send",
            action="store_true",
            help="with --date other than today: really send (otherwise it is a dry run)",
        )

    def handle(self, *args, **options):
        today = timezone.localdate()
        day = self._day(options["date"], today)
        dry_run = options["dry_run"] or (day != today and not options["send"])
        result = run_reminders(default_plan(day), dry_run=dry_run, enqueue=False)
        self._kind_lines(result)
        if dry_run:
            for due in result.would_send[:LISTED]:
                self.stdout.write(
                    f"  {due.kind} user={due.recipient_id} {due.item} "
                    f"deadline={due.deadline} offset={due.offset}"
                )
            self.stdout.write(f"would_send={len(result.would_send)}")
            self.stdout.write("sent=0")
            return
        delivery = deliver([*result.email_ids, *stale_pending_ids()])
        digests = send_digests(day)
        self.stdout.write(
            f"emails_sent={len(delivery.sent)} "
            f"emails_failed={len(delivery.retry) + len(delivery.failed)} digests={digests}"
        )
        messages = channel_delivery.deliver(
            [*result.message_ids, *channel_delivery.stale_pending_ids()]
        )
        self.stdout.write(
            f"messages_sent={len(messages.sent)} "
            f"messages_failed={len(messages.retry) + len(messages.failed)}"
        )
        self.stdout.write(f"reminders_done={result.done}")
        self.stdout.write(f"sent={result.sent}")

    @staticmethod
    def _day(value: str | None, today: dt.date) -> dt.date:
        if not value:
            return today
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise CommandError(f"--date harus berformat YYYY-MM-DD, bukan {value!r}") from exc

    def _kind_lines(self, result: RunResult) -> None:
        """One line per kind, every registered kind first (zero included), then any other."""
        kinds = [*kind_labels(), *sorted(set(result.by_kind) - set(kind_labels()))]
        for kind in kinds:
            self.stdout.write(f"{kind}={result.by_kind.get(kind, 0)}")
