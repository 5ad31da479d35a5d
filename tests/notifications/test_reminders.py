"""The reminder run and the e-mail outbox: exactly once, nothing lost, the person's preference.

The pegawai has a draft SKP in a cycle whose SKP window closes DEADLINE days from today.
"""

import datetime as dt
import smtplib
import threading

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from appraisal.choices import WindowKind
from appraisal.cycles.models import Window
from notifications.choices import EmailMode, EmailStatus
from notifications.email import deliver, send_digests
from notifications.models import DeliveryPreference, EmailDigest, Notification, Reminder
from notifications.reminders import default_plan, reminder_day, run_reminders
from notifications.services import notify
from notifications.tasks import send_notification_emails
from tests.actors import system
from tests.appraisal.conftest import Plan, open_cycle_for

DEADLINE = 20


def _day(from_deadline: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=DEADLINE + from_deadline)


@pytest.fixture
def window(org):
    for person in (org.pegawai, org.ppk, org.admin_opd, org.outsider):
        person.user.email = f"{person.user.username}@example.test"
        person.user.save()
    cycle = open_cycle_for(timezone.localdate().year)
    Plan(org, cycle).draft(org.pegawai)
    window = Window.objects.get(cycle=cycle, kind=WindowKind.SKP)
    window.closes_on = _day(0)
    window.save()
    mail.outbox.clear()
    return window


def _run(day, **kwargs):
    return run_reminders(default_plan(day), **kwargs)


def test_a_second_run_the_same_day_sends_nothing(window, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = _run(_day(-3))
    assert first.sent > 0
    emails = len(mail.outbox)
    assert emails > 0
    with django_capture_on_commit_callbacks(execute=True):
        second = _run(_day(-3))
    assert second.sent == 0
    assert len(mail.outbox) == emails
    assert Reminder.objects.count() == first.sent == Notification.objects.count()
    mine = Reminder.objects.get(recipient=org.pegawai.user)
    assert (mine.deadline, mine.offset, mine.kind) == (window.closes_on, 3, "skp_submit")


def test_after_downtime_only_the_latest_due_reminder_is_sent(window, org):
    # Nothing ran on the 7-day or the 3-day moment; the day before the deadline sends one.
    _run(_day(-1))
    offsets = list(
        Reminder.objects.filter(recipient=org.pegawai.user).values_list("offset", flat=True)
    )
    assert offsets == [1]


def test_each_moment_is_sent_once_and_the_overdue_notice_after(window, org):
    for day in range(-9, 3):
        _run(_day(day))
    offsets = sorted(
        Reminder.objects.filter(recipient=org.pegawai.user).values_list("offset", flat=True)
    )
    assert offsets == [-1, 1, 3, 7]


def test_an_extension_starts_the_reminders_again_for_the_new_deadline(window, org):
    _run(_day(-1))
    window.closes_on = _day(10)
    window.save()
    _run(_day(3))
    deadlines = set(
        Reminder.objects.filter(recipient=org.pegawai.user).values_list("deadline", "offset")
    )
    assert deadlines == {(_day(0), 1), (_day(10), 7)}


def test_the_email_carries_the_link_in_text_and_html(
    window, org, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://kinerja.example.go.id"
    with django_capture_on_commit_callbacks(execute=True):
        _run(_day(-3))
    (message,) = [m for m in mail.outbox if m.to == [org.pegawai.user.email]]
    link = "https://kinerja.example.go.id/kinerja/skp/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html
    assert "SKP" in message.subject
    assert "/kotak-masuk/pengaturan/" in message.body  # where to choose the daily digest
    notification = Notification.objects.get(recipient=org.pegawai.user)
    assert notification.email_status == EmailStatus.SENT and notification.emailed_at


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_an_smtp_failure_is_retried_and_nothing_is_marked_sent(window, org, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_reminders.RefusingBackend"
    result = _run(_day(-3), enqueue=False)
    (pegawai_email,) = Notification.objects.filter(recipient=org.pegawai.user).values_list(
        "pk", flat=True
    )
    with pytest.raises(Retry):  # the task asks Celery to try again later, with backoff
        send_notification_emails.run([pegawai_email])
    failed = Notification.objects.get(pk=pegawai_email)
    assert failed.email_status == EmailStatus.PENDING and failed.emailed_at is None
    assert failed.email_attempts == 1 and "SMTPServerDisconnected" in failed.email_error
    # The mail server is back: the retry sends it, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery = deliver(result.email_ids)
    assert pegawai_email in delivery.sent
    assert deliver(result.email_ids).sent == []
    assert Notification.objects.get(pk=pegawai_email).email_status == EmailStatus.SENT


def test_after_five_failures_the_email_is_given_up_and_shown_to_admins(window, org, settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_reminders.RefusingBackend"
    result = _run(_day(-3), enqueue=False)
    for _attempt in range(5):
        deliver(result.email_ids)
    notification = Notification.objects.get(recipient=org.pegawai.user)
    assert notification.email_status == EmailStatus.FAILED
    assert notification.email_attempts == 5


def test_daily_digest_instead_of_single_emails(window, org, django_capture_on_commit_callbacks):
    DeliveryPreference.objects.create(user=org.pegawai.user, email_mode=EmailMode.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        _run(_day(-3))
        notify([org.pegawai.user], "Your SKP was returned.", url="/kinerja/skp/", actor=system())
    assert not [m for m in mail.outbox if m.to == [org.pegawai.user.email]]
    assert send_digests(_day(-3)) >= 1
    (digest,) = [m for m in mail.outbox if m.to == [org.pegawai.user.email]]
    assert "/kinerja/skp/" in digest.body and "Your SKP was returned." in digest.body
    assert EmailDigest.objects.get(recipient=org.pegawai.user).count == 2
    mail.outbox.clear()
    assert send_digests(_day(-3)) == 0 and mail.outbox == []


def test_deadline_reminders_cannot_be_switched_off(window, org, django_capture_on_commit_callbacks):
    DeliveryPreference.objects.create(user=org.pegawai.user, email_mode=EmailMode.DEADLINES)
    with django_capture_on_commit_callbacks(execute=True):
        notify([org.pegawai.user], "Your SKP was returned.", url="/kinerja/skp/", actor=system())
    assert not [m for m in mail.outbox if m.to == [org.pegawai.user.email]]
    with django_capture_on_commit_callbacks(execute=True):
        _run(_day(-3))
    assert [m for m in mail.outbox if m.to == [org.pegawai.user.email]]


def test_escalation_digest_names_everyone_overdue(window, org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _run(_day(1))
    digest = Reminder.objects.get(recipient=org.admin_opd.user, kind="escalation")
    names = digest.notification.params["names"]
    assert any(org.pegawai.name in name for name in names)
    assert digest.notification.params["count"] == len(names)
    (message,) = [
        m for m in mail.outbox if m.to == [org.admin_opd.user.email] and "/pantau/" in m.body
    ]
    for name in names:
        assert name in message.body
    assert "/kinerja/pantau/DINKES/" in message.body


def test_the_command_prints_the_count_last_and_sends_nothing_twice(window, capsys):
    call_command("send_reminders", "--date", _day(-3).isoformat(), "--send")
    first = capsys.readouterr().out.strip().splitlines()
    sent = int(first[-1].removeprefix("sent="))
    assert first[-1].startswith("sent=") and sent == Reminder.objects.count() > 0
    call_command("send_reminders", "--date", _day(-3).isoformat(), "--send")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "sent=0"


def test_the_command_previews_without_sending(window, capsys):
    call_command("send_reminders", "--date", _day(1).isoformat(), "--dry-run")
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "sent=0" and any(line.startswith("would_send=") for line in lines)
    assert Reminder.objects.count() == 0


def test_the_command_refuses_a_malformed_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "24-11-2026")


def test_before_the_reminder_time_the_catch_up_works_on_yesterday(settings):
    settings.REMINDER_TIME = "07:00"
    tz = timezone.get_current_timezone()
    early = dt.datetime(2026, 11, 24, 6, 59, tzinfo=tz)
    assert reminder_day(early) == dt.date(2026, 11, 23)
    assert reminder_day(early + dt.timedelta(minutes=1)) == dt.date(2026, 11, 24)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(org):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL (SQLite serialises whole transactions)")
    for person in (org.pegawai, org.outsider):
        person.user.email = f"{person.user.username}@example.test"
        person.user.save()
    cycle = open_cycle_for(timezone.localdate().year)
    Window.objects.filter(cycle=cycle, kind=WindowKind.SKP).update(closes_on=_day(0))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(_run(_day(-3), enqueue=False).sent)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    total = Reminder.objects.count()
    assert total > 0 and sum(results) == total
    assert Notification.objects.count() == total


def test_a_broker_that_is_down_breaks_no_page_and_the_catch_up_sends_later(
    window, org, login, monkeypatch, english, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from notifications.tasks import catch_up_reminders, send_window_reminders

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_notification_emails, "apply_async", broker_down)
    monkeypatch.setattr(send_window_reminders, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notify([org.pegawai.user], "Your SKP was returned.", url="/kinerja/skp/", actor=system())
    waiting = Notification.objects.filter(email_status=EmailStatus.PENDING)
    assert waiting.count() == 1 and not mail.outbox  # saved, e-mail waiting
    response = login("admin_bkd").post(
        f"/kinerja/pengingat/jendela/{window.pk}/kirim/", follow=True
    )
    assert response.status_code == 200
    assert "task queue cannot be reached" in response.content.decode()
    # An hour later the catch-up finds the e-mail no task took.
    waiting.update(created_at=timezone.now() - dt.timedelta(hours=1))
    monkeypatch.undo()
    catch_up_reminders.apply()
    assert not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()
    assert [m for m in mail.outbox if "Your SKP was returned." in m.body]


def test_notifications_written_without_email_stay_in_the_inbox_only(
    window, org, django_capture_on_commit_callbacks
):
    from notifications.email import without_email

    with django_capture_on_commit_callbacks(execute=True), without_email():
        notify([org.pegawai.user], "Your SKP was returned.", url="/kinerja/skp/", actor=system())
        _run(_day(-3))
    assert mail.outbox == []
    assert not Notification.objects.exclude(email_status=EmailStatus.NONE).exists()
    assert Notification.objects.filter(recipient=org.pegawai.user).count() == 2
