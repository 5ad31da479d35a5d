"""A real Celery worker on Redis delivers a reminder end to end (CI provides PostgreSQL and Redis).

The test commits its data (transaction=True), starts `celery worker` as a separate process on the
test database and its own queue, and publishes the admin's "send now" task to Redis: the worker
writes the reminders, hands their e-mails to itself through Redis, and sends them to a file
backend; the test waits for the outbox row to be marked sent and reads the e-mail file.
"""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from appraisal.choices import WindowKind
from appraisal.cycles.models import Window
from notifications.choices import EmailStatus
from notifications.models import Notification, Reminder
from tests.appraisal.conftest import Plan, open_cycle_for

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@pytest.fixture
def worker(tmp_path):
    redis_url = os.environ.get("REDIS_URL")
    if connection.vendor != "postgresql" or not redis_url:
        pytest.skip("Needs PostgreSQL and Redis: CI runs it with both (make test with their URLs)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # four slashes: an absolute path
        "SITE_URL": "https://kinerja.example.go.id",
    }
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "-Q", queue,
         "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "info"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    publisher = Celery("test-publisher", broker=redis_url)
    try:
        yield publisher, queue, tmp_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_delivers_a_reminder_end_to_end(org, worker):
    publisher, queue, folder = worker
    org.pegawai.user.email = "pegawai@example.test"
    org.pegawai.user.save()
    cycle = open_cycle_for(timezone.localdate().year)
    Plan(org, cycle).draft(org.pegawai)
    window = Window.objects.get(cycle=cycle, kind=WindowKind.SKP)
    window.closes_on = timezone.localdate() + dt.timedelta(days=3)
    window.save()

    def sent():
        return Notification.objects.filter(
            recipient=org.pegawai.user, email_status=EmailStatus.SENT
        ).exists()

    publisher.send_task(
        "notifications.tasks.send_window_reminders", args=[[window.pk], None], queue=queue
    )
    log = (folder / "worker.log").read_text
    assert _wait_for(sent, seconds=90), f"no e-mail sent; worker log:\n{log()[-3000:]}"
    reminder = Reminder.objects.get(recipient=org.pegawai.user)
    assert (reminder.kind, reminder.offset) == ("skp_submit", 3)
    mails = "".join(path.read_text() for path in (folder / "mail").iterdir())
    assert "https://kinerja.example.go.id/kinerja/skp/" in mails
    assert "pegawai@example.test" in mails

    # The same task again (a retry, a second click): nothing new is written or sent.
    count = Reminder.objects.count()
    publisher.send_task(
        "notifications.tasks.send_window_reminders", args=[[window.pk], None], queue=queue
    )
    assert _wait_for(lambda: "send_window_reminders" in log() and log().count("succeeded") >= 3)
    assert Reminder.objects.count() == count
    assert Notification.objects.filter(recipient=org.pegawai.user).count() == 1
