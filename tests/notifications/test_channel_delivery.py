"""Reminders and notifications through WhatsApp (the Cloud API test server): once per reminder
marker and channel, only for a verified number and the mode its owner chose, retried on
transient failures, shown and sent again after giving up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from appraisal.cycles.models import Cycle
from notifications.channels import delivery
from notifications.choices import ChannelMode, DeliveryStatus, EmailMode, EmailStatus
from notifications.models import ChannelAddress, ChannelDelivery, DeliveryPreference, Notification
from notifications.reminders import default_plan, run_reminders
from notifications.services import channel_resend, notify
from tests.actors import actor, system
from tests.notifications.gateway_server import gateway_fixture, gateway_server_fixture  # noqa: F401
from tests.notifications.telegram_server import (  # noqa: F401 (fixtures)
    telegram_fixture,
    telegram_server_fixture,
)
from tests.notifications.test_reminder_pass import _day, window  # noqa: F401 (fixture)
from tests.notifications.whatsapp_server import (  # noqa: F401 (fixtures)
    INVALID_NUMBER,
    whatsapp_fixture,
    whatsapp_server_fixture,
)

NUMBER = "6281234567890"
WITH_WINDOW = pytest.mark.usefixtures("window")


def _verified(user, number=NUMBER, mode=ChannelMode.DEADLINES, channel="whatsapp"):
    return ChannelAddress.objects.create(
        user=user, channel=channel, address=number, mode=mode, verified_at=timezone.now()
    )


@pytest.fixture(autouse=True)
def at_once(monkeypatch):
    """The channels' task runs when it is queued (Celery is eager here): the test's own
    transaction never commits, so an after-commit hand-over would never come."""
    monkeypatch.setattr(delivery, "enqueue_on_commit", lambda task, *args: task.delay(*args))


def _pass(day: dt.date):
    return run_reminders(default_plan(day))


@WITH_WINDOW
def test_a_reminder_reaches_the_verified_number_once_whatever_the_passes(org, whatsapp):
    _verified(org.pegawai.user)
    first = _pass(_day(-7))
    assert first.sent >= 1
    messages = whatsapp.messages()
    assert [m["to"] for m in messages] == [NUMBER]
    reminder = messages[0]
    assert reminder["template"] == "pengingat_tenggat" and reminder["language"] == "id"
    name, what, deadline, link = reminder["parameters"]
    assert name == org.pegawai.full_name
    assert str(_day(0).year) in deadline
    assert link.startswith("http") and "/skp" in link.lower() or link.startswith("http")
    # Nothing personal beyond the name and the deadline: not the notification's own text.
    assert org.ppk.full_name not in " ".join(reminder["parameters"])
    assert _pass(_day(-7)).sent == 0  # the second pass of the day
    assert len(whatsapp.messages()) == 1
    assert ChannelDelivery.objects.get().status == DeliveryStatus.SENT


@WITH_WINDOW
def test_an_unverified_number_or_an_off_channel_receives_nothing(org, whatsapp):
    ChannelAddress.objects.create(user=org.pegawai.user, channel="whatsapp", address=NUMBER)
    _verified(org.ppk.user, "6281299990000", mode=ChannelMode.OFF)
    assert _pass(_day(-7)).sent >= 1
    assert whatsapp.messages() == []
    assert not ChannelDelivery.objects.exists()


@WITH_WINDOW
def test_an_unconfigured_channel_is_ignored(org, settings):
    settings.WHATSAPP_TOKEN = ""
    _verified(org.pegawai.user)
    assert _pass(_day(-7)).sent >= 1
    assert not ChannelDelivery.objects.exists()


def test_other_notifications_go_only_where_every_notification_is_wanted(org, whatsapp):
    _verified(org.pegawai.user, mode=ChannelMode.DEADLINES)
    _verified(org.ppk.user, "6281299990000", mode=ChannelMode.EACH)
    people = [org.pegawai.user, org.ppk.user]
    notify(people, "Unit %(name)s saved.", {"name": "X"}, "/", actor=actor(org.admin_bkd))
    assert [m["to"] for m in whatsapp.messages()] == ["6281299990000"]
    notice = whatsapp.messages()[0]
    assert notice["template"] == "pemberitahuan_baru"
    assert notice["parameters"][0] == org.ppk.full_name


def test_a_rate_limit_is_retried_and_then_sent(org, whatsapp):
    _verified(org.pegawai.user, mode=ChannelMode.EACH)
    whatsapp.fail(429, times=1, code=130429)
    notify([org.pegawai.user], "Unit %(name)s saved.", {"name": "X"}, "/", actor=system())
    row = ChannelDelivery.objects.get()
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1
    assert "130429" in row.error
    result = delivery.deliver([row.pk])  # the task's retry
    assert result.sent == [row.pk]
    assert len(whatsapp.messages()) == 1


def test_after_the_last_try_it_is_shown_with_the_providers_message_and_sent_again(
    org, whatsapp, login
):
    _verified(org.pegawai.user, mode=ChannelMode.EACH)
    whatsapp.fail(503, times=delivery.MAX_ATTEMPTS)
    notify([org.pegawai.user], "Unit %(name)s saved.", {"name": "X"}, "/", actor=system())
    row = ChannelDelivery.objects.get()
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        delivery.deliver([row.pk])
    row.refresh_from_db()
    assert row.status == DeliveryStatus.FAILED and row.attempts == delivery.MAX_ATTEMPTS
    page = login("admin_bkd").get("/kinerja/pengingat/")
    assert row.error in page.content.decode()
    answer = login("admin_bkd").post(f"/kinerja/pengingat/ulangi-pesan/{row.pk}/")
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT  # eager here: sent at once
    assert len(whatsapp.messages()) == 1


def test_a_number_the_provider_refuses_fails_at_once(org, whatsapp):
    _verified(org.pegawai.user, INVALID_NUMBER, mode=ChannelMode.EACH)
    notify([org.pegawai.user], "Unit %(name)s saved.", {"name": "X"}, "/", actor=system())
    row = ChannelDelivery.objects.get()
    assert row.status == DeliveryStatus.FAILED and row.attempts == 1
    assert "131026" in row.error
    assert channel_resend(actor=actor(org.admin_bkd)) == [row.pk]


def test_only_the_admin_bkd_sends_again(org):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        channel_resend(actor=actor(org.admin_opd))


def test_a_lost_enqueue_is_sent_by_the_catch_up(org, whatsapp, monkeypatch):
    _verified(org.pegawai.user, mode=ChannelMode.EACH)
    monkeypatch.setattr(delivery, "enqueue_deliveries", lambda ids: None)  # the broker was down
    notify([org.pegawai.user], "Unit %(name)s saved.", {"name": "X"}, "/", actor=system())
    assert whatsapp.messages() == []
    ChannelDelivery.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))
    from notifications.tasks import catch_up_reminders

    catch_up_reminders.delay()
    assert len(whatsapp.messages()) == 1
    catch_up_reminders.delay()
    assert len(whatsapp.messages()) == 1


@WITH_WINDOW
def test_the_command_sends_the_messages_itself_and_prints_them(org, whatsapp, capsys):
    _verified(org.pegawai.user)
    call_command("send_reminders", "--date", _day(-7).isoformat(), "--send")
    lines = capsys.readouterr().out.strip().splitlines()
    assert "messages_sent=1 messages_failed=0" in lines
    assert lines[-1].startswith("sent=")
    assert len(whatsapp.messages()) == 1


@WITH_WINDOW
def test_a_done_reminder_is_not_sent_any_more(org, whatsapp, monkeypatch):
    _verified(org.pegawai.user)
    monkeypatch.setattr(delivery, "enqueue_deliveries", lambda ids: None)
    _pass(_day(-7))
    assert ChannelDelivery.objects.filter(status=DeliveryStatus.PENDING).exists()
    Cycle.objects.update(status="closed")  # nothing can be done any more: the duty is gone
    _pass(_day(-6))
    assert not ChannelDelivery.objects.filter(status=DeliveryStatus.PENDING).exists()


@WITH_WINDOW
def test_email_may_be_switched_off_only_while_another_channel_carries_the_reminders(org, whatsapp):
    user = org.pegawai.user
    DeliveryPreference.objects.create(user=user, email_mode=EmailMode.OFF)
    address = _verified(user)
    _pass(_day(-7))
    reminder = Notification.objects.get(recipient=user, reminder__isnull=False)
    assert reminder.email_status == EmailStatus.NONE
    address.delete()  # the number is gone: reminders come by e-mail again
    _pass(_day(-3))
    latest = Notification.objects.filter(recipient=user, reminder__isnull=False).first()
    assert latest.email_status == EmailStatus.PENDING or latest.email_status == EmailStatus.SENT


@WITH_WINDOW
def test_telegram_and_the_gateway_carry_the_reminder_as_text(org, telegram, gateway):
    _verified(org.pegawai.user, "555", channel="telegram")
    _verified(org.pegawai.user, NUMBER, channel="gateway")
    _pass(_day(-3))
    (chat,) = telegram.messages()
    (sms,) = gateway.messages()
    for text in (chat["text"], sms["message"]):
        assert text.startswith(org.pegawai.full_name + ", pengingat:")
        assert "Buka: http" in text
    assert sms["phone"] == NUMBER
    _pass(_day(-3))
    assert len(telegram.messages()) == 1 and len(gateway.messages()) == 1


def test_a_code_goes_through_the_gateway_as_text(org, gateway):
    from notifications.channels import addresses

    address = addresses.phone_start(
        org.pegawai.user, "gateway", "0812 3456 7890", actor=actor(org.pegawai)
    )
    (sms,) = gateway.messages()
    code = sms["message"].split(": ", 1)[1][:6]
    addresses.phone_confirm(address, code, actor=actor(org.pegawai))
    address.refresh_from_db()
    assert address.is_verified


def test_messages_are_paced_to_the_channels_rate(monkeypatch, settings):
    settings.TELEGRAM_PER_SECOND = 2.0
    clock = [100.25]
    slept = []

    def sleep(seconds):
        slept.append(seconds)
        clock[0] += seconds

    monkeypatch.setattr(delivery.time, "time", lambda: clock[0])
    monkeypatch.setattr(delivery.time, "sleep", sleep)
    from notifications.channels.telegram import TelegramChannel

    for _ in range(3):  # two in second 100, the third waits for second 101
        delivery._Pace().wait(TelegramChannel())  # a new pace each batch: the count is shared
    assert slept == [pytest.approx(0.75)]


def test_a_security_notice_reaches_someone_who_switched_e_mail_off(org, whatsapp):
    from notifications.services import account_notice

    user = org.pegawai.user
    user.email = "pegawai@example.test"
    user.save()
    DeliveryPreference.objects.create(user=user, email_mode=EmailMode.OFF)
    _verified(user, mode=ChannelMode.DEADLINES)
    account_notice(user, "Your second factor was reset.", {}, "/", actor=actor(org.admin_bkd))
    notice = Notification.objects.get(recipient=user)
    assert notice.email_status in (EmailStatus.PENDING, EmailStatus.SENT)
    assert [m["to"] for m in whatsapp.messages()] == [NUMBER]


def test_nothing_goes_to_a_number_removed_or_replaced_meanwhile(org, whatsapp, monkeypatch):
    from notifications.channels import addresses

    monkeypatch.setattr(delivery, "enqueue_deliveries", lambda ids: None)
    address = _verified(org.pegawai.user, mode=ChannelMode.EACH)
    notify([org.pegawai.user], "Unit %(name)s saved.", {"name": "X"}, "/", actor=system())
    first = ChannelDelivery.objects.get()
    address.address = "6281299990000"  # replaced by another (confirmed) number
    address.save()
    assert delivery.deliver([first.pk]).sent == []
    assert not ChannelDelivery.objects.exists() and whatsapp.messages() == []
    notify([org.pegawai.user], "Unit %(name)s saved.", {"name": "Y"}, "/", actor=system())
    assert ChannelDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 1
    addresses.remove(address, actor=actor(org.pegawai))
    assert not ChannelDelivery.objects.exists()


@WITH_WINDOW
def test_a_number_without_whatsapp_stops_counting_and_e_mail_takes_over(org, whatsapp):
    user = org.pegawai.user
    DeliveryPreference.objects.create(user=user, email_mode=EmailMode.OFF)
    address = _verified(user, INVALID_NUMBER)
    _pass(_day(-7))
    address.refresh_from_db()
    assert address.verified_at is None  # 131026: the number is not on WhatsApp
    _pass(_day(-3))
    latest = Notification.objects.filter(recipient=user, reminder__isnull=False).first()
    assert latest.email_status in (EmailStatus.PENDING, EmailStatus.SENT)


@WITH_WINDOW
def test_a_failed_reminder_already_done_is_neither_listed_nor_sent_again(org, whatsapp):
    from notifications.models import Reminder
    from notifications.selectors import channel_failures

    _verified(org.pegawai.user)
    whatsapp.fail(503, times=delivery.MAX_ATTEMPTS)
    _pass(_day(-7))
    row = ChannelDelivery.objects.get()
    for _ in range(delivery.MAX_ATTEMPTS - 1):
        delivery.deliver([row.pk])
    assert list(channel_failures()) == [row]
    Reminder.objects.update(done_at=timezone.now())
    assert list(channel_failures()) == []
    assert channel_resend(actor=actor(org.admin_bkd)) == []


def test_an_unexpected_error_fails_that_message_and_the_batch_goes_on(org, whatsapp, monkeypatch):
    from notifications.channels.whatsapp import WhatsAppChannel

    monkeypatch.setattr(delivery, "enqueue_deliveries", lambda ids: None)
    _verified(org.pegawai.user, mode=ChannelMode.EACH)
    _verified(org.ppk.user, "6281299990000", mode=ChannelMode.EACH)
    notify(
        [org.pegawai.user, org.ppk.user], "Unit %(name)s saved.", {"name": "X"}, "/", actor=system()
    )
    real_send = WhatsAppChannel.send

    def send(self, message, client=None):
        if message.address == NUMBER:
            raise KeyError("surprise")
        return real_send(self, message, client)

    monkeypatch.setattr(WhatsAppChannel, "send", send)
    result = delivery.deliver(ChannelDelivery.objects.order_by("pk").values_list("pk", flat=True))
    assert len(result.sent) == 1 and len(result.failed) == 1
    failed = ChannelDelivery.objects.get(status=DeliveryStatus.FAILED)
    assert failed.error == "WhatsApp: KeyError"


def test_the_catch_up_leaves_a_message_waiting_out_its_backoff(org, whatsapp):
    _verified(org.pegawai.user, mode=ChannelMode.EACH)
    whatsapp.fail(429, times=1, code=130429)
    notify([org.pegawai.user], "Unit %(name)s saved.", {"name": "X"}, "/", actor=system())
    row = ChannelDelivery.objects.get()
    assert row.next_attempt_at > timezone.now()  # a minute, the first backoff
    ChannelDelivery.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))
    assert delivery.stale_pending_ids() == []
    ChannelDelivery.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert delivery.stale_pending_ids() == [row.pk]
