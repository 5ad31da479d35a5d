"""A browser that prefers English still reads Bahasa Indonesia until its user chooses English, and
that choice is remembered (issue 20.7); every page shows the favicon (issue 20.15)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEFAULT_TIMEOUT_MS, DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_an_english_browser_reads_indonesian_until_english_is_chosen(
    browser, live_server, viewport
):
    context = browser.new_context(locale="en-US", viewport=viewport)  # Accept-Language: en-US
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        expect(page.locator("html")).to_have_attribute("lang", "id")
        expect(page.locator("main form button[type=submit]")).to_have_text("Masuk")

        icon = page.locator("link[rel=icon]").get_attribute("href")
        fetched = page.request.get(f"{live_server.url}{icon}")
        assert fetched.ok and fetched.headers["content-type"].startswith("image/svg+xml")

        switcher = page.locator("select[name=language]:visible").first
        if not switcher.count():  # the phone's collapsed navbar
            page.locator("button.navbar-toggler").click()
            switcher = page.locator("select[name=language]:visible").first
        with page.expect_navigation():
            switcher.select_option("en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("main form button[type=submit]")).to_have_text("Log in")

        again = context.new_page()  # another tab, later: the choice is remembered
        again.goto(f"{live_server.url}/accounts/login/")
        expect(again.locator("html")).to_have_attribute("lang", "en")
        cookie = next(c for c in context.cookies() if c["name"] == "django_language")
        assert cookie["value"] == "en" and cookie["expires"] > 0  # kept, not a session cookie
    finally:
        context.close()
