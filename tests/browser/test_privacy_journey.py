"""Personal data in the browser: the pegawai opens "Data pribadi saya" from the user menu and
downloads everything held about them; the admin BKD finds in the access log who opened the
pegawai's page, and is told in Indonesian when a NIP is mistyped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.org.models import Employee
from tests.browser.conftest import indonesian, log_in, log_out, open_user_menu, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_employee_downloads_everything_held_about_them(page, live_server, tmp_path):
    seed_demo()
    pegawai = Employee.objects.get(user__username="pegawai")
    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kelola/pegawai/{pegawai.nip}/")  # someone opens their page
    log_out(page)

    log_in(page, live_server, "pegawai")
    open_user_menu(page)
    with page.expect_navigation():
        page.get_by_role("link", name=indonesian("My personal data")).click()
    expect(page.get_by_role("heading", name=indonesian("My personal data"))).to_be_visible()
    expect(page.get_by_test_id("recent-accesses")).to_contain_text(indonesian("Employee page"))

    with page.expect_download() as download:
        page.get_by_test_id("download-json").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = json.loads(Path(saved).read_text())
    assert data["profile"]["nip"] == pegawai.nip
    assert data["plans"] and data["results"] and data["audit"]
    assert any(access["user"] == "admin.bkd" for access in data["access_log"])

    with page.expect_download() as download:
        page.get_by_test_id("download-xlsx").click()
    assert download.value.suggested_filename == saved.name.replace(".json", ".xlsx")

    page.get_by_role("link", name=indonesian("Privacy notice")).first.click()
    expect(page.get_by_test_id("privacy-notice")).to_contain_text("UU PDP")


def test_admin_bkd_searches_who_opened_whose_data(page, live_server):
    seed_demo()
    pegawai = Employee.objects.get(user__username="pegawai")
    log_in(page, live_server, "admin.opd")
    page.goto(f"{live_server.url}/kelola/pegawai/{pegawai.nip}/")
    log_out(page)

    log_in(page, live_server, "admin.bkd")
    page.get_by_role("button", name=indonesian("Performance"), exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name=indonesian("Access to personal data")).click()
    entries = page.get_by_test_id("access-entry")
    expect(entries.first).to_be_visible()

    page.fill("#id_subject", pegawai.nip)
    page.fill("#id_who", "admin.opd")
    with page.expect_navigation():
        page.get_by_role("button", name=indonesian("Search")).click()
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text(pegawai.name)
    expect(entries.first).to_contain_text(indonesian("Employee page"))

    page.fill("#id_subject", "1980abc")
    with page.expect_navigation():
        page.get_by_role("button", name=indonesian("Search")).click()
    expect(page.get_by_test_id("form-error")).to_have_text(
        indonesian("A NIP is made of digits only.")
    )
    expect(entries).to_have_count(0)


def test_the_access_log_and_my_data_fit_a_phone(phone_page, live_server):
    seed_demo()
    log_in(phone_page, live_server, "admin.bkd")
    for path in ("/privasi/log-akses/", "/privasi/data-saya/", "/privasi/"):
        phone_page.goto(f"{live_server.url}{path}")
        expect_no_horizontal_scroll(phone_page)
