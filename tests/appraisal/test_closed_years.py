"""A closed year stays readable (issue 20, point 1): every page that shows a cycle picks it from
?year= through cycles.selectors.cycle_chosen, open or closed; a closed one is shown read-only with
the day it was closed, never "no cycle was opened" and never a 404, and its services keep
refusing (PermenPANRB 6/2022 ends the year with the cycle's closing: nothing in it changes).

The cycle is closed as the closing service leaves it (a closure in force per period, the annual
evaluation too, and the status): what the pages read, whatever the closing rules ask first.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import formats, timezone, translation

from appraisal.choices import ANNUAL, CycleStatus, EvaluationStatus
from appraisal.cycles import selectors
from appraisal.cycles.models import PeriodClosure
from appraisal.evaluation import services as ev
from appraisal.evaluation.models import Evaluation
from tests.actors import actor, system
from tests.appraisal.conftest import open_cycle_for

MEETS = "SESUAI_EKSPEKTASI"
NO_CYCLE = "Belum ada siklus"  # the Indonesian of every "no cycle is open" sentence


def close(cycle) -> None:
    PeriodClosure.objects.bulk_create(
        PeriodClosure(cycle=cycle, period=number, gap_count=0)
        for number in [p.number for p in cycle.periods] + [ANNUAL]
    )
    cycle.status = CycleStatus.CLOSED
    cycle.save(update_fields=["status"])


@pytest.fixture
def closed(org, plan, approved):
    """This year's cycle, closed, with the pegawai's first period finalised by the kasi and the
    second left as a draft sheet."""
    first = ev.evaluation_for(approved, 1, actor=system())
    first = ev.evaluation_save(
        first, expected_version=first.version, rating_hasil=MEETS, rating_perilaku=MEETS,
        actor=actor(org.ppk),
    )  # fmt: skip
    ev.evaluation_finalise(first, actor=actor(org.ppk))
    ev.evaluation_for(approved, 2, actor=system())
    close(plan.cycle)
    return plan.cycle


def closed_sentence(cycle) -> str:
    """ "Siklus 2026 ditutup pada 7 Desember 2026. …" (the source text until the catalogue has it)."""
    with translation.override("id"):
        day = formats.date_format(timezone.localdate(), "j F Y")
        text = translation.gettext(
            "The %(year)s cycle was closed on %(date)s. What it holds is shown read-only."
        )
    return text % {"year": cycle.year, "date": day}


def writes(content: str) -> bool:
    """A form or an htmx post in the page's main part (the navbar's logout form aside)."""
    main = content[content.index("<main") : content.index("</main>")]
    return 'method="post"' in main or "hx-post" in main


def says_no_cycle(content: str) -> bool:
    return (
        NO_CYCLE in content
        or "No appraisal cycle is open" in content
        or ("No cycle is open" in content)
    )


PAGES = [
    # (persona, url name, kwargs, query)
    ("ppk", "appraisal:team", {}, {}),
    ("ppk", "appraisal:role_matrix", {}, {}),
    ("ppk", "appraisal:team_scoring", {}, {"period": 1}),
    ("ppk", "appraisal:team_scoring", {}, {"period": 2}),
    ("ppk", "appraisal:team_scoring", {}, {"period": ANNUAL}),
    ("admin_bkd", "appraisal:monitoring", {}, {}),
    ("admin_opd", "appraisal:monitoring_opd", {"code": "DINKES"}, {}),
    ("admin_bkd", "appraisal:broken_links", {}, {}),
    ("kepala_unit", "appraisal:calibration_list", {}, {"period": 1}),
]


@pytest.mark.parametrize(("persona", "name", "kwargs", "query"), PAGES)
def test_every_page_of_a_closed_year_reads_it_and_says_since_when(
    login, closed, persona, name, kwargs, query
):
    response = login(persona).get(reverse(name, kwargs=kwargs), {"year": closed.year, **query})
    assert response.status_code == 200
    content = response.content.decode()
    assert closed_sentence(closed) in content
    assert not says_no_cycle(content)
    assert not writes(content)


def test_the_calibration_page_of_a_unit_in_a_closed_year(login, closed, org):
    url = reverse("appraisal:calibration", args=[closed.year, org.dinkes.code, 1])
    response = login("kepala_unit").get(url)
    assert response.status_code == 200
    assert closed_sentence(closed) in response.content.decode()
    assert not writes(response.content.decode())


def test_without_a_year_the_latest_closed_cycle_is_shown(login, closed):
    for name in ("appraisal:team", "appraisal:role_matrix", "appraisal:team_scoring"):
        content = login("ppk").get(reverse(name)).content.decode()
        assert closed_sentence(closed) in content and not says_no_cycle(content)


def test_the_home_page_says_when_the_year_was_closed(login, closed):
    content = login("pegawai").get(reverse("home")).content.decode()
    with translation.override("id"):
        day = formats.date_format(timezone.localdate(), "j F Y")
        text = translation.gettext(
            "The %(year)s cycle was closed on %(date)s: your results stay readable."
        )
    assert text % {"year": closed.year, "date": day} in content
    assert not says_no_cycle(content)


def test_team_scoring_shows_the_closed_years_results_and_creates_nothing(login, closed, org):
    url = reverse("appraisal:team_scoring")
    rows = login("ppk").get(url, {"year": closed.year, "period": 1}).context["rows"]
    (mine,) = [r for r in rows if r["employee"] == org.pegawai]
    assert mine["evaluation"].status == EvaluationStatus.FINALISED
    before = Evaluation.objects.count()
    rows = login("ppk").get(url, {"year": closed.year, "period": 3}).context["rows"]
    assert [r["evaluation"] for r in rows] == [None]  # no sheet prepared in a closed year
    assert Evaluation.objects.count() == before


def test_a_closed_years_scoring_row_still_refuses_a_change(login, closed, org):
    draft = Evaluation.objects.get(skp__employee=org.pegawai, period=2)
    prefix = str(draft.public_id)
    response = login("ppk").post(
        reverse("appraisal:team_scoring_row", args=[draft.public_id]),
        {
            f"{prefix}-version": draft.version,
            f"{prefix}-rating_hasil": MEETS,
            f"{prefix}-rating_perilaku": MEETS,
        },
        HTTP_HX_REQUEST="true",
    )
    assert 'data-testid="row-problem"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.rating_hasil == ""


def test_the_year_choice_lists_closed_years_beside_the_open_one(login, closed):
    following = open_cycle_for(closed.year + 1)
    response = login("ppk").get(reverse("appraisal:team"))
    assert response.context["cycle"] == following  # the open year by default
    assert response.context["choice"].years == [following.year, closed.year]
    assert f'<option value="{closed.year}"' in response.content.decode()


@pytest.mark.parametrize("name", ["appraisal:team", "appraisal:team_scoring"])
def test_a_year_without_a_cycle_is_not_found(login, closed, name):
    assert login("ppk").get(reverse(name), {"year": 1999}).status_code == 404


def test_a_cycle_being_prepared_is_shown_only_to_the_admins_pages(org, closed):
    draft = open_cycle_for(closed.year + 1)
    draft.status = CycleStatus.DRAFT
    draft.save(update_fields=["status"])
    assert selectors.cycle_chosen(None).cycle == closed
    assert selectors.cycle_chosen(None, drafts=True).years == [draft.year, closed.year]
    with pytest.raises(Http404):
        selectors.cycle_chosen(str(draft.year))


def test_the_closing_day_is_the_last_closure_in_force(closed):
    latest = PeriodClosure.objects.get(cycle=closed, period=ANNUAL)
    latest.closed_at = timezone.now() + dt.timedelta(days=3)
    latest.save(update_fields=["closed_at"])
    assert selectors.closed_on_day(closed) == timezone.localdate(latest.closed_at)
