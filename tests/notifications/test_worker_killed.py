"""A Celery worker killed in the middle of a reminder run: nothing lost, nothing sent twice.

Issue 9 ("Faults"), against a real worker (CI provides PostgreSQL and Redis). Thousands of
employees owe their SKP, so one "send now" pass writes several batches (notifications.reminders
commits one batch of BATCH at a time). The test starts `celery worker`, publishes the pass, and
kills the worker with SIGKILL once the first batch is committed and before the last one is. A
second worker then runs the same task again (the catch-up, or an admin clicking again): it must
write exactly the reminders the first one did not, and every e-mail must go out exactly once —
those the killed worker handed to Redis are sent by the second worker, and anything left PENDING
is sent by the hourly catch-up's resend of stale e-mails. (The kill comes within milliseconds of
the first commit, so it often lands while the dying worker is still handing that batch's e-mail
tasks to Redis, after the commit: some or all of them are never published, and those e-mails are
the catch-up's to send. Either way each goes out once.)
"""

import datetime as dt
import re
import time
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.choices import AssignmentKind, EmployeeStatus
from accounts.org.models import Assignment, Employee
from appraisal.choices import WindowKind
from appraisal.cycles.models import Window
from notifications.choices import EmailStatus
from notifications.email import deliver, stale_pending_ids
from notifications.models import Notification, Reminder
from notifications.reminders import BATCH, default_plan, due_reminders
from tests.appraisal.conftest import open_cycle_for
from tests.celery_workers import celery_workers, wait_for

PEOPLE = 2500  # three batches of BATCH: the worker can die between two of them
SITE_URL = "https://kinerja.example.go.id"


@pytest.fixture
def services(tmp_path):
    env = {"EMAIL_URL": f"filemail:///{tmp_path / 'mail'}", "SITE_URL": SITE_URL}
    with celery_workers(tmp_path, **env) as workers:
        yield workers.publisher, workers.queue, tmp_path, workers.start


def _many_employees(org, count: int) -> None:
    """`count` active employees with active accounts and e-mail addresses, placed definitively
    in the org's staff positions (bulk: Assignment rows and Employee.position in step)."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(username=f"massal{n}", email=f"massal{n}@example.test", password="!")
        for n in range(count)
    )
    positions = [org.staff_pos, org.disdik_staff]
    employees = Employee.objects.bulk_create(
        Employee(
            nip=f"200101012026{n:06d}",
            name=f"Pegawai Massal {n}",
            golongan="III/a",
            status=EmployeeStatus.ACTIVE,
            user=user,
            position=positions[n % len(positions)],
        )
        for n, user in enumerate(users)
    )
    Assignment.objects.bulk_create(
        Assignment(
            employee=employee,
            position=employee.position,
            kind=AssignmentKind.DEFINITIF,
            start_date=dt.date(2020, 1, 1),
        )
        for employee in employees
    )


def _addressees(folder) -> Counter:
    """Each address in the e-mail files, as often as a message was sent to it."""
    counts: Counter = Counter()
    if not folder.exists():
        return counts
    for path in folder.iterdir():
        counts.update(re.findall(r"^To: (.+?)\s*$", path.read_text(), flags=re.MULTILINE))
    return counts


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_loses_nothing_and_sends_nothing_twice(org, services, settings):
    publisher, queue, folder, start_worker = services
    _many_employees(org, PEOPLE)
    cycle = open_cycle_for(timezone.localdate().year)
    window = Window.objects.get(cycle=cycle, kind=WindowKind.SKP)
    window.closes_on = timezone.localdate() + dt.timedelta(days=3)
    window.save()

    plan = default_plan(timezone.localdate(), window_ids=frozenset({window.pk}), by_hand=True)
    due = {item.key for item in due_reminders(plan)}
    expected = len(due)
    assert expected > 2 * BATCH

    def send_now():
        publisher.send_task(
            "notifications.tasks.send_window_reminders", args=[[window.pk], None], queue=queue
        )

    # 1. The first worker starts the pass and is killed once a batch, not all, is committed.
    first = start_worker("first")
    send_now()
    deadline = time.monotonic() + 60
    while Reminder.objects.count() == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    first.kill()
    first.wait(timeout=10)
    written = Reminder.objects.count()
    log = (folder / "first.log").read_text
    assert written > 0, f"no batch committed; worker log:\n{log()[-3000:]}"
    assert written < expected, "the pass finished before the worker was killed: add people"
    assert written % BATCH == 0  # whole batches only: the one in flight was rolled back
    assert Notification.objects.count() == written

    # 2. A second worker, the same task again (an admin's second click, the hourly catch-up).
    start_worker("second")
    send_now()
    log = (folder / "second.log").read_text
    assert wait_for(lambda: Reminder.objects.count() >= expected, seconds=90), (
        f"the second run did not finish; worker log:\n{log()[-3000:]}"
    )

    # The second worker sends the e-mails handed to Redis (the killed worker's first batches
    # too); wait until it is done, or stops making progress.
    pending = Notification.objects.filter(email_status=EmailStatus.PENDING)
    last, still = None, 0
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        now = pending.count()
        if now == 0:
            break
        still = still + 1 if now == last else 0
        if still >= 6:  # three seconds without progress: what is left waits for the catch-up
            break
        last = now
        time.sleep(0.5)

    # 3. The hourly catch-up: an hour later, e-mails still PENDING are sent (same mail folder).
    pending.update(created_at=timezone.now() - dt.timedelta(hours=1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder / "mail")
    settings.SITE_URL = SITE_URL
    deliver(stale_pending_ids())
    # A row the second worker held locked meanwhile (SKIP LOCKED) is marked sent by it.
    assert wait_for(lambda: not pending.exists(), seconds=30)

    # Nothing lost: each due reminder is written once, with its notification, and e-mailed.
    reminders = list(
        Reminder.objects.values_list("recipient_id", "item", "deadline", "offset", "notification")
    )
    assert len(reminders) == Notification.objects.count() == expected
    assert {row[:4] for row in reminders} == due
    assert len({row[4] for row in reminders}) == expected  # one notification per reminder
    with_email = Notification.objects.exclude(recipient__email="")
    assert with_email.count() >= PEOPLE
    assert not with_email.exclude(email_status=EmailStatus.SENT).exists()
    assert not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()

    # Nothing sent twice: every addressee received exactly one e-mail.
    addressees = _addressees(folder / "mail")
    emails = set(with_email.values_list("recipient__email", flat=True))
    assert set(addressees) == emails
    twice = {address: n for address, n in addressees.items() if n != 1}
    assert not twice, f"e-mailed more than once: {sorted(twice.items())[:10]}"
