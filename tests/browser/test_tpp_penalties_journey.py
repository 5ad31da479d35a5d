"""TPP penalties, exemptions and the scheme's basis history, in the browser.

1. The admin OPD of Dinas Kesehatan records a moderate penalty for one of its employees with the
   TPP cut and the months left empty (PP 94/2021 fills in 25 % for 9 months), is refused a minor
   one without its cut (what was typed stays on the form), records an exemption, then finds the
   employee's rows by NIP.
2. The same page on a 390 px phone has no sideways scroll.
3. The admin BKD changes one post class's basis with a reason; the TPP year page lists the change
   (reason, amounts as "Rp 1.234.567") under its basis changes.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import Q
from django.utils import formats, timezone, translation
from playwright.sync_api import expect

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee
from tests.browser.conftest import PHONE, indonesian, log_in, seed_demo
from tests.browser.test_skp_journey import click_and_wait
from tpp.attendance.models import Exemption, Penalty
from tpp.choices import BasisKind, ExemptionKind, PenaltyKind
from tpp.demo import DEMO_LOGINS, demo_months
from tpp.schemes.selectors import version_in_force

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OPD = "DINKES"
PENALTIES = "/kelola/tpp/hukuman/"


def rupiah(amount: int) -> str:
    """Money as the TPP pages write it: "Rp 1.234.567" (written here, not by the app's filter)."""
    return f"Rp {amount:,}".replace(",", ".")


def month_text(day: dt.date) -> str:
    """A month as the penalties page writes it ("Des 2026")."""
    with translation.override("id"):
        return formats.date_format(day, "M Y")


def expect_recorded(page, person: Employee) -> None:
    recorded = indonesian("Recorded for %(name)s.") % {"name": person.full_name}
    expect(page.locator("main .alert-success")).to_contain_text(recorded)


def penalty_months(first: dt.date, months: int) -> str:
    """A penalty's months as the page writes them: "Des 2026–Agu 2027 (9 bulan)"."""
    index = first.year * 12 + first.month - 1 + months - 1
    last = dt.date(index // 12, index % 12 + 1, 1)
    with translation.override("id"):
        count = translation.ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    return f"{month_text(first)}–{month_text(last)} ({count})"


def cell(row, label: str):
    """A row's cell by its column's (translated) label, as the stacked tables name it."""
    return row.locator(f"td[data-label='{indonesian(label)}']")


def dinkes_staff() -> list[Employee]:
    """Active Dinas Kesehatan employees who are none of the demo's logins and have no penalty
    or exemption yet: every row of theirs on the page is one this test recorded."""
    return list(
        Employee.objects.filter(Q(position__unit__opd__code=OPD) | Q(position__unit__code=OPD))
        .filter(status=EmployeeStatus.ACTIVE, tpp_penalties=None, tpp_exemptions=None)
        .exclude(user__username__in=DEMO_LOGINS)
        .order_by("nip")[:2]
    )


def penalise(other: Employee, first: dt.date) -> None:
    """Another DINKES penalty (the demo's is in another OPD), recorded before the page opens."""
    fields = {"level": PenaltyKind.POTONG_6, "percent": 25, "months": 6, "decree_number": "LAIN"}
    Penalty.objects.create(employee=other, first_month=first, decree_date=first, **fields)


def fill_penalty(page, nip: str, level: str, decree: str, first: dt.date) -> None:
    """The penalty form with the TPP cut and the months left empty, then sent."""
    form = page.locator("[data-testid=tpp-penalty-form]")
    form.locator("#id_penalty-nip").fill(nip)
    form.locator("#id_penalty-level").select_option(level)
    expect(form.locator("#id_penalty-percent")).to_have_value("")
    expect(form.locator("#id_penalty-months")).to_have_value("")
    form.locator("#id_penalty-first_month").fill(first.isoformat())
    form.locator("#id_penalty-decree_number").fill(decree)
    form.locator("#id_penalty-decree_date").fill((first - dt.timedelta(days=3)).isoformat())
    click_and_wait(page, form.get_by_role("button", name=indonesian("Record")))


def record_moderate_penalty(page, person: Employee, first: dt.date) -> None:
    """Sedang, 9 months: the cut and the months left empty are PP 94/2021's 25 % and 9."""
    decree = f"800.1.6.3/{first.month:02d}/DINKES/{first.year}"
    fill_penalty(page, person.nip, PenaltyKind.POTONG_9, decree, first)
    expect_recorded(page, person)
    row = page.locator("[data-testid=tpp-penalties] tbody tr", has_text=person.full_name)
    expect(row).to_have_count(1)
    expect(cell(row, "Penalty")).to_have_text(indonesian(PenaltyKind.POTONG_9.label))
    expect(cell(row, "TPP cut")).to_have_text("25 %")
    expect(cell(row, "Months")).to_have_text(penalty_months(first, 9))
    penalty = Penalty.objects.get(employee=person)
    assert (penalty.level, penalty.percent, penalty.months) == ("sedang_potong_9", 25, 9)
    assert penalty.first_month == first and penalty.decree_number == decree


def minor_penalty_needs_its_cut(page, person: Employee, first: dt.date) -> None:
    """A minor penalty's cut is the Perkada's: left empty, the form comes back with the error."""
    before = Penalty.objects.count()
    decree = f"800.1.6.1/{first.month:02d}/DINKES/{first.year}"
    fill_penalty(page, person.nip, PenaltyKind.TEGURAN_LISAN, decree, first)
    form = page.locator("[data-testid=tpp-penalty-form]")
    expect(form.locator("#id_penalty-percent")).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(form.locator("#error_1_id_penalty-percent")).to_have_text(
        indonesian("Give the TPP cut your Perkada sets for this penalty.")
    )
    expect(form.locator("#id_penalty-decree_number")).to_have_value(decree)
    expect(form.locator("#id_penalty-nip")).to_have_value(person.nip)
    expect(page.locator("main .alert-success")).to_have_count(0)
    assert Penalty.objects.count() == before


def record_exemption(page, person: Employee, first: dt.date) -> None:
    form = page.locator("[data-testid=tpp-exemption-form]")
    form.locator("#id_exemption-nip").fill(person.nip)
    form.locator("#id_exemption-kind").select_option(ExemptionKind.NO_ATTENDANCE_DEDUCTION)
    form.locator("#id_exemption-first_month").fill(first.isoformat())
    form.locator("#id_exemption-last_month").fill(first.isoformat())
    reason = "Diklat kepemimpinan di Jakarta"
    form.locator("#id_exemption-reason").fill(reason)
    click_and_wait(page, form.get_by_role("button", name=indonesian("Record")))
    expect_recorded(page, person)
    row = page.locator("[data-testid=tpp-exemptions] tbody tr", has_text=person.full_name)
    expect(row).to_have_count(1)
    expect(cell(row, "Reason")).to_have_text(reason)
    expect(cell(row, "Months")).to_have_text(f"{month_text(first)}–{month_text(first)}")
    assert Exemption.objects.get(employee=person).reason == reason


def search_by_nip(page, person: Employee, other: Employee) -> None:
    """Only the employee's rows are left: one penalty, one exemption."""
    rows = page.locator("[data-testid=tpp-penalties] tbody tr")
    expect(rows.filter(has_text=other.full_name)).to_have_count(1)
    page.locator("#penalties-q").fill(person.nip)
    search = page.locator("[data-testid=tpp-penalties-search]")
    click_and_wait(page, search.get_by_role("button", name=indonesian("Search")))
    expect(page.locator("#penalties-q")).to_have_value(person.nip)
    for table in ("tpp-penalties", "tpp-exemptions"):
        rows = page.locator(f"[data-testid={table}] tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first.locator("td").first).to_have_text(person.full_name)


def test_admin_opd_records_penalties_and_exemptions(page, live_server):
    seed_demo()
    person, other = dinkes_staff()
    first = timezone.localdate().replace(day=1)
    penalise(other, first)
    log_in(page, live_server, "admin.opd")
    page.goto(f"{live_server.url}{PENALTIES}")
    expect(page.locator("main h1")).to_have_text(indonesian("Penalties and exemptions"))
    record_moderate_penalty(page, person, first)
    minor_penalty_needs_its_cut(page, person, first)
    record_exemption(page, person, first)
    search_by_nip(page, person, other)


def test_the_penalties_page_fits_a_phone(phone_page, live_server):
    seed_demo()
    _, other = dinkes_staff()
    penalise(other, timezone.localdate().replace(day=1))  # a row with its remove form
    log_in(phone_page, live_server, "admin.opd")
    phone_page.goto(f"{live_server.url}{PENALTIES}")
    row = phone_page.locator("[data-testid=tpp-penalties] tbody tr", has_text=other.full_name)
    expect(row.get_by_role("button", name=indonesian("Remove"))).to_be_visible()
    width = phone_page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], width


def test_admin_bkd_changes_a_basis_and_reads_its_history(page, live_server):
    seed_demo()
    year = demo_months(timezone.localdate())[-1].year
    log_in(page, live_server, "admin.bkd")
    page.goto(f"{live_server.url}/kelola/tpp/{year}/skema/")
    form = page.locator("[data-testid=tpp-scheme-form]")
    basis = form.locator("#id_class_6")
    before = int(basis.input_value())
    after = before + 123_457
    reason = "Perkada perubahan: kelas 6 naik"
    basis.fill(str(after))
    form.locator("#id_reason").fill(reason)
    click_and_wait(page, form.locator("[data-testid=tpp-scheme-save]"))
    expect(page).to_have_url(re.compile(rf"/kelola/tpp/\?year={year}$"))
    expect(page.locator("main .alert-success")).to_contain_text(indonesian("The scheme is saved."))

    saved = version_in_force(year, 12).bases.get(kind=BasisKind.CLASS, kelas=6)
    assert saved.amount == after

    # The year page's basis changes, folded until opened: the newest is this one.
    changes = page.locator("[data-testid=tpp-basis-changes]")
    newest = changes.locator("tbody tr").first
    expect(newest).to_be_hidden()
    changes.locator("summary").click()
    expect(newest).to_be_visible()
    expect(cell(newest, "Basis")).to_have_text(indonesian("Post class %(kelas)s") % {"kelas": 6})
    expect(cell(newest, "Reason")).to_have_text(reason)
    expect(cell(newest, "Before")).to_have_text(rupiah(before))
    expect(cell(newest, "After")).to_have_text(rupiah(after))
