"""Closing respects the employee's rights (issue 20, point 2), in the browser.

The pegawai's PPK finalises their result for today's period (set up through the services). The
pegawai opens it on a 390 px phone, reads the day it counts as received even unconfirmed,
acknowledges and objects. The BKD admin opens the period's completeness report: the objection is
listed apart from the gaps, with the objection windows still open; closing without a reason is
refused, closing with a written reason succeeds and the reason is shown with the closure. The
Atasan PPK then decides the objection although the period is closed.

Made to pass on any day of the year: everything happens in the current cycle and period.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.org.reporting import reporting_line
from appraisal.choices import ObjectionOutcome, ObjectionStatus, SkpStatus
from appraisal.cycles.models import PeriodClosure
from appraisal.evaluation.services import evaluation_finalise, evaluation_for, evaluation_save
from appraisal.objections.models import Objection
from appraisal.plans.models import Skp
from tests.actors import actor, system
from tests.browser.conftest import DEMO_PASSWORD, indonesian, log_in, log_out, seed_demo
from tests.browser.test_evaluation_journey import (
    accept_next_dialog,
    approve_draft,
    open_current_period,
    success,
)
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEETS = "SESUAI_EKSPEKTASI"
REASONS = "Bukti dukung triwulan ini belum dinilai; mohon Rating Hasil Kerja ditinjau kembali."
RIGHTS_REASON = "Batas unggah rekap ke BKN; keberatan yang masuk tepat waktu tetap diputus."
DECISION = "Bukti dukung telah diperiksa; rating dipertahankan."


def test_objection_rights_hold_up_closing_and_survive_it(page, phone_page, live_server):
    seed_demo()
    today = timezone.localdate()
    pegawai = Employee.objects.select_related("user", "position__unit").get(
        user__username="pegawai"
    )
    line = reporting_line(pegawai)
    ppk = Employee.objects.select_related("user").get(pk=line.ppk.employee_id)
    atasan = Employee.objects.select_related("user").get(pk=line.atasan_ppk.employee_id)
    # The kepala bidang has an account without the demo password: give them one to log in with.
    atasan.user.set_password(DEMO_PASSWORD)
    atasan.user.save()
    skp = approve_draft(
        Skp.objects.get(employee=pegawai, cycle__year=today.year, status=SkpStatus.DRAFT), ppk
    )
    period = open_current_period(today, pegawai)
    evaluation = evaluation_for(skp, period.number, actor=system())
    evaluation = evaluation_save(
        evaluation,
        expected_version=evaluation.version,
        rating_hasil=MEETS,
        rating_perilaku=MEETS,
        actor=actor(ppk),
    )
    evaluation = evaluation_finalise(evaluation, actor=actor(ppk))
    deemed = timezone.localdate(evaluation.finalised_at) + dt.timedelta(
        days=settings.RESULT_DEEMED_RECEIVED_DAYS
    )

    # --- 1. The pegawai, on a phone, reads when the result counts as received, and objects. ---
    phone = phone_page
    log_in(phone, live_server, "pegawai")
    phone.goto(f"{live_server.url}/kinerja/evaluasi/{evaluation.public_id}/")
    expect(phone.locator("[data-testid=deemed-received]")).to_contain_text(str(deemed.year))
    expect(phone.locator("[data-testid=deemed-received]")).to_contain_text(str(deemed.day))
    expect_no_horizontal_scroll(phone)
    click_and_wait(phone, phone.locator("[data-testid=acknowledge]"))
    click_and_wait(
        phone, phone.locator(f"a[href$='/kinerja/evaluasi/{evaluation.public_id}/keberatan/']")
    )
    phone.fill("#id_reasons", REASONS)
    accept_next_dialog(phone)
    click_and_wait(phone, phone.locator("[data-testid=file-objection]"))
    objection = Objection.objects.get(evaluation=evaluation)
    assert objection.status == ObjectionStatus.OPEN
    log_out(phone)

    # --- 2. The BKD admin reads the rights apart from the gaps and must give a reason. ---
    log_in(page, live_server, "admin.bkd")
    report_url = f"{live_server.url}/kinerja/siklus/{today.year}/penutupan/{period.number}/"
    page.goto(report_url)
    rights = page.locator("[data-testid=rights]")
    expect(rights).to_be_visible()
    objections = rights.locator("[data-testid=rights-objections]")
    expect(objections).to_contain_text(f"{pegawai.nip} · {pegawai.name}")
    expect(rights.locator("[data-testid=rights-windows]")).to_be_visible()
    # The gaps table no longer has an objection column: rights are not gaps.
    expect(page.locator("main table thead")).not_to_contain_text(
        indonesian("Objection awaiting its decision")
    )
    page.locator("#confirm_gaps").check()
    reason = page.locator("#rights_reason")
    expect(reason).to_have_attribute("required", "")
    # A forged post without the reason (the browser would not send it): refused, nothing closed.
    reason.evaluate("node => node.removeAttribute('required')")
    click_and_wait(page, page.locator(f"form[action$='/penutupan/{period.number}/tutup/'] button"))
    expect(page.locator("main .alert-danger[role=alert]")).to_be_visible()
    assert not PeriodClosure.objects.filter(
        cycle__year=today.year, period=period.number, reopened_at__isnull=True
    ).exists()
    page.locator("#confirm_gaps").check()
    page.locator("#rights_reason").fill(RIGHTS_REASON)
    click_and_wait(page, page.locator(f"form[action$='/penutupan/{period.number}/tutup/'] button"))
    expect(success(page)).to_be_visible()
    expect(page.locator("[data-testid=rights-reason]")).to_contain_text(RIGHTS_REASON)
    closure = PeriodClosure.objects.get(
        cycle__year=today.year, period=period.number, reopened_at__isnull=True
    )
    assert closure.rights["objections"] == 1 and closure.rights_reason == RIGHTS_REASON
    assert RIGHTS_REASON in closure.history.latest().history_change_reason
    page.set_viewport_size({"width": 390, "height": 844})
    expect_no_horizontal_scroll(page)
    log_out(page)

    # --- 3. The Atasan PPK still decides the objection, filed in time, after closing. ---
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, atasan.user.username)
    page.goto(f"{live_server.url}/kinerja/keberatan/{objection.public_id}/")
    decision_form = page.locator("[data-testid=decision-form]")
    expect(decision_form).to_be_visible()
    decision_form.locator(f"input[name=outcome][value={ObjectionOutcome.UPHELD}]").check()
    decision_form.locator("textarea[name=notes]").fill(DECISION)
    accept_next_dialog(page)
    click_and_wait(page, decision_form.locator("button[type=submit]"))
    expect(page.locator("[data-testid=decision]")).to_contain_text(DECISION)
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DECIDED
