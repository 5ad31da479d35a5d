"""Last year, closed, stays readable (issue 20, point 1).

The demo closes last year's cycle (appraisal/demo/closed_year.py). The PPK (`atasan`) chooses
that year on "Tim saya", reads their team and the Matriks Peran Hasil of that year, then opens
the team scoring page of a period of it by its address (a 404 before) and the year's annual
results: every page says "Siklus … ditutup pada …" and offers nothing to change. The BKD admin
(`admin.bkd`) chooses the year on the monitoring and calibration pages and opens a unit; on a
390 px phone the scoring page of the closed year fits the screen.
"""

from __future__ import annotations

import pytest
from django.utils import formats, translation
from playwright.sync_api import expect

from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import closed_on_day
from tests.browser.conftest import PHONE, indonesian, log_in, log_out, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def closed_banner(cycle: Cycle) -> str:
    with translation.override("id"):
        day = formats.date_format(closed_on_day(cycle), "j F Y")
    text = indonesian(
        "The %(year)s cycle was closed on %(date)s. What it holds is shown read-only."
    )
    return text % {"year": cycle.year, "date": day}


def choose_year(page, year: int) -> None:
    form = page.locator("main [data-testid=year-choice]")
    form.locator("select[name=year]").select_option(str(year))
    click_and_wait(page, form.get_by_role("button", name=indonesian("Show")))


def expect_read_only(page, banner: str) -> None:
    expect(page.locator("[data-testid=cycle-closed]")).to_contain_text(banner)
    expect(page.locator("[data-testid=no-cycle]")).to_have_count(0)
    expect(page.locator("main form[method=post]")).to_have_count(0)
    expect(page.locator("main [hx-post]")).to_have_count(0)


def test_a_closed_year_stays_readable(page, browser, live_server):
    seed_demo()
    last = Cycle.objects.get(status=CycleStatus.CLOSED)
    banner = closed_banner(last)

    # --- The PPK chooses last year on their team page, then its matrix. ---
    log_in(page, live_server, "atasan")
    page.goto(f"{live_server.url}/kinerja/tim/")
    expect(page.locator("[data-testid=year-choice] option", has_text=str(last.year))).to_have_count(
        1
    )
    choose_year(page, last.year)
    expect(page).to_have_url(f"{live_server.url}/kinerja/tim/?year={last.year}")
    expect_read_only(page, banner)
    expect(page.locator("[data-testid=team-row]").first).to_be_visible()
    click_and_wait(page, page.get_by_role("link", name="Matriks Peran Hasil"))
    expect(page.locator("main h1")).to_have_text(f"Matriks Peran Hasil {last.year}")
    expect_read_only(page, banner)
    expect(page.locator("[data-testid=hand-down-form]")).to_have_count(0)

    # --- Team scoring of a period of that year, by its address: no 404, nothing to change. ---
    page.goto(f"{live_server.url}/kinerja/tim/penilaian/?year={last.year}&period=3")
    expect(page.locator("main h1")).to_contain_text(str(last.year))
    expect_read_only(page, banner)
    rows = page.locator("[data-testid=score-row]")
    expect(rows.first).to_be_visible()
    expect(page.locator("[data-testid=team-scoring] select")).to_have_count(0)
    expect(rows.first.locator("[data-testid=row-predicate]")).not_to_have_text("—")
    click_and_wait(page, page.locator("main .nav-pills a", has_text=indonesian("Annual")))
    expect(page.locator("main .nav-pills .nav-link.active")).to_have_text(indonesian("Annual"))
    expect_read_only(page, banner)
    log_out(page)

    # --- The BKD admin: monitoring and calibration of that year, and one unit. ---
    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kinerja/pantau/")
    choose_year(page, last.year)
    expect_read_only(page, banner)
    expect(page.locator("[data-testid=opd-row]").first).to_be_visible()
    page.goto(f"{live_server.url}/kinerja/kalibrasi/")
    form = page.locator("[data-testid=period-form]")
    form.locator("select[name=year]").select_option(str(last.year))
    form.locator("select[name=period]").select_option("0")
    click_and_wait(page, form.get_by_role("button", name=indonesian("Show")))
    expect_read_only(page, banner)
    click_and_wait(page, page.locator("[data-testid=unit-row] a").first)
    expect_read_only(page, banner)
    expect(page.locator("[data-testid=predicate-form]")).to_have_count(0)
    expect(page.locator("[data-testid=finalise-form]")).to_have_count(0)

    # --- On a phone the PPK's closed year fits the screen. ---
    phone = browser.new_context(
        locale="id-ID", viewport=PHONE, is_mobile=True, has_touch=True
    ).new_page()
    try:
        log_in(phone, live_server, "atasan")
        phone.goto(f"{live_server.url}/kinerja/tim/penilaian/?year={last.year}&period=0")
        expect_read_only(phone, banner)
        expect_no_horizontal_scroll(phone)
    finally:
        phone.context.close()
