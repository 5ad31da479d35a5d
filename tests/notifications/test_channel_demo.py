"""The demo with both test providers running: its reminder pass reaches the pegawai on WhatsApp
and the atasan on Telegram, each reminder once, whatever the passes."""

import pytest
from django.utils import timezone

from notifications import demo as demo_channels
from notifications.channels import delivery
from notifications.reminders import ReminderPlan, run_reminders
from tests import demo_snapshot
from tests.notifications.telegram_server import (  # noqa: F401 (fixtures)
    telegram_fixture,
    telegram_server_fixture,
)
from tests.notifications.whatsapp_server import (  # noqa: F401 (fixtures)
    whatsapp_fixture,
    whatsapp_server_fixture,
)

pytestmark = pytest.mark.django_db


def test_the_demos_reminders_reach_each_chosen_channel_once(whatsapp, telegram, monkeypatch):
    demo_snapshot.seed_demo()
    # The task runs when queued (Celery is eager; this test's transaction never commits).
    monkeypatch.setattr(delivery, "enqueue_on_commit", lambda task, *args: task.delay(*args))
    everyone_still_to_act = ReminderPlan(today=timezone.localdate(), by_hand=True)
    assert run_reminders(everyone_still_to_act).sent > 0
    (number,) = {m["to"] for m in whatsapp.messages()}
    assert number == "62812000101"  # the pegawai's, from notifications/demo.py
    assert {m["chat_id"] for m in telegram.messages()} == {700000101}
    sent = len(whatsapp.messages()), len(telegram.messages())
    assert run_reminders(everyone_still_to_act).sent == 0
    assert (len(whatsapp.messages()), len(telegram.messages())) == sent
    assert demo_channels.seed() == 0  # seeding again writes nothing
