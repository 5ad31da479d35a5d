"""On a 390 px phone the SKP pages of each role fit the screen and show their heading."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.org.reporting import reporting_line
from appraisal.choices import SkpStatus
from appraisal.plans.models import Skp
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def expect_page_fits(page, live_server, path: str, heading: str) -> None:
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200, f"{path}: HTTP {response.status}"
    h1 = page.locator("main h1").first
    expect(h1).to_be_visible()
    expect(h1).to_contain_text(heading)
    expect_no_horizontal_scroll(page)


def ppk_username() -> str:
    employee = Employee.objects.get(user__username="pegawai")
    ppk = Employee.objects.select_related("user").get(pk=reporting_line(employee).ppk.employee_id)
    assert ppk.user is not None, "the pegawai's PPK has no login in the demo"
    return ppk.user.username


def test_pegawai_skp_pages_fit_phone(phone_page, live_server):
    seed_demo()
    page = phone_page
    year = timezone.localdate().year
    skp = Skp.objects.get(employee__user__username="pegawai", cycle__year=year)
    log_in(page, live_server, "pegawai")
    expect_page_fits(page, live_server, "/kinerja/skp/", indonesian("My work plan (SKP)"))
    expect_page_fits(page, live_server, f"/kinerja/skp/{skp.public_id}/", f"SKP {year}")
    expect(page.locator("[data-testid=rhk]").first).to_be_visible()
    expect(page.locator("[data-testid=submit-skp]")).to_be_visible()


def test_ppk_team_pages_fit_phone(phone_page, live_server):
    seed_demo()
    page = phone_page
    year = timezone.localdate().year
    username = ppk_username()
    ppk = Employee.objects.get(user__username=username)
    submitted = (
        Skp.objects.filter(ppk_employee=ppk, cycle__year=year, status=SkpStatus.SUBMITTED)
        .order_by("pk")
        .first()
    )
    assert submitted is not None, "the demo gives the PPK no submitted SKP to review"
    log_in(page, live_server, username)
    expect_page_fits(page, live_server, "/kinerja/tim/", indonesian("My team"))
    expect(page.locator("[data-testid=team-row]").first).to_be_visible()
    # The matrix may scroll sideways inside its own container; the page itself must not.
    expect_page_fits(page, live_server, "/kinerja/tim/matriks/", f"Matriks Peran Hasil {year}")
    matrix = page.locator(".table-responsive [data-testid=role-matrix]")
    expect(matrix).to_be_visible()
    expect(page.locator("[data-testid=matrix-row]").first).to_be_visible()
    expect_page_fits(page, live_server, f"/kinerja/tim/skp/{submitted.public_id}/", f"SKP {year}")
    expect(page.locator("[data-testid=approve-form]")).to_be_visible()
    expect(page.locator("[data-testid=return-form]")).to_be_visible()


def test_admin_bkd_pages_fit_phone(phone_page, live_server):
    seed_demo()
    page = phone_page
    year = timezone.localdate().year
    log_in(page, live_server, "admin.bkd")
    expect_page_fits(page, live_server, "/kinerja/siklus/", indonesian("Annual cycles"))
    expect_page_fits(
        page,
        live_server,
        f"/kinerja/siklus/{year}/",
        indonesian("Cycle %(year)s") % {"year": year},
    )
    expect_page_fits(page, live_server, "/kinerja/pantau/", indonesian("SKP monitoring"))
    expect_page_fits(page, live_server, "/pustaka-indikator/cari/", indonesian("Indicator library"))
    expect_page_fits(page, live_server, "/kotak-masuk/", indonesian("Notifications"))
