"""The PPK's screens: my team, reviewing an SKP, the Matriks Peran Hasil and handing RHK down.

The kepala seksi (org.ppk) appraises the pegawai and their colleague; the chain of approved SKPs
kadis → kabid → kasi comes from plan.chain().
"""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from appraisal.choices import SkpStatus
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.services import flow as skp_flow
from tests.actors import actor
from tests.appraisal.conftest import iki
from tests.appraisal.helpers_team import add_people, count_queries

# The tests read the English source strings of the pages.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


TEAM = reverse("appraisal:team")
MATRIX = reverse("appraisal:role_matrix")
HAND_DOWN = reverse("appraisal:hand_down")


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def kasi_skp(plan):
    _kadis, _kabid, kasi = plan.chain()
    return kasi


@pytest.fixture
def submitted(org, plan, kasi_skp):
    """The pegawai's SKP, linked to the kasi's RHK and submitted (one IKI only: a warning)."""
    skp = plan.start(org.pegawai)
    plan.add_rhk(skp, linked_to=kasi_skp.rhks.get(), ikis=[iki()])
    skp_flow.skp_submit(skp, actor=actor(org.pegawai))
    skp.refresh_from_db()
    return skp


# ----- my team -----------------------------------------------------------------------------------


def test_team_lists_each_subordinate_with_the_status_of_their_skp(login, org, submitted):
    response = login("ppk").get(TEAM)
    assert response.status_code == 200
    page = response.content.decode()
    assert org.pegawai.full_name in page and org.colleague.full_name in page
    assert org.outsider.full_name not in page
    assert "Diajukan" in page and "No SKP" in page
    assert reverse("appraisal:skp_review", args=[submitted.public_id]) in page
    assert response.context["awaiting"] == 1
    statuses = {r["employee"].pk: r["skp"] for r in response.context["rows"]}
    assert statuses[org.colleague.pk] is None


def test_team_filters_by_status(login, org, submitted):
    client = login("ppk")
    nobody_started = client.get(TEAM, {"status": "none"})
    assert [r["employee"] for r in nobody_started.context["rows"]] == [org.colleague]
    awaiting = client.get(TEAM, {"status": "submitted"})
    assert [r["employee"] for r in awaiting.context["rows"]] == [org.pegawai]
    unknown = client.get(TEAM, {"status": "nonsense"})
    assert len(unknown.context["rows"]) == 2


def test_team_without_an_open_cycle_says_so(login, org):
    response = login("ppk").get(TEAM)
    assert response.status_code == 200
    assert "No appraisal cycle is open" in response.content.decode()


@pytest.mark.parametrize("persona", ["pegawai", "admin_opd", "admin_bkd"])
def test_team_refuses_who_appraises_nobody(login, cycle, persona):
    assert login(persona).get(TEAM).status_code == 403


def test_team_sends_an_anonymous_visitor_to_log_in(login, cycle):
    response = login("anonymous").get(TEAM)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_team_costs_the_same_queries_for_5_and_50_subordinates(
    login, org, cycle, kasi_skp, django_assert_num_queries
):
    client = login("ppk")
    add_people(org.staff_pos, cycle, 3)  # with the pegawai and colleague: 5
    client.get(TEAM)  # warm up the session
    with django_assert_num_queries(TEAM_QUERIES):
        response = client.get(TEAM)
    assert len(response.context["rows"]) == 5
    add_people(org.staff_pos, cycle, 45, start=3)
    assert count_queries(client, TEAM) == TEAM_QUERIES
    assert len(client.get(TEAM).context["rows"]) == 50


TEAM_QUERIES = 19


# ----- reviewing one SKP -------------------------------------------------------------------------


def test_review_shows_the_skp_beside_the_ppk_own_rhk(login, org, submitted, kasi_skp):
    response = login("ppk").get(reverse("appraisal:skp_review", args=[submitted.public_id]))
    assert response.status_code == 200
    page = response.content.decode()
    assert kasi_skp.rhks.get().text in page
    assert submitted.rhks.get().text in page
    assert "Supported by" in page
    # One IKI only: the missing aspects are a warning, not a block.
    assert response.context["warnings"]
    assert "has no indicator for" in page
    assert (
        'action="{}"'.format(reverse("appraisal:skp_approve", args=[submitted.public_id])) in page
    )
    assert 'action="{}"'.format(reverse("appraisal:skp_return", args=[submitted.public_id])) in page
    assert 'name="notes"' in page
    review_url = reverse("appraisal:skp_review", args=[submitted.public_id])
    assert f'name="next" value="{review_url}"' in page
    assert reverse("appraisal:expectations_edit", args=[submitted.public_id]) in page


def test_approving_from_the_review_comes_back_to_it(login, org, submitted):
    review_url = reverse("appraisal:skp_review", args=[submitted.public_id])
    response = login("ppk").post(
        reverse("appraisal:skp_approve", args=[submitted.public_id]),
        {"next": review_url, "confirm_no_expectations": "on"},
    )
    assert response.status_code == 302 and response["Location"] == review_url
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.APPROVED
    page = login("ppk").get(review_url)
    assert page.context["may_decide"] is False
    assert b"approve-form" not in page.content


def test_review_of_a_draft_has_no_decision_forms(login, org, plan, kasi_skp):
    skp = plan.draft(org.pegawai, linked_to=kasi_skp.rhks.get())
    response = login("ppk").get(reverse("appraisal:skp_review", args=[skp.public_id]))
    assert response.status_code == 200
    assert b"approve-form" not in response.content and b"return-form" not in response.content


@pytest.mark.parametrize(
    ("persona", "status"),
    [("atasan_ppk", 403), ("kepala_unit", 403), ("admin_bkd", 403), ("admin_opd_other", 404)],
)
def test_review_is_for_the_ppk_alone(login, submitted, persona, status):
    url = reverse("appraisal:skp_review", args=[submitted.public_id])
    assert login(persona).get(url).status_code == status


# ----- Matriks Peran Hasil -----------------------------------------------------------------------


def test_matrix_puts_each_supporting_rhk_under_the_ppk_rhk(login, org, plan, kasi_skp):
    column = kasi_skp.rhks.get()
    skp = plan.draft(org.pegawai, linked_to=column)
    plan.add_rhk(skp, text="Terlaksananya tugas tambahan", section="tambahan")
    response = login("ppk").get(MATRIX)
    assert response.status_code == 200
    assert [c.pk for c in response.context["columns"]] == [column.pk]
    rows = {r["employee"].pk: r for r in response.context["rows"]}
    pegawai = rows[org.pegawai.pk]
    assert [[r.text for r in cell] for cell in pegawai["cells"]] == [
        ["Tersusunnya laporan surveilans"]
    ]
    assert pegawai["unlinked"] == 0  # a Tambahan RHK needs no link
    Rhk.objects.create(skp=skp, section="utama", text="Belum ditautkan")
    rows = {r["employee"].pk: r for r in login("ppk").get(MATRIX).context["rows"]}
    assert rows[org.pegawai.pk]["unlinked"] == 1
    assert rows[org.colleague.pk]["cells"] == [[]]
    page = response.content.decode()
    assert "Tersusunnya laporan surveilans" in page
    assert f'value="{column.public_id}"' in page
    assert f'value="{org.colleague.nip}"' in page


def test_matrix_follows_a_revised_ppk_rhk_by_lineage(login, org, plan, kasi_skp):
    old = kasi_skp.rhks.get()
    plan.draft(org.pegawai, linked_to=old)
    revision = skp_flow.skp_revise(kasi_skp, "Target berubah", actor=actor(org.ppk))
    Skp.objects.filter(pk=revision.pk).update(status=SkpStatus.SUBMITTED)
    skp_flow.skp_approve(revision, actor=actor(org.atasan_ppk))
    response = login("ppk").get(MATRIX)
    column = response.context["columns"][0]
    assert column.skp_id == revision.pk and column.lineage == old.lineage
    pegawai = next(r for r in response.context["rows"] if r["employee"] == org.pegawai)
    assert len(pegawai["cells"][0]) == 1 and pegawai["unlinked"] == 0


def test_matrix_uses_the_ppk_draft_until_one_is_approved(login, org, plan):
    draft = plan.draft(org.ppk)
    response = login("ppk").get(MATRIX)
    assert response.context["own"] == draft
    assert [c.pk for c in response.context["columns"]] == [draft.rhks.get().pk]


def test_matrix_refuses_who_appraises_nobody(login, cycle):
    assert login("pegawai").get(MATRIX).status_code == 403


def test_matrix_costs_the_same_queries_for_5_and_50_subordinates(
    login, org, cycle, kasi_skp, django_assert_num_queries
):
    column = kasi_skp.rhks.get()
    client = login("ppk")
    add_people(org.staff_pos, cycle, 3, linked_to=column)
    client.get(MATRIX)
    with django_assert_num_queries(MATRIX_QUERIES):
        response = client.get(MATRIX)
    assert len(response.context["rows"]) == 5
    add_people(org.staff_pos, cycle, 45, linked_to=column, start=3)
    assert count_queries(client, MATRIX) == MATRIX_QUERIES
    response = client.get(MATRIX)
    assert len(response.context["rows"]) == 50
    assert (
        sum(len(r["cells"][0]) for r in response.context["rows"]) == 38
    )  # 48 added, one in five without an SKP


MATRIX_QUERIES = 22


# ----- handing an RHK down -----------------------------------------------------------------------


def test_hand_down_adds_a_linked_draft_rhk_to_each_chosen_subordinate(login, org, kasi_skp):
    column = kasi_skp.rhks.get()
    response = login("ppk").post(
        HAND_DOWN, {"rhk": column.public_id, "employees": [org.pegawai.nip, org.colleague.nip]}
    )
    assert response.status_code == 302 and response["Location"] == MATRIX
    assert "Handed down to 2 subordinates." in _messages(response)
    for employee in (org.pegawai, org.colleague):
        rhk = Rhk.objects.get(skp__employee=employee)
        assert rhk.intervened == column and rhk.text == column.text
        assert rhk.skp.status == SkpStatus.DRAFT


def test_hand_down_leaves_out_who_is_not_a_subordinate(login, org, kasi_skp):
    column = kasi_skp.rhks.get()
    response = login("ppk").post(
        HAND_DOWN, {"rhk": column.public_id, "employees": [org.outsider.nip, org.pegawai.nip]}
    )
    messages = _messages(response)
    assert "1 of the people chosen is not your subordinate and was left out." in messages
    assert "Handed down to 1 subordinate." in messages
    assert not Skp.objects.filter(employee=org.outsider).exists()


def test_hand_down_to_nobody_valid_changes_nothing(login, org, kasi_skp):
    response = login("ppk").post(
        HAND_DOWN, {"rhk": kasi_skp.rhks.get().public_id, "employees": [org.outsider.nip]}
    )
    assert "Choose at least one of your subordinates." in _messages(response)
    assert not Rhk.objects.filter(intervened__isnull=False, skp__employee=org.outsider).exists()


def test_hand_down_reports_who_was_skipped_and_why(login, org, submitted, kasi_skp):
    response = login("ppk").post(
        HAND_DOWN,
        {"rhk": kasi_skp.rhks.get().public_id, "employees": [org.pegawai.nip, org.colleague.nip]},
    )
    messages = _messages(response)
    assert "Handed down to 1 subordinate." in messages
    assert (
        f"Not handed down to {org.pegawai.full_name}: their SKP is awaiting your decision."
        in messages
    )
    assert submitted.rhks.count() == 1


def test_hand_down_of_someone_else_rhk_is_404(login, org, plan):
    _kadis, kabid, _kasi = plan.chain()
    response = login("ppk").post(
        HAND_DOWN, {"rhk": kabid.rhks.get().public_id, "employees": [org.pegawai.nip]}
    )
    assert response.status_code == 404
    assert login("ppk").post(HAND_DOWN, {"rhk": "not-a-uuid"}).status_code == 404


def test_hand_down_is_post_only(login, kasi_skp):
    assert login("ppk").get(HAND_DOWN).status_code == 405


def test_hand_down_refuses_who_appraises_nobody(login, org, kasi_skp):
    response = login("pegawai").post(
        HAND_DOWN, {"rhk": kasi_skp.rhks.get().public_id, "employees": [org.colleague.nip]}
    )
    assert response.status_code == 403
