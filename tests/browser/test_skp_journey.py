"""On a 390 px phone: the employee writes an RHK, submits; the PPK returns it; the employee fixes
and resubmits; the PPK approves; the employee downloads the approved SKP as a PDF."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.org.reporting import reporting_line
from appraisal.choices import Section, SkpStatus
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.selectors import intervenable_rhks
from tests.browser.conftest import indonesian, log_in, log_out, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RHK_TEXT = "Tersusunnya laporan kewaspadaan dini KLB campak per kelurahan"
FIXED_TEXT = "Tersusunnya laporan kewaspadaan dini KLB campak dan difteri per kelurahan"
RETURN_NOTE = "Target kuantitas terlalu rendah; tambahkan difteri pada RHK yang baru."


def open_menu(page) -> None:
    """Expand the collapsed navbar of a phone (the bell stays outside it)."""
    toggler = page.locator("button.navbar-toggler")
    if toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        page.locator("#mainnav.show").wait_for()


def click_and_wait(page, locator) -> None:
    with page.expect_navigation():
        locator.click()


def unread_count(page) -> int:
    badge = page.locator("[data-testid=notification-count]")
    expect(badge).to_be_visible()
    return int(badge.inner_text().strip().rstrip("+"))


def open_notification(page, text: str) -> None:
    """Bell → inbox → the unread notification with this text → the page it is about."""
    click_and_wait(page, page.locator("[data-testid=notification-bell]"))
    expect(page).to_have_url(re.compile(r"/kotak-masuk/$"))
    expect_no_horizontal_scroll(page)
    item = page.locator("[data-testid=notification-list] li.bg-primary-subtle", has_text=text)
    expect(item).to_have_count(1)
    click_and_wait(page, item.locator("button[type=submit]"))


def status_badge(page):
    return page.locator("main h1 .badge").first


def test_write_submit_return_fix_approve_and_download(phone_page, live_server):
    seed_demo()
    page = phone_page
    employee = Employee.objects.select_related("user").get(user__username="pegawai")
    year = timezone.localdate().year
    skp = Skp.objects.get(employee=employee, cycle__year=year, status=SkpStatus.DRAFT)
    line = reporting_line(employee)
    ppk = Employee.objects.select_related("user").get(pk=line.ppk.employee_id)
    assert ppk.user is not None, "the pegawai's PPK has no login in the demo"
    target = intervenable_rhks(skp).filter(section=Section.UTAMA).order_by("order", "pk").first()
    assert target is not None, "the PPK has no approved Utama RHK to link to"
    rhks_before = skp.rhks.count()
    skp_url = f"{live_server.url}/kinerja/skp/{skp.public_id}/"

    # --- The employee opens "SKP saya", then the draft, and adds an RHK. ---
    log_in(page, live_server, "pegawai")
    open_menu(page)
    page.locator("#mainnav a.dropdown-toggle", has_text=indonesian("My performance")).click()
    click_and_wait(page, page.locator("#mainnav a.dropdown-item", has_text=indonesian("My SKP")))
    expect(page).to_have_url(f"{live_server.url}/kinerja/skp/")
    expect_no_horizontal_scroll(page)
    click_and_wait(page, page.locator(f"main a[href$='/kinerja/skp/{skp.public_id}/']"))
    expect(page).to_have_url(skp_url)
    expect(page.locator("main h1")).to_contain_text(f"SKP {year}")
    expect(status_badge(page)).to_have_text(SkpStatus.DRAFT.label)
    expect(page.locator("[data-testid=rhk]")).to_have_count(rhks_before)
    expect(page.locator("[data-testid=waiting-for-ppk]")).to_have_count(0)
    expect_no_horizontal_scroll(page)

    click_and_wait(page, page.locator("[data-testid=add-rhk-utama]"))
    expect(page).to_have_url(re.compile(r"/rhk/baru/\?section=utama$"))
    expect(page.locator("main h1")).to_have_text(indonesian("New RHK"))
    expect(page.locator("#id_section")).to_have_value(Section.UTAMA)
    page.fill("#id_text", RHK_TEXT)
    page.select_option("#id_intervened", label=target.text)
    rows = page.locator("#iki-rows [data-testid=iki-row]")
    first_rows = rows.count()
    assert first_rows >= 1
    page.select_option("#id_iki-0-aspek", "kuantitas")
    page.fill("#id_iki-0-indicator", "Jumlah laporan kewaspadaan dini yang tersusun")
    page.fill("#id_iki-0-target_value", "12")
    page.fill("#id_iki-0-target_unit", "laporan")
    # "Tambah indikator" clones the empty row (static/js/app.js) and bumps TOTAL_FORMS.
    page.get_by_role("button", name=indonesian("Add indicator")).click()
    expect(rows).to_have_count(first_rows + 1)
    expect(page.locator("#id_iki-TOTAL_FORMS")).to_have_value(str(first_rows + 1))
    added = f"#id_iki-{first_rows}"
    expect(page.locator(f"{added}-aspek")).to_be_focused()
    page.select_option(f"{added}-aspek", "waktu")
    page.fill(f"{added}-indicator", "Laporan tersusun paling lambat tanggal 5 bulan berikutnya")
    page.fill(f"{added}-target_value", "12")
    page.fill(f"{added}-target_unit", "bulan")
    expect_no_horizontal_scroll(page)
    click_and_wait(page, page.get_by_role("button", name=indonesian("Save RHK")))

    rhk = Rhk.objects.get(skp=skp, text=RHK_TEXT)
    expect(page).to_have_url(f"{skp_url}#rhk-{rhk.public_id}")
    expect(page.locator("main .alert-success")).to_contain_text(indonesian("RHK saved."))
    card = page.locator(f"#rhk-{rhk.public_id}")
    expect(card).to_contain_text(RHK_TEXT)
    expect(card).to_contain_text(target.text)
    expect(card).to_contain_text("Jumlah laporan kewaspadaan dini yang tersusun")
    expect(card).to_contain_text("Laporan tersusun paling lambat")
    expect(page.locator("[data-testid=rhk]")).to_have_count(rhks_before + 1)
    assert rhk.intervened_id == target.pk
    assert sorted(rhk.ikis.values_list("aspek", flat=True)) == ["kuantitas", "waktu"]
    expect(page.locator("[data-testid=submit-errors]")).to_have_count(0)
    expect_no_horizontal_scroll(page)

    click_and_wait(page, page.locator("[data-testid=submit-skp]"))
    expect(page.locator("main .alert-success")).to_contain_text(
        indonesian("Submitted. Your appraising official has been notified.")
    )
    expect(status_badge(page)).to_have_text(SkpStatus.SUBMITTED.label)
    expect(page.locator("[data-testid=submit-skp]")).to_have_count(0)
    log_out(page)

    # --- The PPK sees the bell, opens the notification, reviews and returns with a note. ---
    submitted = indonesian("%(name)s submitted their SKP %(year)s for approval.") % {
        "name": employee.full_name,
        "year": year,
    }
    log_in(page, live_server, ppk.user.username)
    before = unread_count(page)
    assert before >= 1
    open_notification(page, submitted)
    expect(page).to_have_url(skp_url)
    if before > 1:
        assert unread_count(page) == before - 1
    else:
        expect(page.locator("[data-testid=notification-count]")).to_have_count(0)
    expect(page.locator(f"#rhk-{rhk.public_id}")).to_contain_text(RHK_TEXT)
    review = page.locator(f"main a[href$='/kinerja/tim/skp/{skp.public_id}/']")
    expect(review).to_have_text(indonesian("Review"))
    click_and_wait(page, review)
    expect(page.locator("main h1")).to_contain_text(f"SKP {year}")
    expect(page.locator("[data-testid=own-rhk]")).to_contain_text(target.text)
    expect(page.locator("[data-testid=own-rhk]")).to_contain_text(RHK_TEXT[:40])
    expect_no_horizontal_scroll(page)
    page.locator("[data-testid=return-form] textarea[name=notes]").fill(RETURN_NOTE)
    click_and_wait(
        page, page.get_by_role("button", name=indonesian("Return with notes"), exact=True)
    )
    expect(page).to_have_url(f"{live_server.url}/kinerja/tim/skp/{skp.public_id}/")
    expect(page.locator("main .alert-success")).to_contain_text(
        indonesian("SKP of %(name)s returned with your notes.") % {"name": employee.full_name}
    )
    expect(page.locator("[data-testid=not-awaiting]")).to_be_visible()
    expect(status_badge(page)).to_have_text(SkpStatus.RETURNED.label)
    log_out(page)

    # --- The employee sees the bell and the notes, fixes the RHK and resubmits. ---
    returned = indonesian("%(name)s returned your SKP %(year)s with notes.") % {
        "year": year,
        "name": ppk.full_name,
    }
    log_in(page, live_server, "pegawai")
    assert unread_count(page) >= 1
    open_notification(page, returned)
    expect(page).to_have_url(skp_url)
    expect(status_badge(page)).to_have_text(SkpStatus.RETURNED.label)
    expect(page.locator("[data-testid=return-notes]")).to_contain_text(RETURN_NOTE)
    expect_no_horizontal_scroll(page)
    click_and_wait(
        page, page.locator(f"#rhk-{rhk.public_id} a[href$='/kinerja/rhk/{rhk.public_id}/']")
    )
    expect(page.locator("main h1")).to_have_text(indonesian("Edit RHK"))
    expect(page.locator("#id_text")).to_have_value(RHK_TEXT)
    expect(page.locator("#id_intervened")).to_have_value(str(target.pk))
    expect(page.locator("#id_iki-0-target_value")).to_have_value(re.compile(r"^12(\.0+)?$"))
    page.fill("#id_text", FIXED_TEXT)
    page.fill("#id_iki-0-target_value", "24")
    click_and_wait(page, page.get_by_role("button", name=indonesian("Save RHK")))
    card = page.locator(f"#rhk-{rhk.public_id}")
    expect(card).to_contain_text(FIXED_TEXT)
    expect(card).to_contain_text("24")
    click_and_wait(page, page.locator("[data-testid=submit-skp]"))
    expect(status_badge(page)).to_have_text(SkpStatus.SUBMITTED.label)
    log_out(page)

    # --- The PPK approves from the team page. ---
    log_in(page, live_server, ppk.user.username)
    open_menu(page)
    page.locator("#mainnav a.dropdown-toggle:has(.bi-people)").click()
    click_and_wait(page, page.locator("#mainnav .dropdown-menu a[href$='/kinerja/tim/']"))
    row = page.locator("[data-testid=team-row]", has_text=employee.full_name)
    expect(row).to_contain_text(SkpStatus.SUBMITTED.label)
    expect_no_horizontal_scroll(page)
    click_and_wait(page, row.get_by_role("link", name=indonesian("Review")))
    expect(page.locator(f"#rhk-{rhk.public_id}")).to_contain_text(FIXED_TEXT)
    # No Ekspektasi Khusus Pimpinan written: the page says so and asks to confirm (issue 20).
    expect(page.locator("[data-testid=expectations-empty]")).to_be_visible()
    page.locator("#confirm_no_expectations").check()
    click_and_wait(page, page.get_by_role("button", name=indonesian("Approve SKP")))
    expect(page.locator("main .alert-success")).to_contain_text(
        indonesian("SKP of %(name)s approved.") % {"name": employee.full_name}
    )
    expect(status_badge(page)).to_have_text(SkpStatus.APPROVED.label)
    log_out(page)

    # --- The employee sees "Disetujui" and downloads the PDF. ---
    log_in(page, live_server, "pegawai")
    page.goto(f"{live_server.url}/kinerja/skp/")
    expect(page.locator("main tr", has_text=SkpStatus.APPROVED.label).first).to_be_visible()
    click_and_wait(page, page.locator(f"main a[href$='/kinerja/skp/{skp.public_id}/']"))
    expect(status_badge(page)).to_have_text(SkpStatus.APPROVED.label)
    expect(page.locator("main aside")).to_contain_text(line.ppk.name)
    expect(page.locator("[data-testid=submit-skp]")).to_have_count(0)
    expect(page.locator("[data-testid=add-rhk-utama]")).to_have_count(0)
    expect_no_horizontal_scroll(page)
    pdf_link = page.locator("[data-testid=skp-pdf]")
    expect(pdf_link).to_be_visible()
    response = page.request.get(f"{live_server.url}{pdf_link.get_attribute('href')}")
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/pdf")
    assert response.body()[:5] == b"%PDF-"
    skp.refresh_from_db()
    assert skp.status == SkpStatus.APPROVED
    assert skp.ppk_employee_id == ppk.pk
