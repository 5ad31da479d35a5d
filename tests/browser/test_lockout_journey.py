"""Someone guessing a password through the real form: the lockout holds the account whatever is
typed for it next (another case, the NIP), and says so in Indonesian on a desktop and a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import indonesian, mark_tours_seen
from tests.factories import EmployeeFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-123"  # tests/factories.py


def _try(page, live_server, identifier: str, password: str) -> None:
    mark_tours_seen(identifier)  # a returning user: no first-login tour over the home page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", identifier)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_a_locked_account_stays_locked_under_its_nip(request, live_server, settings, viewport):
    page = request.getfixturevalue(viewport)
    employee = EmployeeFactory(user=UserFactory(username="pegawai"))
    locked = page.locator("[data-testid=locked-out]")
    for typed in ["pegawai", "Pegawai", "PEGAWAI", "pEgAwAi"][: settings.AXES_FAILURE_LIMIT - 1]:
        _try(page, live_server, typed, "salah")
        expect(page.locator("main form")).to_be_visible()
        expect(locked).to_have_count(0)
    _try(page, live_server, "PEGAWAI", "salah")
    expect(locked).to_contain_text(indonesian("Too many failed log-in attempts"))
    # The right password under the NIP does not get round it.
    _try(page, live_server, employee.nip, PASSWORD)
    expect(locked).to_be_visible()
    expect(page.locator("main form")).to_have_count(0)
