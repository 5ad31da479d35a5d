"""Each demo persona logs in through the real form and sees their own dashboard."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.logins.models import User
from accounts.org import policies, selectors
from accounts.org.models import Employee
from accounts.org.reporting import reporting_line, subordinates
from accounts.org.roles import roles_for_user
from tests.browser.conftest import DEMO_PASSWORD, indonesian, log_in, log_out, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = ("admin.bkd", "admin.opd", "kadis", "atasan", "pegawai")
ADMIN_CARD = "section[aria-labelledby=card-admin]"
ORG_MENU = "#mainnav a.dropdown-toggle:has(.bi-diagram-3)"


def roles_of(username: str):
    return roles_for_user(User.objects.get(username=username))


def expect_dashboard_of(page, username: str) -> None:
    roles = roles_of(username)
    today = timezone.localdate()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    # The greeting names the employee (or the username of an account without an employee record).
    greeting = roles.employee.name if roles.employee else username
    expect(page.locator("main h1")).to_contain_text(greeting)

    if roles.employee is not None:
        line = reporting_line(roles.employee, today)
        assert line.ppk is not None, f"{username} has no PPK in the demo data"
        expect(page.locator("[data-testid=my-ppk]")).to_contain_text(line.ppk.name)
        label = indonesian("Appraising official (PPK)")
        expect(page.locator("section[aria-labelledby=card-me]")).to_contain_text(label)

    team = page.locator("[data-testid=team-table] tbody tr")
    if roles.may_appraise:
        members = list(subordinates(roles.employee, today))
        expect(team).to_have_count(len(members))
        if members:
            expect(page.locator("[data-testid=team-table]")).to_contain_text(members[0].nip)
    else:
        expect(team).to_have_count(0)

    for unit in roles.headed_units:
        expect(page.locator("main h2.card-title", has_text=unit.name)).to_be_visible()

    org_menu = page.locator(ORG_MENU)
    if roles.is_admin:
        expect(page.locator(ADMIN_CARD)).to_be_visible()
        vacant = selectors.vacant_structural_positions(policies.managed_positions(roles), today)
        expect(page.locator("[data-testid=vacant-count]")).to_have_text(str(vacant.count()))
        expect(org_menu).to_have_count(1)
    else:
        expect(page.locator(ADMIN_CARD)).to_have_count(0)
        expect(page.locator("[data-testid=vacant-count]")).to_have_count(0)
        expect(org_menu).to_have_count(0)


@pytest.mark.parametrize("username", PERSONAS)
def test_persona_sees_their_dashboard(page, live_server, username):
    seed_demo()
    log_in(page, live_server, username)
    expect(page).to_have_url(f"{live_server.url}/")
    expect_dashboard_of(page, username)

    roles = roles_of(username)
    if username == "pegawai":
        ppk = reporting_line(roles.employee).ppk
        assert Employee.objects.get(pk=ppk.employee_id).user.username == "atasan"
    elif username == "atasan":
        expect(page.locator("[data-testid=team-table] tbody tr").nth(4)).to_be_visible()
    elif username == "kadis":
        assert roles.headed_units, "kadis heads no unit in the demo data"
    else:
        assert roles.is_admin_bkd == (username == "admin.bkd")
        # The BKD sees every OPD in the overview; an OPD administrator only their own.
        opds = list(selectors.opd_overview(policies.managed_units(roles)))
        if not roles.is_admin_bkd:
            assert len(opds) == 1
        opd_rows = page.locator(
            "section[aria-labelledby=card-admin] .table-responsive"
        ).last.locator("tbody tr")
        expect(opd_rows).to_have_count(len(opds))
        expect(opd_rows.first).to_contain_text(opds[0].name)


def test_wrong_password_then_nip_login_then_logout(page, live_server):
    seed_demo()
    log_in(page, live_server, "pegawai", "not-the-password")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    error = page.locator("main .alert-danger, main .invalid-feedback, main .errorlist")
    expect(error.first).to_be_visible()
    message = indonesian(
        "The NIP/username or password is wrong. Both fields may be case-sensitive."
    )
    expect(error.first).to_contain_text(message)
    expect(page.locator("#id_username")).to_have_value("pegawai")
    expect(page.locator("#id_password")).to_have_value("")
    expect(page.locator(ORG_MENU)).to_have_count(0)

    nip = Employee.objects.get(user__username="pegawai").nip
    log_in(page, live_server, nip, DEMO_PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect_dashboard_of(page, "pegawai")

    log_out(page)
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator("#id_username")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
