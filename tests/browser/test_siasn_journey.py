"""Issue 21, "Done when": against the loopback SIASN server, the admin BKD pulls the organisation,
fixes what the reporting-line diagnostics shows, and pushes a closed year's results, in a browser.

SIASN holds the demo's organisation (demo_mirror) plus a newcomer, and places one Subbagian
directly under the Dinas, so that its Kasubag's atasan at SIASN is the Kepala Dinas while the PPK
here is the Sekretaris. The admin reads SIASN for a NIP it does not know (the reading's page lists
it), then for the newcomer (the import preview, confirmed), sets the Kasubag's PPK from the
diagnostics' fix link, and sends the closed year's results.

The push renders one Dokumen Evaluasi per result, all sent in the one request here (Celery runs
eagerly): with WeasyPrint the demo's closed year (550 results) took 500 s (0.9 s a result), and
the status page cannot send one OPD only. The documents are therefore made by a stub here (a tiny
PDF), and only Disdukcapil's 75 results are final when the year is sent (about 50 s for all 550);
the real Dokumen Evaluasi uploaded to SIASN is tested in tests/interchange/test_siasn_push.py.

Set SIASN_SHOTS to a folder to keep screenshots of the SIASN pages at 1280 and 390 px.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.choices import PositionKind
from accounts.org.models import AppraiserOverride, Employee, OrgUnit, Position
from accounts.org.reporting import OrgSnapshot
from appraisal.choices import ANNUAL, CycleStatus, EvaluationStatus
from appraisal.cycles.models import Cycle
from appraisal.documents import rendering
from appraisal.evaluation.models import Evaluation
from interchange.siasn import payloads
from interchange.siasn.checks import SIASN_ATASAN
from interchange.siasn.models import PullState, PushState, ResultPush, SiasnPull
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    indonesian,
    log_in,
    seed_demo,
)
from tests.interchange.siasn_server import (
    INSTANSI_ID,
    KUADRAN,
    RATINGS,
    listed,
    siasn_fixture,  # noqa: F401 (the fixture `siasn`)
    siasn_server_fixture,  # noqa: F401 (the fixture `siasn_server`)
    unit,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("SIASN_SHOTS", "")
NEWCOMER = "199805122023032001"
NEWCOMER_UNIT = "DINKES.P2P.SURIM"
NEWCOMER_POST = "Epidemiolog Kesehatan Ahli Pertama"
UNKNOWN = "199901012022031099"
# At SIASN this Subbagian sits directly under the Dinas, not under the Sekretariat.
MOVED_UNIT, SIASN_PARENT = "DINKES.SEK.UMPEG", "DINKES"
ROOT = "PEMKAB"  # SIASN's unit of the Pemda itself, above every OPD
# SIASN's jenisJabatanId and eselonId of our kinds of post (interchange/siasn/organisation.py).
STRUCTURAL = {
    PositionKind.JPT_PRATAMA: "21",
    PositionKind.ADMINISTRATOR: "31",
    PositionKind.PENGAWAS: "41",
}
# The whole closed year is sent in the one request (Celery runs eagerly): minutes, not seconds.
PUSH_TIMEOUT_MS = 600_000


def post_type(post: Position) -> tuple[str, str]:
    if post.kind in STRUCTURAL:
        return "1", STRUCTURAL[post.kind]
    return ("2", "") if post.jenjang else ("4", "")


def siasn_person(employee: Employee, post: Position) -> dict:
    """SIASN's record of someone (data-utama and rw-jabatan) on `post`."""
    data_utama = {
        "id": employee.siasn_id,
        "nipBaru": employee.nip,
        "nama": employee.name,
        "gelarDepan": employee.front_title,
        "gelarBelakang": employee.back_title,
        "statusPegawai": employee.employment_type,
        "golRuangAkhir": employee.golongan,
        "unorId": post.unit.code,
        "jabatanNama": post.name,
        "instansiIndukId": INSTANSI_ID,
        "emailGov": employee.email,
    }
    jenis, eselon = post_type(post)
    held = {"id": f"RJ-{employee.siasn_id}", "idPns": employee.siasn_id, "nipBaru": employee.nip}
    held |= {"unorId": post.unit.code, "namaJabatan": post.name, "tmtJabatan": "02-01-2024"}
    held |= {"jenisJabatanId": jenis, "eselonId": eselon}
    return {"data_utama": data_utama, "rw_jabatan": [held]}


def top_posts() -> dict[int, Position]:
    """Each unit's top post: the one reporting to a post outside the unit (or to nobody)."""
    tops: dict[int, Position] = {}
    for post in Position.objects.filter(is_active=True).select_related("parent").order_by("pk"):
        if post.parent is None or post.parent.unit_id != post.unit_id:
            tops.setdefault(post.unit_id, post)
    return tops


def unit_head(code: str) -> Employee:
    """Who holds the unit's top post today (definitively, else acting)."""
    post = top_posts()[OrgUnit.objects.get(code=code).pk]
    holders = OrgSnapshot(timezone.localdate()).holders(post.pk)
    assert holders, f"the top post of {code} is vacant"
    return Employee.objects.get(pk=holders[0][1])


def demo_mirror() -> dict:
    """A SIASN holding exactly the demo's organisation: its units (SIASN's ids are our codes),
    each headed (NipPemimpin) by whoever holds its top post today, and every active employee
    under the SIASN id the demo gave them (the push's saves name it)."""
    snapshot = OrgSnapshot(timezone.localdate())
    nips = dict(Employee.objects.values_list("pk", "nip"))
    tops = top_posts()
    units = [unit(ROOT, "Pemerintah Kabupaten Demo", "", "Bupati")]
    for ours in OrgUnit.objects.filter(is_active=True).select_related("parent").order_by("code"):
        top = tops.get(ours.pk)
        holders = snapshot.holders(top.pk) if top else []
        head = nips[holders[0][1]] if holders else ""
        above = ours.parent.code if ours.parent else ROOT
        units.append(unit(ours.code, ours.name, above, top.name if top else "", head))
    active = Employee.objects.filter(status="active").select_related("position__unit")
    people = {e.nip: siasn_person(e, e.position) for e in active}
    references = {"perilakuDanKinerja": listed(RATINGS), "kuadranNilai": listed(KUADRAN)}
    return {"units": units, "employees": people, "references": references}


def stub_pdf(html: str) -> bytes:
    """A small PDF instead of WeasyPrint's (see the module's docstring)."""
    return b"%PDF-1.4\n% Dokumen Evaluasi (uji)\n" + str(len(html)).encode() + b"\n%%EOF\n"


def shot(page, name: str) -> None:
    if not SHOTS:
        return
    Path(SHOTS).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(path=f"{SHOTS}/siasn-{name}-{viewport['width']}.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            print(f"siasn-{name}: {width} px wide at {viewport['width']} px")
    page.set_viewport_size(size)


def read_siasn(page, live_server, nips: str) -> None:
    """On the SIASN page, type NIPs of new employees and read SIASN (done at once: no worker)."""
    page.goto(f"{live_server.url}{reverse('interchange:siasn_status')}")
    form = page.locator("[data-testid=siasn-pull] form")
    form.locator("textarea[name=nips]").fill(nips)
    with page.expect_navigation():
        page.locator("[data-testid=siasn-pull-start]").click()


def test_the_admin_bkd_pulls_fixes_and_pushes_a_closed_year(page, live_server, siasn, monkeypatch):
    seed_demo()
    assert not Employee.objects.filter(nip__in=[NEWCOMER, UNKNOWN]).exists()
    kasubag, sekretaris, kadis = (unit_head(c) for c in (MOVED_UNIT, "DINKES.SEK", "DINKES"))
    kasi = unit_head(NEWCOMER_UNIT)
    closed = Cycle.objects.get(status=CycleStatus.CLOSED).year
    final = Evaluation.objects.filter(status=EvaluationStatus.FINALISED, skp__cycle__year=closed)
    assert final.exists() and not ResultPush.objects.exists()

    dataset = demo_mirror()
    moved = next(u for u in dataset["units"] if u["Id"] == MOVED_UNIT)
    moved["DiatasanId"] = SIASN_PARENT
    post = Position.objects.get(unit__code=NEWCOMER_UNIT, name=NEWCOMER_POST)
    newcomer = Employee(
        nip=NEWCOMER,
        name="Nadia Maharani",
        back_title="S.K.M.",
        employment_type="PNS",
        golongan="III/a",
        email="nadia.maharani@contoh.go.id",
        siasn_id="S-NADIA-BARU",
    )
    dataset["employees"][NEWCOMER] = siasn_person(newcomer, post)
    siasn.load(dataset)
    log_in(page, live_server, "admin.bkd")

    # A NIP SIASN does not know: nothing to import, the reading's page says why.
    read_siasn(page, live_server, UNKNOWN)
    expect(page).to_have_url(re.compile(r"/kelola/siasn/tarik/[0-9a-f-]{36}/$"))
    with translation.override("id"):
        state_shown = SiasnPull.objects.get().get_state_display()
    expect(page.locator("[data-testid=siasn-pull-state]")).to_contain_text(state_shown)
    unknown = page.locator("[data-testid=siasn-pull-notes] tbody tr", has_text=UNKNOWN)
    expect(unknown).to_have_count(1)
    expect(unknown).to_contain_text(indonesian("Not in SIASN"))
    shot(page, "reading")

    # The newcomer: read from SIASN, previewed, imported under SIASN's atasan.
    page.goto(f"{live_server.url}{reverse('interchange:siasn_status')}")
    expect(page.locator("[data-testid=siasn-pulls] tbody tr")).to_have_count(1)
    shot(page, "status")
    read_siasn(page, live_server, NEWCOMER)
    expect(page).to_have_url(re.compile(r"/kelola/impor/[0-9a-f-]{36}/$"))
    pull = SiasnPull.objects.order_by("-created_at").first()
    assert pull.state == PullState.READY and pull.counts["new"] == 1, (pull.counts, pull.notes)
    assert pull.counts["changed"] == 0, pull.counts  # everyone else is as SIASN says
    rows = page.locator("[data-testid=import-rows] tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(NEWCOMER)
    expect(rows.first).to_contain_text("Nadia Maharani")
    expect(rows.first).to_contain_text(indonesian("New"))
    expect(page.locator("[data-testid=import-accounts-created]")).to_have_text("1")
    shot(page, "preview")
    assert not Employee.objects.filter(nip=NEWCOMER).exists(), "the preview must not write"
    with page.expect_navigation():
        page.locator("[data-testid=import-confirm] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/kelola/pegawai/(\?.*)?$"))
    expect(page.locator("main .alert-success")).to_be_visible()
    page.fill("#id_q", NEWCOMER)
    with page.expect_navigation():
        page.locator("main form[method=get] button[type=submit]").click()
    listed_rows = page.locator("[data-testid=employee-table] tbody tr")
    expect(listed_rows).to_have_count(1)
    expect(listed_rows).to_contain_text("Nadia Maharani")
    added = Employee.objects.select_related("position__unit", "position__parent").get(nip=NEWCOMER)
    assert added.position.unit.code == NEWCOMER_UNIT and added.user is not None
    assert added.position.parent == kasi.position  # SIASN's atasan: the head of the Seksi

    # The diagnostics list the Kasubag, whose PPK here is not SIASN's atasan; the fix link
    # opens the page that sets appraisers, and the PPK set there clears the finding.
    diagnostics = f"{live_server.url}{reverse('appraisal:line_diagnostics')}"
    page.goto(diagnostics)
    page.select_option("#id_reason", SIASN_ATASAN)
    with page.expect_navigation():
        page.locator("#filter-panel button[type=submit]").click()
    findings = page.locator(f"[data-testid=finding-row][data-reason={SIASN_ATASAN}]")
    expect(findings.first).to_be_visible()
    finding = findings.filter(has_text=kasubag.nip)
    expect(finding).to_have_count(1)
    expect(finding).to_contain_text(indonesian("PPK differs from SIASN's atasan"))
    expect(finding).to_contain_text(kadis.nip)
    expect(finding).to_contain_text(sekretaris.nip)
    others = findings.count() - 1
    with page.expect_navigation():
        finding.locator("[data-testid=fix-link]").click()
    expect(page).to_have_url(re.compile(rf"/kelola/pegawai/{kasubag.nip}/penilai/"))
    page.fill("#id_ppk", kadis.nip)
    page.fill("#id_reason", "Sesuai atasan langsung di SIASN: Subbagian di bawah Kepala Dinas.")
    with page.expect_navigation():
        page.locator("main form.card button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/kelola/pegawai/{kasubag.nip}/$"))
    expect(page.locator("main .alert-success")).to_be_visible()
    assert AppraiserOverride.objects.get(employee=kasubag).ppk == kadis
    page.goto(f"{diagnostics}?reason={SIASN_ATASAN}")
    expect(findings).to_have_count(others)
    expect(findings.filter(has_text=kasubag.nip)).to_have_count(0)

    # The closed year's results, sent from the SIASN page. Sending is the same loop for every
    # result: one OPD's (75 in the demo's closed year) keeps the journey to seconds, where the
    # whole year's 550 took a minute of the test run; the others' are set back to being scored.
    Evaluation.objects.filter(
        skp__cycle__year=closed, skp__position__unit__opd__code="DINKES"
    ).update(status=EvaluationStatus.DRAFT)
    assert final.exists()
    monkeypatch.setattr(rendering, "pdf_bytes", stub_pdf)
    page.goto(f"{live_server.url}{reverse('interchange:siasn_status')}?year={closed}")
    per_opd = page.locator("[data-testid=siasn-per-opd] tbody tr")
    opds = sorted(set(final.values_list("skp__position__unit__opd__code", flat=True)))
    expect(per_opd).to_have_count(len(opds))
    started = time.monotonic()
    with page.expect_navigation(timeout=PUSH_TIMEOUT_MS):
        page.locator("[data-testid=siasn-push-year]").click(timeout=PUSH_TIMEOUT_MS)
    print(f"pushing {final.count()} results took {time.monotonic() - started:.1f} s")
    expect(page.locator("main .alert-success")).to_contain_text(str(final.count()))
    assert set(ResultPush.objects.values_list("state", flat=True)) == {PushState.SENT}
    for code in opds:
        total = final.filter(skp__position__unit__opd__code=code).count()
        cells = per_opd.filter(has_text=code).locator("td")
        # Final results, sent, changed since, failed, outcome unknown, waiting.
        expect(cells.nth(1)).to_have_text(str(total))
        expect(cells.nth(2)).to_have_text(str(total))
        for column in (3, 4, 5, 6):
            expect(cells.nth(column)).to_have_text("0")
    shot(page, "sent")

    records = siasn.stored()["records"]
    annual = final.filter(period=ANNUAL)
    assert len(records[payloads.ANNUAL]) == annual.count()
    assert len(records[payloads.PERIODIC]) == final.count() - annual.count()
    sent = [r["pnsDinilaiOrang"] for r in records[payloads.ANNUAL].values()]
    sent += [r["pnsDinilaiId"] for r in records[payloads.PERIODIC].values()]
    assert sorted(sent) == sorted(final.values_list("skp__employee__siasn_id", flat=True))
    assert {p.siasn_id for p in ResultPush.objects.all()} == set(records[payloads.ANNUAL]) | set(
        records[payloads.PERIODIC]
    )
    # Each saved with the Dokumen Evaluasi uploaded for it.
    documents = siasn.stored()["documents"]
    assert len(documents) == final.count()
    saved = [*records[payloads.ANNUAL].values(), *records[payloads.PERIODIC].values()]
    assert sorted(r["path"][0]["dok_uri"] for r in saved) == sorted(documents)
