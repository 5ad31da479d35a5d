"""Issue 29, "Done when": a new pegawai of the demo, on a 390 px phone, follows the tour, starts
their SKP from the example plan for their post, fixes an IKI the coach flags, and submits.

The demo pegawai (Epidemiolog Kesehatan Ahli Pertama) is made new: this year's draft removed
and the tours not yet seen. The demo's example "Epidemiolog Kesehatan" suits their post
(indicators/demo/examples.py); the other examples are listed below it.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.org.models import Employee
from appraisal.choices import Section, SkpStatus
from appraisal.plans.models import Skp
from appraisal.plans.selectors import intervenable_rhks
from indicators.models import ExamplePlan
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_coach_journey import hints_of, vague_verb
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait, open_menu, status_badge
from tests.browser.test_tour_journey import follow_the_pegawai_tour_to_the_end, popover

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXAMPLE = "Epidemiolog Kesehatan"
# The pegawai adapts the first IKI of the first RHK to their own words, vaguely at first.
VAGUE = "Meningkatkan kualitas laporan surveilans"
FIXED = "Persentase laporan surveilans mingguan yang lengkap dan tepat waktu"


def test_new_pegawai_copies_the_example_for_their_post_fixes_an_iki_and_submits(
    phone_page, live_server
):
    seed_demo()
    page = phone_page
    year = timezone.localdate().year
    employee = Employee.objects.get(user__username="pegawai")
    Skp.objects.filter(employee=employee, cycle__year=year).delete()
    example = ExamplePlan.objects.get(title=EXAMPLE)
    utama = [i.entry.rhk for i in example.items.filter(additional=False).order_by("order")]
    tambahan = [i.entry.rhk for i in example.items.filter(additional=True).order_by("order")]

    # --- First login on a phone: the tour, to its end. ---
    log_in(page, live_server, "pegawai", first_time=True)
    expect(popover(page)).to_be_visible()
    follow_the_pegawai_tour_to_the_end(page)

    # --- Kinerja saya → SKP saya → start this year's SKP. ---
    open_menu(page)
    page.locator("#mainnav a.dropdown-toggle", has_text=indonesian("My performance")).click()
    click_and_wait(page, page.locator("#mainnav a.dropdown-item", has_text=indonesian("My SKP")))
    click_and_wait(page, page.locator("main form[action$='/skp/mulai/'] button[type=submit]"))
    skp = Skp.objects.get(employee=employee, cycle__year=year)
    skp_url = f"{live_server.url}/kinerja/skp/{skp.public_id}/"
    expect(page).to_have_url(skp_url)
    expect(page.locator("[data-testid=rhk]")).to_have_count(0)

    # --- The examples: the one for their post first, the others below; nothing scrolls sideways.
    click_and_wait(page, page.locator("[data-testid=open-examples]"))
    expect(page).to_have_url(f"{skp_url}contoh/")
    expect(page.locator("main h1")).to_have_text(indonesian("Start from an example plan"))
    suiting = page.locator("[data-testid=examples-suiting] [data-testid=example-plan]")
    expect(suiting).to_have_count(1)
    expect(suiting.locator("h3")).to_have_text(EXAMPLE)
    # The first suiting example is unfolded: its RHK and indicators are read before copying.
    for text in [*utama, *tambahan]:
        expect(suiting.locator("details li", has_text=text)).to_be_visible()
    others = page.locator("[data-testid=examples-others] [data-testid=example-plan]")
    assert others.count() == ExamplePlan.objects.filter(is_active=True).count() - 1
    expect(others.first.locator("details")).not_to_have_attribute("open", "")
    expect_no_horizontal_scroll(page)
    click_and_wait(page, suiting.locator("[data-testid=copy-example]"))

    # --- Back on the SKP: the example's RHK, the source noted, the links still to choose. ---
    expect(page).to_have_url(skp_url)
    copied = indonesian(
        "%(count)s RHK copied from the example “%(title)s”. Adapt the targets to your own work "
        "and link each RHK to an RHK of your appraising official."
    ) % {"count": len(utama) + len(tambahan), "title": EXAMPLE}
    expect(page.locator("main .alert-success")).to_have_text(copied)
    expect(page.locator("[data-testid=adapted-from]")).to_contain_text(EXAMPLE)
    cards = page.locator("[data-testid=rhk]")
    expect(cards).to_have_count(len(utama) + len(tambahan))
    expect(page.locator("[data-testid=submit-errors]")).to_be_visible()
    expect(page.locator("[data-testid=open-examples]")).to_have_count(0)  # no longer empty
    expect_no_horizontal_scroll(page)

    # --- Each RHK utama linked to an RHK of the PPK; the first IKI adapted, coached, fixed. ---
    targets = list(intervenable_rhks(skp).filter(section=Section.UTAMA).order_by("order", "pk"))
    assert targets, "the pegawai's PPK has no approved RHK utama to link to"
    for number, text in enumerate(utama):
        rhk = skp.rhks.get(text=text)
        card = page.locator(f"#rhk-{rhk.public_id}")
        click_and_wait(page, card.locator(f"a[href$='/rhk/{rhk.public_id}/']"))
        expect(page).to_have_url(re.compile(rf"/kinerja/rhk/{rhk.public_id}/$"))
        page.select_option("#id_intervened", label=targets[number % len(targets)].text)
        if number == 0:
            field = page.locator("#id_iki-0-indicator")
            field.fill("")
            field.press_sequentially(VAGUE)
            expect(hints_of(page, 0)).to_contain_text([vague_verb("meningkatkan")])
            field.fill(FIXED)
            expect(page.locator("[data-testid=iki-coach-ok]").first).to_have_text(
                indonesian("Measurable as written.")
            )
            expect_no_horizontal_scroll(page)
        click_and_wait(page, page.get_by_role("button", name=indonesian("Save RHK")))
        expect(page).to_have_url(f"{skp_url}#rhk-{rhk.public_id}")
        expect(page.locator("main .alert-success")).to_contain_text(indonesian("RHK saved."))

    first = skp.rhks.get(text=utama[0])
    assert first.ikis.order_by("order").first().indicator == FIXED
    assert all(skp.rhks.get(text=text).intervened_id for text in utama)

    # --- Submitted to the PPK, still marked as adapted from the example. ---
    expect(page.locator("[data-testid=submit-errors]")).to_have_count(0)
    click_and_wait(page, page.locator("[data-testid=submit-skp]"))
    expect(page.locator("main .alert-success")).to_contain_text(
        indonesian("Submitted. Your appraising official has been notified.")
    )
    expect(status_badge(page)).to_have_text(SkpStatus.SUBMITTED.label)
    skp.refresh_from_db()
    assert skp.status == SkpStatus.SUBMITTED and skp.adapted_from == example
    expect(page.locator("[data-testid=adapted-from]")).to_contain_text(EXAMPLE)
