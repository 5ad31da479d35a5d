"""Adoption per OPD (guide/adoption.py): the admin BKD reaches it from the Performance menu,
reads every OPD's figures and the weekly chart, and downloads the Excel recap; an admin OPD
sees only their OPD, on a phone too."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.org.models import OrgUnit
from tests.browser.conftest import PHONE, indonesian, log_in, seed_demo
from tests.browser.test_skp_journey import click_and_wait, open_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_adoption_from_the_menu(page) -> None:
    if page.locator("button.navbar-toggler").is_visible():
        open_menu(page)
    page.get_by_role("button", name=indonesian("Performance"), exact=True).click()
    click_and_wait(page, page.get_by_role("link", name=indonesian("Adoption per OPD")))


def test_admin_bkd_reads_every_opd_and_downloads_the_recap(page, live_server, tmp_path):
    seed_demo()
    log_in(page, live_server, "admin.bkd")
    open_adoption_from_the_menu(page)
    expect(page.locator("h1")).to_contain_text(indonesian("Adoption per OPD"))
    table = page.locator("[data-testid=adoption-table]")
    opds = OrgUnit.objects.filter(parent__isnull=True, positions__isnull=False).distinct()
    expect(table.locator("tbody tr[data-opd]")).to_have_count(opds.count())
    expect(table.locator("tfoot")).to_contain_text(indonesian("All"))
    # The chart is drawn (Chart.js sizes its canvas once it has data).
    page.wait_for_function(
        "document.getElementById('adoption-chart').width > 0 && !!window.Chart"
        " && Chart.getChart('adoption-chart') !== undefined"
    )
    with page.expect_download() as info:
        page.locator("[data-testid=adoption-export]").click()
    target = tmp_path / "adopsi.xlsx"
    info.value.save_as(target)
    sheet = load_workbook(target)["Adopsi"]
    codes = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert codes >= set(opds.values_list("code", flat=True))


def test_admin_opd_sees_their_opd_on_a_phone(phone_page, live_server):
    seed_demo()
    log_in(phone_page, live_server, "admin.opd")
    open_adoption_from_the_menu(phone_page)
    rows = phone_page.locator("[data-testid=adoption-table] tbody tr[data-opd]")
    expect(rows).to_have_count(1)
    width = phone_page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"]
