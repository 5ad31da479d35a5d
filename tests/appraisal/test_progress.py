"""My progress, explained (issue 29, item 6): on the employee's results page and home, each IKI
of their approved plan with what is realised so far, the pace that reaches its target, what is
behind, in sentences, with the next deadline and the last feedback received.

The pegawai's approved plan (tests/appraisal/conftest.py `approved`) has three IKI: ≥ 12 laporan
(a count), ≥ 100 % (a level) and ≥ 12 bulan (a count). In the first quarter (90 of 365 days)
a count is due 24.7 % of its target: 3 laporan, 3 bulan.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from appraisal.realisation import services
from appraisal.realisation.progress import plan_progress
from feedback.threads import services as threads
from tests.actors import actor, system
from tests.appraisal.conftest import pin_today

pytestmark = pytest.mark.django_db


def record(skp, period, numbers):
    realisation = services.realisation_for(skp, period, actor=system())
    ikis = [iki for rhk in skp.rhks.all() for iki in rhk.ikis.order_by("order", "pk")]
    values = {iki.pk: (Decimal(n), "") for iki, n in zip(ikis, numbers, strict=True)}
    services.realisation_save(realisation, values, "", "", actor=actor(skp.employee))


@pytest.fixture
def first_quarter(approved, monkeypatch):
    pin_today(monkeypatch, dt.date(approved.cycle.year, 4, 5))
    record(approved, 1, ["1", "90", "3"])
    return approved


def states(html: str) -> list[str]:
    return re.findall(r'data-testid="progress-row" data-state="(\w+)"', html)


def test_the_results_page_explains_each_indicator_those_behind_first(first_quarter, login, english):
    html = login("pegawai").get(reverse("appraisal:my_results")).content.decode()
    assert 'data-testid="my-progress"' in html
    assert states(html) == ["behind", "off_level", "on_track"]
    assert "2 of 3 indicators need your attention." in html
    year = first_quarter.cycle.year
    assert (
        f"1 laporan of ≥ 12 laporan recorded up to Triwulan I. Behind by 2 laporan: 3 laporan "
        f"were due by the end of Triwulan I. To reach the target by 31 December {year}, about "
        "1.2 laporan a month."
    ) in html
    assert "90 % in Triwulan I misses the target of ≥ 100 % by 10 %." in html
    assert (
        "3 bulan of ≥ 12 bulan recorded up to Triwulan I. On track: 3 bulan were due by the end "
        "of Triwulan I."
    ) in html
    assert html.count('data-testid="progress-chart"') == 3
    # The next deadline: the first quarter's realisation, still to submit.
    assert 'data-testid="progress-next-due"' in html and "Triwulan I" in html


def test_the_periods_of_a_count_add_up_and_a_level_reads_its_latest(first_quarter, monkeypatch):
    pin_today(monkeypatch, dt.date(first_quarter.cycle.year, 7, 5))
    record(first_quarter, 2, ["5", "100", "3"])
    rows = plan_progress(first_quarter).rows
    assert [row.realised for row in rows] == [Decimal(6), Decimal(100), Decimal(6)]
    assert [row.pace.state.value for row in rows] == ["on_track", "met", "on_track"]
    assert [len(row.chart.bars) for row in rows] == [2, 2, 2]
    assert [bar.value for bar in rows[0].chart.bars] == [Decimal(1), Decimal(6)]  # running sum


def test_the_home_card_shows_what_needs_attention_and_the_last_feedback(
    first_quarter, org, login, english
):
    threads.thread_start(
        first_quarter,
        "Laporan bulan Maret belum masuk, tolong dilengkapi.",
        actor=actor(org.ppk),
        rhk=first_quarter.rhks.get(),
    )
    threads.thread_start(first_quarter, "Sudah saya kirim ulang.", actor=actor(org.pegawai),
                         rhk=first_quarter.rhks.get())  # fmt: skip
    html = login("pegawai").get(reverse("home")).content.decode()
    card = html[html.index('data-testid="home-progress"') :]
    assert states(card) == ["behind", "off_level"]  # what needs attention only
    assert "2 of 3 indicators need your attention." in card
    feedback = card[card.index('data-testid="progress-feedback"') :]
    # The last feedback from someone else, never the owner's own message.
    assert "Laporan bulan Maret belum masuk" in feedback and "Sudah saya kirim" not in feedback
    assert org.ppk.full_name in feedback
    assert reverse("appraisal:my_results") + "#my-progress" in card


def test_nothing_to_show_before_a_plan_is_approved(plan, org, login):
    plan.draft(org.pegawai)
    assert (
        'data-testid="home-progress"' not in login("pegawai").get(reverse("home")).content.decode()
    )
    html = login("pegawai").get(reverse("appraisal:my_results")).content.decode()
    assert 'data-testid="my-progress"' not in html


def test_no_realisation_yet_says_what_the_target_is_and_needs_attention_once_due(
    approved, login, english, monkeypatch
):
    pin_today(monkeypatch, dt.date(approved.cycle.year, 2, 10))  # no period has ended
    html = login("pegawai").get(reverse("appraisal:my_results")).content.decode()
    assert states(html) == ["not_yet", "not_yet", "not_yet"]
    assert "No realisation recorded yet. The target is ≥ 12 laporan by 31 December" in html
    assert "Every indicator is on track." in html  # nothing is due yet
    assert 'data-testid="progress-chart"' not in html
    pin_today(monkeypatch, dt.date(approved.cycle.year, 4, 20))  # the first quarter is due
    html = login("pegawai").get(reverse("appraisal:my_results")).content.decode()
    assert "Nothing recorded yet, though Triwulan I is due. The target is ≥ 12 laporan." in html
    assert "3 of 3 indicators need your attention." in html


def test_a_quarter_due_but_not_recorded_puts_a_count_behind(first_quarter, monkeypatch):
    """13 of 52 … here 1 of 12 recorded for the first quarter; mid-August the second is due as
    well: 6 laporan were due by June's end, and 11 left over 5 months is 2.2 a month."""
    pin_today(monkeypatch, dt.date(first_quarter.cycle.year, 8, 15))
    [count, _level, months] = plan_progress(first_quarter).rows
    assert count.pace.state.value == "behind" and count.pace.expected == Decimal("6.0")
    assert count.pace.per_month == Decimal("2.2")
    assert months.pace.state.value == "behind" and months.pace.behind == Decimal("3.0")


@pytest.mark.parametrize("periods", [1, 3])
def test_the_results_page_costs_the_same_queries_whatever_was_recorded(
    approved, login, monkeypatch, django_assert_num_queries, periods
):
    pin_today(monkeypatch, dt.date(approved.cycle.year, 10, 5))
    for period in range(1, periods + 1):
        record(approved, period, ["3", "100", "3"])
    client = login("pegawai")
    client.get(reverse("appraisal:my_results"))  # warm the session
    with django_assert_num_queries(20):
        client.get(reverse("appraisal:my_results"))


@pytest.mark.parametrize("periods", [1, 3])
def test_the_home_card_costs_the_same_queries_whatever_was_recorded(
    approved, login, monkeypatch, django_assert_num_queries, periods
):
    pin_today(monkeypatch, dt.date(approved.cycle.year, 10, 5))
    for period in range(1, periods + 1):
        record(approved, period, ["1", "90", "3"])
    client = login("pegawai")
    client.get(reverse("home"))  # warm the session
    with django_assert_num_queries(37):
        client.get(reverse("home"))


def test_the_ppk_sees_the_team_those_needing_attention_first(first_quarter, org, plan, login):
    colleague_plan = plan.approved(org.colleague, linked_to=first_quarter.rhks.get().intervened)
    record(colleague_plan, 1, ["3", "100", "3"])  # on track, the level kept
    client = login("ppk")
    response = client.get(reverse("appraisal:team_progress"))
    people = [p.skp.employee for p in response.context["page"]]
    assert people == [org.pegawai, org.colleague]
    assert [len(p.attention) for p in response.context["page"]] == [2, 0]
    only = client.get(reverse("appraisal:team_progress"), {"perhatian": "1"})
    assert [p.skp.employee for p in only.context["page"]] == [org.pegawai]
    searched = client.get(reverse("appraisal:team_progress"), {"q": org.colleague.nip[:10]})
    assert [p.skp.employee for p in searched.context["page"]] == [org.colleague]


@pytest.mark.parametrize("extra", [0, 6])
def test_the_team_page_costs_the_same_queries_for_2_and_8_plans(
    first_quarter, org, plan, login, django_assert_num_queries, extra
):
    from tests.factories import EmployeeFactory, PositionFactory, place

    linked = first_quarter.rhks.get().intervened
    for n in range(extra):
        member = place(
            EmployeeFactory(name=f"Staf {n}"), PositionFactory(unit=org.surv, parent=org.kasi_pos)
        )
        record(plan.approved(member, linked_to=linked), 1, ["2", "95", "3"])
    client = login("ppk")
    client.get(reverse("appraisal:team_progress"))
    with django_assert_num_queries(21):
        response = client.get(reverse("appraisal:team_progress"))
    assert len(response.context["page"]) == 1 + extra
