"""Counts kept a minute, in the browser: the admin BKD sees when the monitoring counts were made
and counts again with one click, on a desktop and on a phone (core/figures.py)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def keeping(settings):
    """As in production at province scale: every count is slow enough to keep (the demo's are
    fast, so the test says so rather than seeding 100,000 employees)."""
    settings.SLOW_FIGURES_SECONDS = 60
    settings.SLOW_FIGURES_MS = 0


def test_admin_bkd_sees_when_the_counts_were_made_and_counts_again(keeping, page, live_server):
    seed_demo()
    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kinerja/pantau/")
    note = page.get_by_test_id("figures-as-of")
    expect(note).to_contain_text(re.compile(r"\d{2}:\d{2}:\d{2}"))
    expect(note).to_contain_text(indonesian("Count now"))
    expect(page.get_by_test_id("opd-row").first).to_be_visible()
    with page.expect_navigation():
        note.get_by_role("link", name=indonesian("Count now")).click()
    assert "refresh=1" in page.url
    expect(page.get_by_test_id("figures-as-of")).to_be_visible()
    expect(page.get_by_test_id("opd-row").first).to_be_visible()


def test_the_note_fits_a_phone(keeping, phone_page, live_server):
    seed_demo()
    log_in(phone_page, live_server, "admin.bkd")
    phone_page.goto(f"{live_server.url}/kelola/akun/")
    expect(phone_page.get_by_test_id("figures-as-of")).to_be_visible()
    expect_no_horizontal_scroll(phone_page)
