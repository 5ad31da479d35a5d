"""Public feedback as the PPK's evidence on the evaluation page, and on the reports dashboard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from appraisal.cycles.models import Cycle
from feedback.public import services
from reports import dashboards
from reports.scope import ReportScope
from tests.actors import actor, system
from tests.appraisal.matrix_rows_evaluation import _approved_skp
from tests.feedback import fixtures_public
from tests.feedback.fixtures_public import add_feedback

pytestmark = pytest.mark.django_db
# The shared fixtures, made visible to pytest in this module.
surv_channel = fixtures_public.surv_channel


def _evaluation(org):
    from appraisal.evaluation.services import evaluation_for

    return evaluation_for(_approved_skp(org), 1, actor=system())


def test_ppk_sees_the_units_public_feedback_next_to_berorientasi_pelayanan(
    org, login, surv_channel, english
):
    evaluation = _evaluation(org)
    period = evaluation.skp.cycle.period(1)
    add_feedback(surv_channel, period.start, scores=(4, 4, 2), comment="Informasi kurang jelas")
    add_feedback(surv_channel, period.start, scores=(2, 2, 2), comment="Kata kasar", hidden=True,
                 client="z")  # fmt: skip
    add_feedback(surv_channel, period.end + dt.timedelta(days=1), comment="Periode berikutnya")
    url = reverse("appraisal:evaluation", args=[evaluation.public_id])
    html = login("ppk").get(url).content.decode()
    panel = html[html.index('data-testid="public-feedback-panel"') :]
    panel = panel[: panel.index("Evidence only")]
    assert "Seksi Surveilans" in panel
    assert "2 responses" in panel
    assert "3.00" in panel  # keramahan (4 + 2) / 2
    assert "Informasi kurang jelas" in panel
    assert "Kata kasar" not in panel and "Periode berikutnya" not in panel
    assert "<form" not in panel


def test_an_employees_own_link_speaks_for_them(org, login, surv_channel):
    evaluation = _evaluation(org)
    own = services.channel_for_employee(org.pegawai, actor=actor(org.admin_bkd))
    add_feedback(own, evaluation.skp.cycle.period(1).start, comment="Ibu petugas sangat membantu")
    add_feedback(surv_channel, evaluation.skp.cycle.period(1).start, comment="Umum", client="q")
    html = (
        login("ppk")
        .get(reverse("appraisal:evaluation", args=[evaluation.public_id]))
        .content.decode()
    )
    assert "Ibu petugas sangat membantu" in html and "Umum" not in html


def test_the_evaluated_employee_does_not_get_the_panel(org, rf, surv_channel):
    from feedback.public.panels import evaluation as panel

    request = rf.get("/")
    request.user = org.pegawai.user
    assert panel(request, _evaluation(org)) == {}
    request = rf.get("/")
    request.user = org.ppk.user
    assert "berorientasi_pelayanan" in panel(request, _evaluation(org))["value"]


def test_dashboard_trend_counts_the_scopes_units(org, surv_channel):
    year = 2026
    cycle = Cycle(year=year)
    add_feedback(surv_channel, dt.date(year, 2, 1), scores=(5, 5, 5))
    add_feedback(
        services.channel_for_unit(org.disdik, actor=actor(org.admin_bkd)),
        dt.date(year, 2, 1),
        scores=(1, 1, 1),
    )
    dinkes = dashboards.public_feedback(
        cycle, ReportScope("opd", opd_ids=frozenset({org.dinkes.pk})), None
    )
    assert dinkes["summary"].count == 1
    assert dinkes["chart"]["count"][1] == 1
    team = dashboards.public_feedback(
        cycle, ReportScope("team", employee_ids=frozenset({org.pegawai.pk})), None
    )
    assert team["summary"].count == 1
    html = render_to_string(
        "reports/dashboard.html", {"public_feedback": dinkes, "cycle": cycle, "scope": None}
    )
    assert 'id="public-feedback-chart"' in html and "public-feedback-chart-data" in html
