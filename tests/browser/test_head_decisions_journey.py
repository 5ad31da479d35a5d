"""The admin BKD scores and finalises a head of OPD for the Kepala Daerah (issue 20, point 3).

The kepala dinas kesehatan (demo `kadis`) is appraised by the Kepala Daerah, outside the system.
The BKD admin (`admin.bkd`) is reminded of the heads' evaluations of the current period; the
reminder's link opens "Keputusan Kepala Daerah", where they rate the kepala dinas's row (htmx,
no reload), open the evaluation, which says whose decision they record, and finalise it. The
evaluation stores the Kepala Daerah as the PPK and the admin as the one who entered it.

Made to pass on any day of the year: the current period's realisation window is opened from the
period's first day when today comes before it (as the evaluation journey does).
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import AgencyProfile, Employee
from appraisal.choices import EvaluationStatus, SkpStatus
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Skp
from appraisal.reminders.texts import EVALUATION
from notifications.reminders import ReminderPlan, due_reminders
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_evaluation_journey import (
    HTMX_BUSY,
    MEETS,
    accept_next_dialog,
    open_current_period,
    success,
)
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def settle(page, row) -> None:
    page.wait_for_load_state("networkidle")
    expect(row).not_to_have_class(HTMX_BUSY)


def test_the_admin_bkd_records_the_kepala_daerahs_evaluation(page, live_server):
    seed_demo()
    today = timezone.localdate()
    kadis = Employee.objects.select_related("position__unit").get(user__username="kadis")
    skp = Skp.objects.get(employee=kadis, cycle__year=today.year, status=SkpStatus.APPROVED)
    period = open_current_period(today, kadis)
    admin = Employee.objects.get(user__username="admin.bkd").user

    # The reminder the admin BKD receives for the heads' evaluations links to their page.
    reminders = [
        r
        for r in due_reminders(ReminderPlan(today=today, by_hand=True))
        if r.recipient_id == admin.pk
        and r.kind == EVALUATION
        and f"period={period.number}" in r.url
    ]
    assert reminders, "the admin BKD is reminded of the heads' evaluations"
    (reminder,) = reminders
    assert reminder.url.startswith("/kinerja/kepala-daerah/penilaian/")

    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}{reminder.url}")
    expect(page.locator("main h1")).to_contain_text(indonesian("Decisions for the Kepala Daerah"))
    expect(page.locator("main .nav-pills .nav-link.active")).to_have_text(period.label)
    evaluation = Evaluation.objects.get(skp=skp, period=period.number)
    row = page.locator(f"#row-{evaluation.public_id}")
    expect(row).to_contain_text(kadis.full_name)
    page.evaluate("window.__sameDocument = true")
    # Each change posts the row and swaps it (htmx): wait for the swap before the next one.
    confirm = row.locator("input[name$=confirm_no_realisation]")
    if confirm.count():  # no realisation this period: the admin confirms rating without it
        confirm.check()
        settle(page, row)
    hasil = row.locator("select[name$=rating_hasil]")
    if hasil.is_enabled():  # a unit head's rating hasil may follow the unit's predicate
        hasil.select_option(MEETS)
        settle(page, row)
    row.locator("select[name$=rating_perilaku]").select_option(MEETS)
    settle(page, row)
    expect(row.get_by_role("status")).to_contain_text(indonesian("saved"))
    expect(row.locator("[data-testid=row-problem]")).to_have_count(0)
    expect(row.locator("[data-testid=row-predicate]")).not_to_have_text("—")
    assert page.evaluate("window.__sameDocument === true"), "the row saved with a page load"
    evaluation.refresh_from_db()
    assert evaluation.rating_perilaku == MEETS and evaluation.rating_hasil

    click_and_wait(page, row.get_by_role("link", name=kadis.full_name))
    expect(page.locator("[data-testid=for-the-head]")).to_be_visible()
    expect(page.locator("main .breadcrumb a").first).to_have_text(
        indonesian("Decisions for the Kepala Daerah")
    )
    no_realisation = page.locator("#id_confirm_no_realisation")
    if no_realisation.count():
        no_realisation.check()
    accept_next_dialog(page)
    click_and_wait(page, page.locator("[data-testid=finalise]"))
    expect(success(page)).to_contain_text(
        indonesian("Evaluation finalised. %(name)s has been notified.") % {"name": kadis.full_name}
    )
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FINALISED
    assert evaluation.finalised_by == admin
    assert evaluation.ppk_name == AgencyProfile.objects.get().head_name

    # Back on the page, the row is final and the count says so.
    click_and_wait(page, page.locator("main .breadcrumb a").first)
    expect(page.locator(f"#row-{evaluation.public_id} .badge.text-bg-success")).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    expect_no_horizontal_scroll(page)
