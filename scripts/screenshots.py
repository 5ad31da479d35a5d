"""Full-page screenshots of the main pages, per demo persona, at desktop and phone width.

Not a test: it drives a running server with the demo agency loaded, for a person to look at the
pictures. Start one with a throwaway database, for example:

    export DATABASE_URL=sqlite:////tmp/shots.sqlite3
    .venv/bin/python manage.py migrate && .venv/bin/python manage.py seed_demo
    .venv/bin/python manage.py runserver 127.0.0.1:8765 &
    BASE_URL=http://127.0.0.1:8765 .venv/bin/python scripts/screenshots.py

The custom 404 page only shows when the server runs with DEBUG=False (Django's debug page
otherwise); then static files come from the hashed manifest, so collect them first and let
WhiteNoise serve them:

    export DEBUG=False STATIC_ROOT=/tmp/shots-static
    export SECRET_KEY=$(.venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))")
    .venv/bin/python manage.py collectstatic --noinput
    .venv/bin/python manage.py runserver 127.0.0.1:8765 --nostatic &

Compile the catalogue before starting the server (`.venv/bin/pybabel compile -d locale -D django`)
to see the Indonesian UI. Pictures go to screenshots/ (or $SCREENSHOT_DIR); each path is printed,
and a page wider than the viewport is reported, since horizontal scrolling on a phone is a bug.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
OUT = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parents[1] / "screenshots"))
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo12345")
PERSONAS = ("admin.bkd", "admin.opd", "kadis", "atasan", "pegawai")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
}
IMPORT_COLUMNS = (
    "NIP",
    "Nama",
    "Gelar Depan",
    "Gelar Belakang",
    "Status Kepegawaian",
    "Golongan",
    "Kode Unit",
    "Nama Unit",
    "Kode Unit Induk",
    "Nama Jabatan",
    "Jenis Jabatan",
    "Jenjang",
    "NIP Atasan Langsung",
    "Email",
    "No HP",
)

overflowing: list[str] = []


def shoot(page: Page, viewport: str, name: str) -> None:
    page.wait_for_load_state("networkidle")
    path = OUT / f"{viewport}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    limit = VIEWPORTS[viewport]["viewport"]["width"]
    note = ""
    if width > limit:
        note = f"  (page is {width}px wide: horizontal scroll)"
        overflowing.append(f"{path}: {width}px > {limit}px")
    print(f"{path}{note}")


def visit(page: Page, path: str) -> None:
    page.goto(f"{BASE_URL}{path}")


def log_in(page: Page, username: str) -> None:
    visit(page, "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if "/accounts/login/" in page.url:
        sys.exit(f"could not log in as {username}: is the demo seeded at {BASE_URL}?")
    tour = page.locator(".driver-popover")
    if tour.count():  # the first-login tour (guide.tours) covers the home page: closed, seen
        page.keyboard.press("Escape")
        tour.wait_for(state="detached")


def first_href(page: Page, selector: str) -> str | None:
    link = page.locator(selector).first
    return link.get_attribute("href") if link.count() else None


def broken_workbook() -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Pegawai"
    sheet.append(IMPORT_COLUMNS)
    base = {
        "Nama": "Contoh Salah",
        "Status Kepegawaian": "PNS",
        "Golongan": "III/a",
        "Kode Unit": "CONTOH",
        "Nama Unit": "Dinas Contoh",
        "Nama Jabatan": "Pengadministrasi Umum",
        "Jenis Jabatan": "Pelaksana",
    }
    rows = [
        {**base, "NIP": "12345"},
        {**base, "NIP": "199001012015031001", "Jenis Jabatan": "Kepala Suku"},
        {**base, "NIP": "199001012015031002", "NIP Atasan Langsung": "196809091995031004"},
    ]
    for row in rows:
        sheet.append([row.get(column, "") for column in IMPORT_COLUMNS])
    path = Path(tempfile.mkdtemp()) / "contoh-salah.xlsx"
    book.save(path)
    return path


def admin_pages(page: Page, viewport: str, employee_path: str | None) -> None:
    visit(page, "/kelola/pegawai/")
    shoot(page, viewport, "employee-list")
    detail = employee_path or first_href(page, "[data-testid=employee-table] tbody a")
    if detail:
        visit(page, detail)
        shoot(page, viewport, "employee-detail")
        visit(page, f"{detail}mutasi/")
        shoot(page, viewport, "form-mutasi")
        page.locator("main form[method=post] button[type=submit]").click()
        page.wait_for_load_state()
        shoot(page, viewport, "form-mutasi-errors")
        visit(page, f"{detail}penilai/")
        shoot(page, viewport, "form-override")
    visit(page, "/kelola/unit/")
    shoot(page, viewport, "unit-list")
    unit = first_href(page, "main a[href^='/kelola/unit/']:not([href$='/tambah/'])")
    if unit:
        visit(page, unit)
        shoot(page, viewport, "unit-detail")
    visit(page, "/kelola/jabatan/")
    shoot(page, viewport, "position-list")
    visit(page, "/kelola/impor/")
    shoot(page, viewport, "import")
    file_input = page.locator("main input[type=file]")
    if file_input.count():
        file_input.first.set_input_files(str(broken_workbook()))
        with page.expect_navigation():
            page.locator("main form:has(input[type=file]) button[type=submit]").first.click()
        shoot(page, viewport, "import-errors")
    visit(page, "/kelola/pegawai/tambah/")
    shoot(page, viewport, "form-employee-create")
    visit(page, "/kelola/akun/")
    shoot(page, viewport, "account-overview")
    visit(page, "/kelola/tidak-ada-halaman-ini/")
    shoot(page, viewport, "404")


def main() -> None:
    if not os.path.exists(CHROMIUM):
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium")
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for viewport, options in VIEWPORTS.items():
                context = browser.new_context(locale="id-ID", **options)
                context.set_default_timeout(15_000)
                page = context.new_page()
                visit(page, "/accounts/login/")
                shoot(page, viewport, "login")
                page.fill("#id_username", "pegawai")
                page.fill("#id_password", "salah")
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state()
                shoot(page, viewport, "login-error")
                visit(page, "/akun/aktivasi/")
                shoot(page, viewport, "account-activate-code")
                visit(page, "/akun/tautan/kedaluwarsa/")
                shoot(page, viewport, "account-link-invalid")
                visit(page, "/accounts/password/reset/")
                shoot(page, viewport, "password-reset")
                context.close()

                pegawai_profile = None
                for username in PERSONAS:
                    context = browser.new_context(locale="id-ID", **options)
                    context.set_default_timeout(15_000)
                    page = context.new_page()
                    log_in(page, username)
                    slug = re.sub(r"\W", "-", username)
                    shoot(page, viewport, f"dashboard-{slug}")
                    if username == "pegawai":
                        pegawai_profile = first_href(page, "#mainnav a[href^='/kelola/pegawai/']")
                        if viewport == "phone":
                            page.locator("button.navbar-toggler").click()
                            page.locator("#mainnav.show").wait_for()
                            shoot(page, viewport, "menu-open-pegawai")
                        if pegawai_profile:
                            visit(page, pegawai_profile)
                            shoot(page, viewport, "my-profile-pegawai")
                    context.close()

                context = browser.new_context(locale="id-ID", **options)
                context.set_default_timeout(15_000)
                page = context.new_page()
                log_in(page, "admin.bkd")
                admin_pages(page, viewport, pegawai_profile)
                context.close()
        finally:
            browser.close()
    if overflowing:
        print("\nPages wider than the viewport:")
        for line in overflowing:
            print(f"  {line}")


if __name__ == "__main__":
    main()
