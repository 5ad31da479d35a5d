"""Calibration, then closing: the kepala dinas finalises a bidang, the BKD closes the year.

The kepala dinas (`kadis`) sets the organisational predicate of a bidang of their OPD for the
current period, reads the chart of actual against allowed predicates (counted over everyone who
must be rated) and tries to finalise: refused, since others of the bidang have no final result
yet (issue 20, point 10). The BKD admin (`admin.bkd`) finalises it with a justification and the
reason for doing so without them, downloads the Format Penetapan Predikat Kinerja, reads the
completeness report of that period, closes it with its gaps and, the three results' objection
windows still running, a written reason (issue 20, point 2), then closes the cycle. On a 390 px phone the employee (`pegawai`) is refused a daily log entry in
the closed period and, once the cycle is closed, can change nothing.

Made to pass on any day of the year: everything happens in the current cycle and period. The
set-up approves the employee's draft SKP (so they have a daily log and a realisation page), opens
the current period's realisation window when today comes before it (as the evaluation journey
does) and has three PPKs of the bidang finalise Sangat Baik evaluations through the services, so
that a bidang rated Istimewa (Sangat Baik at most 70 %) breaches its pattern.
"""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.org.models import Employee, OrgUnit
from accounts.org.reporting import reporting_line
from accounts.org.selectors import opd_tree, subtree_ids
from appraisal import rules
from appraisal.calibration import services as calibration_services
from appraisal.calibration.selectors import unrated_employees
from appraisal.choices import CycleStatus, EvaluationStatus, SkpStatus, WindowKind
from appraisal.cycles.models import Cycle, PeriodClosure, UnitFinalisation, UnitPredicate
from appraisal.cycles.windows import closure_refusal, window_state
from appraisal.evaluation.services import evaluation_finalise, evaluation_for, evaluation_save
from appraisal.plans.models import Skp
from tests.actors import actor, system
from tests.browser.conftest import indonesian, indonesian_in_context, log_in, log_out, seed_demo
from tests.browser.test_evaluation_journey import (
    accept_next_dialog,
    approve_draft,
    open_current_period,
)
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIDANG = "DINKES.P2P"
# Three of the bidang's approved demo SKPs (unit code, post), none of them a unit head.
RATED = (
    ("DINKES.P2P", "Epidemiolog Kesehatan Ahli Muda"),
    ("DINKES.P2P.SURIM", "Perawat Terampil"),
    ("DINKES.P2P.P2M", "Epidemiolog Kesehatan Ahli Pertama"),
)
SANGAT_BAIK = ("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")  # rating hasil, rating perilaku
ORG_PREDICATE = "ISTIMEWA"
JUSTIFICATION = (
    "Ketiga pegawai menuntaskan respons KLB difteri triwulan ini di atas target; "
    "capaian tersebut didukung laporan penyelidikan epidemiologi."
)
ACTIVITY = "Menyusun laporan mingguan SKDR setelah siklus ditutup"
UNRATED_REASON = "Penilaian pegawai lain menyusul; kalibrasi triwulan ini dikunci atas arahan BKD."
RIGHTS_REASON = "Batas unggah ke BKN; keberatan yang masuk tepat waktu tetap diputus."


def finalise_sangat_baik(cycle: Cycle, period: int) -> None:
    """Each rated employee's PPK scores Sangat Baik and finalises (as on the scoring page)."""
    for unit_code, post in RATED:
        skp = Skp.objects.select_related("employee").get(
            cycle=cycle,
            status=SkpStatus.APPROVED,
            position__unit__code=unit_code,
            position__name=post,
        )
        ppk = Employee.objects.select_related("user").get(
            pk=reporting_line(skp.employee).ppk.employee_id
        )
        scorer = actor(ppk)
        evaluation = evaluation_for(skp, period, actor=system())
        evaluation = evaluation_save(
            evaluation,
            expected_version=evaluation.version,
            rating_hasil=SANGAT_BAIK[0],
            rating_perilaku=SANGAT_BAIK[1],
            notes="Capaian di atas ekspektasi.",
            actor=scorer,
        )
        finalised = evaluation_finalise(evaluation, actor=scorer)
        assert finalised.status == EvaluationStatus.FINALISED
        assert finalised.predicate == rules.Predicate.SANGAT_BAIK.name


def open_nav_item(page, toggle, href_end: str) -> None:
    """A navbar dropdown item (the navbar collapses below 1200 px: expand it first)."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#mainnav.show").wait_for()
    page.locator(f"#mainnav a.dropdown-toggle:has({toggle})").click()
    click_and_wait(page, page.locator(f"#mainnav .dropdown-menu a[href$='{href_end}']"))


def flash(page, kind: str):
    return page.locator(f"main .alert-{kind}[role=alert]")


def test_calibrate_finalise_close_period_and_cycle_then_read_only(page, phone_page, live_server):
    seed_demo()
    today = timezone.localdate()
    pegawai = Employee.objects.select_related("user", "position__unit").get(
        user__username="pegawai"
    )
    line = reporting_line(pegawai)
    atasan = Employee.objects.select_related("user").get(pk=line.ppk.employee_id)
    skp = approve_draft(
        Skp.objects.get(employee=pegawai, cycle__year=today.year, status=SkpStatus.DRAFT), atasan
    )
    period = open_current_period(today, pegawai)
    cycle = Cycle.objects.get(year=today.year)
    assert cycle.status == CycleStatus.OPEN and cycle.breach_policy == "justify"
    label = f"{period.label} {today.year}"
    finalise_sangat_baik(cycle, period.number)

    # What the page must show, from the same rules the app uses: the distribution is judged over
    # everyone of the bidang who must be rated, the three rated and those still without a result.
    org = rules.OrgPredicate[ORG_PREDICATE]
    counts = {rules.Predicate.SANGAT_BAIK: len(RATED)}
    unit = OrgUnit.objects.get(code=BIDANG)
    unrated = unrated_employees(cycle, subtree_ids(unit.pk, opd_tree(unit)), period.number)
    size = rules.distribution_size(counts, len(unrated))
    limits = calibration_services.limits_for(cycle)
    cap = next(limit for limit in limits[org] if limit.predicates == (rules.Predicate.SANGAT_BAIK,))
    allowed = cap.allowed(size)
    breaches = rules.distribution_breaches(org, counts, limits, size)
    with translation.override("id"):
        sentences = [calibration_services.breach_sentence(org.label, b) for b in breaches]
    unit_url = f"{live_server.url}/kinerja/kalibrasi/{today.year}/{BIDANG}/{period.number}/"

    # --- 1. The kepala dinas calibrates the bidang P2P and finalises it with a justification. ---
    log_in(page, live_server, "kadis")
    open_nav_item(page, ".bi-people", "/kinerja/kalibrasi/")
    expect(page.locator("main h1")).to_contain_text(indonesian("Calibration"))
    row = page.locator(
        "[data-testid=unit-row]", has=page.locator(f"a[href$='/{BIDANG}/{period.number}/']")
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(indonesian("Not set"))
    expect(row).to_contain_text(indonesian("Open for changes"))
    click_and_wait(page, row.locator("a").first)
    expect(page).to_have_url(unit_url)
    expect(page.locator("main h1")).to_have_text("Bidang Pencegahan dan Pengendalian Penyakit")
    expect(page.locator("[data-testid=org-predicate]")).to_contain_text(
        indonesian(
            "Not set yet. The leader one level up sets it; it fixes the allowed distribution of employee predicates."
        )
    )
    expect(page.locator("[data-testid=finalise]")).to_have_count(0)  # the predicate comes first
    # The kepala dinas is the leader one level up of their bidang: no reason is asked.
    form = page.locator("[data-testid=predicate-form]")
    expect(form.locator("textarea[name=reason]")).to_have_count(0)
    form.locator("select[name=predicate]").select_option(ORG_PREDICATE)
    click_and_wait(page, form.locator("button[type=submit]"))
    expect(flash(page, "success")).to_contain_text(indonesian("Organisational predicate saved."))
    expect(page.locator("[data-testid=org-predicate-value]")).to_have_text(org.label)
    saved = UnitPredicate.objects.get(cycle=cycle, unit__code=BIDANG, period=period.number)
    assert saved.predicate == ORG_PREDICATE and saved.set_by.username == "kadis"

    # The chart is drawn (Chart.js on the canvas) and the table repeats its numbers.
    expect(page.locator("#calibration-chart")).to_be_visible()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.getElementById('calibration-chart'))"
    )
    assert page.evaluate("document.getElementById('calibration-chart').width") > 0
    table = page.locator("[data-testid=chart-table]")
    sb_row = table.locator("tbody tr", has_text=rules.Predicate.SANGAT_BAIK.label).first
    expect(sb_row.locator("td")).to_have_text(
        [rules.Predicate.SANGAT_BAIK.label, str(len(RATED)), str(allowed), "—"]
    )
    expect(page.locator("[data-testid=pattern] li.text-danger")).to_have_count(len(breaches))

    # The breaches, in words (if any over the whole bidang); justify mode asks for a reason.
    warning = page.locator("[data-testid=breaches]")
    for sentence in sentences:
        expect(warning).to_contain_text(sentence)
    finalise = page.locator("[data-testid=finalise-form]")
    if breaches:
        expect(finalise).to_contain_text(
            indonesian(
                "This cycle requires a written justification to finalise a unit that breaches "
                "its pattern."
            )
        )
        expect(finalise.locator("textarea[name=justification]")).to_have_attribute("required", "")
    finalise.locator("textarea[name=justification]").fill(JUSTIFICATION)
    # Others of the bidang with an approved SKP have no final result yet: the kepala dinas is
    # refused, naming them (issue 20, point 10); only the admin BKD may finalise without them.
    unrated = page.locator("[data-testid=unrated-count]")
    expect(unrated).to_be_visible()
    expect(finalise.locator("textarea[name=unrated_reason]")).to_have_count(0)
    click_and_wait(page, finalise.locator("button[type=submit]"))
    expect(page.locator("[data-testid=finalise-error]")).to_be_visible()
    assert not UnitFinalisation.objects.filter(cycle=cycle, unit__code=BIDANG).exists()
    log_out(page)
    log_in(page, live_server, "admin.bkd")
    page.goto(unit_url)
    finalise = page.locator("[data-testid=finalise-form]")
    finalise.locator("textarea[name=justification]").fill(JUSTIFICATION)
    finalise.locator("textarea[name=unrated_reason]").fill(UNRATED_REASON)
    click_and_wait(page, finalise.locator("button[type=submit]"))
    expect(flash(page, "warning" if breaches else "success")).to_be_visible()
    expect(page.locator("[data-testid=unrated-reason]")).to_have_text(UNRATED_REASON)
    done = page.locator("[data-testid=finalised]")
    expect(done).to_be_visible()
    expect(page.locator("[data-testid=justification]")).to_have_text(JUSTIFICATION)
    for sentence in sentences:
        expect(page.locator("[data-testid=stored-breaches]")).to_contain_text(sentence)
    expect(page.locator("[data-testid=predicate-form]")).to_have_count(0)
    expect(page.locator("[data-testid=finalise-form]")).to_have_count(0)
    finalisation = UnitFinalisation.objects.get(
        cycle=cycle, unit__code=BIDANG, period=period.number
    )
    assert finalisation.justification == JUSTIFICATION
    assert len(finalisation.breaches) == len(breaches)

    pdf_link = page.locator("[data-testid=org-predicate] a[href$='penetapan.pdf']")
    expect(pdf_link).to_be_visible()
    response = page.request.get(f"{live_server.url}{pdf_link.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body().startswith(b"%PDF-")
    log_out(page)

    # --- 2. The BKD admin reads the completeness report, closes the period, then the cycle. ---
    log_in(page, live_server, "admin.bkd")
    open_nav_item(page, ".bi-calendar-check", "/kinerja/siklus/")
    click_and_wait(page, page.locator(f"main a[href$='/siklus/{today.year}/']").first)
    click_and_wait(page, page.locator(f"main a[href$='/siklus/{today.year}/penutupan/']"))
    expect(page).to_have_url(f"{live_server.url}/kinerja/siklus/{today.year}/penutupan/")
    period_row = page.locator(f"[data-testid=period-{period.number}]")
    expect(period_row).to_contain_text(indonesian_in_context("cycle status", "Open"))
    click_and_wait(page, period_row.locator("a"))
    expect(page.locator("main h1")).to_contain_text(label)
    report = page.locator("main table")
    dinkes = report.locator("tbody tr", has_text="Dinas Kesehatan").first
    expect(dinkes).to_be_visible()
    employees = int(dinkes.locator("td").nth(1).inner_text())
    assert employees > 0
    expect(report.locator("tbody tr", has_text="Dinas Kependudukan")).not_to_have_count(0)
    # The names behind the gaps: the pegawai has no submitted realisation yet.
    # The agency-wide report counts; each OPD's names are one click away (its filtered report).
    names_link = report.locator("a", has_text="Dinas Kesehatan").first
    click_and_wait(page, names_link)
    names = page.locator("main table details", has_text="Dinas Kesehatan").first
    names.locator("summary").click()
    expect(names).to_contain_text(f"{pegawai.nip} · {pegawai.name}")
    confirm = page.locator("#confirm_gaps")
    expect(confirm).to_be_visible()
    confirm.check()
    # The three finalised results' objection windows still run (issue 20, point 2).
    expect(page.locator("[data-testid=rights-windows]")).to_contain_text(str(len(RATED)))
    page.locator("#rights_reason").fill(RIGHTS_REASON)
    click_and_wait(page, page.locator(f"form[action$='/penutupan/{period.number}/tutup/'] button"))
    expect(flash(page, "success")).to_be_visible()
    expect(page.locator("main h1 .badge")).to_have_text(indonesian("Closed"))
    closure = PeriodClosure.objects.get(cycle=cycle, period=period.number, reopened_at__isnull=True)
    assert closure.gap_count > 0 and closure.closed_by.username == "admin.bkd"

    # The employee, on their phone, tries to log today's work in the closed period: refused.
    with translation.override("id"):
        period_refusal = closure_refusal(closure)
    phone = phone_page
    log_in(phone, live_server, "pegawai")
    phone.goto(f"{live_server.url}/kinerja/progres/")
    form = phone.locator("[data-testid=daily-log-form]")
    rhk = skp.rhks.order_by("order").first()
    form.locator("#id_day").fill(today.isoformat())
    form.locator("#id_target").select_option(f"rhk:{rhk.public_id}")
    form.locator("#id_activity").fill(ACTIVITY)
    form.locator("#id_output").fill("Laporan SKDR")
    click_and_wait(phone, form.locator("[data-testid=save-log]"))
    expect(phone.locator("[data-testid=form-errors]")).to_contain_text(period_refusal)
    expect(phone.locator("[data-testid=log-entry]", has_text=ACTIVITY)).to_have_count(0)
    assert not skp.daily_logs.filter(activity=ACTIVITY).exists()
    expect_no_horizontal_scroll(phone)

    click_and_wait(page, page.locator(f".breadcrumb a[href$='/siklus/{today.year}/penutupan/']"))
    expect(page.locator(f"[data-testid=period-{period.number}]")).to_contain_text(
        indonesian("Closed")
    )
    page.locator("#cycle-confirm").check()
    page.locator("#cycle-rights-reason").fill(RIGHTS_REASON)
    accept_next_dialog(page)
    click_and_wait(page, page.locator(f"form[action$='/siklus/{today.year}/tutup/'] button"))
    expect(flash(page, "success")).to_be_visible()
    expect(page.locator("main h1 .badge")).to_have_text(indonesian("Closed"))
    expect(page.locator(f"form[action$='/siklus/{today.year}/buka-kembali/']")).to_be_visible()
    assert Cycle.objects.get(pk=cycle.pk).status == CycleStatus.CLOSED
    closable = len(cycle.periods) + 1  # every period and the annual evaluation
    assert PeriodClosure.objects.filter(cycle=cycle, reopened_at__isnull=True).count() == closable
    log_out(page)

    # --- 3. On a phone, the employee can change nothing any more. ---
    closed = Cycle.objects.prefetch_related("windows").get(pk=cycle.pk)
    with translation.override("id"):
        refusal = window_state(closed, WindowKind.PERIOD, period.number).refusal
    assert refusal
    phone.goto(f"{live_server.url}/kinerja/skp/{skp.public_id}/")
    expect(phone.locator("main h1")).to_contain_text(f"SKP {today.year}")
    expect(phone.locator("[data-testid=window-closed]")).to_contain_text(refusal)
    expect(phone.locator("[data-testid=submit-skp]")).to_have_count(0)
    expect(phone.locator("form[action$='/revisi/']")).to_have_count(0)
    expect(phone.locator("main form[method=post]")).to_have_count(0)
    expect_no_horizontal_scroll(phone)

    # With the cycle closed the daily log offers no form any more, only a notice.
    phone.goto(f"{live_server.url}/kinerja/progres/")
    expect(phone.locator("[data-testid=daily-log-form]")).to_have_count(0)
    expect(phone.locator("main .alert").first).to_be_visible()
    expect_no_horizontal_scroll(phone)

    phone.goto(f"{live_server.url}/kinerja/skp/{skp.public_id}/realisasi/{period.number}/")
    expect(phone.locator("main h1")).to_contain_text(label)
    expect(phone.locator("[data-testid=read-only]")).to_contain_text(refusal)
    expect(phone.locator("[data-testid=submit-realisation]")).to_have_count(0)
    expect(phone.locator("main form[method=post]")).to_have_count(0)
    expect_no_horizontal_scroll(phone)
