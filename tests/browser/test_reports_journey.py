"""Reports: the BKD admin downloads the ranking and the completion recap, and reads the charts.

On the demo agency, the admin BKD (`admin.bkd`) opens the reports page, picks last year's closed
cycle (the demo's full year of results), downloads the agency-wide ranking (a small export: it
streams at once) and the SKP and evaluation completion recap (made "large" for this test, so it
runs as an export job: eager Celery, as with the zero-env default, finishes it before the page
comes back and the job shows its download link). Both files are read back with openpyxl and
checked against the database. Then the dashboard draws its charts with the vendored Chart.js, on
a desktop and on a 390 px phone.

Set KINERJA_SHOTS to a folder to keep screenshots of the pages (reports-*.png).
"""

from __future__ import annotations

import os

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from appraisal.choices import CycleStatus, EvaluationStatus
from appraisal.cycles.models import Cycle
from appraisal.evaluation.models import Evaluation
from reports.exporters.ranking import RANKING_COLUMNS
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("KINERJA_SHOTS", "")


def shot(page, name: str) -> None:
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.wait_for_timeout(1500)  # let Chart.js finish its animation
        page.screenshot(path=os.path.join(SHOTS, f"reports-{name}.png"), full_page=True)


def download(page, button, tmp_path, name: str):
    with page.expect_download() as info:
        button.click()
    target = tmp_path / name
    info.value.save_as(target)
    return info.value.suggested_filename, load_workbook(target)


def wait_for_chart(page, canvas_id: str) -> None:
    page.wait_for_function(
        f"() => window.Chart && Chart.getChart(document.getElementById('{canvas_id}'))"
    )
    assert page.evaluate(f"document.getElementById('{canvas_id}').width") > 0


def test_admin_bkd_downloads_ranking_and_recap_and_reads_the_dashboard(
    page, phone_page, live_server, tmp_path, settings
):
    seed_demo()
    settings.REPORTS_STREAM_MAX_ROWS = 300  # the ranking streams; the recap becomes a job
    cycle = Cycle.objects.filter(status=CycleStatus.CLOSED).order_by("-year").first()
    assert cycle is not None, "the demo seeds a closed year of results"
    ranked = (
        Evaluation.objects.filter(skp__cycle=cycle, period=0, status=EvaluationStatus.FINALISED)
        .values("skp__employee_id")
        .distinct()
        .count()
    )
    assert 0 < ranked <= 300

    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/laporan/")
    expect(page.locator("main h1")).to_have_text(indonesian("Reports"))
    filters = page.locator("[data-testid=report-filters]")
    filters.locator("select[name=year]").select_option(str(cycle.year))
    click_and_wait(page, filters.locator("button[type=submit]"))
    shot(page, "page-1280")

    # 1. The ranking streams at once.
    row = page.locator("[data-testid=export-ranking]")
    expect(row).to_contain_text(indonesian("Ranking of employees"))
    name, workbook = download(page, row.locator("button[type=submit]"), tmp_path, "r.xlsx")
    assert name == f"ranking-{cycle.year}.xlsx"
    sheet = workbook["Peringkat"]
    header = [cell.value for cell in sheet[1]]
    assert header == [column.header for column in RANKING_COLUMNS]
    assert header[:9] == [
        "Peringkat", "NIP", "Nama", "Jabatan", "Unit Kerja", "Pejabat Penilai",
        "Rating Hasil Kerja", "Rating Perilaku Kerja", "Predikat",
    ]  # fmt: skip
    assert sheet.max_row == ranked + 1
    assert sheet["A2"].value == 1 and sheet.freeze_panes == "A2"
    ranks = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert ranks == sorted(ranks)

    # 2. The completion recap is large here: it becomes a job with its download link.
    row = page.locator("[data-testid=export-completion_recap]")
    click_and_wait(page, row.locator("button[type=submit]"))
    expect(page.locator("main .alert-info[role=alert]")).to_be_visible()
    job = page.locator("[data-testid=job]").first
    expect(job).to_have_attribute("data-status", "done")
    expect(job).to_contain_text(indonesian("SKP and evaluation completion recap"))
    shot(page, "job-1280")
    name, workbook = download(page, job.locator("[data-testid=job-download]"), tmp_path, "c.xlsx")
    assert name == f"completion-recap-{cycle.year}.xlsx"
    assert workbook.sheetnames[1:] == ["Rekap per OPD", "Belum Mengisi"]
    summary = workbook["Rekap per OPD"]
    assert summary["A1"].value == "OPD" and summary["A1"].font.bold
    assert summary.max_row > 2

    # 3. The dashboard draws its charts from the data.
    click_and_wait(page, page.locator("[data-testid=dashboard-link]"))
    expect(page.locator("main h1")).to_have_text(indonesian("Performance dashboard"))
    wait_for_chart(page, "distribution-chart")
    wait_for_chart(page, "completion-chart")
    table = page.locator("[data-testid=distribution-table] tbody tr")
    expect(table.first).to_contain_text("Sangat Baik")
    shot(page, "dashboard-1280")

    # 4. On a phone: the same page, no sideways scrolling, the charts still drawn.
    log_in(phone_page, live_server, "admin.bkd")
    phone_page.goto(f"{live_server.url}/laporan/?year={cycle.year}")
    expect_no_horizontal_scroll(phone_page)
    shot(phone_page, "page-390")
    phone_page.goto(f"{live_server.url}/laporan/dasbor/?year={cycle.year}")
    wait_for_chart(phone_page, "distribution-chart")
    wait_for_chart(phone_page, "completion-chart")
    expect_no_horizontal_scroll(phone_page)
    shot(phone_page, "dashboard-390")


def test_pegawai_sees_their_history_chart(page, live_server):
    seed_demo()
    log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/laporan/dasbor/")
    expect(page.locator("[data-testid=history]")).to_be_visible()
    if page.locator("#history-chart").count():
        wait_for_chart(page, "history-chart")
    shot(page, "history-1280")
    assert page.request.get(f"{live_server.url}/laporan/").status == 403
