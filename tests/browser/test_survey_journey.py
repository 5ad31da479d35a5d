"""360 input end to end: the PPK (the kasi) opens a round about the pegawai for three peers, each
answers in their own browser (one of them from the bell's notification), and the PPK finds the
totals and comments under the BerAKHLAK values of the pegawai's evaluation page.

Built on the test personas (not the demo): the pegawai's approved SKP and its period-1 evaluation
come from the real services.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from appraisal.evaluation.services import evaluation_for
from feedback.survey.models import Round360
from tests.actors import system
from tests.appraisal.conftest import Plan
from tests.browser.conftest import DESKTOP, PHONE, log_in
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait
from tests.conftest import PASSWORD
from tests.feedback.fixtures_survey import peers, the_cycle

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENTS = (
    "Cepat menanggapi laporan kasus dari puskesmas.",
    "Menguasai analisis data SKDR.",
    "Laporan selalu tepat waktu dan rapi.",
)
SHOTS = os.environ.get("SURVEY_SHOTS")  # a folder: also save screenshots of every page


def _shot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(path=f"{SHOTS}/survey-{name}-{viewport['width']}.png", full_page=True)
    page.set_viewport_size(size)


def test_ppk_asks_three_peers_and_sees_the_aggregate_on_the_evaluation(
    browser, page, live_server, org
):
    cycle = the_cycle()
    plan = Plan(org, cycle)
    *_, kasi = plan.chain()
    skp = plan.approved(org.pegawai, linked_to=kasi.rhks.get())
    evaluation = evaluation_for(skp, 1, actor=system())
    team = peers(org)

    # The PPK opens a round for the pegawai from the 360 page.
    log_in(page, live_server, "kasi", PASSWORD)
    page.goto(f"{live_server.url}/umpan-balik/360/")
    _shot(page, "home-ppk")
    row = page.locator("[data-testid=team-members] li", has_text=org.pegawai.name)
    click_and_wait(page, row.locator("[data-testid=open-round]"))
    page.select_option("#id_period", "1")
    for person in team:
        page.get_by_label(person.name, exact=False).check()
    _shot(page, "open")
    click_and_wait(page, page.locator("[data-testid=submit-round]"))
    expect(page.locator("[data-testid=answered-count]")).to_contain_text("0")
    expect(page.locator("[data-testid=survey-hidden]")).to_be_visible()
    round_ = Round360.objects.get(employee=org.pegawai)
    assert round_.respondents.count() == 3

    # Each peer answers in their own browser; the first on a phone.
    for index, (person, comment) in enumerate(zip(team, COMMENTS, strict=True)):
        viewport = PHONE if index == 0 else DESKTOP
        context = browser.new_context(locale="id-ID", viewport=viewport)
        context.set_default_timeout(15_000)
        peer_page = context.new_page()
        try:
            log_in(peer_page, live_server, person.user.username, PASSWORD)
            peer_page.goto(f"{live_server.url}/umpan-balik/360/")
            if index == 0:
                _shot(peer_page, "home-respondent")
            click_and_wait(peer_page, peer_page.locator("[data-testid=pending-request]").first)
            if index == 0:
                expect_no_horizontal_scroll(peer_page)
            for fieldset in peer_page.locator("[data-testid=answer-value]").all():
                fieldset.locator("input[type=radio]").first.check()  # Di Atas Ekspektasi
            peer_page.locator("#id_comment_berorientasi_pelayanan").fill(comment)
            if index == 0:
                _shot(peer_page, "answer")
            click_and_wait(peer_page, peer_page.locator("[data-testid=submit-answer]"))
            expect(peer_page.locator("[data-testid=no-pending]")).to_be_visible()
        finally:
            context.close()

    # The PPK now sees the aggregate under each value of the evaluation page.
    page.goto(f"{live_server.url}/umpan-balik/360/{round_.public_id}/")
    expect(page.locator("[data-testid=survey-value]")).to_have_count(7)
    _shot(page, "round")
    page.goto(live_server.url + reverse("appraisal:evaluation", args=[evaluation.public_id]))
    panels = page.locator("[data-testid=survey-panel-value]")
    expect(panels).to_have_count(7)
    first = panels.first
    expect(first.locator("[data-rating=DI_ATAS_EKSPEKTASI]")).to_have_text("3")
    first.locator("summary").click()
    first.scroll_into_view_if_needed()
    _shot(page, "evaluation")
    for comment in COMMENTS:
        expect(first).to_contain_text(comment)
    assert timezone.localdate() <= round_.deadline
