"""A new employee logs in through the identity provider's own form on a 390 px phone (their
first login activates the account), then logs out of both the application and the provider."""

from __future__ import annotations

import copy
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts.logins import services as account_services
from tests.accounts.sso_provider import sso_provider  # noqa: F401
from tests.actors import system
from tests.browser.conftest import log_out
from tests.factories import EmployeeFactory, place

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sso(settings, sso_provider):  # noqa: F811
    for name, value in sso_provider.settings().items():
        setattr(settings, name, value)
    # As config/settings/base.py does at start-up when OIDC_ISSUER_URL is set: the logout form's
    # redirect to the provider's end-session endpoint is allowed by form-action.
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"].append(sso_provider.url)
    settings.CONTENT_SECURITY_POLICY = policy
    return sso_provider


def test_employee_logs_in_through_the_provider_on_a_phone_and_out_of_both(
    phone_page, live_server, org, sso, settings
):
    settings.SITE_URL = live_server.url
    page = phone_page
    employee = place(EmployeeFactory(name="Sari Wulandari"), org.staff_pos)
    account_services.account_provision(employee, actor=system())
    sso.set_claims(employee.nip, nip=employee.nip, name=employee.name)

    page.goto(f"{live_server.url}/accounts/login/?next=/kotak-masuk/")
    button = page.locator("#sso-login a.btn")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box and box["width"] <= 390 and box["height"] >= 36, box
    button.click()

    # The provider's own authorize form: its one field is the subject.
    page.wait_for_url(re.compile(re.escape(sso.url) + "/oauth2/authorize"))
    page.fill("input[name=sub]", employee.nip)
    with page.expect_navigation(url=re.compile(re.escape(live_server.url) + "/kotak-masuk/")):
        page.get_by_role("button", name="Authorize").click()
    expect(page.locator("main")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    user = get_user_model().objects.get(pk=employee.user_id)
    assert user.has_usable_password() and user.last_login is not None

    log_out(page)
    page.wait_for_url(re.compile(re.escape(sso.url) + "/oauth2/end_session"))
    with page.expect_navigation(url=re.compile(re.escape(live_server.url) + "/accounts/login/")):
        page.get_by_role("button", name="End session").click()
    expect(page.locator("#sso-login")).to_be_visible()
    page.goto(f"{live_server.url}/kotak-masuk/")
    expect(page).to_have_url(re.compile("/accounts/login/"))
