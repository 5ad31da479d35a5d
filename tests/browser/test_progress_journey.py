"""My progress, explained (issue 29, item 6), on a 390 px phone: the demo's kadis, whose approved
plan has realisations for the past quarters, reads on the home page what needs attention and the
next deadline, then every indicator on the results page, each with its sentence and chart."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from appraisal.cycles.selectors import open_cycle
from appraisal.realisation.progress import (
    current_plan,
    current_team_plans,
    plan_progress,
    team_progress,
)
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kadis_reads_their_progress_on_a_phone(phone_page, live_server):
    seed_demo()
    page = phone_page
    with translation.override("id"):  # the sentences as the page writes them
        progress = plan_progress(current_plan(Employee.objects.get(user__username="kadis")))
    attention = progress.attention
    assert progress.rows and attention, "the demo's kadis has no indicator needing attention"

    log_in(page, live_server, "kadis")
    card = page.locator("[data-testid=home-progress]")
    expect(card.locator("h2")).to_have_text(indonesian("My progress"))
    rows = card.locator("[data-testid=progress-row]")
    expect(rows).to_have_count(min(3, len(attention)))
    expect(rows.first.locator("[data-testid=progress-sentence]")).to_have_text(
        attention[0].sentence
    )
    if progress.next_due:
        expect(card.locator("[data-testid=progress-next-due]")).to_contain_text(
            progress.next_due.label
        )
    expect_no_horizontal_scroll(page)

    click_and_wait(page, card.locator("[data-testid=progress-all]"))
    expect(page).to_have_url(re.compile(r"/kinerja/hasil/#my-progress$"))
    section = page.locator("[data-testid=my-progress]")
    expect(section).to_be_visible()
    all_rows = section.locator("[data-testid=progress-row]")
    expect(all_rows).to_have_count(len(progress.rows))
    # Those that need attention first, then the rest; each with its sentence.
    expected = [row.sentence for row in progress.sorted_rows]
    expect(section.locator("[data-testid=progress-sentence]")).to_have_text(expected)
    charted = sum(1 for row in progress.rows if row.chart)
    expect(section.locator("[data-testid=progress-chart]")).to_have_count(charted)
    expect_no_horizontal_scroll(page)


def test_the_ppk_reads_the_team_those_needing_attention_first(page, live_server):
    seed_demo()
    atasan = Employee.objects.get(user__username="atasan")
    log_in(page, live_server, "atasan")
    page.locator("#mainnav a.dropdown-toggle:has(.bi-people)").click()
    click_and_wait(
        page,
        page.locator(
            "#mainnav a.dropdown-item", has_text=indonesian("Team progress against targets")
        ),
    )
    expect(page).to_have_url(re.compile(r"/kinerja/tim/capaian/$"))
    people = page.locator("[data-testid=team-progress-person]")
    with translation.override("id"):
        ids = OrgSnapshot(timezone.localdate()).subordinate_ids(atasan.pk)
        expected = team_progress(current_team_plans(ids, open_cycle()))
    assert expected, "the demo's atasan has nobody with an approved SKP"
    expect(people).to_have_count(min(25, len(expected)))
    nips = [p.skp.employee.nip for p in expected[:25]]
    for number, nip in enumerate(nips[:5]):
        expect(people.nth(number)).to_have_attribute("data-nip", nip)
    needing = [p for p in expected if p.attention]
    if needing:
        first = people.first
        expect(first.locator("details")).to_have_attribute("open", "")
        expect(first.locator("[data-testid=progress-sentence]").first).to_have_text(
            needing[0].attention[0].sentence
        )
        page.check("#id_perhatian")
        click_and_wait(page, page.locator("main form[role=search] button[type=submit]"))
        expect(people).to_have_count(min(25, len(needing)))
    page.set_viewport_size({"width": 390, "height": 844})
    expect_no_horizontal_scroll(page)
