"""Issue 20, point 8, on a 390 px phone: the employee writes an IKI whose target is a ceiling (≤), the plan is
approved, the employee records a realisation under it and sees the sign and the capaian, where
lower is better: 10 % stunting against "≤ 14 %" is (2 − 10/14) × 100 % = 128,6 %."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.org.reporting import reporting_line
from appraisal.choices import SkpStatus
from appraisal.plans.models import Iki, Skp
from appraisal.plans.services import flow as skp_flow
from tests.actors import actor
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RHK_TEXT = "Menurunnya prevalensi balita stunting di wilayah kerja puskesmas"
IKI_TEXT = "Prevalensi balita stunting"


def _write_the_ceiling(page, skp_url) -> None:
    page.goto(skp_url)
    click_and_wait(page, page.locator("[data-testid=add-rhk-tambahan]"))
    page.fill("#id_text", RHK_TEXT)
    page.select_option("#id_iki-0-aspek", "kualitas")
    page.fill("#id_iki-0-indicator", IKI_TEXT)
    page.select_option("#id_iki-0-target_direction", "at_most")
    page.fill("#id_iki-0-target_value", "14")
    page.fill("#id_iki-0-target_unit", "%")
    expect_no_horizontal_scroll(page)
    click_and_wait(page, page.get_by_role("button", name=indonesian("Save RHK")))


def test_a_ceiling_target_is_entered_realised_and_judged_lower_is_better(phone_page, live_server):
    page = phone_page
    seed_demo()
    employee = Employee.objects.select_related("user").get(user__username="pegawai")
    today = timezone.localdate()
    skp = Skp.objects.get(employee=employee, cycle__year=today.year, status=SkpStatus.DRAFT)
    skp_url = f"{live_server.url}/kinerja/skp/{skp.public_id}/"

    # --- The employee enters "≤ 14 %" and sees the sign on the plan. ---
    log_in(page, live_server, "pegawai")
    _write_the_ceiling(page, skp_url)
    iki = Iki.objects.get(rhk__skp=skp, indicator=IKI_TEXT)
    assert iki.target_direction == "at_most"
    card = page.locator(f"#rhk-{iki.rhk.public_id}")
    expect(card).to_contain_text("≤ 14 %")

    # --- Submitted by the employee, approved by the PPK (their journey is test_skp_journey). ---
    click_and_wait(page, page.locator("[data-testid=submit-skp]"))
    ppk = Employee.objects.get(pk=reporting_line(employee).ppk.employee_id)
    skp_flow.skp_approve(Skp.objects.get(pk=skp.pk), actor=actor(ppk))

    # --- The employee records this period's realisation: 10 % against the ceiling. ---
    period = next(p for p in skp.cycle.periods if p.start <= today <= p.end)
    page.goto(f"{skp_url}realisasi/{period.number}/")
    row = page.locator("[data-testid=iki-realisation]", has_text=IKI_TEXT)
    expect(row).to_contain_text("≤ 14 %")
    row.locator(f"#id_value_{iki.pk}").fill("10")
    click_and_wait(page, page.locator("[data-testid=save-realisation]"))

    row = page.locator("[data-testid=iki-realisation]", has_text=IKI_TEXT)
    expect(row).to_contain_text("≤ 14 %")
    expect(row.locator("[data-testid=achievement-percent]")).to_have_text(re.compile(r"128,6\s*%"))
    expect(row.locator("[data-testid=achievement-hint]")).to_contain_text(indonesian("On track"))
    expect(row.locator("[data-testid=achievement-hint]")).to_contain_text(
        indonesian("lower is better")
    )
    expect_no_horizontal_scroll(page)

    # --- Over the ceiling is not on track. ---
    row.locator(f"#id_value_{iki.pk}").fill("21")
    click_and_wait(page, page.locator("[data-testid=save-realisation]"))
    row = page.locator("[data-testid=iki-realisation]", has_text=IKI_TEXT)
    expect(row.locator("[data-testid=achievement-percent]")).to_have_text(re.compile(r"50\s*%"))
    expect(row.locator("[data-testid=achievement-hint]")).to_contain_text(
        indonesian("Not on track yet")
    )
