"""Playwright journeys in Debian's Chromium against pytest-django's live_server.

Browser tests never skip: a missing /usr/bin/chromium is a failure with a message saying how to
install it. Every module marks itself `browser` and `django_db(transaction=True)` so the live
server thread sees the data the test writes.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path

import pytest
from django.utils import translation

from tests import demo_snapshot

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from a
# thread with a running loop unless told it is safe (it is: the loop is Playwright's, not ours).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEFAULT_TIMEOUT_MS = 15_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_PASSWORD = "demo12345"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (rep_setup, rep_call, …) for fixture teardowns."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: browser tests need Debian's Chromium. Install it with "
            "`apt-get install -y --no-install-recommends chromium` (never `playwright install`).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _screenshot_on_failure(request, page) -> None:
    report = getattr(request.node, "rep_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
    path = ARTIFACTS / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # noqa: BLE001 - a screenshot must not hide the real failure
        print(f"could not save a failure screenshot: {error}")
    else:
        print(f"failure screenshot: {path}")


def _page(browser, request, **context_options):
    context = browser.new_context(locale="id-ID", **context_options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    in_flight: set = set()
    page.on("request", lambda req: in_flight.add(req))
    page.on("requestfinished", lambda req: in_flight.discard(req))
    page.on("requestfailed", lambda req: in_flight.discard(req))
    try:
        yield page
    finally:
        _screenshot_on_failure(request, page)
        _let_requests_finish(page, in_flight)
        context.close()


def _let_requests_finish(page, in_flight: set, seconds: float = 5.0) -> None:
    """Wait until no request of the page is in flight before the test's database is flushed: an
    htmx fragment still loading (a page's lazy counts) would hold table locks in the live server's
    thread while the flush truncates the tables, and PostgreSQL ends one of the two as a deadlock.
    A page that never settles is left after `seconds`: it must not hide the test's result."""
    deadline = time.monotonic() + seconds
    with contextlib.suppress(Exception):
        while in_flight and time.monotonic() < deadline:
            page.wait_for_timeout(50)


@pytest.fixture
def page(browser, request):
    """A fresh desktop browser context (1280×900, Indonesian locale) per test."""
    yield from _page(browser, request, viewport=DESKTOP)


@pytest.fixture
def phone_page(browser, request):
    """A fresh phone context (390×844, touch) per test."""
    yield from _page(browser, request, viewport=PHONE, is_mobile=True, has_touch=True)


def log_in(
    page, live_server, username: str, password: str = DEMO_PASSWORD, first_time: bool = False
) -> None:
    """Log in through the real form and wait for the next page to load. A returning user has
    seen their first-login tours (guide.tours), which would otherwise cover the home page;
    `first_time` keeps them unseen (tests/browser/test_tour_journey.py)."""
    if not first_time:
        mark_tours_seen(username)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def mark_tours_seen(username: str) -> None:
    from django.contrib.auth import get_user_model

    from guide.models import TourSeen
    from guide.tours import TOURS

    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        for key in TOURS:
            TourSeen.objects.get_or_create(user=user, tour=key)


def open_user_menu(page) -> None:
    """Open the user dropdown (expanding the collapsed navbar first on a narrow screen)."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#mainnav.show").wait_for()
    page.locator("#mainnav .nav-link.dropdown-toggle").last.click()


def log_out(page) -> None:
    open_user_menu(page)
    with page.expect_navigation():
        page.locator("form[action$='/accounts/logout/'] button[type=submit]").click()


def seed_demo() -> None:
    """The demo agency; the database is flushed after every transactional test, and the demo
    seeded once in this process is copied back in (tests/demo_snapshot.py)."""
    demo_snapshot.seed_demo()


def indonesian(text: str) -> str:
    """What the Indonesian UI shows for a string: its translation, or the source text while the
    catalogue lacks it (the live server runs in this process and reads the same catalogue)."""
    with translation.override("id"):
        return translation.gettext(text)


def indonesian_in_context(context: str, text: str) -> str:
    """As indonesian(), for a string marked with a context (pgettext)."""
    with translation.override("id"):
        return translation.pgettext(context, text)
