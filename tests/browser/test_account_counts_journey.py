"""The admin BKD acts on one OPD from the table of accounts per OPD: e-mails the activation links
of everyone there not activated yet (after a confirmation) and prints the slips of those without
an e-mail address. Every row's buttons share one form; each button names its OPD."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.logins.models import AccountToken, TokenChannel
from tests.browser.conftest import log_in, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row_with(page, count: str):
    """The first OPD row whose button of this kind is enabled."""
    rows = page.locator("[data-testid=account-counts] tbody tr[data-opd]")
    for index in range(rows.count()):
        row = rows.nth(index)
        button = row.locator(f"button[formaction$='{count}']")
        if button.count() and button.is_enabled():
            return row, button
    raise AssertionError(f"no OPD row with an enabled {count} button")


def test_admin_bkd_emails_one_opds_links_and_prints_its_slips(page, live_server, settings):
    settings.SITE_URL = live_server.url
    seed_demo()
    mail.outbox.clear()
    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kelola/akun/")

    row, email = _row_with(page, "/kirim-tautan/")
    code = row.get_attribute("data-opd")
    expected = int(email.inner_text().split()[-1])
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()

    page.on("dialog", answer)
    email.click()  # dismissed: nothing is sent
    expect(page.locator(".alert-success")).to_have_count(0)
    assert not mail.outbox and "?" in dialogs[0]
    with page.expect_navigation():
        email.click()
    expect(page.locator(".alert-success")).to_be_visible()
    assert len(mail.outbox) == expected
    assert code and len(dialogs) == 2

    page.goto(f"{live_server.url}/kelola/akun/")
    row, slips = _row_with(page, "/cetak-kode/")
    with page.expect_download() as download:
        slips.click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert AccountToken.objects.filter(channel=TokenChannel.SHEET).exists()
