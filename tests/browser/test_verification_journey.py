"""A PPK downloads an approved SKP; on a 390 px phone the verification address printed under its
QR shows what the document is; the downloaded copy matches, a copy with one byte changed does not."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.verification.models import DocumentKind, DocumentRecord
from appraisal.choices import SkpStatus
from appraisal.plans.models import Skp
from tests.browser.conftest import log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_printed_skp_is_verified_on_a_phone(page, phone_page, live_server, tmp_path):
    seed_demo()
    skp = (
        Skp.objects.filter(status=SkpStatus.APPROVED, ppk_employee__user__username="atasan")
        .select_related("employee")
        .order_by("-cycle__year", "pk")
        .first()
    )
    assert skp is not None, "the demo PPK `atasan` has no approved SKP in the team"

    # --- The PPK opens the plan and downloads its PDF. ---
    log_in(page, live_server, "atasan")
    page.goto(f"{live_server.url}/kinerja/skp/{skp.public_id}/")
    link = page.locator("[data-testid=skp-pdf]")
    expect(link).to_be_visible()
    response = page.request.get(f"{live_server.url}{link.get_attribute('href')}")
    assert response.ok and response.body()[:5] == b"%PDF-"
    served = response.body()
    record = DocumentRecord.objects.get(kind=DocumentKind.SKP, owner=skp.employee)

    # --- A phone opens the address under the QR (SITE_URL + /v/<code>/). ---
    phone = phone_page
    phone.goto(f"{live_server.url}/v/{record.code}/")
    card = phone.locator("[data-testid=verify-document]")
    expect(card).to_be_visible()
    expect(card).to_contain_text(skp.employee.full_name)
    expect(card).to_contain_text(skp.employee.nip[:4] + "*" * 10 + skp.employee.nip[-4:])
    expect(card).not_to_contain_text(skp.employee.nip)
    expect(phone.locator("[data-testid=verify-current]")).to_be_visible()
    expect_no_horizontal_scroll(phone)

    # --- The copy as downloaded matches (hashed in the browser; only the hash is sent). ---
    copy = tmp_path / "skp.pdf"
    copy.write_bytes(served)
    with phone.expect_navigation():
        phone.set_input_files("input[type=file]", str(copy))
    expect(phone.locator("[data-testid=verify-match]")).to_be_visible()
    expect_no_horizontal_scroll(phone)

    # --- A copy with one byte changed does not. ---
    changed = bytearray(served)
    changed[len(changed) // 2] ^= 0x01
    forged = tmp_path / "skp-diubah.pdf"
    forged.write_bytes(bytes(changed))
    with phone.expect_navigation():
        phone.set_input_files("input[type=file]", str(forged))
    expect(phone.locator("[data-testid=verify-mismatch]")).to_be_visible()
    expect(phone.locator("[data-testid=verify-match]")).to_have_count(0)
