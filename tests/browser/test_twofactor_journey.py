"""Two-factor login and "Sesi aktif" through the real pages (issue 22, items 5 and 6): a pegawai
sets up an authenticator on a phone (the key read from the page, codes made with pyotp), logs in
with the password and a code, then with a recovery code; an admin BKD resets the lost device. Two
browsers signed in as one person: one ends the other's session."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.accounts.twofactor_helpers import PASSWORD, Phone
from tests.browser.conftest import DESKTOP, log_out, mark_tours_seen, open_user_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password(page, live_server, username: str) -> None:
    mark_tours_seen(username)  # a returning user: no first-login tour over the home page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def _code(page, code: str) -> None:
    expect(page.locator("[data-testid=twofactor-verify]")).to_be_visible()
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.locator("[data-testid=twofactor-verify] button[type=submit]").click()


def _enrol(page, live_server) -> tuple[Phone, list[str]]:
    open_user_menu(page)
    with page.expect_navigation():
        page.locator("a.dropdown-item[href='/akun/dua-langkah/']").click()
    with page.expect_navigation():
        page.locator("[data-testid=twofactor-off] a.btn").click()
    expect(page.locator("[data-testid=enrol-qr] svg")).to_be_visible()
    phone = Phone(page.locator("[data-testid=enrol-key]").inner_text().replace(" ", ""))
    page.fill("#id_code", phone.code())
    with page.expect_navigation():
        page.locator("[data-testid=enrol-form] button[type=submit]").click()
    codes = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    assert len(codes) == 10
    with page.expect_navigation():
        page.locator("main a.btn-primary").click()
    return phone, codes


def test_enrol_log_in_with_a_code_then_a_recovery_code_and_an_admin_resets(
    org, live_server, phone_page, browser, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    page = phone_page
    _password(page, live_server, "pegawai")
    expect(page).to_have_url(f"{live_server.url}/")
    phone, codes = _enrol(page, live_server)
    # Shown once: the key and the codes are not shown again.
    page.goto(f"{live_server.url}/akun/dua-langkah/pasang/")
    expect(page.locator("[data-testid=enrol-key]")).to_have_count(0)
    expect(page.locator("[data-testid=twofactor-on]")).to_be_visible()
    log_out(page)

    _password(page, live_server, "pegawai")
    expect(page).to_have_url(f"{live_server.url}/akun/dua-langkah/kode/")
    _code(page, phone.code())
    expect(page).to_have_url(f"{live_server.url}/")
    log_out(page)

    _password(page, live_server, "pegawai")
    _code(page, codes[0])
    expect(page).to_have_url(f"{live_server.url}/")
    log_out(page)

    # The phone is lost: the admin BKD resets it from the employee's page, with a reason.
    admin = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    admin.on("dialog", lambda dialog: dialog.accept())
    _password(admin, live_server, "adminbkd")
    admin.goto(f"{live_server.url}/kelola/pegawai/{org.pegawai.nip}/")
    reset = admin.locator("[data-testid=twofactor-reset]")
    reset.locator("input[name=reason]").fill("HP hilang")
    with admin.expect_navigation():
        reset.locator("button[type=submit]").click()
    expect(admin.locator("[data-testid=twofactor-reset]")).to_have_count(0)
    admin.context.close()

    _password(page, live_server, "pegawai")
    expect(page).to_have_url(f"{live_server.url}/")  # no code asked any more


def test_one_browser_ends_the_other_s_session(org, live_server, browser):
    first = browser.new_context(viewport=DESKTOP, locale="id-ID").new_page()
    second = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID").new_page()
    for page in (first, second):
        _password(page, live_server, "pegawai")
    open_user_menu(second)
    with second.expect_navigation():
        second.locator("a.dropdown-item[href='/akun/sesi/']").click()
    sessions = second.locator("[data-testid=session]")
    expect(sessions).to_have_count(2)
    expect(second.locator("[data-current] [data-testid=this-device]")).to_be_visible()
    with second.expect_navigation():
        second.locator("[data-testid=session]:not([data-current]) button[type=submit]").click()
    expect(sessions).to_have_count(1)
    first.reload()
    expect(first.locator("#id_username")).to_be_visible()  # signed out: the login page
    second.reload()
    expect(second.locator("[data-testid=this-device]")).to_be_visible()
    first.context.close()
    second.context.close()
