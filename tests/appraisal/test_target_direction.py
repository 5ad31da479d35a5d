"""Issue 20, point 8: an IKI target has a direction (≥ at least, ≤ at most, = exactly, a range).
Entered with its sign, copied from the library, shown on the pages and the PDFs, and the capaian
of a realisation follows it (lower is better under a ceiling)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.documents.evaluation import render_evaluation_html
from appraisal.documents.skp import render_skp_html
from appraisal.evaluation import services as ev
from appraisal.plans.models import Iki, Rhk
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.services import flow as skp_flow
from appraisal.realisation import services as rs
from core.errors import DomainError
from indicators.choices import Aspek, TargetDirection
from tests.actors import actor, system
from tests.appraisal.conftest import iki
from tests.indicators.helpers import make_entry

pytestmark = pytest.mark.django_db


def _rhk_post(**iki_fields):
    data = {
        "section": "tambahan",
        "text": "Menurunnya prevalensi stunting",
        "link_kind": "direct",
        "iki-TOTAL_FORMS": "1",
        "iki-INITIAL_FORMS": "0",
        "iki-0-aspek": "kualitas",
        "iki-0-indicator": "Prevalensi balita stunting",
        "iki-0-target_unit": "%",
    }
    data.update({f"iki-0-{name}": value for name, value in iki_fields.items()})
    return data


def test_a_ceiling_is_entered_and_shown_with_its_sign(plan, org, login):
    skp = plan.start(org.pegawai)
    client = login("pegawai")
    response = client.post(
        reverse("appraisal:rhk_create", args=[skp.public_id]),
        _rhk_post(target_direction="at_most", target_value="14"),
    )
    assert response.status_code == 302
    saved = Iki.objects.get(rhk__skp=skp)
    assert saved.target_direction == TargetDirection.AT_MOST and saved.target_upper is None
    assert saved.target_display == "≤ 14 %"
    page = client.get(reverse("appraisal:skp_detail", args=[skp.public_id])).content.decode()
    assert "≤ 14 %" in page
    form = client.get(reverse("appraisal:rhk_edit", args=[saved.rhk.public_id])).content.decode()
    assert re.search(r'<option value="at_most"[^>]*selected', form)


def test_a_range_needs_both_bounds_and_the_form_keeps_what_was_typed(plan, org, login):
    skp = plan.start(org.pegawai)
    client = login("pegawai")
    url = reverse("appraisal:rhk_create", args=[skp.public_id])
    response = client.post(url, _rhk_post(target_direction="range", target_value="80"))
    assert response.status_code == 200 and not Rhk.objects.filter(skp=skp).exists()
    page = response.content.decode()
    assert "Prevalensi balita stunting" in page and 'value="80"' in page
    assert 'id="id_iki-0-target_upper"' in page and "is-invalid" in page
    upside_down = _rhk_post(target_direction="range", target_value="90", target_upper="80")
    assert client.post(url, upside_down).status_code == 200
    assert not Rhk.objects.filter(skp=skp).exists()
    good = _rhk_post(target_direction="range", target_value="80", target_upper="90")
    assert client.post(url, good).status_code == 302
    assert Iki.objects.get(rhk__skp=skp).target_display == "80–90 %"


def test_a_row_posted_without_a_direction_is_at_least(plan, org, login):
    skp = plan.start(org.pegawai)
    response = login("pegawai").post(
        reverse("appraisal:rhk_create", args=[skp.public_id]), _rhk_post(target_value="12")
    )
    assert response.status_code == 302
    assert Iki.objects.get(rhk__skp=skp).target_display == "≥ 12 %"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"target_direction": "range", "target_value": Decimal(9)}, "upper bound"),
        (
            {"target_direction": "range", "target_value": Decimal(9), "target_upper": Decimal(8)},
            "below the lower bound",
        ),
        ({"target_direction": "at_most", "target_value": None}, "as a number"),
        ({"target_direction": "sideways", "target_value": Decimal(1)}, "direction"),
    ],
)
def test_the_service_refuses_a_target_its_direction_cannot_use(plan, org, english, row, message):
    skp = plan.start(org.pegawai)
    rhk = Rhk(skp=skp, section="tambahan", text="Menurunnya kasus")
    with pytest.raises(DomainError, match=message):
        skp_edit.rhk_save(skp, rhk, [iki() | row], {}, set(), actor=system())


def test_the_service_drops_an_upper_bound_that_is_not_a_range(plan, org):
    skp = plan.start(org.pegawai)
    rhk = Rhk(skp=skp, section="tambahan", text="Menurunnya kasus")
    row = iki() | {"target_direction": "at_most", "target_upper": Decimal(20)}
    skp_edit.rhk_save(skp, rhk, [row], {}, set(), actor=system())
    saved = Iki.objects.get(rhk__skp=skp)
    assert saved.target_direction == "at_most" and saved.target_upper is None


def test_copying_a_library_entry_copies_the_direction(plan, org, login):
    entry = make_entry("Menurunnya angka kematian ibu", indicators=[("AKI", Aspek.KUALITAS)])
    entry.indicators.update(
        target_direction=TargetDirection.AT_MOST, target_value=Decimal(90), target_unit="per KH"
    )
    make_entry("Rentang rasio", indicators=[("Rasio", Aspek.KUALITAS)]).indicators.update(
        target_direction=TargetDirection.RANGE, target_value=80, target_upper=90, target_unit="%"
    )
    skp = plan.start(org.pegawai)
    client = login("pegawai")
    for rhk in ("Menurunnya angka kematian ibu", "Rentang rasio"):
        chosen = entry.__class__.objects.get(rhk=rhk)
        client.post(
            reverse("appraisal:rhk_from_library", args=[skp.public_id]),
            {"library_entry": str(chosen.public_id)},
        )
    copied = {i.rhk.text: i for i in Iki.objects.filter(rhk__skp=skp).select_related("rhk")}
    assert copied["Menurunnya angka kematian ibu"].target_display == "≤ 90 per KH"
    assert copied["Rentang rasio"].target_direction == "range"
    assert copied["Rentang rasio"].target_display == "80–90 %"


@pytest.fixture
def ceiling(approved):
    """The approved SKP's Kuantitas IKI turned into a ceiling: at most 12 laporan."""
    first = approved.rhks.get().ikis.order_by("order", "pk").first()
    Iki.objects.filter(pk=first.pk).update(target_direction=TargetDirection.AT_MOST)
    return approved


def _realise(skp, values):
    realisation = rs.realisation_for(skp, 1, actor=system())
    ikis = list(skp.rhks.get().ikis.order_by("order", "pk"))
    rs.realisation_save(
        realisation,
        {i.pk: (Decimal(v), "") for i, v in zip(ikis, values, strict=True)},
        "",
        "",
        actor=actor(skp.employee),
    )
    return realisation


def test_the_realisation_page_shows_the_capaian_lower_is_better(org, ceiling, login):
    # 10 laporan against "≤ 12": (2 − 10/12) × 100 % = 116,7 %, on track; 100 % against "≥ 100"
    # is met; 6 against "≥ 12 bulan" is 50 %, not yet.
    _realise(ceiling, ("10", "100", "6"))
    page = (
        login("pegawai")
        .get(reverse("appraisal:realisation", args=[ceiling.public_id, 1]))
        .content.decode()
    )
    assert "≤ 12 laporan" in page and "≥ 100 %" in page
    # The number in the badge, whatever words the language puts around it ("Capaian 75 %").
    percents = re.findall(r'data-testid="achievement-percent">\D*([\d,]+)\s*%', page)
    assert [re.sub(r"\s+", " ", p).split(" %")[0] for p in percents] == ["116,7", "100", "50"]
    hints = re.findall(r'data-testid="achievement-hint">(.*?)</span>', page, re.S)
    assert "bi-check-circle" in hints[0] and "bi-check-circle" in hints[1]
    assert "bi-exclamation-circle" in hints[2]


def test_over_the_ceiling_is_not_on_track(org, ceiling, login):
    _realise(ceiling, ("15", "100", "12"))
    page = (
        login("ppk")
        .get(reverse("appraisal:realisation", args=[ceiling.public_id, 1]))
        .content.decode()
    )
    # The number in the badge, whatever words the language puts around it ("Capaian 75 %").
    percents = re.findall(r'data-testid="achievement-percent">\D*([\d,]+)\s*%', page)
    assert percents[0].startswith("75")
    hints = re.findall(r'data-testid="achievement-hint">(.*?)</span>', page, re.S)
    assert "bi-exclamation-circle" in hints[0]


def test_the_evaluation_page_and_pdf_show_the_capaian(org, ceiling, login):
    _realise(ceiling, ("10", "100", "6"))
    evaluation = ev.evaluation_for(ceiling, 1, actor=system())
    page = (
        login("ppk")
        .get(reverse("appraisal:evaluation", args=[evaluation.public_id]))
        .content.decode()
    )
    assert "≤ 12 laporan" in page and 'data-testid="achievement-percent"' in page
    html = render_evaluation_html(evaluation)
    assert "≤ 12 laporan" in html and "10 laporan (capaian 116,7 %)" in html


def test_the_skp_pdf_writes_the_sign(ceiling):
    html = render_skp_html(ceiling)
    assert "≤ 12 laporan" in html and "≥ 100 %" in html


def test_a_revision_keeps_the_direction_of_every_target(org, ceiling):
    revision = skp_flow.skp_revise(ceiling, "Target stunting direvisi", actor=actor(org.pegawai))
    copied = revision.rhks.get().ikis.order_by("order", "pk").first()
    assert copied.target_direction == TargetDirection.AT_MOST
    assert copied.target_display == "≤ 12 laporan"
