"""Benchmark: one deadline-reminder pass over a province-scale agency (issue 6).

    .venv/bin/python bench/bench_reminders.py [EMPLOYEES]

Seeds `seed_demo --employees N` (100,000 by default) into a throwaway SQLite file, in a child
process so that this process's peak memory is the reminder run's, not the seeding's
(`seed_seconds=…`, then `employees=… users=… …`: every generated employee has an active account,
about 85% with an e-mail address). The demo's current SKP window closes six days after today, so
the first pass today reminds nearly everyone: every active employee with a position and an active
account whose SKP is not submitted (the demo's SKPs were submitted today, during the seeding, so
their PPKs are not reminded yet; they appear in the overdue dry run). Then it times:

- the first pass, run_reminders(default_plan(today), enqueue=False) as send_reminders runs it:
  `pass_seconds=… reminders=… peak_mb=… maxrss_growth_mb=…`. The seconds and the growth of the
  process's peak RSS (ru_maxrss) are those of the pass run untraced; peak_mb is the tracemalloc
  peak of Python allocations of the same pass run again traced (tracemalloc slows it about
  threefold), with its markers deleted, in a transaction that is rolled back afterwards;
- the delivery of the e-mails it queued, notifications.email.deliver over the pass's
  email_ids in chunks of EMAIL_CHUNK, as the Celery tasks get them (`email_seconds=… emails=…`).
  Each e-mail is rendered (subject, text and HTML) and turned into a MIME message by Django's
  locmem backend, which sends nothing (the outbox is emptied after each chunk): this measures our
  code, not an SMTP server. In production these chunks are sent by Celery workers in parallel;
  here they run one after another in one process;
- a second pass the same day, which must find every marker and send nothing
  (`second_pass_seconds=… second_reminders=0`);
- a dry run a week later, past the SKP deadline, with the overdue notices and the escalation
  digests to the heads of unit and admin OPD (`overdue_pass_seconds=… would_send=…`).

DEBUG is off (as in production: with DEBUG on, Django keeps the SQL of the last 9,000 queries).
The last line is `pass_seconds=<first pass> reminders=<n> peak_mb=<tracemalloc peak, MB>`
(the goal: under 120 seconds with memory that does not grow with N, apart from the pass's
result.email_ids, one int per queued e-mail, about 36 bytes each).
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import secrets
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

DB_PATH = Path("/tmp/bench_reminders.sqlite3")
ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


def _fresh_database() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    # Always the throwaway file, whatever the environment says: this must never touch real data.
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "False"
    # DEBUG off refuses the public default key: a throwaway one for this run.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # No e-mail leaves this machine, during the seeding (its own notifications) or after.
    os.environ["EMAIL_URL"] = "memorymail://localhost"
    os.environ["EMAIL_HOST"] = ""
    sys.path.insert(0, str(ROOT))


def _seed(employees: int) -> float:
    started = time.perf_counter()
    for command in (["migrate", "--verbosity=0"], ["seed_demo", f"--employees={employees}"]):
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *command],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return time.perf_counter() - started


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    employees = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    _fresh_database()
    print(f"seed_seconds={_seed(employees):.1f}", flush=True)

    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.db import transaction
    from django.utils import timezone

    from accounts.logins.models import User
    from accounts.org.models import Employee
    from appraisal.choices import CycleStatus, SkpStatus, WindowKind
    from appraisal.cycles.models import Cycle
    from appraisal.plans.models import Skp
    from notifications.email import EMAIL_CHUNK, deliver
    from notifications.models import Reminder
    from notifications.reminders import default_plan, run_reminders

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    today = timezone.localdate()

    # What the seeding gave us: the people, their accounts, the open cycle of this year.
    users = User.objects.count()
    with_email = User.objects.filter(is_active=True).exclude(email="").count()
    owing = (
        Employee.objects.filter(status="active", position__isnull=False, user__is_active=True)
        .exclude(
            pk__in=Skp.objects.filter(
                cycle__year=today.year,
                status__in=[SkpStatus.SUBMITTED, SkpStatus.APPROVED, SkpStatus.SUPERSEDED],
            ).values("employee_id")
        )
        .count()
    )
    print(
        f"employees={Employee.objects.count()} users={users} "
        f"active_users={User.objects.filter(is_active=True).count()} "
        f"users_with_email={with_email} ({with_email / max(users, 1):.0%}) "
        f"skp_not_submitted={owing}"
    )
    cycle = Cycle.objects.get(year=today.year, status=CycleStatus.OPEN)
    window = cycle.windows.get(kind=WindowKind.SKP)
    print(f"cycle={cycle.year} skp_window={window.opens_on}..{window.closes_on} today={today}")

    # The first pass: what cron's send_reminders does, without the e-mails. Timed untraced
    # (tracemalloc slows this code nearly threefold), with the growth of the peak RSS.
    rss_before = _max_rss_mb()
    started = time.perf_counter()
    result = run_reminders(default_plan(today), enqueue=False)
    pass_seconds = time.perf_counter() - started
    rss_after = _max_rss_mb()
    # The same pass again under tracemalloc, for its peak of Python allocations: with the
    # markers deleted, in a transaction rolled back afterwards, so it writes exactly what the
    # first pass wrote and leaves nothing behind.
    with transaction.atomic():
        Reminder.objects.all().delete()
        tracemalloc.start()
        traced = run_reminders(default_plan(today), enqueue=False)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        transaction.set_rollback(True)
    assert traced.sent == result.sent, (traced.sent, result.sent)
    by_kind = " ".join(f"{kind}={n}" for kind, n in sorted(result.by_kind.items()))
    print(f"first pass: {by_kind} emails_queued={len(result.email_ids)}")
    print(
        f"pass_seconds={pass_seconds:.1f} reminders={result.sent} "
        f"peak_mb={peak / MB:.1f} (tracemalloc peak of Python allocations, same pass re-run "
        f"traced and rolled back) maxrss_growth_mb={rss_after - rss_before:.1f} "
        f"(process peak RSS {rss_before:.0f} -> {rss_after:.0f} MB over the untraced pass)",
        flush=True,
    )

    # The e-mails that pass queued, chunk by chunk as the Celery tasks get them.
    emails = failed = 0
    mail.outbox = []
    started = time.perf_counter()
    for offset in range(0, len(result.email_ids), EMAIL_CHUNK):
        delivery = deliver(result.email_ids[offset : offset + EMAIL_CHUNK])
        emails += len(mail.outbox)
        failed += len(delivery.retry) + len(delivery.failed)
        mail.outbox = []
    email_seconds = time.perf_counter() - started
    print(
        f"email_seconds={email_seconds:.1f} emails={emails} failed={failed} "
        f"ms_per_email={email_seconds * 1000 / max(emails, 1):.2f} "
        f"(one process; Celery workers send these chunks in parallel)",
        flush=True,
    )

    # The same day again: every marker is there, nothing is sent twice.
    started = time.perf_counter()
    second = run_reminders(default_plan(today), enqueue=False)
    print(
        f"second_pass_seconds={time.perf_counter() - started:.1f} second_reminders={second.sent}",
        flush=True,
    )
    assert second.sent == 0, f"the second pass sent {second.sent} reminders again"

    # A week later, past the SKP deadline: the overdue notices and the escalation digests.
    later = today + dt.timedelta(days=7)
    started = time.perf_counter()
    overdue = run_reminders(default_plan(later), dry_run=True)
    overdue_seconds = time.perf_counter() - started
    by_kind = " ".join(f"{kind}={n}" for kind, n in sorted(overdue.by_kind.items()))
    print(f"overdue dry run on {later}: {by_kind}")
    print(f"overdue_pass_seconds={overdue_seconds:.1f} would_send={len(overdue.would_send)}")

    print(f"pass_seconds={pass_seconds:.1f} reminders={result.sent} peak_mb={peak / MB:.1f}")


if __name__ == "__main__":
    main()
