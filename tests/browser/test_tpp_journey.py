"""TPP (Tambahan Penghasilan Pegawai): a month's run by the admin BKD, read by the employee on a
phone, refused to those who may not see it.

The demo (tpp/demo.py) holds the example scheme and the last two complete months before today,
the older one locked and the latest one computed for every OPD. Here:

1. The admin BKD downloads the recap template, uploads two Dinas Kesehatan employees' rows for the
   latest month (then a broken file: refused whole, with its row report), computes DINKES again,
   finds the pegawai's line, locks the month and downloads the month's recap workbook.
2. The pegawai, on a 390 px phone, reads the latest month line by line (as stored in Line.detail),
   tries "Bagaimana jika?" with Sangat Baik, downloads the PDF and sees the lock's notification.
3. The pegawai gets 403 on the admins' pages; the atasan gets 404 on another OPD's employee.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from accounts.org.models import Employee, OrgUnit
from accounts.org.roles import actor_of_user
from reports.exporters.base import month_label
from tests.browser.conftest import PHONE, indonesian, log_in, log_out, seed_demo
from tests.browser.test_skp_journey import click_and_wait
from tpp.attendance.models import Recap, RecapImport
from tpp.demo import demo_months
from tpp.months import simulation
from tpp.months.models import Line, Month
from tpp.months.services import month_lock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPD = "DINKES"
UNKNOWN_NIP = "199901012022031099"  # nobody in the demo
# The month recap's columns, as the BKAD receives them (tpp/months/exporter.py).
RECAP_HEADER = [
    "NIP", "Nama", "Jabatan", "Kelas Jabatan", "Basis TPP", "Predikat",
    "Persentase Kinerja", "Potongan Disiplin", "TPP Bruto", "TPP Diterima",
]  # fmt: skip


def latest_month():
    """The demo's latest month: computed for every OPD, not locked."""
    return demo_months(timezone.localdate())[-1]


def rupiah(amount: int) -> str:
    """Money as the TPP pages write it: "Rp 1.234.567" (written here, not by the app's filter)."""
    return f"Rp {amount:,}".replace(",", ".")


def employee(username: str) -> Employee:
    return Employee.objects.get(user__username=username)


def recap_values(recap: Recap) -> tuple:
    return recap.late, recap.early, recap.absent_days, recap.leave_days


def download(page, trigger, tmp_path, name: str):
    """Click `trigger`, save what the browser downloads; (suggested file name, workbook)."""
    with page.expect_download() as info:
        trigger.click()
    target = tmp_path / name
    info.value.save_as(target)
    return info.value.suggested_filename, load_workbook(target)


def recap_file(template, rows: list[dict], path) -> None:
    """The template's header and the template's own rows (NIP, Nama, Bulan) of the NIPs in
    `rows`, filled with their counts; a row whose NIP the template lacks is typed in full."""
    sheet = template["Rekap"]
    header = [cell.value for cell in sheet[1]]
    given = {str(r[0]): list(r) for r in sheet.iter_rows(min_row=2, values_only=True)}
    book = Workbook()
    out = book.active
    out.title = "Rekap"
    out.append(header)
    for counts in rows:
        line = given.get(counts["NIP"], [counts["NIP"], "", ""] + [None] * (len(header) - 3))
        out.append([counts.get(column, line[index]) for index, column in enumerate(header)])
    book.save(path)


def upload(page, span, path) -> None:
    """Send a recap file for DINKES and the month given, as the admin fills the form."""
    form = page.locator("[data-testid=tpp-recap-form]")
    form.locator("#id_year").fill(str(span.year))
    form.locator("#id_month").select_option(str(span.month))
    form.locator("#id_opd").select_option(OPD)
    form.locator("#id_file").set_input_files(str(path))
    click_and_wait(page, form.locator("[data-testid=tpp-recap-submit]"))


def open_recaps_from_the_menu(page, live_server) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name=indonesian("Performance"), exact=True).click()
    click_and_wait(page, page.get_by_role("link", name=indonesian("TPP (allowance)")))
    expect(page).to_have_url(re.compile(r"/kelola/tpp/$"))
    click_and_wait(page, page.locator("[data-testid=tpp-to-recaps]"))
    expect(page).to_have_url(re.compile(r"/kelola/tpp/absensi/$"))
    expect(page.locator("main h1")).to_have_text(indonesian("Attendance recap for a month"))


def import_two_rows(page, span, tmp_path) -> dict[str, tuple]:
    """Download the template, fill the pegawai's and the atasan's rows, upload them for DINKES;
    returns what each NIP's recap must now hold."""
    name, template = download(
        page, page.locator("[data-testid=tpp-recap-template]"), tmp_path, "templat.xlsx"
    )
    assert name == f"rekap-absensi-{span.year}-{span.month:02d}.xlsx"
    assert [c.value for c in template["Rekap"][1]][:4] == ["NIP", "Nama", "Bulan", "TL1"]
    pegawai, atasan = employee("pegawai"), employee("atasan")
    listed = {r[0]: r for r in template["Rekap"].iter_rows(min_row=2, values_only=True)}
    for person in (pegawai, atasan):  # each active employee's row, NIP and month filled in
        assert listed[person.nip][1:3] == (person.full_name, f"{span.year}-{span.month:02d}")
    rows = [{"NIP": pegawai.nip, "TL1": 3, "TK": 1}, {"NIP": atasan.nip, "PSW2": 2, "CT": 1}]
    wanted = {
        pegawai.nip: ([3, 0, 0, 0], [0, 0, 0, 0], 1, {}),
        atasan.nip: ([0, 0, 0, 0], [0, 2, 0, 0], 0, {"CT": 1}),
    }
    month_recaps = Recap.objects.filter(year=span.year, month=span.month)
    in_opd = month_recaps.filter(employee__position__unit__opd__code=OPD)
    for recap in in_opd.filter(employee__nip__in=wanted).select_related("employee"):
        assert recap_values(recap) != wanted[recap.employee.nip], "the upload must change both"
    # Every recap of the OPD is replaced: the two rows by their new counts, the others removed
    # (the template's guide: an employee missing from the new file loses their recap).
    replaced = in_opd.count()
    recap_file(template, rows, tmp_path / "rekap-dinkes.xlsx")
    upload(page, span, tmp_path / "rekap-dinkes.xlsx")

    message = indonesian(
        "%(rows)s recaps imported for %(month)02d/%(year)s; %(replaced)s replaced."
    )
    shown = message % {"rows": 2, "month": span.month, "year": span.year, "replaced": replaced}
    expect(page.locator("main .alert-success")).to_contain_text(shown)
    latest = page.locator("[data-testid=tpp-recap-imports] tbody tr").first
    expect(latest).to_contain_text(OPD)
    expect(latest).to_contain_text(f"{span.month:02d}/{span.year}")
    for recap in month_recaps.filter(employee__nip__in=wanted).select_related("employee"):
        assert recap_values(recap) == wanted[recap.employee.nip]
    return wanted


def refuse_a_broken_file(page, span, tmp_path, wanted: dict[str, tuple]) -> None:
    """A negative count (row 2) and an unknown NIP (row 3): listed by row, nothing written."""
    imports = RecapImport.objects.count()
    _, template = download(
        page, page.locator("[data-testid=tpp-recap-template]"), tmp_path, "templat-2.xlsx"
    )
    pegawai = employee("pegawai").nip
    rows = [{"NIP": pegawai, "TL1": -1, "TK": 1}, {"NIP": UNKNOWN_NIP, "TL1": 2}]
    recap_file(template, rows, tmp_path / "rekap-rusak.xlsx")
    upload(page, span, tmp_path / "rekap-rusak.xlsx")

    report = page.locator("[data-testid=tpp-recap-errors]")
    with translation.override("id"):
        title = translation.ngettext(
            "The file has %(count)s problem: nothing was imported.",
            "The file has %(count)s problems: nothing was imported.",
            2,
        ) % {"count": 2}
    expect(report.locator("h2")).to_have_text(title)
    negative = indonesian("%(column)s must be a whole number of 0 or more, not “%(value)s”.")
    unknown = indonesian("No employee has NIP %(nip)s.")
    expected = [
        ["2", pegawai, "TL1", negative % {"column": "TL1", "value": -1}],
        ["3", UNKNOWN_NIP, "NIP", unknown % {"nip": UNKNOWN_NIP}],
    ]
    table = report.locator("tbody tr")
    expect(table).to_have_count(len(expected))
    for index, cells in enumerate(expected):
        expect(table.nth(index).locator("td")).to_have_text(cells)
    expect(page.locator("main .alert-success")).to_have_count(0)
    # Nothing changed: no import recorded, the first upload's recaps as they were.
    assert RecapImport.objects.count() == imports
    recaps = Recap.objects.filter(year=span.year, month=span.month, employee__nip__in=wanted)
    assert {r.employee.nip: recap_values(r) for r in recaps.select_related("employee")} == wanted


def find_line_row(page, nip: str):
    """The lines come 25 a page, by name: page on until the NIP's row shows."""
    row = page.locator("[data-testid=tpp-lines] tbody tr", has_text=nip)
    for _ in range(10):
        if row.count():
            return row
        click_and_wait(page, page.get_by_role("link", name=indonesian("Next"), exact=True))
    pytest.fail(f"no line of {nip} on any page")


def compute_again_and_lock(page, live_server, span) -> Line:
    """From the month across OPDs: compute DINKES again, check the pegawai's line, lock."""
    page.goto(f"{live_server.url}/kelola/tpp/{span.year}/{span.month}/")
    dinkes = OrgUnit.objects.get(code=OPD)
    row = page.locator(f"[data-testid=tpp-month-opds] tr[data-opd='{OPD}']")
    click_and_wait(page, row.get_by_role("button", name=indonesian("Compute again")))
    computed = indonesian("TPP computed for %(opd)s.") % {"opd": dinkes.label}
    expect(page.locator("main .alert-success")).to_contain_text(computed)
    expect(page.locator("main h1")).to_have_text(dinkes.label)

    pegawai = employee("pegawai")
    line = Line.objects.get(employee=pegawai, month__year=span.year, month__month=span.month)
    # The line was computed from the uploaded recap: TL1 three times, one day absent.
    assert [(d["code"], d["count"]) for d in line.detail["deductions"]] == [("TL1", 3), ("TK", 1)]
    received = find_line_row(page, pegawai.nip).locator(
        f"td[data-label='{indonesian('Received')}']"
    )
    expect(received).to_have_text(rupiah(line.received))

    click_and_wait(page, page.locator("[data-testid=tpp-lock]"))
    expect(page.locator("main .alert-success")).to_contain_text(
        indonesian("The month is locked; its employees are told.")
    )
    expect(page.locator("[data-testid=tpp-month-state]")).to_have_text(indonesian("Locked"))
    expect(page.locator("[data-testid=tpp-lock]")).to_have_count(0)
    assert Month.objects.get(year=span.year, month=span.month, opd=dinkes).is_locked
    return line


def test_admin_bkd_imports_a_recap_computes_locks_and_exports(page, live_server, tmp_path):
    seed_demo()
    span = latest_month()
    log_in(page, live_server, "admin.bkd")
    open_recaps_from_the_menu(page, live_server)
    wanted = import_two_rows(page, span, tmp_path)
    refuse_a_broken_file(page, span, tmp_path, wanted)
    line = compute_again_and_lock(page, live_server, span)

    # Back to the month across OPDs (the breadcrumb): DINKES locked, its recap downloaded.
    click_and_wait(page, page.locator(".breadcrumb a", has_text=month_label(span.month)))
    dinkes_row = page.locator(f"[data-testid=tpp-month-opds] tr[data-opd='{OPD}']")
    expect(dinkes_row).to_contain_text(indonesian("Locked"))
    expect(dinkes_row.locator("button")).to_have_count(0)  # a locked month is not computed
    name, book = download(page, page.locator("[data-testid=tpp-export]"), tmp_path, "tpp.xlsx")
    assert name == f"tpp-{span.year}-{span.month:02d}.xlsx"
    sheet = book[OPD]
    assert [cell.value for cell in sheet[1]] == RECAP_HEADER
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True) if r and r[0]}
    assert rows[line.employee.nip][-1] == line.received
    assert not any("DRAF" in str(v) for r in sheet.iter_rows(values_only=True) for v in r if v)


def fits_the_phone(page) -> None:
    """No sideways scrolling on a 390 px phone."""
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], page.url


def open_my_latest_month(page, span) -> None:
    """From the collapsed navbar: Kinerja saya → TPP saya, then the newest month."""
    page.locator("button.navbar-toggler").click()
    page.get_by_role("button", name=indonesian("My performance"), exact=True).click()
    click_and_wait(page, page.get_by_role("link", name=indonesian("My TPP"), exact=True))
    expect(page).to_have_url(re.compile(r"/tpp/$"))
    fits_the_phone(page)
    latest = page.locator("[data-testid=tpp-my-months] tbody tr").first
    expect(latest).to_contain_text(f"{month_label(span.month)} {span.year}")
    expect(latest).to_contain_text(indonesian("Final"))
    click_and_wait(page, latest.get_by_role("link"))
    expect(page).to_have_url(re.compile(rf"/tpp/{span.year}/{span.month}/$"))


def expect_the_computation(page, line: Line) -> None:
    """Each amount on the page is the stored explanation's (Line.detail)."""
    detail = line.detail
    assert detail["received"] == line.received
    shown = {
        "tpp-basis": rupiah(detail["basis"]),
        "tpp-performance": rupiah(detail["performance_amount"]),
        "tpp-discipline": rupiah(detail["discipline_amount"]),
        "tpp-gross": rupiah(detail["gross"]),
        "tpp-deductions": "−" + rupiah(detail["deduction_total"]),
        "tpp-received": rupiah(detail["received"]),
    }
    for testid, text in shown.items():
        expect(page.locator(f"[data-testid={testid}]")).to_have_text(text)
    fits_the_phone(page)


def simulate_sangat_baik(page, line: Line) -> None:
    """ "Bagaimana jika?": the month's figures again, with the predicate Sangat Baik."""
    panel = page.locator("[data-testid=tpp-simulation]")
    expect(panel.locator("h2")).to_have_text(indonesian("What if?"))
    panel.locator("#simulate-predicate").select_option("SANGAT_BAIK")
    click_and_wait(page, panel.get_by_role("button", name=indonesian("Show")))
    expect(page).to_have_url(re.compile(r"\?predikat=SANGAT_BAIK$"))
    expect(panel.locator("#simulate-predicate")).to_have_value("SANGAT_BAIK")
    result = page.locator("[data-testid=tpp-simulated]")
    expect(result).to_contain_text(indonesian("TPP received"))
    expect(result).to_contain_text(rupiah(simulation.simulate(line, "SANGAT_BAIK")["received"]))
    fits_the_phone(page)


def test_pegawai_reads_the_month_on_a_phone(phone_page, live_server):
    seed_demo()
    span = latest_month()
    page = phone_page
    # The admin BKD locks the pegawai's month (as journey 1 does): the pegawai is told.
    record = Month.objects.get(year=span.year, month=span.month, opd__code=OPD)
    month_lock(record, actor=actor_of_user(get_user_model().objects.get(username="admin.bkd")))
    line = Line.objects.get(employee=employee("pegawai"), month=record)

    log_in(page, live_server, "pegawai")
    open_my_latest_month(page, span)
    expect(page.locator("[data-testid=tpp-final]")).to_be_visible()
    expect_the_computation(page, line)
    simulate_sangat_baik(page, line)

    # The PDF of the month (the link the page shows, fetched with the pegawai's session).
    href = page.locator("[data-testid=tpp-pdf]").get_attribute("href")
    response = page.request.get(urljoin(page.url, href))
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body()[:5] == b"%PDF-"

    # The lock's notice, from the bell (outside the collapsed menu on a phone), leads back here.
    expect(page.locator("[data-testid=notification-count]")).to_be_visible()
    click_and_wait(page, page.locator("[data-testid=notification-bell]"))
    told = indonesian("Your TPP for %(month)s %(year)s is final: see how it was computed.")
    notice = told % {"month": month_label(span.month), "year": span.year}
    item = page.locator("[data-testid=notification-list] li", has_text=notice)
    expect(item).to_have_count(1)
    fits_the_phone(page)
    click_and_wait(page, item.get_by_role("button", name=indonesian("Open")))
    expect(page).to_have_url(re.compile(rf"/tpp/{span.year}/{span.month}/$"))


def test_the_pegawai_and_the_atasan_may_not(page, live_server):
    seed_demo()
    span = latest_month()
    # The pegawai is no admin: the admins' TPP pages are refused.
    log_in(page, live_server, "pegawai")
    for path in ("/kelola/tpp/", "/kelola/tpp/absensi/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 403, path
        expect(page.locator("main h1")).to_have_text(indonesian("Access denied"))
    log_out(page)

    # The atasan reads their own team's line (the address works), not another OPD's (404).
    log_in(page, live_server, "atasan")
    pegawai = employee("pegawai")
    response = page.goto(f"{live_server.url}/tpp/pegawai/{pegawai.nip}/{span.year}/{span.month}/")
    assert response.status == 200
    expect(page.locator("[data-testid=tpp-received]")).to_be_visible()
    outsider = (
        Line.objects.filter(month__year=span.year, month__month=span.month)
        .exclude(month__opd__code=OPD)
        .select_related("employee")
        .first()
        .employee
    )
    for path in (
        f"/tpp/pegawai/{outsider.nip}/{span.year}/{span.month}/",
        f"/tpp/pegawai/{outsider.nip}/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        expect(page.locator("main h1")).to_have_text(indonesian("Page not found"))
