"""The audit trail in the browser: the admin BKD opens it from the menu, searches the changes
concerning one employee, pages back, and is told in Indonesian when a NIP is mistyped."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.org.models import Employee
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_bkd_searches_the_changes_concerning_one_employee(page, live_server):
    seed_demo()
    nip = Employee.objects.get(user__username="pegawai").nip
    log_in(page, live_server, "admin.bkd")
    page.get_by_role("button", name=indonesian("Performance"), exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name=indonesian("Audit trail")).click()
    entries = page.get_by_test_id("audit-entry")
    expect(entries.first).to_be_visible()
    expect(page.get_by_test_id("older")).to_be_visible()  # the demo has more than one page

    page.fill("#id_employee", nip)
    page.select_option("#id_source", "appraisal.skp")
    with page.expect_navigation():
        page.get_by_role("button", name=indonesian("Search")).click()
    expect(entries.first).to_contain_text("SKP")
    expect(entries.first).to_contain_text(nip)

    page.fill("#id_employee", "1980abc")
    with page.expect_navigation():
        page.get_by_role("button", name=indonesian("Search")).click()
    expect(page.get_by_test_id("form-error")).to_have_text(
        indonesian("A NIP is made of digits only.")
    )
    expect(page.locator("#id_employee")).to_have_value("1980abc")
    expect(entries).to_have_count(0)


def test_the_audit_trail_fits_a_phone(phone_page, live_server):
    seed_demo()
    log_in(phone_page, live_server, "admin.bkd")
    phone_page.goto(f"{live_server.url}/laporan/audit/")
    expect(phone_page.get_by_test_id("audit-entry").first).to_be_visible()
    expect_no_horizontal_scroll(phone_page)
    with phone_page.expect_navigation():
        phone_page.get_by_test_id("older").click()
    expect(phone_page.get_by_test_id("audit-entry").first).to_be_visible()
