"""On a 390 px phone the pages fit the screen and the collapsed navbar opens."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.org.models import Employee
from tests.browser.conftest import PHONE, log_in, log_out, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect_no_horizontal_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        culprits = page.evaluate(
            """(limit) => Array.from(document.querySelectorAll('body *'))
                .filter(el => el.getBoundingClientRect().right > limit + 1)
                .slice(0, 5)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""",
            PHONE["width"],
        )
        pytest.fail(f"{page.url}: page is {width}px wide on a {PHONE['width']}px phone: {culprits}")


def test_pegawai_dashboard_fits_phone_and_menu_opens(phone_page, live_server):
    seed_demo()
    page = phone_page
    log_in(page, live_server, "pegawai")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("[data-testid=my-ppk]")).to_be_visible()
    expect_no_horizontal_scroll(page)

    toggler = page.locator("button.navbar-toggler")
    expect(toggler).to_be_visible()
    menu = page.locator("#mainnav")
    expect(menu).not_to_be_visible()
    toggler.click()
    expect(menu).to_be_visible()
    expect(toggler).to_have_attribute("aria-expanded", "true")
    menu.locator(".dropdown-toggle").first.click()
    expect(menu.locator("a[href$='/kinerja/skp/']")).to_be_visible()
    menu.locator(".dropdown-toggle").first.click()
    # The profile sits in the user menu, with the password and logging out.
    menu.locator(".dropdown-toggle").last.click()
    nip = Employee.objects.get(user__username="pegawai").nip
    expect(menu.locator(f"a[href$='/kelola/pegawai/{nip}/']")).to_be_visible()
    menu.locator(".dropdown-toggle").last.click()
    expect_no_horizontal_scroll(page)

    # Logging out goes through the user dropdown inside the collapsed menu.
    log_out(page)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect_no_horizontal_scroll(page)


def test_admin_employee_list_fits_phone(phone_page, live_server):
    seed_demo()
    page = phone_page
    log_in(page, live_server, "admin.bkd")
    expect_no_horizontal_scroll(page)
    page.goto(f"{live_server.url}/kelola/pegawai/")
    rows = page.locator("[data-testid=employee-table] tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() > 1
    expect_no_horizontal_scroll(page)
