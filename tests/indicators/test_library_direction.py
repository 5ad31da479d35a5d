"""Issue 20, point 8: a library indicator carries the direction of its target (≥, ≤, =, range)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import DomainError
from indicators import services
from indicators.choices import Aspek, Sector, TargetDirection
from indicators.demo.seed import seed_library
from indicators.models import LibraryIndicator
from tests.actors import actor

CREATE = reverse("indicators:entry_create")
SEARCH = reverse("indicators:search")


def _data(**row):
    data = {
        "sector": Sector.HEALTH,
        "position_group": "fungsional",
        "rhk": "Menurunnya angka kematian ibu",
        "description": "",
        "indicators-TOTAL_FORMS": "1",
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        "indicators-0-aspek": Aspek.KUALITAS,
        "indicators-0-indicator": "Angka kematian ibu per 100.000 kelahiran hidup",
        "indicators-0-target_unit": "per 100.000 KH",
        "indicators-0-target_text": "",
    }
    data.update({f"indicators-0-{name}": value for name, value in row.items()})
    return data


def test_the_curator_enters_a_ceiling_and_every_reader_sees_its_sign(org, login):
    response = login("admin_bkd").post(CREATE, _data(target_direction="at_most", target_value="90"))
    assert response.status_code == 302
    saved = LibraryIndicator.objects.get()
    assert saved.target_direction == TargetDirection.AT_MOST
    page = login("pegawai").get(SEARCH, {"q": "kematian"}).content.decode()
    assert "≤ 90 per 100.000 KH" in page


def test_a_range_without_its_upper_bound_is_refused_and_re_shown(org, login):
    response = login("admin_bkd").post(CREATE, _data(target_direction="range", target_value="80"))
    assert response.status_code == 200 and not LibraryIndicator.objects.exists()
    page = response.content.decode()
    assert "Angka kematian ibu per 100.000 kelahiran hidup" in page and "is-invalid" in page
    response = login("admin_bkd").post(
        CREATE, _data(target_direction="range", target_value="80", target_upper="90")
    )
    assert response.status_code == 302
    assert LibraryIndicator.objects.get().target_display == "80–90 per 100.000 KH"


def test_the_service_refuses_an_upside_down_range(org, english):
    row = {
        "aspek": Aspek.KUALITAS,
        "indicator": "Rasio",
        "target_direction": TargetDirection.RANGE,
        "target_value": Decimal(90),
        "target_upper": Decimal(80),
        "target_unit": "%",
        "target_text": "",
    }
    entry = {"sector": Sector.HEALTH, "position_group": "semua", "rhk": "Rasio", "description": ""}
    with pytest.raises(DomainError, match="below the lower bound"):
        services.entry_save(None, entry, [row], actor=actor(org.admin_bkd))


@pytest.mark.django_db
def test_the_demo_library_marks_its_ceilings():
    seed_library()
    stunting = LibraryIndicator.objects.get(indicator="Prevalensi balita stunting")
    assert stunting.target_display == "≤ 14 %"
    assert LibraryIndicator.objects.filter(target_direction=TargetDirection.AT_MOST).count() >= 5
