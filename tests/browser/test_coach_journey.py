"""The indicator coach while an IKI is written (indicators/coach.py, indicators/views.py `coach`,
templates/indicators/_coach.html, static/js/app.js): it advises as the pegawai types, never blocks.

1. The pegawai, on a 390 px phone, opens the new RHK form of their draft SKP and types a vague
   indicator ("Meningkatkan pelayanan imunisasi", aspect Kualitas) in the first IKI row: after
   the debounce the hints appear under the field, in Indonesian (the vague verb, nothing to
   count, no target, too short; the aspects the RHK leaves out on one line for the form), with the similar
   indicators of the demo library. "Pakai" puts the library's wording in the field and the hints
   are checked again: the vague verb is gone, the missing target stays until it is typed. A
   second row keeps a vague indicator; the RHK is saved all the same, hints showing. The page
   never scrolls sideways.
2. On a desktop, "Tambah indikator" clones a row; typing in the new row gets that row's own
   answer (htmx processes the clone, its request names its own prefix), and the form's aspects
   line follows every row.
3. Back on the SKP page after 1 (the plan still a draft), the vague IKI shows its hint beside
   it; the one taken from the library shows none.
"""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from appraisal.choices import SkpStatus
from appraisal.plans.models import Rhk, Skp
from tests.browser.conftest import indonesian, log_in, seed_demo
from tests.browser.test_phone_layout import expect_no_horizontal_scroll
from tests.browser.test_skp_journey import click_and_wait, status_badge
from tests.browser.test_tour_journey import open_the_new_rhk_form

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COACH_URL = "/pustaka-indikator/periksa-iki/"
RHK_TEXT = "Meningkatnya cakupan imunisasi dasar lengkap bayi di wilayah puskesmas"
VAGUE = "Meningkatkan pelayanan imunisasi"
# The demo library (indicators/demo/library.py and examples.py) holds these, alike enough to VAGUE
# (indicators.selectors.SIMILAR_MIN), most alike first.
SIMILAR_TO_VAGUE = [
    "Persentase bayi usia 0-11 bulan yang mendapat imunisasi dasar lengkap",
    "Jumlah laporan cakupan imunisasi",
    "Jumlah ibu hamil yang mendapat pelayanan antenatal",  # indicators/demo/examples.py
    "Laporan pelayanan disampaikan setiap bulan",
]
FROM_LIBRARY = SIMILAR_TO_VAGUE[0]
# Vague (a direction, nothing counted), but with a time word and a target: only the vague verb.
STILL_VAGUE = "Meningkatkan ketepatan waktu laporan imunisasi"

# The hints' msgids as indicators/hints.py writes them.
VAGUE_VERB = (
    "%(words)s says which way, not how much: add what is counted (jumlah, persentase, "
    "indeks…) or a number."
)
NO_MEASURE = "Nothing to count yet: give a number or a unit (dokumen, orang, persen, hari…)."
NO_TARGET = "No target yet: a number, or under the qualitative approach a narrative."
SHORT = "Very short: say what is measured and of what, so your PPK reads it the same."
ASPECTS = "The indicators of this RHK leave out: %(aspects)s."


def vague_verb(*words: str) -> str:
    return indonesian(VAGUE_VERB) % {"words": ", ".join(f"“{word}”" for word in words)}


def aspects_left_out(*labels: str) -> str:
    return indonesian(ASPECTS) % {"aspects": ", ".join(labels)}


def similar_summary(n: int) -> str:
    """The similar list's summary ("3 indikator serupa di pustaka"), a plural in the catalogue."""
    with translation.override("id"):
        return translation.ngettext(
            "%(n)s similar indicator in the library", "%(n)s similar indicators in the library", n
        ) % {"n": n}


def iki_row(page, index: int):
    """The IKI row (a fieldset) of the formset row `iki-<index>`."""
    return page.locator("fieldset[data-testid=iki-row]", has=page.locator(f"#id_iki-{index}-aspek"))


def coach_of(page, index: int):
    return iki_row(page, index).locator("[data-testid=iki-coach-slot]")


def aspects_line(page):
    """The form's one line naming the aspects its rows leave out (templates/indicators/
    _coach_aspects.html), refreshed whichever row changes."""
    return page.locator("[data-testid=iki-coach-aspects]")


def hints_of(page, index: int):
    return coach_of(page, index).locator("[data-testid=iki-coach-hints] li")


def draft_skp() -> Skp:
    return Skp.objects.get(
        employee__user__username="pegawai",
        cycle__year=timezone.localdate().year,
        status=SkpStatus.DRAFT,
    )


def test_pegawai_is_coached_on_a_phone_and_saves_with_hints_showing(phone_page, live_server):
    seed_demo()
    page = phone_page
    skp = draft_skp()
    rhks_before = skp.rhks.count()
    log_in(page, live_server, "pegawai")
    open_the_new_rhk_form(page, live_server)
    page.fill("#id_text", RHK_TEXT)

    # Nothing typed in the rows yet: no coach anywhere.
    rows = page.locator("#iki-rows [data-testid=iki-row]")
    assert rows.count() >= 2
    expect(page.locator("[data-testid=iki-coach]")).to_have_count(0)

    # --- A vague indicator in the first row: the hints appear under the field after a pause. ---
    page.select_option("#id_iki-0-aspek", "kualitas")
    page.locator("#id_iki-0-indicator").press_sequentially(VAGUE)
    expect(hints_of(page, 0)).to_have_text(
        [
            vague_verb("meningkatkan"),
            indonesian(NO_MEASURE),
            indonesian(NO_TARGET),
            indonesian(SHORT),
        ]
    )
    # The aspects the RHK leaves out: one line for the form, under all the rows.
    expect(aspects_line(page)).to_have_text(aspects_left_out("Kuantitas", "Waktu"))
    coach = coach_of(page, 0)
    expect(coach.locator("[data-testid=iki-coach-ok]")).to_have_count(0)
    # Right under the field, in its own column.
    field_box = page.locator("#id_iki-0-indicator").bounding_box()
    coach_box = coach.bounding_box()
    assert field_box is not None and coach_box is not None
    assert coach_box["y"] >= field_box["y"] + field_box["height"] - 1, (field_box, coach_box)
    # The other rows were not typed in: their coach says nothing.
    expect(coach_of(page, 1)).to_be_empty()

    # The similar indicators of the library, folded under a summary.
    similar = coach.locator("details[data-testid=iki-coach-similar]")
    expect(similar.locator("summary")).to_have_text(similar_summary(len(SIMILAR_TO_VAGUE)))
    uses = similar.locator("[data-coach-use]")
    expect(uses).to_have_count(len(SIMILAR_TO_VAGUE))
    for number, text in enumerate(SIMILAR_TO_VAGUE):
        expect(uses.nth(number)).to_have_attribute("data-coach-use", text)
    expect(uses.first).to_be_hidden()
    similar.locator("summary").click()
    use = similar.locator(f'[data-coach-use="{FROM_LIBRARY}"]')
    expect(use).to_be_visible()
    expect(use).to_have_text(indonesian("Use"))
    expect(similar.locator("li").first).to_contain_text(f"{FROM_LIBRARY} · Kualitas · 95 %")
    expect_no_horizontal_scroll(page)

    # --- "Pakai": the library's wording goes in the field and is checked again. No target was
    # typed, so that hint stays (and the aspects the RHK leaves out); the vague verb is gone. ---
    use.click()
    expect(page.locator("#id_iki-0-indicator")).to_have_value(FROM_LIBRARY)
    expect(page.locator("#id_iki-0-indicator")).to_be_focused()
    expect(hints_of(page, 0)).to_have_text([indonesian(NO_TARGET)])
    page.fill("#id_iki-0-target_value", "95")
    page.fill("#id_iki-0-target_unit", "%")
    expect(coach_of(page, 0).locator("[data-testid=iki-coach-ok]")).to_have_text(
        indonesian("Measurable as written.")
    )
    expect_no_horizontal_scroll(page)

    # --- A second row stays vague: the coach says so, and the RHK is saved all the same. ---
    page.select_option("#id_iki-1-aspek", "waktu")
    page.fill("#id_iki-1-indicator", STILL_VAGUE)
    page.fill("#id_iki-1-target_value", "12")
    page.fill("#id_iki-1-target_unit", "bulan")
    expect(hints_of(page, 1)).to_have_text([vague_verb("meningkatkan")])
    # Any row refreshes the form's aspects line.
    expect(aspects_line(page)).to_have_text(aspects_left_out("Kuantitas"))
    expect_no_horizontal_scroll(page)
    click_and_wait(page, page.get_by_role("button", name=indonesian("Save RHK")))

    rhk = Rhk.objects.get(skp=skp, text=RHK_TEXT)
    assert skp.rhks.count() == rhks_before + 1
    assert sorted(rhk.ikis.values_list("aspek", "indicator")) == [
        ("kualitas", FROM_LIBRARY),
        ("waktu", STILL_VAGUE),
    ]
    skp_url = f"{live_server.url}/kinerja/skp/{skp.public_id}/"
    expect(page).to_have_url(f"{skp_url}#rhk-{rhk.public_id}")
    expect(page.locator("main .alert-success")).to_contain_text(indonesian("RHK saved."))

    # --- 3. The SKP page, the plan still a draft: the vague IKI's hint beside it. ---
    expect(status_badge(page)).to_have_text(SkpStatus.DRAFT.label)
    card = page.locator(f"#rhk-{rhk.public_id}")
    vague_row = card.locator("tbody tr", has_text=STILL_VAGUE)
    expect(vague_row.locator("[data-testid=iki-hints] li")).to_have_text(
        [vague_verb("meningkatkan")]
    )
    expect(
        card.locator("tbody tr", has_text=FROM_LIBRARY).locator("[data-testid=iki-hints]")
    ).to_have_count(0)
    expect(card.locator("[data-testid=iki-hints]")).to_have_count(1)
    expect_no_horizontal_scroll(page)


def test_an_added_row_gets_its_own_coach_answer(page, live_server):
    seed_demo()
    log_in(page, live_server, "pegawai")
    open_the_new_rhk_form(page, live_server)
    rows = page.locator("#iki-rows [data-testid=iki-row]")
    first_rows = rows.count()
    assert first_rows >= 3  # a new RHK offers three empty rows (appraisal.plans.forms)

    # Two rows of the form, each answered under its own field.
    page.select_option("#id_iki-0-aspek", "kuantitas")
    page.fill("#id_iki-0-indicator", "Jumlah laporan cakupan imunisasi")
    page.fill("#id_iki-0-target_value", "12")
    page.fill("#id_iki-0-target_unit", "laporan")
    expect(coach_of(page, 0).locator("[data-testid=iki-coach-ok]")).to_be_visible()
    expect(aspects_line(page)).to_have_text(aspects_left_out("Kualitas", "Waktu"))
    page.select_option("#id_iki-1-aspek", "kualitas")
    page.fill("#id_iki-1-indicator", FROM_LIBRARY)
    page.fill("#id_iki-1-target_value", "95")
    page.fill("#id_iki-1-target_unit", "%")
    expect(aspects_line(page)).to_have_text(aspects_left_out("Waktu"))

    # "Tambah indikator" clones a row; htmx is told about it.
    page.get_by_role("button", name=indonesian("Add indicator")).click()
    expect(rows).to_have_count(first_rows + 1)
    added = first_rows
    expect(page.locator(f"#id_iki-{added}-aspek")).to_be_focused()
    slot = coach_of(page, added)
    expect(slot).to_have_attribute("hx-vals", f'{{"row": "iki-{added}"}}')
    expect(slot).to_be_empty()

    with page.expect_response(
        lambda response: COACH_URL in response.url and f"row=iki-{added}" in response.url
    ) as answer:
        page.select_option(f"#id_iki-{added}-aspek", "waktu")
        page.fill(
            f"#id_iki-{added}-indicator",
            "Laporan cakupan imunisasi disampaikan paling lambat tanggal 5 setiap bulan",
        )
        page.fill(f"#id_iki-{added}-target_value", "12")
        page.fill(f"#id_iki-{added}-target_unit", "bulan")
    assert answer.value.status == 200

    # Its own answer: measurable; with it every aspect is covered, and the line says nothing.
    ok = slot.locator("[data-testid=iki-coach-ok]")
    expect(ok).to_have_text(indonesian("Measurable as written."))
    expect(slot.locator("[data-testid=iki-coach-hints]")).to_have_count(0)
    expect(aspects_line(page)).to_have_count(0)
    # The empty row between says nothing.
    expect(coach_of(page, first_rows - 1)).to_be_empty()
