"""On a 390 px phone: the employee starts a feedback thread on an RHK from the realisation page;
their PPK replies in place (htmx, no reload) and marks it followed up; the PPK records a coaching
session and the employee rates it.

The set-up builds the test organisation (tests/conftest.py `org`) with an open cycle whose windows
are open all year and the employee's approved SKP, so it passes on any day of the year.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from appraisal.evaluation import services as ev
from appraisal.evaluation.models import Evaluation
from feedback.choices import SESSION_STATEMENTS
from feedback.coaching.models import CoachingSession
from feedback.threads.models import FeedbackThread
from tests.actors import system
from tests.appraisal.conftest import Plan, open_cycle_for
from tests.browser.conftest import indonesian, log_in, log_out
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Apakah laporan surveilans mingguan cukup dilampirkan rekap dari SKDR?"
ANSWER = "Cukup, asal rekapnya per minggu dan ditandatangani kepala seksi."
FOLLOW_UP = "Rekap minggu ini sudah lengkap; saya nilai sesuai ekspektasi."


def test_thread_and_coaching_journey(org, phone_page, live_server):
    page = phone_page
    plan = Plan(org, open_cycle_for(timezone.localdate().year))
    *_, kasi = plan.chain()
    skp = plan.approved(org.pegawai, linked_to=kasi.rhks.get())
    rhk = skp.rhks.get()
    realisation_url = f"{live_server.url}/kinerja/skp/{skp.public_id}/realisasi/1/"

    # The employee asks about their RHK from the realisation page.
    log_in(page, live_server, "pegawai", PASSWORD)
    page.goto(realisation_url)
    starter = page.locator(f"#fb-start-rhk-{rhk.public_id}")
    starter.locator("[data-testid=thread-start-toggle]").click()
    starter.locator("textarea").fill(QUESTION)
    starter.locator("[data-testid=thread-start]").click()
    thread = page.locator("[data-testid=thread]", has_text=QUESTION)
    expect(thread).to_be_visible()
    expect_no_horizontal_scroll(page)
    assert FeedbackThread.objects.get().started_by == org.pegawai.user
    # The starter is back, empty, for another thread.
    expect(page.locator(f"#fb-start-rhk-{rhk.public_id} textarea")).to_have_value("")
    log_out(page)

    # The PPK answers in place and marks the feedback followed up.
    log_in(page, live_server, "kasi", PASSWORD)
    page.goto(realisation_url)
    thread = page.locator("[data-testid=thread]", has_text=QUESTION)
    thread.locator("[data-testid=thread-reply-toggle]").click()
    thread.locator("[data-testid=thread-reply-text]").fill(ANSWER)
    thread.locator("[data-testid=thread-reply]").click()
    thread = page.locator("[data-testid=thread]", has_text=ANSWER)
    expect(thread).to_be_visible()
    thread.locator("[data-testid=thread-follow-up]").click()
    expect(page.locator("[data-testid=thread]", has_text=ANSWER).locator(
        "[data-testid=thread-status]"
    )).to_have_text(indonesian("Followed up"))  # fmt: skip
    expect_no_horizontal_scroll(page)
    assert FeedbackThread.objects.get().followed_up_by == org.ppk.user

    # On the evaluation page the thread sits inside the evaluation's own form: replying there
    # posts only the reply (htmx) and leaves the evaluation untouched.
    evaluation = ev.evaluation_for(skp, 1, actor=system())
    page.goto(f"{live_server.url}/kinerja/evaluasi/{evaluation.public_id}/")
    thread = page.locator("form [data-testid=thread]", has_text=QUESTION)
    thread.locator("[data-testid=thread-reply-toggle]").click()
    thread.locator("[data-testid=thread-reply-text]").fill(FOLLOW_UP)
    thread.locator("[data-testid=thread-reply]").click()
    expect(page.locator("[data-testid=thread]", has_text=FOLLOW_UP)).to_be_visible()
    expect_no_horizontal_scroll(page)
    assert page.url.endswith(f"/kinerja/evaluasi/{evaluation.public_id}/")
    assert Evaluation.objects.get(pk=evaluation.pk).version == evaluation.version
    assert FeedbackThread.objects.get().messages.count() == 3

    # The PPK records a coaching session with one follow-up.
    page.goto(f"{live_server.url}/umpan-balik/bimbingan/pegawai/{org.pegawai.nip}/")
    with page.expect_navigation():
        page.locator("[data-testid=record-session]").click()
    page.select_option("#id_kind", "coaching")
    page.fill("#id_topic", "Ketepatan waktu laporan SKDR")
    page.fill("#id_agreements", "Laporan SKDR dikirim setiap Senin sebelum pukul 10.00.")
    page.fill("#id_tl-0-text", "Pasang pengingat mingguan di kalender bersama")
    expect_no_horizontal_scroll(page)
    with page.expect_navigation():
        page.locator("[data-testid=session-save]").click()
    expect(page.locator("[data-testid=agreements]")).to_contain_text("sebelum pukul 10.00")
    session = CoachingSession.objects.get()
    log_out(page)

    # The employee rates the session once.
    log_in(page, live_server, "pegawai", PASSWORD)
    page.goto(f"{live_server.url}/umpan-balik/bimbingan/")
    with page.expect_navigation():
        page.locator("[data-testid=session-row]").first.click()
    with page.expect_navigation():
        page.locator("[data-testid=rate-session]").click()
    expect(page.get_by_text(SESSION_STATEMENTS["dipahami"])).to_be_visible()
    for key in SESSION_STATEMENTS:
        page.locator(f"label[for=id_score_{key}_4]").click()  # the fifth choice: 5
    page.fill("#id_comment", "Pembahasannya jelas dan langsung bisa saya terapkan.")
    expect_no_horizontal_scroll(page)
    with page.expect_navigation():
        page.locator("[data-testid=rating-submit]").click()
    expect(page.locator("[data-testid=rating-average]")).to_have_text("5,0")
    expect(page.locator("[data-testid=rate-session]")).to_have_count(0)
    session.refresh_from_db()
    assert session.rating.scores == dict.fromkeys(SESSION_STATEMENTS, 5)
