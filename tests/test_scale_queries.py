"""Issue 9 (scale): every list and main page makes the same number of queries whatever the size
of the agency.

The demo agency is seeded once at its own size (the demo logins' city, ~270 employees: the
smallest seed_demo builds, `--employees 100` included), every page below is fetched by its demo
persona, then the seed grows the agency with generated OPD to LARGER employees (seed_demo is
additive: the same people, more OPD around them) and the pages are fetched again. A count that
differs names a query run per row or per OPD; the test prints the SQL that differs.
bench/bench_scale.py measures the same pages, and their time, at 100,000 employees.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

# django_db_setup creates only the databases that marked tests use.
pytestmark = pytest.mark.django_db

LARGER = 800  # three times the demo's size: enough OPDs and rows for a per-row query to show
BACKEND = "accounts.backends.NipOrUsernameBackend"
BKD, OPD, KADIS, ATASAN, PEGAWAI = "admin.bkd", "admin.opd", "kadis", "atasan", "pegawai"
EVERYONE = (BKD, OPD, KADIS, ATASAN, PEGAWAI)
ADMINS = (BKD, OPD)
LEADERS = (KADIS, ATASAN)


@dataclass(frozen=True)
class Page:
    """A page to fetch: a URL name, its arguments as keys of page_context(), a query string."""

    name: str
    personas: tuple[str, ...]
    args: tuple[str, ...] = ()
    query: str = ""

    def url(self, context: dict) -> str:
        path = reverse(self.name, args=[context[key] for key in self.args])
        query = self.query.format(**context)
        return f"{path}?{query}" if query else path

    def label(self, persona: str) -> str:
        args = f"({','.join(self.args)})" if self.args else ""
        return f"{self.name}{args}{'?' + self.query if self.query else ''} as {persona}"


PAGES = (
    Page("home", EVERYONE),
    # Organisation (admin BKD: the whole agency; admin OPD: Dinas Kesehatan)
    Page("org:employee_list", ADMINS),
    Page("org:employee_list", ADMINS, query="page=2"),
    Page("org:employee_list", ADMINS, query="status=active&kind=pelaksana&page=2"),
    Page("org:employee_list", ADMINS, query="q=a"),
    Page("org:employee_list", (BKD,), query="opd={opd_pk}"),
    Page("org:unit_list", ADMINS),
    Page("org:unit_list", ADMINS, query="page=2"),
    Page("org:unit_list", ADMINS, query="q=seksi"),
    Page("org:unit_detail", ADMINS, args=("opd",)),
    Page("org:unit_options", ADMINS, query="q=a"),
    Page("org:position_list", ADMINS),
    Page("org:position_list", ADMINS, query="page=2"),
    Page("org:position_list", ADMINS, query="occupancy=vacant"),
    Page("org:position_options", ADMINS, query="q=a"),
    Page("org:employee_detail", ADMINS, args=("nip",)),
    Page("org:role_list", (BKD,)),
    Page("account_admin:overview", ADMINS),
    Page("account_admin:overview", ADMINS, query="page=2"),
    Page("account_admin:overview", ADMINS, query="state=new&page=2"),
    Page("imports:upload", ADMINS),
    Page("imports:history", ADMINS),
    # Cycles, monitoring, calibration, closing, reminders
    Page("appraisal:cycle_list", (BKD,)),
    Page("appraisal:cycle_detail", (BKD,), args=("year",)),
    Page("appraisal:monitoring", ADMINS),
    Page("appraisal:monitoring", (BKD,), query="year={previous_year}"),
    Page("appraisal:monitoring_opd", ADMINS, args=("opd",)),
    Page("appraisal:monitoring_opd", ADMINS, args=("opd",), query="page=2"),
    Page("appraisal:broken_links", ADMINS),
    Page("appraisal:line_diagnostics", ADMINS),
    Page("appraisal:line_diagnostics", (BKD,), query="opd={opd}&page=2"),
    Page("appraisal:calibration_list", (BKD, OPD, KADIS)),
    Page("appraisal:calibration_list", (BKD,), query="year={previous_year}&period=0"),
    Page("appraisal:calibration_list", (BKD,), query="page=2"),
    Page("appraisal:calibration", (BKD, KADIS), args=("year", "opd", "period")),
    Page("appraisal:distribution_limits", (BKD,), args=("year",)),
    Page("appraisal:closing", (BKD,), args=("year",)),
    Page("appraisal:closing_report", (BKD,), args=("year", "period")),
    Page("appraisal:closing_report", (BKD,), args=("previous_year", "annual")),
    Page("appraisal:closing_report", (BKD,), args=("year", "period"), query="opd={opd}"),
    Page("appraisal:reminders", (BKD,)),
    # My work and my team
    Page("appraisal:my_skp", EVERYONE),
    Page("appraisal:skp_detail", (PEGAWAI, ATASAN), args=("skp",)),
    Page("appraisal:daily_log", (PEGAWAI, ATASAN)),
    Page("appraisal:my_results", (PEGAWAI, ATASAN, KADIS)),
    Page("appraisal:team", LEADERS),
    Page("appraisal:role_matrix", LEADERS),
    Page("appraisal:team_daily_log", LEADERS),
    Page("appraisal:team_progress", LEADERS),
    Page("appraisal:team_scoring", LEADERS),
    Page("appraisal:objection_queue", (BKD, KADIS, ATASAN)),
    # Reports
    Page("reports:index", (BKD, OPD, KADIS, ATASAN)),
    Page("reports:dashboard", (BKD, OPD, KADIS, ATASAN)),
    Page("reports:dashboard", (BKD,), query="year={previous_year}"),
    # Feedback
    Page("feedback:thread_list", EVERYONE),
    Page("feedback:my_sessions", (PEGAWAI, ATASAN)),
    Page("feedback:team_sessions", LEADERS),
    Page("feedback:survey_home", EVERYONE),
    Page("feedback:public_moderation", ADMINS),
    Page("feedback:public_moderation", ADMINS, query="unit={feedback_unit_pk}"),
    Page("feedback:public_channels", ADMINS),
    Page("feedback:public_channels", ADMINS, query="page=2"),
    Page("feedback:public_units", ADMINS),
    Page("feedback:public_unit", ADMINS, args=("opd",)),
    # Inbox and library
    Page("notifications:inbox", EVERYONE),
    Page("notifications:inbox", (PEGAWAI, ATASAN), query="filter=unread"),
    Page("notifications:preferences", (PEGAWAI,)),
    Page("indicators:entry_list", (BKD,)),
    Page("indicators:search", (PEGAWAI,), query="q=layanan"),
)

VISITS = tuple((page, persona) for page in PAGES for persona in page.personas)


def page_context() -> dict:
    """URL arguments from the seeded demo: the open cycle, Dinas Kesehatan (where the demo logins
    work), the pegawai's NIP and their SKP."""
    from django.db.models import Count

    from accounts.org.models import Employee, OrgUnit
    from appraisal.cycles.models import Cycle
    from appraisal.cycles.selectors import open_cycle
    from appraisal.plans.models import Skp

    cycle = open_cycle()
    previous = Cycle.objects.filter(year__lt=cycle.year).order_by("-year").first()
    opd = OrgUnit.objects.get(code="DINKES")
    pegawai = Employee.objects.get(user__username=PEGAWAI)
    skp = Skp.objects.filter(employee=pegawai, cycle=cycle).order_by("-version").first()
    # The Dinas Kesehatan unit with the most public feedback (the demo spreads it over every
    # unit with a link, so the busiest one has some at both sizes).
    feedback_unit = (
        OrgUnit.objects.filter(opd=opd)
        .annotate(received=Count("public_channels__feedback"))
        .order_by("-received", "code")
        .first()
    )
    return {
        "year": cycle.year,
        "previous_year": previous.year,
        "period": 1,
        "annual": 0,
        "opd": opd.code,
        "opd_pk": opd.pk,
        "feedback_unit_pk": feedback_unit.pk,
        "nip": pegawai.nip,
        "skp": skp.public_id,
    }


def clients() -> dict[str, Client]:
    from accounts.logins.models import User

    logged_in = {}
    for username in EVERYONE:
        client = Client()
        client.force_login(User.objects.get(username=username), backend=BACKEND)
        logged_in[username] = client
    return logged_in


@dataclass
class Visit:
    status: int
    queries: list[str]


def visit(client: Client, url: str) -> Visit:
    """One warm request (caches and sessions settled), then the counted one."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return Visit(response.status_code, [q["sql"] for q in captured.captured_queries])


def visit_all() -> dict:
    """Every (page, persona) → Visit, plus "employees": the size it was measured at."""
    from accounts.org.models import Employee

    cache.clear()
    context = page_context()
    logged_in = clients()
    seen: dict = {
        (page, persona): visit(logged_in[persona], page.url(context)) for page, persona in VISITS
    }
    seen["employees"] = Employee.objects.count()
    return seen


@pytest.fixture(scope="module")
def visits(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every page at the demo's size and at LARGER employees. Committed outside the per-test
    transactions, like tests/appraisal/test_demo.py: flushed afterwards."""
    media = tmp_path_factory.mktemp("scale-media")
    # Module-scoped: tests/conftest.py's per-test MFA_REQUIRED_ROLES=[] is not in force yet.
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media), MFA_REQUIRED_ROLES=[]),
    ):
        try:
            call_command("seed_demo", stdout=StringIO())
            small = visit_all()
            call_command("seed_demo", employees=LARGER, stdout=StringIO())
            large = visit_all()
            yield small, large
        finally:
            call_command("flush", interactive=False, verbosity=0)
            cache.clear()


def _shape(sql: str) -> str:
    """The SQL with its literals blanked, so two runs of one query compare equal."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


@pytest.mark.parametrize(
    ("page", "persona"), VISITS, ids=[page.label(persona) for page, persona in VISITS]
)
def test_same_number_of_queries_at_both_sizes(visits, page, persona):
    small, large = (v[page, persona] for v in visits)
    assert (small.status, large.status) == (200, 200)
    if len(small.queries) != len(large.queries):
        diff = difflib.unified_diff(
            [_shape(q) for q in small.queries],
            [_shape(q) for q in large.queries],
            "small",
            f"{LARGER} employees",
            lineterm="",
            n=0,
        )
        print("\n".join(diff))
    assert len(large.queries) == len(small.queries)


def test_the_second_size_is_several_times_the_first(visits):
    small, large = visits
    assert small["employees"] < 300 and large["employees"] == LARGER
