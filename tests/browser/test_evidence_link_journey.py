"""An evidence link to an outside site: the employee (the demo `pegawai`) adds one to this period's
realisation; their PPK (`atasan`) clicks it and first sees a page naming the site and the full
address, goes back, clicks again and continues to the site. On a phone and on a desktop."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.org.reporting import reporting_line
from appraisal.choices import SkpStatus
from appraisal.plans.models import Skp
from appraisal.realisation.models import Evidence
from tests.browser.conftest import indonesian, log_in, log_out, seed_demo
from tests.browser.test_evaluation_journey import (
    approve_draft,
    click_and_wait,
    open_current_period,
    success,
)
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The user name before the @ is a trick: the browser opens contoh-drive.com, not bkd.go.id.
LINK = "https://bkd.go.id@contoh-drive.com/laporan-triwulan?id=7"
HOST = "contoh-drive.com"
NOTE = "Laporan triwulan di penyimpanan daring"


def _realisation_with_a_link_form(live_server):
    today = timezone.localdate()
    employee = Employee.objects.select_related("position__unit").get(user__username="pegawai")
    ppk = Employee.objects.get(pk=reporting_line(employee).ppk.employee_id)
    period = open_current_period(today, employee)
    skp = approve_draft(
        Skp.objects.get(employee=employee, cycle__year=today.year, status=SkpStatus.DRAFT), ppk
    )
    rhk = skp.rhks.order_by("-section", "order").first()
    url = f"{live_server.url}/kinerja/skp/{skp.public_id}/realisasi/{period.number}/"
    return url, rhk


@pytest.mark.parametrize("viewport", ["phone_page", "page"])
def test_an_outside_link_shows_where_it_leads_before_leaving(viewport, request, live_server):
    page = request.getfixturevalue(viewport)
    seed_demo()
    realisation_url, rhk = _realisation_with_a_link_form(live_server)
    # The outside site, answered by the browser itself (the test machine has no network).
    page.route(
        lambda url: urlsplit(url).hostname == HOST,
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<h1>Penyimpanan daring</h1>"
        ),
    )

    # The employee adds the link as evidence of their first RHK.
    log_in(page, live_server, "pegawai")
    page.goto(realisation_url)
    card = page.locator(f"#rhk-{rhk.public_id}")
    card.locator("details:has([data-testid=evidence-form]) > summary").click()
    form = card.locator("[data-testid=evidence-form]")
    form.locator("input[name=link]").fill(LINK)
    form.locator("input[name=description]").fill(NOTE)
    click_and_wait(page, form.locator("button[type=submit]"))
    expect(success(page)).to_contain_text(indonesian("Evidence added."))
    assert Evidence.objects.get(rhk=rhk, description=NOTE).link == LINK
    log_out(page)

    # The PPK reads the realisation and clicks the link: a page that names the real site.
    log_in(page, live_server, "atasan")
    page.goto(realisation_url)
    listed = page.locator(f"#rhk-{rhk.public_id} [data-testid=evidence]", has_text=NOTE)
    click_and_wait(page, listed.get_by_role("link"))
    expect(page.locator("main h1")).to_have_text(indonesian("Leaving Kinerja ASN"))
    expect(page.get_by_test_id("evidence-link-host")).to_have_text(HOST)
    expect(page.get_by_test_id("evidence-link-address")).to_have_text(LINK)
    if viewport == "phone_page":
        expect_no_horizontal_scroll(page)

    # Back to the realisation, then on to the site.
    click_and_wait(page, page.get_by_role("link", name=indonesian("Back"), exact=True))
    expect(page).to_have_url(realisation_url)
    click_and_wait(page, listed.get_by_role("link"))
    click_and_wait(page, page.get_by_test_id("evidence-link-continue"))
    expect(page.locator("h1")).to_have_text("Penyimpanan daring")
    assert urlsplit(page.url).hostname == HOST
