"""On a 390 px phone, one period from the first day's log to the decided objection.

The employee (the demo `pegawai`) logs a day's work, records the realisation of the current period
with a PDF as evidence and submits it; their PPK (`atasan`) rates the row on the team scoring page
(htmx, no reload), writes feedback and finalises; the employee acknowledges and objects; the Atasan
PPK (the kepala bidang) changes the ratings; the employee sees the decision and downloads both
evaluation PDFs.

Made to pass on any day of the year: the set-up approves the employee's draft SKP through the
services (as the employee and their PPK would) and, when today comes before the current period's
realisation window (it opens in the period's last month), the BKD admin opens it from the period's
first day (services.cycles.window_update).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.org.reporting import reporting_line
from appraisal.choices import (
    EvaluationStatus,
    ExtensionScope,
    ObjectionOutcome,
    ObjectionStatus,
    RealisationStatus,
    Section,
    SkpStatus,
    WindowKind,
)
from appraisal.cycles import calendar
from appraisal.cycles import services as cycles
from appraisal.cycles.models import Cycle
from appraisal.cycles.windows import window_state
from appraisal.demo.content import EXPECTATION_DATA, EXPECTATIONS
from appraisal.evaluation.models import Evaluation
from appraisal.objections.models import Objection
from appraisal.plans.models import Skp
from appraisal.plans.services import flow as skp_flow
from appraisal.plans.services.edit import expectations_save
from appraisal.realisation.models import DailyLog, Evidence, Realisation
from tests.actors import actor, system
from tests.browser.conftest import DEMO_PASSWORD, indonesian, log_in, log_out, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import (
    click_and_wait,
    open_menu,
    open_notification,
    unread_count,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITY = "Menganalisis laporan SKDR minggu ini dan menandai sinyal diare akut di dua puskesmas"
OUTPUT = "Laporan analisis SKDR"
KENDALA = "Dua puskesmas terlambat mengirim laporan SKDR."
FOLLOW_UP = "Pengingat setiap Jumat kepada petugas surveilans puskesmas."
EVIDENCE_NOTE = "Laporan analisis SKDR periode ini"
PDF = {
    "name": "laporan.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF",
}
FEEDBACK = "Analisis mingguan tepat waktu; tambahkan rekomendasi per puskesmas."
NOTES = "Pertahankan ketepatan waktu; perkuat tindak lanjut sinyal bersama puskesmas."
REASONS = (
    "Seluruh target triwulan ini tercapai tepat waktu dan bukti dukung lengkap; "
    "saya mohon Rating Hasil Kerja ditinjau menjadi Di Atas Ekspektasi."
)
DECISION = "Bukti dukung menunjukkan capaian di atas target; rating hasil dan perilaku dinaikkan."
MEETS, ABOVE = "SESUAI_EKSPEKTASI", "DI_ATAS_EKSPEKTASI"
GRACE = dt.timedelta(days=14)
HTMX_BUSY = re.compile(r"\bhtmx-(added|settling|swapping|request)\b")


def open_current_period(today: dt.date, employee: Employee) -> calendar.Period:
    """The BKD admin makes the realisation window of today's period open (for everyone)."""
    cycle = Cycle.objects.prefetch_related("windows").get(year=today.year)
    period = calendar.period_of(cycle.year, cycle.frequency, today)
    window = cycle.windows.get(kind=WindowKind.PERIOD, period=period.number)
    if today < window.opens_on:
        cycles.window_update(
            window,
            period.start,
            window.closes_on,
            "uji: realisasi dibuka sejak awal periode",
            actor=system("the BKD admin opens the window"),
        )
    state = window_state(Cycle.objects.get(pk=cycle.pk), WindowKind.PERIOD, period.number)
    if not state.is_open:
        cycles.window_extend(
            window,
            ExtensionScope.EVERYONE,
            today + GRACE,
            "uji: jendela diperpanjang",
            actor=system("the BKD admin extends the window"),
        )
    unit = employee.position.unit
    assert window_state(
        Cycle.objects.get(pk=cycle.pk),
        WindowKind.PERIOD,
        period.number,
        employee_id=employee.pk,
        opd_id=unit.opd_id or unit.pk,
    ).is_open
    return period


def approve_draft(skp: Skp, ppk: Employee) -> Skp:
    """The employee submits their draft; the PPK writes the expectations and approves it."""
    expectations_save(
        skp,
        {
            value: text.format(data=EXPECTATION_DATA["DINKES"])
            for value, text in EXPECTATIONS.items()
        },
        actor=actor(ppk),
    )
    skp_flow.skp_submit(skp, actor=actor(skp.employee))
    skp_flow.skp_approve(Skp.objects.get(pk=skp.pk), actor=actor(ppk))
    return Skp.objects.get(pk=skp.pk)


def realisation_value(iki) -> str:
    """A plausible value for one quarter: a rate as itself, a yearly count as a quarter of it."""
    target = iki.target_value
    if iki.target_unit == "%":
        return f"{target.normalize():f}"
    return f"{(target / Decimal(4)).quantize(Decimal(1)):f}"


def accept_next_dialog(page) -> None:
    """Forms with data-confirm ask window.confirm (static/js/app.js): say yes."""
    page.once("dialog", lambda dialog: dialog.accept())


def open_team_menu_item(page, href_end: str) -> None:
    open_menu(page)
    page.locator("#mainnav a.dropdown-toggle:has(.bi-people)").click()
    click_and_wait(page, page.locator(f"#mainnav .dropdown-menu a[href$='{href_end}']"))


def open_my_menu_item(page, href_end: str) -> None:
    open_menu(page)
    page.locator("#mainnav a.dropdown-toggle", has_text=indonesian("My performance")).click()
    click_and_wait(page, page.locator(f"#mainnav .dropdown-menu a[href$='{href_end}']"))


def success(page):
    """The flash message (not the page's own green alerts)."""
    return page.locator("main .alert-success[role=alert]")


def test_log_realise_score_finalise_object_decide(phone_page, live_server):
    seed_demo()
    page = phone_page
    today = timezone.localdate()
    employee = Employee.objects.select_related("user", "position__unit").get(
        user__username="pegawai"
    )
    line = reporting_line(employee)
    ppk = Employee.objects.select_related("user").get(pk=line.ppk.employee_id)
    atasan = Employee.objects.select_related("user").get(pk=line.atasan_ppk.employee_id)
    assert ppk.user.username == "atasan", "the demo pegawai's PPK should be the `atasan` login"
    # The kepala bidang has an account without the demo password: give them one to log in with.
    atasan.user.set_password(DEMO_PASSWORD)
    atasan.user.save()
    period = open_current_period(today, employee)
    label = f"{period.label} {today.year}"
    skp = approve_draft(
        Skp.objects.get(employee=employee, cycle__year=today.year, status=SkpStatus.DRAFT), ppk
    )
    assert skp.status == SkpStatus.APPROVED
    rhks = sorted(
        skp.rhks.prefetch_related("ikis"), key=lambda r: (r.section != Section.UTAMA, r.order)
    )
    rhk = rhks[0]  # the first Utama RHK: today's work and the PDF go to it
    ikis = [iki for r in rhks for iki in r.ikis.all()]
    assert ikis and all(iki.target_value is not None for iki in ikis)
    realisation_url = f"{live_server.url}/kinerja/skp/{skp.public_id}/realisasi/{period.number}/"

    # --- 1. The employee logs today's work on "Progres harian". ---
    log_in(page, live_server, "pegawai")
    open_my_menu_item(page, "/kinerja/progres/")
    expect(page.locator("main h1")).to_have_text(indonesian("Daily progress"))
    expect(page.locator("#id_day")).to_have_value(today.isoformat())
    expect_no_horizontal_scroll(page)
    page.select_option("#id_target", f"rhk:{rhk.public_id}")
    page.fill("#id_activity", ACTIVITY)
    page.fill("#id_output", OUTPUT)
    click_and_wait(page, page.locator("[data-testid=save-log]"))
    expect(success(page)).to_contain_text(indonesian("Saved to your daily log."))
    day = page.locator(f"section[aria-labelledby='day-{today.isoformat()}']")
    entry = day.locator("[data-testid=log-entry]")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(ACTIVITY)
    expect(entry).to_contain_text(OUTPUT)
    expect(entry).to_contain_text(rhk.text)
    expect(entry.locator("[data-testid=delete-entry]")).to_be_visible()
    assert DailyLog.objects.filter(skp=skp, day=today, rhk=rhk, activity=ACTIVITY).exists()
    expect_no_horizontal_scroll(page)

    # --- 2. The realisation of the current period: values, a PDF, save, submit. ---
    click_and_wait(page, page.locator("[data-testid=to-realisation]"))
    expect(page).to_have_url(realisation_url)
    expect(page.locator("main h1")).to_contain_text(f"{label}")
    expect(page.locator("[data-testid=read-only]")).to_have_count(0)
    card = page.locator(f"#rhk-{rhk.public_id}")
    expect(card.locator("[data-testid=rhk-logs] summary")).to_contain_text("1")
    expect(page.locator("[data-testid=missing] li")).to_have_count(len(ikis))
    expect(page.locator("[data-testid=submit-realisation]")).to_be_disabled()
    expect_no_horizontal_scroll(page)
    values = {iki.pk: realisation_value(iki) for iki in ikis}
    inputs = page.locator("main input[name^=value_]")
    expect(inputs).to_have_count(len(ikis))
    for pk, value in values.items():
        page.fill(f"input[name=value_{pk}]", value)
    page.fill("#id_kendala", KENDALA)
    page.fill("#id_follow_up", FOLLOW_UP)
    click_and_wait(page, page.locator("[data-testid=save-realisation]"))
    expect(page).to_have_url(realisation_url)
    expect(success(page)).to_contain_text(indonesian("Realisation saved."))
    for pk, value in values.items():
        expect(page.locator(f"input[name=value_{pk}]")).to_have_value(value)
    expect(page.locator("[data-testid=missing]")).to_have_count(0)

    card.locator("details:has([data-testid=evidence-form]) > summary").click()
    form = card.locator("[data-testid=evidence-form]")
    expect(form).to_be_visible()
    form.locator("input[type=file]").set_input_files(PDF)
    form.locator("input[name=description]").fill(EVIDENCE_NOTE)
    click_and_wait(page, form.locator("button[type=submit]"))
    expect(page).to_have_url(f"{realisation_url}#rhk-{rhk.public_id}")
    expect(success(page)).to_contain_text(indonesian("Evidence added."))
    listed = card.locator("[data-testid=evidence]", has_text="laporan.pdf")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(EVIDENCE_NOTE)
    evidence = Evidence.objects.get(skp=skp, rhk=rhk, original_name="laporan.pdf")
    assert evidence.content_type == "application/pdf"
    expect_no_horizontal_scroll(page)

    submit = page.locator("[data-testid=submit-realisation]")
    expect(submit).to_be_enabled()
    accept_next_dialog(page)
    click_and_wait(page, submit)
    expect(success(page)).to_contain_text(
        indonesian("Realisation submitted. Your appraising official has been notified.")
    )
    expect(page.locator("[data-testid=realisation-status]")).to_have_text(indonesian("Submitted"))
    expect(page.locator("[data-testid=save-realisation]")).to_have_count(0)
    expect(page.locator("[data-testid=saved-value]")).to_have_count(len(ikis))
    realisation = Realisation.objects.get(skp=skp, period=period.number)
    assert realisation.status == RealisationStatus.SUBMITTED
    assert realisation.kendala == KENDALA
    expect_no_horizontal_scroll(page)
    log_out(page)

    # --- 3. The PPK rates the row on "Penilaian tim" (htmx), then finalises with feedback. ---
    log_in(page, live_server, "atasan")
    open_team_menu_item(page, "/kinerja/tim/penilaian/")
    expect(page.locator("main h1")).to_have_text(f"{indonesian('Team scoring')} {today.year}")
    expect(page.locator("main .nav-pills .nav-link.active")).to_have_text(period.label)
    evaluation = Evaluation.objects.get(skp=skp, period=period.number)
    row = page.locator(f"#row-{evaluation.public_id}")
    expect(row).to_contain_text(employee.full_name)
    expect(row).to_contain_text(indonesian("submitted"))
    predicate = row.locator("[data-testid=row-predicate]")
    expect(predicate).to_have_text("—")
    expect_no_horizontal_scroll(page)
    page.evaluate("window.__sameDocument = true")
    row.locator("select[name$=rating_hasil]").select_option(MEETS)
    expect(row.get_by_role("status")).to_contain_text(indonesian("saved"))
    # The new row listens for changes once htmx has settled it (it drops "htmx-added").
    expect(row).not_to_have_class(HTMX_BUSY)
    expect(predicate).to_have_text("—")  # one rating is not enough for a predicate
    perilaku = row.locator("select[name$=rating_perilaku]")
    perilaku.focus()
    page.keyboard.press("s")  # type-ahead on the closed select: "Sesuai Ekspektasi"
    expect(perilaku).to_have_value(MEETS)
    expect(predicate).to_have_text("Baik")
    expect(row).not_to_have_class(HTMX_BUSY)
    expect(row.locator("[data-testid=row-problem]")).to_have_count(0)
    assert page.evaluate("window.__sameDocument === true"), "the row saved with a page load"
    evaluation.refresh_from_db()
    assert (evaluation.rating_hasil, evaluation.rating_perilaku) == (MEETS, MEETS)
    assert evaluation.status == EvaluationStatus.DRAFT

    page.reload()
    row = page.locator(f"#row-{evaluation.public_id}")
    expect(row.locator("select[name$=rating_hasil]")).to_have_value(MEETS)
    expect(row.locator("select[name$=rating_perilaku]")).to_have_value(MEETS)
    expect(row.locator("[data-testid=row-predicate]")).to_have_text("Baik")
    expect_no_horizontal_scroll(page)

    click_and_wait(page, row.get_by_role("link", name=employee.full_name))
    expect(page).to_have_url(f"{live_server.url}/kinerja/evaluasi/{evaluation.public_id}/")
    expect(page.locator("main h1")).to_contain_text(label)
    expect(page.locator("main h1 .badge")).to_have_text(indonesian("Being scored"))
    expect(page.locator("#id_rating_hasil")).to_have_value(MEETS)
    expect(page.locator("#id_rating_perilaku")).to_have_value(MEETS)
    expect(page.locator("#predicate-live")).to_have_text("Baik")
    scored = page.locator("[data-testid=eval-rhk]", has_text=rhk.text)
    expect(scored.locator("a", has_text="laporan.pdf")).to_be_visible()
    expect_no_horizontal_scroll(page)
    page.fill(f"#id_rhk_{rhk.pk}_feedback", FEEDBACK)
    page.fill("#id_notes", NOTES)
    click_and_wait(page, page.get_by_role("button", name=indonesian("Save"), exact=True))
    expect(success(page)).to_contain_text(indonesian("Evaluation saved."))
    expect(page.locator(f"#id_rhk_{rhk.pk}_feedback")).to_have_value(FEEDBACK)
    expect(page.locator("#id_notes")).to_have_value(NOTES)
    accept_next_dialog(page)
    click_and_wait(page, page.locator("[data-testid=finalise]"))
    expect(success(page)).to_contain_text(
        indonesian("Evaluation finalised. %(name)s has been notified.")
        % {"name": employee.full_name}
    )
    expect(page.locator("[data-testid=result] [data-testid=predicate]")).to_have_text("Baik")
    expect(page.locator("[data-testid=finalise]")).to_have_count(0)
    expect_no_horizontal_scroll(page)
    log_out(page)

    # --- 4. The employee sees the bell, opens "Hasil kinerja saya", acknowledges, objects. ---
    log_in(page, live_server, "pegawai")
    assert unread_count(page) >= 1
    open_my_menu_item(page, "/kinerja/hasil/")
    expect(page.locator("main h1")).to_have_text(indonesian("My results"))
    result_row = page.locator("main tbody tr", has_text=label)
    expect(result_row).to_contain_text("Baik")
    expect(result_row).to_contain_text(indonesian("please acknowledge"))
    expect_no_horizontal_scroll(page)
    click_and_wait(page, result_row.get_by_role("link", name=indonesian("Open")))
    expect(page).to_have_url(f"{live_server.url}/kinerja/evaluasi/{evaluation.public_id}/")
    result = page.locator("[data-testid=result]")
    expect(result.locator("[data-testid=predicate]")).to_have_text("Baik")
    expect(result).to_contain_text(NOTES)
    expect(page.locator("[data-testid=eval-rhk]", has_text=rhk.text)).to_contain_text(FEEDBACK)
    acknowledge = page.locator("[data-testid=acknowledge]")
    expect(acknowledge).to_have_text(indonesian("I have received this result"))
    expect_no_horizontal_scroll(page)
    click_and_wait(page, acknowledge)
    expect(success(page)).to_contain_text(indonesian("Receipt acknowledged."))
    expect(acknowledge).to_have_count(0)
    click_and_wait(
        page, result.locator(f"a[href$='/kinerja/evaluasi/{evaluation.public_id}/keberatan/']")
    )
    expect(page.locator("[data-testid=objection-deadline]")).to_be_visible()
    expect_no_horizontal_scroll(page)
    page.fill("#id_reasons", REASONS)
    accept_next_dialog(page)
    click_and_wait(page, page.locator("[data-testid=file-objection]"))
    objection = Objection.objects.get(evaluation=evaluation)
    expect(page).to_have_url(f"{live_server.url}/kinerja/keberatan/{objection.public_id}/")
    expect(success(page)).to_contain_text(
        indonesian("Your objection has been sent to %(name)s, who decides it.")
        % {"name": atasan.full_name}
    )
    expect(page.locator("main h1 [data-testid=objection-status]")).to_have_text(
        indonesian("Awaiting the decision")
    )
    expect(page.locator("[data-testid=reasons]")).to_have_text(REASONS)
    assert objection.atasan_employee_id == atasan.pk
    expect_no_horizontal_scroll(page)
    log_out(page)

    # --- 5. The Atasan PPK opens "Keberatan untuk diputuskan" and changes the ratings. ---
    log_in(page, live_server, atasan.user.username)
    assert unread_count(page) >= 1
    open_team_menu_item(page, "/kinerja/keberatan/")
    assigned = page.locator("[data-testid=assigned-table] [data-testid=objection-row]").filter(
        has_text=employee.full_name
    )
    expect(assigned).to_have_count(1)
    expect(assigned).to_contain_text(label)
    expect_no_horizontal_scroll(page)
    click_and_wait(page, assigned.get_by_role("link", name=indonesian("Open")))
    expect(page).to_have_url(f"{live_server.url}/kinerja/keberatan/{objection.public_id}/")
    expect(page.locator("[data-testid=reasons]")).to_have_text(REASONS)
    decision_form = page.locator("[data-testid=decision-form]")
    expect(decision_form).to_be_visible()
    expect_no_horizontal_scroll(page)
    decision_form.locator(f"input[name=outcome][value={ObjectionOutcome.CHANGED}]").check()
    decision_form.locator("select[name=rating_hasil]").select_option(ABOVE)
    decision_form.locator("select[name=rating_perilaku]").select_option(ABOVE)
    decision_form.locator("textarea[name=notes]").fill(DECISION)
    accept_next_dialog(page)
    click_and_wait(page, decision_form.locator("button[type=submit]"))
    expect(success(page)).to_contain_text(
        indonesian("Decision recorded. The employee and the PPK are notified.")
    )
    expect(page.locator("[data-testid=decision]")).to_contain_text(indonesian("Ratings changed"))
    expect(page.locator("[data-testid=decision]")).to_contain_text(DECISION)
    expect(page.locator("[data-testid=decision-form]")).to_have_count(0)
    expect(
        page.locator("[data-testid=evaluation-summary] [data-testid=predicate]")
    ).to_contain_text("Sangat Baik")
    expect_no_horizontal_scroll(page)
    objection.refresh_from_db()
    evaluation.refresh_from_db()
    assert objection.status == ObjectionStatus.DECIDED
    assert (evaluation.rating_hasil, evaluation.rating_perilaku) == (ABOVE, ABOVE)
    log_out(page)

    # --- 6. The employee reads the decision and downloads both evaluation PDFs. ---
    decided = indonesian(
        "The objection to the evaluation %(period)s of %(name)s is decided: the ratings were "
        "changed; the predicate is now %(predicate)s."
    ) % {"period": label, "name": employee.full_name, "predicate": "Sangat Baik"}
    log_in(page, live_server, "pegawai")
    open_notification(page, decided)
    expect(page).to_have_url(f"{live_server.url}/kinerja/keberatan/{objection.public_id}/")
    expect(page.locator("[data-testid=decision]")).to_contain_text(DECISION)
    expect(page.locator("main h1 [data-testid=objection-status]")).to_have_text(
        indonesian("Decided")
    )
    expect(page.locator("[data-testid=message-form]")).to_have_count(0)
    expect_no_horizontal_scroll(page)
    click_and_wait(page, page.locator("[data-testid=evaluation-summary] a"))
    expect(page.locator("[data-testid=result] [data-testid=predicate]")).to_have_text("Sangat Baik")
    expect(page.locator("[data-testid=result]")).to_contain_text(indonesian("Decided"))
    for name in ("Evaluation (PDF)", "Document (PDF)"):
        link = page.get_by_role("link", name=indonesian(name))
        expect(link).to_be_visible()
        response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
        assert response.status == 200, name
        assert response.headers["content-type"].startswith("application/pdf"), name
        assert response.body()[:5] == b"%PDF-", name
    expect(page).to_have_url(re.compile(rf"/kinerja/evaluasi/{evaluation.public_id}/$"))
