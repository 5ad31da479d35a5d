"""The BKD administrator imports employees from Excel: a broken file, then a clean one."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.org.models import Employee, OrgUnit
from tests.accounts.workbooks import workbook as build_workbook
from tests.browser.conftest import indonesian, log_in, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# 18 digits: birth date YYYYMMDD + TMT CPNS YYYYMM (after the birth) + gender 1/2 + sequence.
HEAD_NIP = "197003152000031001"
SECRETARY_NIP = "198205102008012002"
CLERK_NIP = "199501202020121003"
UNKNOWN_SUPERVISOR_NIP = "196809091995031004"
OPD_CODE = "DKU"


def workbook(path, rows: list[dict[str, str]]):
    path.write_bytes(build_workbook(rows).getvalue())
    return path


def person(nip, name, golongan, unit_code, unit_name, parent_code, position, kind, supervisor):
    return {
        "NIP": nip,
        "Nama": name,
        "Status Kepegawaian": "PNS",
        "Golongan": golongan,
        "Kode Unit": unit_code,
        "Nama Unit": unit_name,
        "Kode Unit Induk": parent_code,
        "Nama Jabatan": position,
        "Jenis Jabatan": kind,
        "NIP Atasan Langsung": supervisor,
    }


HEAD = person(
    HEAD_NIP,
    "Rahmat Hidayatullah",
    "IV/c",
    OPD_CODE,
    "Dinas Kearsipan Uji",
    "",
    "Kepala Dinas Kearsipan Uji",
    "JPT Pratama",
    "",
)
SECRETARY = person(
    SECRETARY_NIP,
    "Sri Wahyuningsih",
    "IV/a",
    f"{OPD_CODE}.SEKRE",
    "Sekretariat Dinas Kearsipan Uji",
    OPD_CODE,
    "Sekretaris Dinas Kearsipan Uji",
    "Administrator",
    HEAD_NIP,
)
CLERK = person(
    CLERK_NIP,
    "Yohanes Manurung",
    "II/c",
    f"{OPD_CODE}.SEKRE",
    "Sekretariat Dinas Kearsipan Uji",
    OPD_CODE,
    "Pengadministrasi Umum",
    "Pelaksana",
    SECRETARY_NIP,
)
CLEAN = [HEAD, SECRETARY, CLERK]


def upload(page, live_server, path) -> None:
    page.goto(f"{live_server.url}/kelola/impor/")
    form = page.locator("main form:has(input[type=file])")
    form.locator("input[type=file]").set_input_files(str(path))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_broken_then_clean_workbook(page, live_server, tmp_path):
    seed_demo()
    assert not Employee.objects.filter(nip__in=[HEAD_NIP, SECRETARY_NIP, CLERK_NIP]).exists()
    assert not OrgUnit.objects.filter(code=OPD_CODE).exists()
    broken = workbook(
        tmp_path / "rusak.xlsx",
        [
            {**HEAD, "NIP": "19700315200003100"},  # row 2: 17 digits
            {**SECRETARY, "Jenis Jabatan": "Kepala Suku"},  # row 3: no such position type
            {**CLERK, "NIP Atasan Langsung": UNKNOWN_SUPERVISOR_NIP},  # row 4: nobody has it
        ],
    )

    log_in(page, live_server, "admin.bkd")
    upload(page, live_server, broken)
    errors = page.locator("[data-testid=import-errors] table")
    expect(errors).to_be_visible()
    headers = [h.strip() for h in errors.locator("thead th").all_inner_texts()]
    assert headers == [indonesian("Row"), indonesian("Column"), indonesian("Message")], headers
    rows = errors.locator("tbody tr")

    def problem(row: int, column: str):
        cells = rows.filter(
            has=page.locator(f"td:first-child:text-is('{row}')"),
        ).filter(has=page.locator(f"td:nth-child(2):text-is('{column}')"))
        expect(cells).to_have_count(1)
        return cells.locator("td:nth-child(3)")

    expect(problem(2, "NIP")).to_contain_text("18")
    expect(problem(3, "Jenis Jabatan")).to_contain_text("Kepala Suku")
    expect(problem(4, "NIP Atasan Langsung")).to_contain_text(UNKNOWN_SUPERVISOR_NIP)
    assert not Employee.objects.filter(nip__in=[SECRETARY_NIP, CLERK_NIP]).exists()

    clean = workbook(tmp_path / "bersih.xlsx", CLEAN)
    upload(page, live_server, clean)
    expect(page).to_have_url(re.compile(r"/kelola/impor/[0-9a-f-]{36}/$"))
    preview = page.locator("[data-testid=import-rows] tbody tr")
    expect(preview).to_have_count(len(CLEAN))
    for index, row in enumerate(CLEAN):
        expect(preview.nth(index)).to_contain_text(row["NIP"])
        expect(preview.nth(index)).to_contain_text(row["Nama"])
        expect(preview.nth(index)).to_contain_text(indonesian("New"))
    assert not Employee.objects.filter(nip=HEAD_NIP).exists(), "the preview must not write"

    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/kelola/pegawai/(\?.*)?$"))
    expect(page.locator("main .alert-success")).to_be_visible()

    for row in CLEAN:
        page.fill("#id_q", row["NIP"])
        with page.expect_navigation():
            page.locator("main form[method=get] button[type=submit]").click()
        table = page.locator("[data-testid=employee-table] tbody")
        expect(table.locator("tr")).to_have_count(1)
        expect(table).to_contain_text(row["Nama"])
        expect(table).to_contain_text(row["Nama Jabatan"])

    head = Employee.objects.get(nip=HEAD_NIP)
    clerk = Employee.objects.get(nip=CLERK_NIP)
    assert head.position.unit.code == OPD_CODE
    assert clerk.position.parent.pk == Employee.objects.get(nip=SECRETARY_NIP).position_id
