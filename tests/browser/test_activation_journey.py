"""An invited employee activates their account from the e-mail link and lands on the dashboard;
an employee with a printed slip does the same with the NIP and the code."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.logins import services as account_services
from accounts.logins.models import TokenPurpose
from accounts.org.models import Employee
from tests.actors import system
from tests.browser.conftest import indonesian, log_in, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Kinerja-Baru-2026!"


def _not_activated_with_email() -> Employee:
    for employee in (
        Employee.objects.filter(status="active").exclude(email="").select_related("user")
    ):
        if employee.user and not employee.user.has_usable_password() and employee.user.is_active:
            return employee
    raise AssertionError("the demo agency has no not-yet-activated employee with an e-mail")


def test_invited_employee_activates_from_the_email_link(page, live_server, settings):
    settings.SITE_URL = live_server.url
    seed_demo()
    employee = _not_activated_with_email()
    mail.outbox.clear()

    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kelola/pegawai/{employee.nip}/")
    page.get_by_role("button", name=indonesian("E-mail an activation link")).click()
    expect(page.locator(".alert-success")).to_be_visible()
    page.context.clear_cookies()

    message = next(m for m in mail.outbox if employee.email in m.to)
    link = re.search(r"https?://\S+/akun/tautan/\S+/", message.body).group(0)
    page.goto(link)
    expect(page.locator("main h1")).to_have_text(indonesian("Activate your account"))
    expect(page.locator("main")).to_contain_text(employee.nip)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", "berbeda-sekali-2026")
    page.get_by_role("button", name=indonesian("Activate my account")).click()
    expect(page.locator("#id_new_password1")).to_be_visible()  # mismatch: the form is shown again
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name=indonesian("Activate my account")).click()

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("main h1")).to_contain_text(employee.name)
    expect(page.locator("[data-testid=my-ppk]")).to_be_visible()

    # The link is spent; logging in with the NIP and the new password works.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("main h1")).to_have_text(
        indonesian("This link or code can no longer be used")
    )
    log_in(page, live_server, employee.nip, NEW_PASSWORD)
    expect(page.locator("main h1")).to_contain_text(employee.name)


def test_employee_activates_with_a_printed_code_on_a_phone(phone_page, live_server):
    seed_demo()
    employee = _not_activated_with_email()
    _token, code = account_services.token_issue_code(
        employee.user, TokenPurpose.ACTIVATION, actor=system()
    )
    page = phone_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name=indonesian("Activate with a code")).click()
    page.fill("#id_nip", employee.nip)
    page.fill("#id_code", code.lower().replace("-", " "))
    page.get_by_role("button", name=indonesian("Continue")).click()
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name=indonesian("Activate my account")).click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("main h1")).to_contain_text(employee.name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
