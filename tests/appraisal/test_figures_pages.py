"""The admin pages whose agency-wide counts may be kept a minute (core/figures.py): they say
when the counts were made and count again on request; live counts show no time."""

import pytest
from django.urls import reverse

from accounts.logins.selectors import with_account_state
from accounts.org.models import Employee
from tests.factories import EmployeeFactory

KEEP = {"SLOW_FIGURES_SECONDS": 60, "SLOW_FIGURES_MS": 0}


@pytest.fixture
def keeping(settings):
    for name, value in KEEP.items():
        setattr(settings, name, value)


def _employees_in_dinkes(response) -> int:
    return next(r for r in response.context["rows"] if r.opd.code == "DINKES").total


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_monitoring_says_how_old_its_counts_are_and_counts_again_on_request(
    keeping, login, org, cycle
):
    url = reverse("appraisal:monitoring")
    client = login("admin_bkd")
    first = client.get(url)
    before = _employees_in_dinkes(first)
    assert b'data-testid="figures-as-of"' in first.content
    EmployeeFactory(position=org.staff_pos)  # one more active employee in DINKES
    kept = client.get(url)
    assert _employees_in_dinkes(kept) == before
    refresh = kept.context["figures_refresh_url"]
    assert refresh.startswith(url) and "refresh=1" in refresh
    assert _employees_in_dinkes(client.get(refresh)) == before + 1
    assert b"counted again at most every 60 seconds" in first.content


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    "name",
    ["home", "account_admin:overview", "reports:dashboard"],
)
def test_the_other_admin_pages_show_the_time_of_kept_counts(keeping, login, org, name, cycle):
    response = login("admin_bkd").get(reverse(name))
    assert response.status_code == 200
    assert b'data-testid="figures-as-of"' in response.content


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_each_admin_scope_keeps_its_own_counts(keeping, login, org, cycle):
    """The admin OPD's counts (their OPD alone) are kept apart from the admin BKD's: the BKD
    does not get the OPD's zeros for every other OPD, nor the other way round."""
    url = reverse("appraisal:monitoring")
    opd_rows = login("admin_opd").get(url).context["rows"]
    assert [row.opd.code for row in opd_rows] == ["DINKES"]
    bkd_rows = {row.opd.code: row.total for row in login("admin_bkd").get(url).context["rows"]}
    assert (
        bkd_rows["DISDIK"]
        == Employee.objects.filter(status="active", position__unit__opd__code="DISDIK").count()
        > 0
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_pages_with_live_counts_show_no_time(login, org, cycle):
    response = login("admin_bkd").get(reverse("appraisal:monitoring"))
    assert b'data-testid="figures-as-of"' not in response.content
    assert response.context["rows"]  # the counts are there, only not kept


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_counting_now_on_the_account_overview_is_not_a_filter(keeping, login, org):
    url = reverse("account_admin:overview")
    client = login("admin_bkd")
    client.get(url)
    response = client.get(url, {"refresh": "1"})
    assert response.context["filtered"] is False
    assert "refresh" not in response.context["query"]


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_a_filtered_account_overview_keeps_its_counts_while_paging(keeping, login, org):
    url = reverse("account_admin:overview")
    client = login("admin_bkd")
    first = client.get(url, {"state": "new"})
    matching = first.context["page"].paginator.count
    assert b'data-testid="figures-as-of"' in first.content
    EmployeeFactory(position=org.staff_pos)  # one more without an account
    kept = client.get(url, {"state": "new", "page": "1"})  # another page of the same filter
    assert kept.context["page"].paginator.count == matching
    other = client.get(url, {"state": "new", "opd": org.dinkes.pk})  # another filter: counted now
    in_dinkes = with_account_state(Employee.objects.filter(position__unit__opd=org.dinkes))
    assert other.context["page"].paginator.count == in_dinkes.filter(account_state="new").count()
    now = client.get(url, {"state": "new", "refresh": "1"})
    assert now.context["page"].paginator.count == matching + 1
    assert _new_targets(now) == _new_targets(first) + 1


def _new_targets(response) -> int:
    return sum(response.context["in_filter"].values())  # with and without an e-mail address


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_a_refused_close_shows_the_gaps_counted_now(keeping, login, cycle):
    response = login("admin_bkd").post(
        reverse("appraisal:period_close", args=[cycle.year, 1]), follow=False
    )
    assert response.status_code == 302
    assert response.url.endswith("?refresh=1")


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_the_closing_report_of_every_opd_shows_the_time_of_kept_counts(keeping, login, cycle):
    url = reverse("appraisal:closing_report", args=[cycle.year, 1])
    response = login("admin_bkd").get(url)
    assert response.status_code == 200
    assert b'data-testid="figures-as-of"' in response.content
    # One OPD's names are counted live.
    one = login("admin_bkd").get(url, {"opd": "DINKES"})
    assert b'data-testid="figures-as-of"' not in one.content
