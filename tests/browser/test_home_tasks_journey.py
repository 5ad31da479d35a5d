"""The home page's "My tasks" in the browser: the demo pegawai, whose SKP is a draft, is asked to
finish it by the SKP deadline and gets there in one tap, on a phone; the demo PPK is asked to
decide on the SKP waiting for them."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_pegawai_goes_from_the_task_to_the_plan(phone_page, live_server):
    seed_demo()
    log_in(phone_page, live_server, "pegawai")
    task = phone_page.get_by_test_id("task")
    expect(task).to_have_count(1)
    expect(task).to_contain_text(indonesian("Finish your SKP and submit it to your PPK."))
    expect(task).to_contain_text("Paling lambat")
    expect_no_horizontal_scroll(phone_page)
    with phone_page.expect_navigation():
        task.get_by_role("link").click()
    assert "/kinerja/skp/" in phone_page.url


def test_the_ppk_is_asked_to_decide(page, live_server):
    seed_demo()
    log_in(page, live_server, "atasan")
    decide = page.get_by_test_id("task").filter(has_text="SKP")
    expect(decide.first).to_contain_text("menunggu persetujuan Anda")
    with page.expect_navigation():
        decide.first.get_by_role("link").click()
    assert page.url.endswith("/kinerja/tim/")
