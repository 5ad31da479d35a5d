"""The admin BKD issues an API key for the Pemda's TPP system in the browser, limited to one OPD,
copies the key shown once, and the system reads that OPD's employees with it (and nothing of
another OPD); the admin revokes it and the system is refused."""

from __future__ import annotations

import httpx
import pytest
from playwright.sync_api import expect

from accounts.org.models import Employee, OrgUnit
from tests.browser.conftest import log_in, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_issues_a_key_and_the_system_reads_with_it(page, live_server):
    seed_demo()
    dinkes = OrgUnit.objects.get(code="DINKES")
    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kelola/kunci-api/")
    form = page.locator("[data-testid=api-key-form]")
    form.locator("input[name=name]").fill("Aplikasi TPP Dinkes")
    form.locator("select[name=opds]").select_option(str(dinkes.pk))
    form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=api-key-issued]")).to_be_visible()
    text = page.locator("[data-testid=api-key-text]").inner_text().strip()

    headers = {"Authorization": f"Api-Key {text}"}
    answer = httpx.get(f"{live_server.url}/api/v1/employees/", headers=headers, timeout=10)
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert rows and {row["opd"] for row in rows} == {"DINKES"}
    elsewhere = Employee.objects.exclude(position__unit__opd=dinkes).exclude(position=None).first()
    outside = httpx.get(
        f"{live_server.url}/api/v1/employees/{elsewhere.nip}/", headers=headers, timeout=10
    )
    assert outside.status_code == 404

    # The key is never shown again; revoking it refuses the system from then on.
    page.goto(f"{live_server.url}/kelola/kunci-api/")
    expect(page.locator("[data-testid=api-key-text]")).to_have_count(0)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-testid=api-keys-table] button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")
    refused = httpx.get(f"{live_server.url}/api/v1/units/", headers=headers, timeout=10)
    assert refused.status_code == 401
