"""The admin BKD acts on what they are reminded of (issue 20, point 3).

A head of OPD is appraised by the Kepala Daerah, outside the system (PermenPANRB 6/2022: the
PPK of a JPT heading an OPD is the Kepala Daerah); an admin BKD records the decisions on their
behalf, for the SKP (the review page) and, here, for the evaluations: scored on a page of their
own, finalised on the evaluation page. Then every reminder kind is walked: its link opens (200)
for the person it goes to.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from appraisal.choices import ANNUAL, EvaluationStatus, WindowKind
from appraisal.cycles.models import Window
from appraisal.evaluation import services as ev
from appraisal.evaluation.models import Evaluation
from appraisal.objections import services as objections
from appraisal.plans.models import Skp
from appraisal.plans.services import flow as skp_flow
from notifications.reminders import default_plan, due_reminders, kind_labels
from tests.actors import actor, system
from tests.appraisal.conftest import owner
from tests.appraisal.helpers_team import count_queries
from tests.conftest import BACKEND
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, place
from tests.feedback.fixtures_survey import request_of_pegawai

MEETS = "SESUAI_EKSPEKTASI"
HEAD_SCORING = reverse("appraisal:head_scoring")


def submitted_by_the_head(plan, head):
    skp = plan.start(head)
    plan.add_rhk(skp, perspektif="proses_bisnis" if skp.is_jpt else "")
    skp_flow.skp_submit(skp, actor=owner(head))
    return skp


def test_the_admin_bkd_sees_the_heads_plans_and_evaluations(login, org, plan):
    kadis, *_ = plan.chain()
    waiting = submitted_by_the_head(plan, org.disdik_head_emp)
    response = login("admin_bkd").get(HEAD_SCORING, {"period": 1})
    assert response.status_code == 200
    assert [skp.pk for skp in response.context["awaiting"]] == [waiting.pk]
    (row,) = response.context["rows"]  # the kabid and kasi have a PPK in the system
    assert row["skp"] == kadis and row["evaluation"].status == EvaluationStatus.DRAFT
    assert reverse("appraisal:skp_review", args=[waiting.public_id]) in response.content.decode()


@pytest.mark.parametrize("persona", ["pegawai", "ppk", "kepala_unit", "admin_opd"])
def test_only_the_admin_bkd_records_the_kepala_daerahs_decisions(login, plan, persona):
    assert login(persona).get(HEAD_SCORING).status_code == 403


def test_the_admin_bkd_scores_and_finalises_a_head_of_opd(login, org, plan):
    kadis, *_ = plan.chain()
    client = login("admin_bkd")
    client.get(HEAD_SCORING, {"period": 1})  # prepares the sheet, as team scoring does
    evaluation = Evaluation.objects.get(skp=kadis, period=1)
    prefix = str(evaluation.public_id)
    row = client.post(
        reverse("appraisal:team_scoring_row", args=[evaluation.public_id]),
        {f"{prefix}-version": 1, f"{prefix}-rating_hasil": MEETS,
         f"{prefix}-rating_perilaku": MEETS, f"{prefix}-confirm_no_realisation": "on"},
        HTTP_HX_REQUEST="true",
    )  # fmt: skip
    assert 'data-testid="row-problem"' not in row.content.decode()
    evaluation.refresh_from_db()
    page = client.get(reverse("appraisal:evaluation", args=[evaluation.public_id]))
    assert 'data-testid="for-the-head"' in page.content.decode()
    assert reverse("appraisal:head_scoring") in page.content.decode()  # the way back
    finalised = client.post(
        reverse("appraisal:evaluation_finalise", args=[evaluation.public_id]),
        {"confirm_no_realisation": "on"},
    )
    assert finalised.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.FINALISED
    assert evaluation.finalised_by == org.admin_bkd.user
    assert evaluation.ppk_name == "Wali Kota Uji"  # the Kepala Daerah's decision, recorded


def test_without_htmx_a_heads_row_returns_to_the_admins_page(login, org, plan):
    kadis, *_ = plan.chain()
    evaluation = ev.evaluation_for(kadis, 1, actor=system())
    prefix = str(evaluation.public_id)
    response = login("admin_bkd").post(
        reverse("appraisal:team_scoring_row", args=[evaluation.public_id]),
        {f"{prefix}-version": 1, f"{prefix}-rating_hasil": MEETS,
         f"{prefix}-rating_perilaku": MEETS, f"{prefix}-confirm_no_realisation": "on"},
    )  # fmt: skip
    assert response.url.startswith(HEAD_SCORING)


def _another_head(org, number: int):
    opd = OrgUnitFactory(code=f"DINAS{number}", name=f"Dinas {number}")
    position = PositionFactory(name=f"Kepala Dinas {number}", kind="jpt_pratama", unit=opd)
    return place(EmployeeFactory(name=f"Kepala {number}"), position)


def test_the_page_costs_the_same_for_one_head_and_many(login, org, plan):
    plan.chain()
    client = login("admin_bkd")
    url = f"{HEAD_SCORING}?period=1"
    client.get(url)
    one = count_queries(client, url)
    for number in range(4):
        plan.approved(_another_head(org, number))
    client.get(url)  # prepares the new sheets
    assert count_queries(client, url) == one == HEAD_SCORING_QUERIES
    assert len(client.get(url).context["rows"]) == 5


# the session, user and roles, the bell, the cycles with their windows, the heads' SKPs, their
# evaluations and realisations, the SKPs awaiting a decision: whatever the number of heads
HEAD_SCORING_QUERIES = 13


# ----- every reminder kind opens for its recipient ---------------------------------------------
def _windows_closing(cycle, days: int) -> None:
    closes = timezone.localdate() + dt.timedelta(days=days)
    for kind, period in ((WindowKind.SKP, 0), (WindowKind.PERIOD, 1), (WindowKind.ANNUAL, 0)):
        Window.objects.filter(cycle=cycle, kind=kind, period=period).update(closes_on=closes)


def _scored(evaluation, who):
    return ev.evaluation_save(
        evaluation, expected_version=evaluation.version, rating_hasil=MEETS,
        rating_perilaku=MEETS, actor=actor(who),
    )  # fmt: skip


def _a_year_with_every_reminder(org, plan, approved):
    """Something left to do of every kind: a head's SKP and a staff SKP awaiting approval, SKPs
    not started, a period and the year unrated (the kadis's by the admin BKD), a result not
    acknowledged (the kadis's, finalised by the admin BKD), an objection, a 360 request."""
    submitted_by_the_head(plan, org.disdik_head_emp)
    colleague = plan.draft(org.colleague, linked_to=approved.rhks.get().intervened)
    skp_flow.skp_submit(colleague, actor=owner(org.colleague))
    kadis = Skp.objects.get(employee=org.kepala_unit, cycle=plan.cycle, status="approved")
    final = ev.evaluation_finalise(
        _scored(ev.evaluation_for(approved, 1, actor=system()), org.ppk), actor=actor(org.ppk)
    )
    ev.evaluation_acknowledge(final, actor=actor(org.pegawai))
    objections.objection_file(final, "Bukti saya belum dinilai.", actor=actor(org.pegawai))
    head_final = _scored(ev.evaluation_for(kadis, 1, actor=system()), org.admin_bkd)
    ev.evaluation_finalise(head_final, actor=actor(org.admin_bkd))
    request_of_pegawai(org)
    _windows_closing(plan.cycle, 20)


def test_every_reminder_kind_opens_for_its_recipient(org, plan, approved, client):
    _a_year_with_every_reminder(org, plan, approved)
    today = timezone.localdate()
    found: dict[tuple[str, str, int], object] = {}
    for day in range(22):
        for reminder in due_reminders(default_plan(today + dt.timedelta(days=day))):
            key = (reminder.kind, reminder.url.split("?")[0], reminder.recipient_id)
            found.setdefault(key, reminder)
    assert {kind for kind, _url, _user in found} == set(kind_labels())
    admin_bkd_pages = {url for _kind, url, user in found if user == org.admin_bkd.user.pk}
    assert HEAD_SCORING in admin_bkd_pages  # the heads' SKP and evaluations
    for (kind, _path, user_id), reminder in sorted(found.items(), key=lambda item: item[0][:2]):
        client.force_login(get_user_model().objects.get(pk=user_id), backend=BACKEND)
        response = client.get(reminder.url)
        assert response.status_code == 200, (kind, reminder.url, user_id)
    assert ANNUAL in {int(r.url.rsplit("=", 1)[1]) for r in found.values() if "period=" in r.url}
