"""A real Celery worker on Redis delivers a reminder end to end (CI provides PostgreSQL and Redis).

The test commits its data (transaction=True), starts `celery worker` as a separate process on the
test database and its own queue, and publishes the admin's "send now" task to Redis: the worker
writes the reminders, hands their e-mails to itself through Redis, and sends them to a file
backend; the test waits for the outbox row to be marked sent and reads the e-mail file.
"""

import datetime as dt

import pytest
from django.utils import timezone

from appraisal.choices import WindowKind
from appraisal.cycles.models import Window
from notifications.choices import EmailStatus
from notifications.models import Notification, Reminder
from tests.appraisal.conftest import Plan, open_cycle_for
from tests.celery_workers import celery_workers, wait_for


@pytest.fixture
def worker(tmp_path):
    env = {
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",  # four slashes: an absolute path
        "SITE_URL": "https://kinerja.example.go.id",
    }
    with celery_workers(tmp_path, **env) as workers:
        workers.start()
        yield workers.publisher, workers.queue, tmp_path


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
    assert wait_for(sent, seconds=90), f"no e-mail sent; worker log:\n{log()[-3000:]}"
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
    assert wait_for(lambda: "send_window_reminders" in log() and log().count("succeeded") >= 3)
    assert Reminder.objects.count() == count
    assert Notification.objects.filter(recipient=org.pegawai.user).count() == 1
