"""One reminder pass, synchronously: for cron (the embedded default has no worker), for a day the
scheduler missed, and to preview a date. Output lines, the last one read by scripts:

    <kind>=<n>            per kind of reminder written (only kinds with some)
    emails_sent=<n> emails_failed=<n> digests=<n>
    sent=<n>              reminders written (inbox messages), always the last line

With --dry-run nothing is written: the lines count what would be sent, and the last line is
``sent=0``.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.email import deliver, send_digests, stale_pending_ids
from notifications.reminders import default_plan, run_reminders


class Command(BaseCommand):
    help = "Send the deadline reminders due on a day (default: today) that were not sent yet."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="the day to send for, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--dry-run", action="store_true", help="list who would be reminded, send nothing"
        )

    def handle(self, *args, **options):
        day = timezone.localdate()
        if options["date"]:
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"--date harus berformat YYYY-MM-DD, bukan {options['date']!r}"
                ) from exc
        result = run_reminders(default_plan(day), dry_run=options["dry_run"], enqueue=False)
        for kind, count in sorted(result.by_kind.items()):
            self.stdout.write(f"{kind}={count}")
        if options["dry_run"]:
            for due in result.would_send[:50]:
                self.stdout.write(f"  {due.recipient_id} {due.item} {due.deadline} {due.offset}")
            self.stdout.write(f"would_send={len(result.would_send)}")
            self.stdout.write("sent=0")
            return
        delivery = deliver([*result.email_ids, *stale_pending_ids()])
        digests = send_digests(day)
        self.stdout.write(
            f"emails_sent={len(delivery.sent)} "
            f"emails_failed={len(delivery.retry) + len(delivery.failed)} digests={digests}"
        )
        self.stdout.write(f"sent={result.sent}")
