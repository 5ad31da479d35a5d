"""The first-login tours: the main role's starts once on the home page, the help menu replays
any of one's own, closing it is remembered per user."""

from __future__ import annotations

import json
import re

from django.urls import reverse

from guide.models import TourSeen
from guide.tours import TOURS, tours_for
from tests.actors import actor


def _started(response) -> str | None:
    found = re.search(r'id="tour-seen"[^>]*action="/bantuan/tur/([a-z_]+)/dilihat/"', response.text)
    return found[1] if found else None


def test_each_role_has_its_tour_the_main_one_first(org):
    assert [t.key for t in tours_for(actor(org.pegawai).roles)] == ["pegawai"]
    assert [t.key for t in tours_for(actor(org.ppk).roles)] == ["ppk", "pegawai"]
    assert [t.key for t in tours_for(actor(org.admin_opd).roles)][0] == "admin_opd"
    assert [t.key for t in tours_for(actor(org.admin_bkd).roles)][0] == "admin_bkd"
    for tour in TOURS.values():
        assert 3 <= len(tour.steps) <= 6 and all(step.selectors for step in tour.steps)


def test_the_home_page_starts_the_tour_once(org, login):
    client = login("pegawai")
    home = client.get(reverse("home"))
    assert _started(home) == "pegawai"
    steps = json.loads(re.search(r'id="tour-steps"[^>]*>(.*?)</script>', home.text, re.S)[1])
    assert steps[0]["selectors"] == ['section[aria-labelledby="card-tasks"]']
    assert 'aria-labelledby="card-tasks"' in home.text  # the element the first step points at
    assert client.get(reverse("guide:index")).context.get("tour") is None  # the home page only

    answer = client.post(reverse("guide:tour_seen", args=["pegawai"]), {"completed": "0"})
    assert answer.status_code == 204
    assert _started(client.get(reverse("home"))) is None
    # Replayed from the help menu, then followed to the end.
    assert _started(client.get(reverse("home"), {"tur": "pegawai"})) == "pegawai"
    client.post(reverse("guide:tour_seen", args=["pegawai"]), {"completed": "1"})
    client.post(reverse("guide:tour_seen", args=["pegawai"]), {"completed": "0"})
    seen = TourSeen.objects.get(user=org.pegawai.user)
    assert (seen.tour, seen.completed) == ("pegawai", True)  # once completed, it stays so


def test_only_ones_own_tours_start_or_are_recorded(org, login):
    client = login("pegawai")
    assert _started(client.get(reverse("home"), {"tur": "admin_bkd"})) is None
    assert client.post(reverse("guide:tour_seen", args=["admin_bkd"])).status_code == 404
    assert not TourSeen.objects.exists()
    admin = login("admin_bkd")
    assert _started(admin.get(reverse("home"))) == "admin_bkd"
    menu = admin.get(reverse("guide:index")).text
    assert "?tur=admin_bkd" in menu and "?tur=pegawai" in menu  # the help menu replays each
