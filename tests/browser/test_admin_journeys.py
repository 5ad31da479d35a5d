"""The BKD administrator finds an employee, transfers them and overrides their appraiser."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import AssignmentKind, PositionKind
from accounts.org.models import Assignment, Employee, Position
from accounts.org.reporting import reporting_line
from tests.browser.conftest import indonesian, log_in, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REQUIRED = "This field is required."


def transfer_target(employee: Employee) -> tuple[Position, str]:
    """An active staff post in another unit (same OPD preferred), and a search term that finds it
    among the first results of the position picker (which searches names and unit names)."""
    candidates = (
        Position.objects.filter(is_active=True, kind=PositionKind.PELAKSANA)
        .exclude(unit=employee.position.unit)
        .select_related("unit")
        .order_by("unit__code", "name")
    )
    same_opd = list(candidates.filter(unit__opd=employee.position.unit.opd)[:20])
    for position in [*same_opd, *candidates[:20]]:
        term = position.unit.name
        found = (
            Position.objects.filter(is_active=True)
            .filter(Q(name__icontains=term) | Q(unit__name__icontains=term))
            .order_by("unit__code", "name")
            .values_list("pk", flat=True)[:50]
        )
        if position.pk in list(found):
            return position, term
    raise AssertionError("the demo data has no staff post the picker can find")


def transfer_date(employee: Employee) -> dt.date:
    current = Assignment.objects.get(
        employee=employee, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
    )
    return max(timezone.localdate(), current.start_date + dt.timedelta(days=1))


def open_employee_list_from_menu(page) -> None:
    page.locator("#mainnav a.dropdown-toggle:has(.bi-diagram-3)").click()
    with page.expect_navigation():
        page.locator("#mainnav .dropdown-menu a[href$='/kelola/pegawai/']").click()


def test_search_open_employee_and_transfer(page, live_server):
    seed_demo()
    employee = Employee.objects.select_related("position__unit__opd").get(user__username="pegawai")
    target, term = transfer_target(employee)
    on = transfer_date(employee)
    note = "SK Bupati 800/123/BKD/2026"

    log_in(page, live_server, "admin.bkd")
    open_employee_list_from_menu(page)
    page.fill("#id_q", employee.name)
    with page.expect_navigation():
        page.locator("main form[method=get] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    rows = page.locator("[data-testid=employee-table] tbody tr")
    expect(rows.first).to_contain_text(employee.name)
    for text in rows.all_inner_texts():
        assert employee.name.casefold() in text.casefold()

    link = page.locator(f"[data-testid=employee-table] a[href$='/kelola/pegawai/{employee.nip}/']")
    with page.expect_navigation():
        link.click()
    expect(page.locator("main h1")).to_contain_text(employee.name)
    before = reporting_line(employee)
    expect(page.locator("[data-testid=ppk]")).to_contain_text(before.ppk.name)
    expect(page.locator("[data-testid=atasan-ppk]")).to_contain_text(before.atasan_ppk.name)

    with page.expect_navigation():
        page.locator(f"main a[href$='/kelola/pegawai/{employee.nip}/mutasi/']").click()
    # The picker shows the first positions only; typing searches the rest on the server (htmx).
    page.fill("input[name=position__search]", term)
    page.locator(f"#id_position option[value='{target.pk}']").wait_for(state="attached")
    page.select_option("#id_position", value=str(target.pk))
    # First without the decree note: the form comes back with what was chosen and typed.
    page.fill("#id_start_date", on.isoformat())
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/mutasi/$"))
    expect(page.locator("#id_note")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("main .invalid-feedback").first).to_contain_text(indonesian(REQUIRED))
    expect(page.locator("#id_position")).to_have_value(str(target.pk))
    expect(page.locator("#id_start_date")).to_have_value(on.isoformat())

    page.fill("#id_note", note)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/kelola/pegawai/{employee.nip}/")
    expect(page.locator("main .alert-success")).to_contain_text(indonesian("Transfer recorded."))

    employee.refresh_from_db()
    assert employee.position_id == target.pk
    expect(page.locator("main dd").first).to_contain_text(target.name)
    held = page.locator("main table tbody tr", has_text=target.name)
    expect(held.first).to_contain_text(on.strftime("%d-%m-%Y"))
    history = page.locator("[data-testid=history]")
    expect(history).to_contain_text(note)
    expect(history).to_contain_text("admin.bkd")
    after = reporting_line(employee)
    expect(page.locator("[data-testid=ppk]")).to_contain_text(after.ppk.name)


def test_a_post_chosen_while_the_search_runs_stays_chosen(page, live_server):
    """The position picker's search answers after its 300 ms pause: a post chosen from the first
    options meanwhile stays chosen, put back at the top when the search's list lacks it
    (static/js/app.js). It was lost before, and the form came back with no post."""
    seed_demo()
    employee = Employee.objects.get(user__username="pegawai")
    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kelola/pegawai/{employee.nip}/mutasi/")
    picker = page.locator("#id_position")
    first = picker.locator("option:not([value=''])").first
    chosen_value, chosen_label = first.get_attribute("value"), first.inner_text()
    # A search whose list cannot hold the chosen post.
    with page.expect_response(lambda r: "position__search" in r.url) as searched:
        page.fill("input[name=position__search]", "Guru")
        picker.select_option(value=chosen_value)
    assert searched.value.ok
    expect(picker.locator("option", has_text="Guru").first).to_be_attached()
    expect(picker).to_have_value(chosen_value)
    expect(picker.locator("option:checked")).to_have_text(chosen_label)
    # A search that holds it: chosen still, and listed once.
    with page.expect_response(lambda r: "position__search" in r.url):
        page.fill("input[name=position__search]", chosen_label.split(" — ")[0])
    expect(picker).to_have_value(chosen_value)
    expect(picker.locator(f"option[value='{chosen_value}']")).to_have_count(1)


def test_override_appraiser_with_reason(page, live_server):
    seed_demo()
    employee = Employee.objects.get(user__username="pegawai")
    current_ppk = reporting_line(employee).ppk
    new_ppk = Employee.objects.get(user__username="kadis")
    assert new_ppk.pk != current_ppk.employee_id
    reason = "Atasan langsung cuti besar; penilaian didelegasikan."

    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kelola/pegawai/{employee.nip}/")
    expect(page.locator("[data-testid=ppk] .badge")).to_have_count(0)
    with page.expect_navigation():
        page.locator(f"main a[href$='/kelola/pegawai/{employee.nip}/penilai/']").click()

    # Without the reason first: the typed NIP stays and the reason is flagged.
    page.fill("#id_ppk", new_ppk.nip)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("#id_reason")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("main .invalid-feedback").first).to_contain_text(indonesian(REQUIRED))
    expect(page.locator("#id_ppk")).to_have_value(new_ppk.nip)
    expect(page.locator("#id_start_date")).to_have_value(timezone.localdate().isoformat())

    page.fill("#id_reason", reason)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/kelola/pegawai/{employee.nip}/")
    ppk = page.locator("[data-testid=ppk]")
    expect(ppk).to_contain_text(new_ppk.name)
    expect(ppk).to_contain_text(new_ppk.nip)
    expect(ppk.locator(".badge")).to_have_text(indonesian("set by BKD"))
    expect(page.locator("main table", has_text=reason)).to_contain_text(new_ppk.full_name)
    expect(page.locator("[data-testid=history]")).to_contain_text(reason)
