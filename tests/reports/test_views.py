"""The reports page, streamed exports, bad input, and the dashboard's numbers."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from reports.models import ExportJob
from tests.reports.conftest import YEAR, read_workbook

pytestmark = pytest.mark.usefixtures("english")


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_reports_page_lists_every_export_for_the_admin_bkd(org, login, results):
    page = login("admin_bkd").get(reverse("reports:index"), {"year": YEAR})
    assert page.status_code == 200
    body = page.content.decode()
    for identifier in (
        "ranking",
        "predicate_recap",
        "completion_recap",
        "objections",
        "top_performers",
        "development_needs",
        "credit_points",
        "bkn",
    ):
        assert f'data-testid="export-{identifier}"' in body


def test_reports_page_query_count_does_not_grow_with_jobs(
    org, login, results, django_assert_num_queries
):
    client = login("admin_bkd")
    client.get(reverse("reports:index"))  # warm the session
    for _n in range(3):
        ExportJob.objects.create(
            exporter="ranking", params={"year": YEAR}, requested_by=org.admin_bkd.user
        )
    # session, user, roles (employee, admin roles), cycles, OPDs, jobs, and the navbar: the
    # bell and the roles it shows (assignments, overrides)
    with django_assert_num_queries(10):
        assert client.get(reverse("reports:index"), {"year": YEAR}).status_code == 200
    for _n in range(5):
        ExportJob.objects.create(
            exporter="bkn", params={"year": YEAR}, requested_by=org.admin_bkd.user
        )
    with django_assert_num_queries(10):
        assert client.get(reverse("reports:index"), {"year": YEAR}).status_code == 200


def test_a_small_export_streams_at_once(org, login, results):
    response = login("admin_bkd").post(reverse("reports:export", args=["ranking"]), {"year": YEAR})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ranking-2025.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    _book, sheets = read_workbook(b"".join(response.streaming_content))
    assert len(sheets["Peringkat"]) == 8
    assert not ExportJob.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "dua ribu"}, "The year must be a number, such as 2026."),
        ({"year": "1999"}, "There is no cycle for 1999."),
        ({"year": YEAR, "period": "9"}, "The 2025 cycle has no period 9."),
    ],
)
def test_bad_input_gets_a_clear_message(org, login, results, data, message):
    response = login("admin_bkd").post(reverse("reports:export", args=["ranking"]), data)
    assert response.status_code == 302
    assert response.url.startswith(reverse("reports:index"))
    assert _messages(response) == [message]


def test_unknown_export_is_404_and_get_is_refused(org, login):
    client = login("admin_bkd")
    assert client.post(reverse("reports:export", args=["nope"])).status_code == 404
    assert client.get(reverse("reports:export", args=["ranking"])).status_code == 405


def test_invalid_filters_on_the_page_are_left_out_with_a_message(org, login, results):
    response = login("admin_bkd").get(reverse("reports:index"), {"year": YEAR, "opd": "ZZZ"})
    assert response.status_code == 200
    assert response.context["opd"] is None
    assert _messages(response) == ["Some filters could not be used; they were left out."]


def test_dashboard_numbers_come_from_the_data(org, login, results):
    from appraisal.cycles.models import UnitPredicate

    UnitPredicate.objects.create(cycle=results.cycle, unit=org.dinkes, period=0, predicate="BAIK")
    page = login("admin_bkd").get(reverse("reports:dashboard"), {"year": YEAR})
    assert page.status_code == 200
    distribution = page.context["distribution"]
    # 3 Sangat Baik, 2 Baik, 1 Butuh Perbaikan, 1 Kurang/Misconduct (7 finalised).
    assert distribution["chart"]["actual"][:5] == [3, 2, 1, 1, 0]
    assert distribution["total"] == 7
    # DINKES (6 people) rated Baik: Baik ≤ 70 % → 4; BP + K ≥ 1 person.
    assert distribution["chart"]["most"][1] == 4
    assert distribution["chart"]["labels"][5] == "Butuh Perbaikan + Kurang/Misconduct"
    assert distribution["chart"]["least"][5] == 1
    assert (distribution["opds_patterned"], distribution["opds_counted"]) == (1, 2)
    completion = page.context["completion"]
    assert completion["labels"] == [
        "Triwulan I",
        "Triwulan II",
        "Triwulan III",
        "Triwulan IV",
        "Tahunan",
    ]
    # 10 active employees (DINKES, DISDIK, BKPSDM), 7 with an approved SKP and a final annual result.
    assert completion["people"] == 10
    assert str(completion["lines"]["skp"][0]) == "70.0"
    assert str(completion["lines"]["evaluated"][4]) == "70.0"
    assert completion["lines"]["evaluated"][0] == 0  # no quarterly evaluation
    assert completion["lines"]["realised"][4] is None  # no realisation for the year
    body = page.content.decode()
    assert 'id="distribution-chart-data"' in body and 'id="completion-chart-data"' in body


def test_dashboard_shows_a_pegawai_their_own_history(org, login, results):
    from appraisal.cycles.models import Cycle
    from tests.reports.conftest import A, S, finalise, skp_for

    earlier = Cycle.objects.create(year=2024, status="closed")
    finalise(skp_for(org.pegawai, earlier), S, S)
    page = login("pegawai").get(reverse("reports:dashboard"))
    assert page.status_code == 200
    assert page.context["scope"] is None and "distribution" not in page.context
    history = page.context["history"]
    assert history["rows"] == [
        (2024, "Baik", "Sesuai Ekspektasi", "Sesuai Ekspektasi"),
        (2025, "Sangat Baik", "Di Atas Ekspektasi", "Di Atas Ekspektasi"),
    ]
    assert history["chart"]["data"] == [4, 5]
    assert A  # the pegawai's 2025 result comes from conftest


def test_ppk_dashboard_counts_only_the_team(org, login, results):
    page = login("ppk").get(reverse("reports:dashboard"), {"year": YEAR})
    assert page.context["distribution"]["total"] == 2
    assert page.context["distribution"]["chart"]["most"] == [None] * 5
    assert page.context["completion"]["people"] == 2
