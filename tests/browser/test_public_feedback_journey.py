"""On a 390 px phone: a citizen opens the short URL of a front-line ASN's public feedback link,
rates the service and comments (no login); the ASN's PPK then sees it as evidence under
Berorientasi Pelayanan on the evaluation page."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.org.reporting import reporting_line
from appraisal.choices import SkpStatus
from appraisal.cycles import calendar
from appraisal.evaluation.services import evaluation_for
from appraisal.plans.models import Skp
from feedback.public.models import PublicChannel, PublicFeedback
from tests.actors import system
from tests.browser.conftest import log_in, seed_demo
from tests.browser.test_evaluation_journey import approve_draft
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Petugas menjelaskan syarat dengan sabar; mohon tambah kursi di ruang tunggu."


def test_visitor_gives_feedback_and_the_ppk_sees_it(phone_page, live_server, settings):
    settings.PUBLIC_FEEDBACK_MIN_SECONDS = 1
    seed_demo()
    page = phone_page
    today = timezone.localdate()
    employee = Employee.objects.select_related("user", "position__unit").get(
        user__username="pegawai"
    )
    channel = PublicChannel.objects.get(employee=employee)
    before = PublicFeedback.objects.filter(channel=channel).count()

    # A citizen scans the poster: no login, no navigation, only the form.
    page.goto(f"{live_server.url}/u/{channel.code}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(employee.full_name)
    expect(page.locator("nav")).to_have_count(0)
    expect_no_horizontal_scroll(page)
    for aspect, score in (("keramahan", 5), ("kecepatan", 4), ("kejelasan", 5)):
        page.locator(f"label[for='id_{aspect}_{score - 1}']").tap()
        expect(page.locator(f"#id_{aspect}_{score - 1}")).to_be_checked()
    page.fill("#id_comment", COMMENT)
    page.wait_for_timeout(1100)  # past the minimum fill time (1 s here)
    with page.expect_navigation():
        page.locator("[data-testid=public-feedback-form] button[type=submit]").click()
    expect(page.get_by_test_id("public-thanks")).to_be_visible()
    assert PublicFeedback.objects.filter(channel=channel).count() == before + 1
    saved = PublicFeedback.objects.filter(channel=channel).latest("submitted_at")
    assert saved.comment == COMMENT and (saved.keramahan, saved.kecepatan) == (5, 4)

    # The PPK opens the employee's evaluation of the current period.
    ppk = Employee.objects.get(pk=reporting_line(employee).ppk.employee_id)
    skp = approve_draft(
        Skp.objects.get(employee=employee, cycle__year=today.year, status=SkpStatus.DRAFT), ppk
    )
    period = calendar.period_of(skp.cycle.year, skp.cycle.frequency, today)
    evaluation = evaluation_for(skp, period.number, actor=system())
    page.context.clear_cookies()
    log_in(page, live_server, "atasan")
    page.goto(f"{live_server.url}/kinerja/evaluasi/{evaluation.public_id}/")
    panel = page.get_by_test_id("public-feedback-panel")
    expect(panel).to_contain_text(COMMENT)
    expect(panel).to_contain_text(employee.full_name)
