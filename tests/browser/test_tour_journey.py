"""The first-login tours (guide/tours.py, static/js/tour.js with driver.js), the term help of the
forms (core/glossary.py, static/js/app.js) and the help centre under /bantuan/.

1. The pegawai, on a 390 px phone, logs in for the first time: the home page starts the
   "pegawai" tour; they follow it to the end (the menu steps point at the folded navbar's
   button), the server records it as completed and the home page does not start it again; the
   Help menu replays it and Escape closes it, still completed.
2. The admin BKD, on a desktop, closes the "admin_bkd" tour with × after its first step: recorded
   as seen, not completed; the home page does not start it again.
3. The atasan (a PPK) is shown the "ppk" tour first.
4. A returning pegawai opens the RHK form of their draft SKP: the RHK term's help opens by the
   keyboard and by the mouse, closes by Escape or a click elsewhere, and links to its guide.
5. The help centre: reached from the Help menu, searched, a page opened; anyone may read it.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from appraisal.choices import SkpStatus
from appraisal.plans.models import Skp
from guide.models import TourSeen
from tests.browser.conftest import PHONE, indonesian, log_in, seed_demo
from tests.browser.test_skp_journey import click_and_wait, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE = re.compile(r"(^|\s)driver-active-element(\s|$)")
MENU_BUTTON = ".navbar-toggler"
PAGES_DIR = Path(__file__).resolve().parents[2] / "guide" / "pages" / "id"
# The pegawai's tour as guide/tours.py writes it: each step's title and the element it points at
# on a phone (the navbar is folded there, so its menus are reached through the menu button).
PEGAWAI_STEPS_ON_A_PHONE = [
    ("Start here: your tasks", 'section[aria-labelledby="card-tasks"]'),
    ("Your post and your appraisers", 'section[aria-labelledby="card-me"]'),
    ("My performance", MENU_BUTTON),
    ("Help when you need it", MENU_BUTTON),
]


def popover(page):
    return page.locator(".driver-popover")


def read_the_step(page) -> None:
    """The step is shown. No pause: with animations off (static/js/tour.js), a button pressed at
    once counts, as a quick reader's does."""
    expect(popover(page)).to_be_visible()


def progress(current: int, total: int) -> str:
    """The tour's "1 dari 4" (templates/guide/_tour.html gives driver.js the pattern)."""
    pattern = indonesian("{{current}} of {{total}}")
    return pattern.replace("{{current}}", str(current)).replace("{{total}}", str(total))


def expect_highlighted(page, selector: str) -> None:
    """The element driver.js lifts above its overlay is `selector`'s, and only that one."""
    expect(page.locator(selector).first).to_have_class(ACTIVE)
    expect(page.locator(".driver-active-element")).to_have_count(1)


def expect_tour_closed(page) -> None:
    expect(popover(page)).to_have_count(0)
    expect(page.locator(".driver-active-element")).to_have_count(0)
    expect(page.locator("body")).not_to_have_class(re.compile(r"(^|\s)driver-active(\s|$)"))


def expect_no_tour(page) -> None:
    """The page did not start a tour: none of its steps is even given to the page."""
    expect(page.locator("#tour-steps")).to_have_count(0)
    expect_tour_closed(page)


def expect_fits_the_phone(page) -> None:
    """No sideways scroll, and the tour's popover wholly on the screen."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url}: {width}px wide on a {PHONE['width']}px phone"
    box = popover(page).bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box


def tour_seen(username: str, key: str, seconds: float = 5.0) -> TourSeen:
    """The server's record of a closed tour; the page's script sends it without waiting for
    an answer, so it may land a moment after the popover is gone."""
    user = get_user_model().objects.get(username=username)
    deadline = time.monotonic() + seconds
    while True:
        seen = TourSeen.objects.filter(user=user, tour=key).first()
        if seen is not None or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert seen is not None, f"no TourSeen({username}, {key}) after {seconds}s"
    return seen


def expect_tour_told(page, key: str):
    """A context manager waiting for the script's POST saying the tour `key` was closed."""
    return page.expect_response(
        lambda response: (
            response.url.endswith(f"/bantuan/tur/{key}/dilihat/")
            and response.request.method == "POST"
        )
    )


def open_help_menu(page) -> None:
    """The Help dropdown (the navbar expanded first on a phone)."""
    if page.locator(MENU_BUTTON).is_visible():
        open_menu(page)
    page.locator('[data-tour="help"]').click()
    expect(page.locator("[data-testid=help-menu]")).to_be_visible()


def follow_the_pegawai_tour_to_the_end(page) -> None:
    """From its first step, Next on each, the last button says Done and closes it."""
    total = len(PEGAWAI_STEPS_ON_A_PHONE)
    for number, (title, selector) in enumerate(PEGAWAI_STEPS_ON_A_PHONE, start=1):
        expect(popover(page).locator(".driver-popover-title")).to_have_text(indonesian(title))
        expect(popover(page).locator(".driver-popover-progress-text")).to_have_text(
            progress(number, total)
        )
        expect_highlighted(page, selector)
        expect_fits_the_phone(page)
        next_button = popover(page).locator(".driver-popover-next-btn")
        read_the_step(page)
        if number < total:
            expect(next_button).to_have_text(indonesian("Next"))
            next_button.click()
            continue
        expect(next_button).to_have_text(indonesian("Done"))
        expect(next_button).to_have_class(re.compile(r"driver-popover-done-btn"))
        with expect_tour_told(page, "pegawai") as told:
            next_button.click()
        assert told.value.status == 204
    expect_tour_closed(page)


def test_pegawai_follows_the_tour_on_a_phone_and_replays_it(phone_page, live_server):
    seed_demo()
    page = phone_page
    log_in(page, live_server, "pegawai", first_time=True)

    # The home page starts the pegawai's tour by itself, at the "My tasks" card.
    expect(page).to_have_url(f"{live_server.url}/")
    first = popover(page)
    expect(first).to_be_visible()
    expect(first.locator(".driver-popover-title")).to_have_text(
        indonesian("Start here: your tasks")
    )
    expect(first.locator(".driver-popover-description")).to_contain_text(
        indonesian(
            "What needs doing now: writing your SKP, a realisation that is due, a result to "
            "read. Each task opens the page where you do it."
        )
    )
    expect_highlighted(page, 'section[aria-labelledby="card-tasks"]')
    expect(page.locator('section[aria-labelledby="card-tasks"] #card-tasks')).to_have_text(
        indonesian("My tasks")
    )
    follow_the_pegawai_tour_to_the_end(page)

    seen = tour_seen("pegawai", "pegawai")
    assert seen.completed
    page.reload()
    expect(page.locator("main h1")).to_be_visible()
    expect_no_tour(page)

    # The Help menu replays it; Escape closes it and the record stays completed.
    open_help_menu(page)
    replay = page.locator("[data-testid=replay-tour]")
    expect(replay).to_have_count(1)
    expect(replay).to_have_text(indonesian("Tour for employees"))
    click_and_wait(page, replay)
    expect(page).to_have_url(f"{live_server.url}/?tur=pegawai")
    expect(popover(page).locator(".driver-popover-title")).to_have_text(
        indonesian("Start here: your tasks")
    )
    expect(popover(page).locator(".driver-popover-progress-text")).to_have_text(progress(1, 4))
    expect_highlighted(page, 'section[aria-labelledby="card-tasks"]')
    expect_fits_the_phone(page)
    read_the_step(page)
    with expect_tour_told(page, "pegawai") as told:
        page.keyboard.press("Escape")
    assert told.value.status == 204
    expect_tour_closed(page)
    seen.refresh_from_db()
    assert seen.completed
    assert TourSeen.objects.filter(user=seen.user).count() == 1


def test_admin_bkd_closes_the_tour_after_its_first_step(page, live_server):
    seed_demo()
    log_in(page, live_server, "admin.bkd", first_time=True)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(popover(page).locator(".driver-popover-title")).to_have_text(
        indonesian("The whole agency at a glance")
    )
    expect(popover(page).locator(".driver-popover-progress-text")).to_have_text(progress(1, 4))
    expect_highlighted(page, 'section[aria-labelledby="card-admin"]')
    close = popover(page).locator(".driver-popover-close-btn")
    expect(close).to_be_visible()
    read_the_step(page)
    with expect_tour_told(page, "admin_bkd") as told:
        close.click()
    assert told.value.status == 204
    expect_tour_closed(page)

    seen = tour_seen("admin.bkd", "admin_bkd")
    assert not seen.completed
    page.reload()
    expect(page.locator("main h1")).to_be_visible()
    expect_no_tour(page)


def test_atasan_is_shown_the_ppk_tour(page, live_server):
    seed_demo()
    log_in(page, live_server, "atasan", first_time=True)

    expect(page).to_have_url(f"{live_server.url}/")
    expect(popover(page).locator(".driver-popover-title")).to_have_text(
        indonesian("The people you appraise")
    )
    expect_highlighted(page, 'section[aria-labelledby="card-team"]')
    steps = page.evaluate("JSON.parse(document.getElementById('tour-steps').textContent)")
    assert steps[0]["title"] == indonesian("The people you appraise")
    assert page.locator("#tour-seen").get_attribute("action") == "/bantuan/tur/ppk/dilihat/"


def open_the_new_rhk_form(page, live_server) -> None:
    """Kinerja saya → SKP saya → this year's draft → Tambah RHK (Utama), as the pegawai would
    (through the folded navbar on a phone)."""
    skp = Skp.objects.get(
        employee__user__username="pegawai",
        cycle__year=timezone.localdate().year,
        status=SkpStatus.DRAFT,
    )
    page.goto(f"{live_server.url}/")
    if page.locator("button.navbar-toggler").is_visible():
        open_menu(page)
    page.locator("#mainnav a.dropdown-toggle", has_text=indonesian("My performance")).click()
    click_and_wait(page, page.locator("#mainnav a.dropdown-item", has_text=indonesian("My SKP")))
    click_and_wait(page, page.locator(f"main a[href$='/kinerja/skp/{skp.public_id}/']"))
    click_and_wait(page, page.locator("[data-testid=add-rhk-utama]"))
    expect(page).to_have_url(re.compile(rf"/kinerja/skp/{skp.public_id}/rhk/baru/"))
    expect(page.locator("main h1")).to_have_text(indonesian("New RHK"))


def test_term_help_opens_by_keyboard_and_mouse_and_leads_to_the_guide(page, live_server):
    seed_demo()
    log_in(page, live_server, "pegawai")
    expect_no_tour(page)
    open_the_new_rhk_form(page, live_server)

    # The "text" field's help (its help text is crispy-forms' `#id_text_helptext`).
    button = page.locator("#id_text_helptext .term-help-button[data-term='rhk']")
    expect(button).to_have_count(1)
    term_popover = page.locator(".popover")
    expect(term_popover).to_have_count(0)

    # Keyboard: Enter opens it; Escape closes it and gives the focus back to the button.
    button.focus()
    page.keyboard.press("Enter")
    expect(term_popover).to_be_visible()
    expect(term_popover).to_contain_text(indonesian("Rencana Hasil Kerja (RHK)"))
    expect(term_popover).to_contain_text(indonesian("Example"))
    guide = term_popover.locator("a[href='/bantuan/menyusun-skp/']")
    expect(guide).to_have_text(indonesian("Read the guide"))
    page.keyboard.press("Escape")
    expect(term_popover).to_have_count(0)
    expect(button).to_be_focused()

    # Mouse: a click opens it, a click elsewhere closes it.
    button.click()
    expect(term_popover).to_be_visible()
    page.locator("main h1").click()
    expect(term_popover).to_have_count(0)

    # Opened again, its link leads to the guide.
    button.click()
    expect(guide).to_be_visible()
    click_and_wait(page, guide)
    expect(page).to_have_url(f"{live_server.url}/bantuan/menyusun-skp/")
    expect(page.locator("main h1")).to_have_text(page_title("menyusun-skp"))


def page_title(slug: str) -> str:
    """A help page's title: the first line of its Markdown (`# Title`)."""
    first = (PAGES_DIR / f"{slug}.md").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ")
    return first[2:].strip()


def all_page_titles() -> dict[str, str]:
    return {path.stem: page_title(path.stem) for path in sorted(PAGES_DIR.glob("*.md"))}


def test_help_centre_from_the_help_menu_search_and_page(page, live_server):
    seed_demo()
    log_in(page, live_server, "pegawai")
    open_help_menu(page)
    centre = page.locator("[data-testid=help-menu] a", has_text=indonesian("Help centre"))
    click_and_wait(page, centre)
    expect(page).to_have_url(f"{live_server.url}/bantuan/")
    expect(page.locator("main h1")).to_have_text(indonesian("Help centre"))
    titles = all_page_titles()
    expect(page.locator("[data-testid=guide-pages] a")).to_have_count(len(titles))

    page.fill("#guide-q", "keberatan")
    click_and_wait(page, page.locator("[data-testid=guide-search] button[type=submit]"))
    expect(page).to_have_url(re.compile(r"/bantuan/\?q=keberatan$"))
    results = page.locator("[data-testid=guide-pages] a")
    expect(results.first).to_have_attribute("href", "/bantuan/keberatan/")
    expect(results.first).to_contain_text(titles["keberatan"])

    click_and_wait(page, results.first)
    expect(page).to_have_url(f"{live_server.url}/bantuan/keberatan/")
    expect(page.locator("main h1")).to_have_text(titles["keberatan"])
    others = page.locator("aside[aria-labelledby=guide-others] li a")
    expect(others).to_have_text(
        sorted(title for slug, title in titles.items() if slug != "keberatan")
    )
    expect(page.locator("aside a[href='/bantuan/keberatan/']")).to_have_count(0)


def test_anyone_may_read_the_help_centre(page, live_server):
    response = page.goto(f"{live_server.url}/bantuan/")
    assert response is not None and response.status == 200
    expect(page).to_have_url(f"{live_server.url}/bantuan/")
    expect(page.locator("main h1")).to_have_text(indonesian("Help centre"))
    expect(page.locator("[data-testid=guide-pages] a")).to_have_count(len(all_page_titles()))
    expect(page.locator("[data-tour=help]")).to_have_count(0)  # no navbar menus for a visitor
    expect_no_tour(page)
