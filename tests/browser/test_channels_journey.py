"""Deadline reminders beside e-mail in the browser, against the fake WhatsApp Cloud API and
Telegram Bot API (tests/notifications/*_server.py; the live server runs in this process, so the
fixtures' settings apply to it): the pegawai confirms a new WhatsApp number on a phone and the
next reminder pass reaches it once; the pegawai links Telegram through the bot; the admin BKD
sends a failed WhatsApp message again and sees who reminders reach."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from appraisal.choices import CycleStatus, WindowKind
from appraisal.cycles.models import Window
from notifications.channels import delivery
from notifications.choices import DeliveryStatus
from notifications.models import ChannelAddress, ChannelDelivery
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.notifications.telegram_server import (  # noqa: F401 (fixtures)
    BOT_USERNAME,
    telegram_fixture,
    telegram_server_fixture,
)
from tests.notifications.whatsapp_server import (  # noqa: F401 (fixtures)
    CODE_TEMPLATE,
    REMINDER_TEMPLATE,
    whatsapp_fixture,
    whatsapp_server_fixture,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_NUMBER = "6281234567890"
DEMO_NUMBER = "62812000101"  # notifications/demo.py
CHAT_ID = 4242


@pytest.fixture
def providers(settings, live_server, whatsapp, telegram):
    """Both fake providers configured, links in messages pointing at the live server."""
    settings.SITE_URL = live_server.url
    seed_demo()
    return whatsapp, telegram


def _reminder_day() -> dt.date:
    """Today, with the demo's SKP window closing in three days (the pegawai's SKP is a draft):
    the day of its 3-day reminder, and the pegawai's only reminder that day (the demo's 360°
    survey closes ten days after seeding: its 7-day reminder is three days away)."""
    today = timezone.localdate()
    closing = Window.objects.filter(cycle__status=CycleStatus.OPEN, kind=WindowKind.SKP)
    assert closing.update(closes_on=today + dt.timedelta(days=3)) == 1
    return today


def _reminder_pass(day: dt.date) -> list[str]:
    out = StringIO()
    call_command("send_reminders", "--date", day.isoformat(), "--send", stdout=out)
    return out.getvalue().strip().splitlines()


def _to(whatsapp, number: str) -> list[dict]:
    return [message for message in whatsapp.messages() if message["to"] == number]


def _card(page, channel: str):
    return page.locator(f"#channel-{channel}")


def test_pegawai_confirms_a_new_whatsapp_number_and_the_reminder_reaches_it(
    providers, phone_page, live_server
):
    whatsapp, _telegram = providers
    page = phone_page
    pegawai = Employee.objects.get(user__username="pegawai")
    log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/kotak-masuk/")
    with page.expect_navigation():
        page.get_by_role("link", name=indonesian("Notification preference")).click()
    card = _card(page, "whatsapp")
    expect(card).to_contain_text("+62 812 •••• 0101")  # the demo's number

    with page.expect_navigation():
        card.get_by_role("button", name=indonesian("Remove")).click()
    expect(page.locator(".alert-success")).to_contain_text(
        indonesian("Removed. Nothing more is sent there.")
    )
    card.get_by_label(indonesian("Mobile number")).fill("0812 3456 7890")
    with page.expect_navigation():
        card.get_by_role("button", name=indonesian("Send a code")).click()
    expect(card).to_contain_text("+62 812 •••• 7890")
    sent = whatsapp.messages()[-1]
    assert sent["to"] == NEW_NUMBER and sent["template"] == CODE_TEMPLATE
    expect_no_horizontal_scroll(page)

    card.get_by_label(indonesian("Code received")).fill(sent["parameters"][0])
    with page.expect_navigation():
        card.get_by_role("button", name=indonesian("Confirm")).click()
    expect(card.get_by_text(indonesian("Confirmed"), exact=True)).to_be_visible()
    expect(card).to_contain_text("+62 812 •••• 7890")
    deadlines_only = card.get_by_label(indonesian("Only deadline reminders"))
    expect(deadlines_only).to_be_checked()
    deadlines_only.check()
    with page.expect_navigation():
        card.get_by_role("button", name=indonesian("Save")).click()
    expect(page.locator(".alert-success")).to_contain_text(indonesian("Saved."))
    expect(
        _card(page, "whatsapp").get_by_label(indonesian("Only deadline reminders"))
    ).to_be_checked()
    expect_no_horizontal_scroll(page)

    day = _reminder_day()
    assert _reminder_pass(day)[-1] != "sent=0"
    reminders = _to(whatsapp, NEW_NUMBER)[1:]  # after the code
    assert [message["template"] for message in reminders] == [REMINDER_TEMPLATE]
    name, _what, _deadline, link = reminders[0]["parameters"]
    assert name == pegawai.full_name
    assert link.startswith(f"{live_server.url}/")
    assert _to(whatsapp, DEMO_NUMBER) == []  # the removed number gets nothing
    # The link opens the reminder's page on this server.
    assert page.goto(link).ok

    # A second pass the same day sends nothing more.
    assert _reminder_pass(day)[-1] == "sent=0"
    assert len(_to(whatsapp, NEW_NUMBER)) == 2


def test_pegawai_links_telegram_through_the_bot(providers, page, live_server):
    _whatsapp, telegram = providers
    log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/kotak-masuk/pengaturan/")
    card = _card(page, "telegram")
    with page.expect_navigation():
        card.get_by_role("button", name=indonesian("Link Telegram")).click()
    open_telegram = card.get_by_role("link", name=indonesian("Open Telegram"))
    expect(open_telegram).to_have_attribute(
        "href", re.compile(rf"^https://t\.me/{BOT_USERNAME}\?start=[\w-]+$")
    )
    token = open_telegram.get_attribute("href").split("?start=", 1)[1]

    call_command("telegram_webhook", stdout=StringIO())
    assert telegram.webhook()["url"] == f"{live_server.url}/kotak-masuk/telegram/webhook/"
    assert telegram.press_start(chat_id=CHAT_ID, text=f"/start {token}") == 200

    with page.expect_navigation():
        card.get_by_role("link", name=indonesian("I pressed Start: check again")).click()
    card = _card(page, "telegram")
    expect(card.get_by_text(indonesian("Telegram account linked"))).to_be_visible()
    expect(card.get_by_label(indonesian("Only deadline reminders"))).to_be_checked()
    address = ChannelAddress.objects.get(user__username="pegawai", channel="telegram")
    assert address.address == str(CHAT_ID) and address.verified_at is not None


def test_admin_sends_a_failed_whatsapp_message_again_and_sees_the_reach(
    providers, page, live_server
):
    whatsapp, _telegram = providers
    # WhatsApp is down for the pegawai's reminder until it gives up (the fault is used up by then;
    # a refusal of the number itself would unconfirm it instead, and nothing would be re-sent).
    whatsapp.fail(503, times=delivery.MAX_ATTEMPTS)
    _reminder_pass(_reminder_day())
    failed = ChannelDelivery.objects.get(channel="whatsapp", address=DEMO_NUMBER)
    for _ in range(delivery.MAX_ATTEMPTS - 1):  # the task's retries
        delivery.deliver([failed.pk])
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.FAILED and _to(whatsapp, DEMO_NUMBER) == []
    pegawai = Employee.objects.get(user__username="pegawai")

    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kinerja/pengingat/")
    failures = page.get_by_test_id("channel-failure-list")
    item = failures.get_by_role("listitem").filter(has_text=pegawai.full_name)
    expect(item).to_contain_text("WhatsApp")
    expect(item).to_contain_text(indonesian("Gave up"))
    expect(item).to_contain_text(failed.error)
    with page.expect_navigation():
        item.get_by_role("button", name=indonesian("Send again")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect(failures).to_contain_text(indonesian("No WhatsApp or Telegram message has failed."))
    resent = _to(whatsapp, DEMO_NUMBER)
    assert [message["template"] for message in resent] == [REMINDER_TEMPLATE]
    assert resent[0]["parameters"][0] == pegawai.full_name
    failed.refresh_from_db()
    assert failed.status == DeliveryStatus.SENT

    page.get_by_role("button", name=indonesian("Organisation")).click()
    with page.expect_navigation():
        page.get_by_role("link", name=indonesian("Who reminders reach")).click()
    table = page.get_by_test_id("reach-table")
    expect(table.get_by_role("columnheader", name="WhatsApp")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Telegram")).to_be_visible()
    totals = table.locator("tfoot td")
    # OPD, employees, e-mail, WhatsApp, Telegram, reached by none: the demo's two people.
    expect(totals.nth(3)).to_have_text("1")
    expect(totals.nth(4)).to_have_text("1")
