"""The PPK approves and signs a submitted SKP in one step (local test CA); on a 390 px phone, with
no login, the verification address printed under the QR shows a valid signature; the signed PDF
matches, a copy with one byte changed does not."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.verification.models import DocumentKind, DocumentRecord, SignStatus
from appraisal.choices import SkpStatus
from appraisal.plans.models import Skp
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_pages_phone import ppk_username

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/work23/shots")


@pytest.fixture
def local_esign(settings, tmp_path):
    settings.ESIGN_BACKEND = "local"
    settings.ESIGN_DIR = str(tmp_path / "esign")
    settings.ESIGN_TRUST_TEST_CA = True
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings


def test_the_ppk_signs_and_a_phone_verifies_the_signed_pdf(
    local_esign, page, phone_page, live_server, tmp_path
):
    seed_demo()
    SHOTS.mkdir(parents=True, exist_ok=True)
    username = ppk_username()
    ppk = Employee.objects.get(user__username=username)
    call_command("esign_test_ca", "--nip", ppk.nip, verbosity=0)
    skp = (
        Skp.objects.filter(
            ppk_employee=ppk, cycle__year=timezone.localdate().year, status=SkpStatus.SUBMITTED
        )
        .select_related("employee", "cycle")
        .order_by("pk")
        .first()
    )
    assert skp is not None, "the demo gives the PPK no submitted SKP to review"

    # --- The PPK opens the review page, confirms the signature and approves. ---
    log_in(page, live_server, username)
    page.goto(f"{live_server.url}/kinerja/tim/skp/{skp.public_id}/")
    form = page.locator("[data-testid=approve-form]")
    expect(form).to_be_visible()
    expect(form.locator("[data-testid=sign-fields]")).to_be_visible()
    form.locator("input[name=confirm]").check()
    no_expectations = form.locator("input[name=confirm_no_expectations]")
    if no_expectations.count():
        no_expectations.check()
    page.screenshot(path=str(SHOTS / "journey-review-1280.png"), full_page=True)
    with page.expect_navigation():
        form.locator("[data-testid=approve-sign]").click()

    title = f"SKP {skp.cycle.year} · {skp.employee.full_name}"
    success = page.locator("main .alert-success")
    expect(
        success.filter(has_text=indonesian("Signed: %(title)s") % {"title": title})
    ).to_be_visible()
    expect(
        success.filter(
            has_text=indonesian("SKP of %(name)s approved.") % {"name": skp.employee.full_name}
        )
    ).to_be_visible()
    expect(page.locator("main .alert-danger")).to_have_count(0)
    expect(page.locator("[data-testid=approve-form]")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "journey-review-approved-1280.png"), full_page=True)
    skp.refresh_from_db()
    assert skp.status == SkpStatus.APPROVED
    record = DocumentRecord.objects.get(
        kind=DocumentKind.SKP, owner=skp.employee, replaced_by__isnull=True
    )
    assert record.sign_status == SignStatus.SIGNED and record.signed_sha256
    with record.signed_file.open("rb") as stored:
        signed = stored.read()
    assert signed[:5] == b"%PDF-"

    # --- A phone with no login opens the address under the QR (SITE_URL + /v/<code>/). ---
    phone = phone_page
    phone.goto(f"{live_server.url}/v/{record.code}/")
    expect(phone.locator("[data-testid=verify-current]")).to_be_visible()
    signatures = phone.locator("[data-testid=signatures]")
    expect(signatures).to_be_visible()
    expect(signatures.locator("[data-testid=signature-valid]")).to_have_count(1)
    expect(signatures.locator("[data-testid=signature-valid]")).to_contain_text(ppk.full_name)
    expect(signatures.locator("[data-testid=signature-invalid]")).to_have_count(0)
    expect_no_horizontal_scroll(phone)
    phone.screenshot(path=str(SHOTS / "journey-verify-phone.png"), full_page=True)

    # --- The signed PDF matches (hashed in the browser; only the hash is sent). ---
    copy = tmp_path / "skp-ttd.pdf"
    copy.write_bytes(signed)
    with phone.expect_navigation():
        phone.set_input_files("#verify-form input[type=file]", str(copy))
    expect(phone.locator("[data-testid=verify-match]")).to_be_visible()
    expect(phone.locator("[data-testid=signature-valid]")).to_have_count(1)
    expect_no_horizontal_scroll(phone)
    phone.screenshot(path=str(SHOTS / "journey-verify-match-phone.png"), full_page=True)

    # --- A copy with one byte changed does not. ---
    changed = bytearray(signed)
    changed[len(changed) // 2] ^= 0x01
    forged = tmp_path / "skp-ttd-diubah.pdf"
    forged.write_bytes(bytes(changed))
    with phone.expect_navigation():
        phone.set_input_files("#verify-form input[type=file]", str(forged))
    expect(phone.locator("[data-testid=verify-mismatch]")).to_be_visible()
    expect(phone.locator("[data-testid=verify-match]")).to_have_count(0)
    expect_no_horizontal_scroll(phone)
    phone.screenshot(path=str(SHOTS / "journey-verify-mismatch-phone.png"), full_page=True)
