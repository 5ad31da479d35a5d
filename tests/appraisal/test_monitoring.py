"""Monitoring for administrators: SKP progress per OPD and per person, and broken RHK links.

DINKES has six active employees (kadis, kabid, kasi, pegawai, colleague, admin OPD), DISDIK three
(kadis, outsider, admin OPD), BKPSDM one (admin BKD).
"""

import pytest
from django.urls import reverse

from appraisal.choices import SkpStatus
from appraisal.monitoring import selectors as monitoring
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.services import flow as skp_flow
from tests.actors import actor
from tests.appraisal.conftest import owner
from tests.appraisal.helpers_team import add_people, count_queries
from tests.factories import OrgUnitFactory, PositionFactory

# The tests read the English source strings of the pages.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


OVERVIEW = reverse("appraisal:monitoring")
BROKEN = reverse("appraisal:broken_links")


def opd_url(code):
    return reverse("appraisal:monitoring_opd", args=[code])


@pytest.fixture
def progress(org, plan):
    """DINKES: kadis, kabid, kasi approved; pegawai submitted; colleague returned; admin none.
    DISDIK: the outsider has a draft."""
    _kadis, _kabid, kasi = plan.chain()
    pegawai = plan.start(org.pegawai)
    plan.add_rhk(pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(pegawai, actor=actor(org.pegawai))
    colleague = plan.start(org.colleague)
    plan.add_rhk(colleague, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(colleague, actor=owner(org.colleague))
    skp_flow.skp_return(colleague, "Perbaiki target", actor=actor(org.ppk))
    plan.start(org.outsider)
    return kasi


def _row(response, code):
    return next(r for r in response.context["rows"] if r.opd.code == code)


# ----- per OPD -----------------------------------------------------------------------------------


def test_monitoring_counts_each_active_employee_once_by_skp_status(login, org, progress):
    response = login("admin_bkd").get(OVERVIEW)
    assert response.status_code == 200
    dinkes = _row(response, "DINKES")
    assert (dinkes.none, dinkes.draft, dinkes.submitted, dinkes.approved) == (1, 1, 1, 3)
    assert dinkes.total == 6 and str(dinkes.approved_percent) == "50.0"
    disdik = _row(response, "DISDIK")
    assert (disdik.none, disdik.draft, disdik.submitted, disdik.approved) == (2, 1, 0, 0)
    total = response.context["total"]
    assert (total.none, total.draft, total.submitted, total.approved) == (4, 2, 1, 3)
    assert total.total == 10
    assert opd_url("DINKES") in response.content.decode()


def test_a_revision_in_progress_counts_by_the_plan_in_force(login, org, progress):
    skp_flow.skp_revise(progress, "Target berubah", actor=actor(org.ppk))
    dinkes = _row(login("admin_bkd").get(OVERVIEW), "DINKES")
    assert (dinkes.draft, dinkes.approved, dinkes.total) == (1, 3, 6)


def test_a_retired_employee_is_not_counted(login, org, progress):
    org.colleague.status = "retired"
    org.colleague.save()
    dinkes = _row(login("admin_bkd").get(OVERVIEW), "DINKES")
    assert (dinkes.draft, dinkes.total) == (0, 5)


def test_admin_opd_sees_only_their_opd(login, org, progress):
    response = login("admin_opd").get(OVERVIEW)
    assert [r.opd.code for r in response.context["rows"]] == ["DINKES"]
    assert response.context["total"].total == 6


def test_monitoring_of_another_year_and_of_an_unknown_year(login, org, progress, cycle):
    client = login("admin_bkd")
    assert client.get(OVERVIEW, {"year": cycle.year}).context["cycle"] == cycle
    assert client.get(OVERVIEW, {"year": "1999"}).status_code == 404
    assert client.get(OVERVIEW, {"year": "abc"}).status_code == 200


def test_monitoring_without_an_open_cycle_says_so(login, org):
    response = login("admin_bkd").get(OVERVIEW)
    assert response.status_code == 200
    assert "No appraisal cycle is open" in response.content.decode()


@pytest.mark.parametrize("persona", ["pegawai", "ppk", "kepala_unit"])
def test_monitoring_is_for_admins(login, cycle, persona):
    assert login(persona).get(OVERVIEW).status_code == 403
    assert login(persona).get(opd_url("DINKES")).status_code == 403
    assert login(persona).get(BROKEN).status_code == 403


def test_monitoring_costs_the_same_queries_whatever_the_numbers(
    login, org, cycle, django_assert_num_queries
):
    client = login("admin_bkd")
    add_people(org.staff_pos, cycle, 5)
    client.get(OVERVIEW)
    with django_assert_num_queries(OVERVIEW_QUERIES):
        client.get(OVERVIEW)
    add_people(org.staff_pos, cycle, 45, start=5)
    for n in range(3):
        unit = OrgUnitFactory(code=f"OPD{n}")
        add_people(PositionFactory(unit=unit), cycle, 5)
    assert count_queries(client, OVERVIEW) == OVERVIEW_QUERIES
    assert len(client.get(OVERVIEW).context["rows"]) == 6


OVERVIEW_QUERIES = (
    12  # + the SKPs awaiting the Kepala Daerah (admin BKD); the years come with the cycle
)


# ----- one OPD -----------------------------------------------------------------------------------


def test_opd_page_lists_people_with_their_ppk_and_skp(login, org, progress):
    response = login("admin_opd").get(opd_url("DINKES"))
    assert response.status_code == 200
    people = {e.pk: e for e in response.context["page"]}
    assert len(people) == 6
    assert people[org.pegawai.pk].progress == monitoring.SUBMITTED
    assert people[org.pegawai.pk].ppk.name == org.ppk.full_name
    assert people[org.colleague.pk].progress == monitoring.DRAFT
    assert people[org.admin_opd.pk].progress == monitoring.NONE
    page = response.content.decode()
    skp = Skp.objects.get(employee=org.pegawai)
    assert reverse("appraisal:skp_detail", args=[skp.public_id]) in page
    assert org.pegawai.nip in page and "Seksi Surveilans" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "none"}, ["admin_opd"]),
        ({"status": "draft"}, ["colleague"]),
        ({"status": "submitted"}, ["pegawai"]),
        ({"status": "approved"}, ["atasan_ppk", "kepala_unit", "ppk"]),
        ({"q": "surveilans"}, ["ppk", "pegawai", "colleague"]),
    ],
)
def test_opd_page_filters(login, org, progress, params, expected):
    response = login("admin_opd").get(opd_url("DINKES"), params)
    assert {e.pk for e in response.context["page"]} == {getattr(org, p).pk for p in expected}


def test_opd_page_finds_by_nip(login, org, progress):
    response = login("admin_opd").get(opd_url("DINKES"), {"q": org.pegawai.nip[:14]})
    assert org.pegawai in list(response.context["page"])


def test_opd_page_is_404_for_the_admin_of_another_opd(login, org, progress):
    assert login("admin_opd").get(opd_url("DISDIK")).status_code == 404
    assert login("admin_opd_other").get(opd_url("DINKES")).status_code == 404
    assert login("admin_bkd").get(opd_url("DISDIK")).status_code == 200
    assert login("admin_bkd").get(opd_url("DINKES.P2P")).status_code == 404  # not an OPD


def test_opd_page_is_paginated_by_50_at_a_constant_cost(
    login, org, cycle, django_assert_num_queries
):
    client = login("admin_opd")
    client.get(opd_url("DINKES"))
    with django_assert_num_queries(OPD_QUERIES):
        response = client.get(opd_url("DINKES"))
    assert len(response.context["page"]) == 6
    add_people(org.staff_pos, cycle, 45)
    assert count_queries(client, opd_url("DINKES")) == OPD_QUERIES
    response = client.get(opd_url("DINKES"))
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.num_pages == 2
    assert all(e.ppk is not None for e in response.context["page"])


OPD_QUERIES = 16  # the years come with the cycle (cycles.selectors.cycle_chosen)


# ----- broken links ------------------------------------------------------------------------------


@pytest.fixture
def deleted_link(org, plan):
    """The pegawai's RHK pointed at an RHK of the kasi that was then deleted (e.g. an SKP removed
    by a superuser): the link is cleared, the text of what it pointed at is kept."""
    own = plan.draft(org.ppk)
    ppk_rhk = own.rhks.get()
    mine = plan.start(org.pegawai)
    linked = Rhk.objects.create(
        skp=mine,
        section="utama",
        text="RHK bawahan",
        intervened=ppk_rhk,
        intervened_text=ppk_rhk.text,
    )
    skp_edit.rhk_delete(ppk_rhk, actor=actor(org.ppk))
    linked.refresh_from_db()
    return linked


@pytest.fixture
def revised_away(org, plan):
    """The kasi's approved SKP had two RHK, each supported by one subordinate; the approved
    revision dropped the first."""
    kadis = plan.approved(org.kepala_unit, text="Meningkatnya derajat kesehatan")
    kabid = plan.approved(org.atasan_ppk, linked_to=kadis.rhks.get(), text="Menurunnya kasus")
    up = kabid.rhks.get()
    kasi = plan.start(org.ppk)
    dropped = plan.add_rhk(kasi, text="Terselenggaranya survei lama", linked_to=up)
    kept = plan.add_rhk(kasi, text="Tersedianya data surveilans", linked_to=up)
    skp_flow.skp_submit(kasi, actor=actor(org.ppk))
    skp_flow.skp_approve(kasi, actor=actor(org.atasan_ppk))
    plan.draft(org.pegawai, linked_to=dropped)
    plan.draft(org.colleague, linked_to=kept)
    revision = skp_flow.skp_revise(kasi, "Survei lama dihentikan", actor=actor(org.ppk))
    skp_edit.rhk_delete(revision.rhks.get(lineage=dropped.lineage), actor=actor(org.ppk))
    Skp.objects.filter(pk=revision.pk).update(status=SkpStatus.SUBMITTED)
    skp_flow.skp_approve(revision, actor=actor(org.atasan_ppk))
    return Rhk.objects.get(skp__employee=org.pegawai)


def test_broken_links_lists_an_rhk_whose_target_was_deleted(login, org, deleted_link):
    assert deleted_link.intervened is None and deleted_link.intervened_text
    response = login("admin_opd").get(BROKEN)
    rows = list(response.context["page"])
    assert [r.pk for r in rows] == [deleted_link.pk]
    assert rows[0].reason == monitoring.DELETED
    assert rows[0].supervisor == org.ppk.full_name
    page = response.content.decode()
    assert deleted_link.intervened_text in page and "deleted by the supervisor" in page


def test_broken_links_lists_an_rhk_revised_away_but_not_one_kept(login, org, revised_away):
    response = login("admin_bkd").get(BROKEN)
    rows = list(response.context["page"])
    assert [r.pk for r in rows] == [revised_away.pk]
    assert rows[0].reason == monitoring.REVISED_AWAY
    assert rows[0].supervisor == org.ppk.full_name
    assert "removed in the supervisor&#x27;s revised SKP" in response.content.decode()


def test_broken_links_are_scoped_to_the_admin_opd(login, org, deleted_link):
    assert len(login("admin_opd").get(BROKEN).context["page"]) == 1
    assert len(login("admin_opd_other").get(BROKEN).context["page"]) == 0
    assert len(login("admin_bkd").get(BROKEN, {"q": org.pegawai.name}).context["page"]) == 1
    assert len(login("admin_bkd").get(BROKEN, {"opd": org.disdik.pk}).context["page"]) == 0


def test_broken_links_cost_the_same_queries_whatever_the_numbers(
    login, org, deleted_link, cycle, django_assert_num_queries
):
    client = login("admin_bkd")
    client.get(BROKEN)
    with django_assert_num_queries(BROKEN_QUERIES):
        client.get(BROKEN)
    for employee in add_people(org.staff_pos, cycle, 30):
        Rhk.objects.filter(skp__employee=employee).update(intervened_text="Dihapus")
    assert count_queries(client, BROKEN) == BROKEN_QUERIES
    assert len(client.get(BROKEN).context["page"]) == 25  # 24 of the 30 have an SKP, + pegawai


BROKEN_QUERIES = 16  # the years come with the cycle (cycles.selectors.cycle_chosen)
