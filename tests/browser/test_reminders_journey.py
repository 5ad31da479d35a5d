"""Deadline reminders in the browser: after the daily run the pegawai's bell shows the unread
count and the reminder opens the exact page; the admin BKD sees who still has to act and sends
reminders by hand; the pegawai switches to the daily digest."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.org.models import Employee
from notifications.models import DeliveryPreference, Notification, Reminder
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _send_reminders() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_the_bell_counts_the_reminder_and_opens_the_skp_page(phone_page, live_server):
    page = phone_page
    seed_demo()
    assert _send_reminders() != "sent=0"
    pegawai = Employee.objects.get(user__username="pegawai").user
    reminder = Reminder.objects.select_related("notification").get(recipient=pegawai)
    unread = Notification.objects.filter(recipient=pegawai, read_at__isnull=True).count()

    log_in(page, live_server, "pegawai")
    bell = page.get_by_test_id("notification-bell")
    expect(page.get_by_test_id("notification-count")).to_have_text(str(min(unread, 99)))
    with page.expect_navigation():
        bell.click()
    item = page.locator(f"#notification-{reminder.notification.public_id}")
    expect(item).to_contain_text(indonesian("Deadline"))
    expect_no_horizontal_scroll(page)
    with page.expect_navigation():
        page.locator(
            f"form[action$='/kotak-masuk/{reminder.notification.public_id}/buka/'] button"
        ).click()
    assert page.url.endswith("/kinerja/skp/")
    if unread > 1:
        expect(page.get_by_test_id("notification-count")).to_have_text(str(min(unread - 1, 99)))
    else:
        expect(page.get_by_test_id("notification-count")).to_have_count(0)
    # A second run the same day sends nothing more.
    assert _send_reminders() == "sent=0"


def test_admin_sees_who_still_has_to_act_and_sends_reminders_now(page, live_server):
    seed_demo()
    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kinerja/pengingat/")
    row = page.get_by_test_id("deadline-row").filter(has_text="SKP").first
    expect(row.get_by_test_id("still-to-act")).to_contain_text(
        indonesian("Pegawai: SKP not submitted")
    )
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        row.get_by_role("button", name=indonesian("Send reminders now")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert Reminder.objects.filter(kind="skp_submit").exists()
    sent_today = page.get_by_test_id("sent-table").locator("tr.table-active td").nth(1)
    expect(sent_today).not_to_have_text("0")


def test_pegawai_chooses_the_daily_digest(phone_page, live_server):
    page = phone_page
    seed_demo()
    log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/kotak-masuk/")
    with page.expect_navigation():
        page.get_by_role("link", name=indonesian("Notification preference")).click()
    page.get_by_label(indonesian("One e-mail a day with everything new")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=indonesian("Save")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    expect_no_horizontal_scroll(page)
    assert DeliveryPreference.objects.get(user__username="pegawai").email_mode == "digest"
