"""Reporting-line diagnostics: everyone whose SKP cannot proceed, why, and the page that fixes it.

On the personas of tests/conftest.py: DINKES kadis → kabid → kasi (the PPK) → pegawai and
colleague; DISDIK's head appraises the outsider. The admin BKD's own post (Analis Kepegawaian,
BKPSDM) has no parent: they are the one finding of the organisation as it is built.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AssignmentKind
from accounts.org.models import AppraiserOverride, Assignment, Position
from appraisal.choices import LineProblem, SkpStatus
from appraisal.cycles.models import PrerequisiteWaiver
from appraisal.extensions import reporting_line_checks
from appraisal.monitoring import diagnostics
from appraisal.monitoring.diagnostics import LineCheck
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.services import edit as skp_edit
from tests.actors import actor
from tests.appraisal.helpers_team import add_people, count_queries
from tests.factories import EmployeeFactory, OrgUnitFactory, PositionFactory, place
from tests.reports.conftest import read_workbook

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

URL = reverse("appraisal:line_diagnostics")


def today():
    return timezone.localdate()


def found(client, **params) -> dict:
    """{(employee name, reason): row} of every finding on the page (one page is enough here)."""
    response = client.get(URL, params)
    assert response.status_code == 200
    return {(r["finding"].name, r["finding"].reason): r for r in response.context["page"]}


def reasons_of(client, employee) -> set[str]:
    return {reason for name, reason in found(client) if name == employee.full_name}


# ----- one case per reason -----------------------------------------------------------------------


def test_the_organisation_as_built_holds_up_only_the_admin_bkd_whose_post_has_no_parent(
    login, org, cycle
):
    rows = found(login("admin_bkd"))
    assert list(rows) == [(org.admin_bkd.full_name, LineProblem.NO_PPK)]
    row = rows[org.admin_bkd.full_name, LineProblem.NO_PPK]
    assert row["finding"].detail == "The position Analis Kepegawaian has no parent position."
    public_id = Position.objects.get(name="Analis Kepegawaian").public_id
    assert row["fix_url"] == reverse("org:position_edit", args=[public_id])


def test_no_ppk_when_every_post_above_is_vacant_up_to_the_top(login, org, cycle):
    """Without a kepala dinas, the kabid's chain reaches the top: the Kepala Daerah appraises
    only a JPT there, so nobody can approve the kabid's plan."""
    Assignment.objects.filter(employee=org.kepala_unit).delete()
    row = found(login("admin_opd"))[org.atasan_ppk.full_name, LineProblem.NO_PPK]
    assert row["finding"].detail == (
        "Every post above Kepala Bidang P2P, up to the top of the tree, is vacant or below "
        "pengawas level."
    )
    assert row["fix_url"] == reverse("org:employee_detail", args=[org.atasan_ppk.nip])
    # The kadis, whose post is still recorded on them, holds it no more.
    row = found(login("admin_opd"))[org.kepala_unit.full_name, LineProblem.NO_PPK]
    assert row["finding"].detail == "No definitive position is recorded for today."


def test_a_jpt_head_at_the_top_is_appraised_by_the_kepala_daerah_and_is_no_finding(
    login, org, cycle
):
    client = login("admin_bkd")
    assert reasons_of(client, org.kepala_unit) == reasons_of(client, org.disdik_head_emp) == set()


def test_a_ppk_set_by_override_below_pengawas_level(login, org, cycle):
    AppraiserOverride.objects.create(
        employee=org.pegawai, ppk=org.colleague, start_date=dt.date(2020, 1, 1), reason="Cuti"
    )
    bkd = found(login("admin_bkd"))[org.pegawai.full_name, LineProblem.PPK_BELOW_PENGAWAS]
    assert "Rekan Surveilans" in bkd["finding"].detail
    assert bkd["fix_url"] == reverse("org:employee_override", args=[org.pegawai.nip])
    # Overrides are the admin BKD's: the admin OPD is sent to the employee's page.
    opd = found(login("admin_opd"))[org.pegawai.full_name, LineProblem.PPK_BELOW_PENGAWAS]
    assert opd["fix_url"] == reverse("org:employee_detail", args=[org.pegawai.nip])


def test_a_ppk_set_by_override_who_left_is_no_ppk(login, org, cycle):
    AppraiserOverride.objects.create(
        employee=org.pegawai, ppk=org.kepala_unit, start_date=dt.date(2020, 1, 1), reason="Dinas"
    )
    assert reasons_of(login("admin_bkd"), org.pegawai) == set()
    org.kepala_unit.status = "retired"
    org.kepala_unit.save()
    row = found(login("admin_bkd"))[org.pegawai.full_name, LineProblem.NO_PPK]
    assert "no longer active" in row["finding"].detail


def test_an_expired_plt_still_relied_on(login, org, cycle):
    """The kasi left in spring; a Plt acted until yesterday and nobody was named since: the
    pegawai and the colleague fall to the kabid without anyone having decided it."""
    Assignment.objects.filter(employee=org.ppk).update(end_date=today() - dt.timedelta(days=90))
    org.ppk.position = None
    org.ppk.save()
    staff_post = PositionFactory(unit=org.p2p, parent=org.kabid_pos)
    acting = place(EmployeeFactory(name="Plt Kasi"), staff_post)
    Assignment.objects.create(
        employee=acting,
        position=org.kasi_pos,
        kind=AssignmentKind.PLT,
        start_date=today() - dt.timedelta(days=89),
        end_date=today() - dt.timedelta(days=1),
    )
    rows = found(login("admin_opd"))
    row = rows[org.pegawai.full_name, LineProblem.EXPIRED_ACTING]
    assert row["finding"].detail.startswith("The Plt of Kepala Seksi Surveilans, Plt Kasi, ended")
    assert row["fix_url"] == reverse("org:employee_acting", args=[acting.nip])
    assert (org.colleague.full_name, LineProblem.EXPIRED_ACTING) in rows
    # A vacancy left by a definitive holder is no expired Plt/Plh.
    Assignment.objects.filter(kind=AssignmentKind.PLT).update(
        end_date=today() - dt.timedelta(days=95), start_date=today() - dt.timedelta(days=99)
    )
    assert LineProblem.EXPIRED_ACTING not in reasons_of(login("admin_opd"), org.pegawai)


def test_an_override_past_its_end_date_that_the_plan_still_names(login, org, cycle, plan):
    AppraiserOverride.objects.create(
        employee=org.pegawai,
        ppk=org.atasan_ppk,
        start_date=dt.date(cycle.year, 1, 1),
        end_date=today() - dt.timedelta(days=1),
        reason="Kasi cuti panjang",
    )
    skp = plan.draft(org.pegawai)
    Skp.objects.filter(pk=skp.pk).update(status=SkpStatus.SUBMITTED, ppk_employee=org.atasan_ppk)
    row = found(login("admin_bkd"))[org.pegawai.full_name, LineProblem.EXPIRED_OVERRIDE]
    assert "Kabid P2P" in row["finding"].detail and "Kasi Surveilans" in row["finding"].detail
    assert row["fix_url"] == reverse("org:employee_override", args=[org.pegawai.nip])
    # Submitted to the PPK of the tree: the override's end changes nothing for this plan.
    Skp.objects.filter(pk=skp.pk).update(ppk_employee=org.ppk)
    assert LineProblem.EXPIRED_OVERRIDE not in reasons_of(login("admin_bkd"), org.pegawai)


def test_a_loop_in_the_position_tree(login, org, cycle):
    Position.objects.filter(pk=org.kadis_pos.pk).update(parent=org.kasi_pos)
    rows = found(login("admin_opd"))
    row = rows[org.pegawai.full_name, LineProblem.POSITION_LOOP]
    assert row["finding"].detail.startswith("Going up from this post, the parent positions")
    loop_posts = {p.public_id for p in (org.kadis_pos, org.kabid_pos, org.kasi_pos)}
    assert any(row["fix_url"] == reverse("org:position_edit", args=[p]) for p in loop_posts)
    assert (org.kepala_unit.full_name, LineProblem.POSITION_LOOP) in rows
    assert (org.pegawai.full_name, LineProblem.NO_PPK) not in rows  # the loop is the cause


def test_a_ppk_without_an_approved_skp_blocks_a_plan_waiting_to_be_submitted(
    login, org, cycle, plan
):
    kasi = plan.draft(org.ppk)
    plan.draft(org.pegawai)
    row = found(login("admin_opd"))[org.pegawai.full_name, LineProblem.PPK_WITHOUT_SKP]
    assert "Kasi Surveilans" in row["finding"].detail and str(cycle.year) in row["finding"].detail
    assert row["fix_url"] == reverse("appraisal:skp_detail", args=[kasi.public_id])
    # Without a plan yet, nobody is held up; an admin's waiver lifts it, as submitting does.
    assert reasons_of(login("admin_opd"), org.colleague) == set()
    PrerequisiteWaiver.objects.create(cycle=cycle, employee=org.pegawai, reason="Mendesak")
    assert reasons_of(login("admin_opd"), org.pegawai) == set()


def test_an_approved_skp_of_the_ppk_lets_the_plan_proceed(login, org, cycle, plan):
    plan.chain()
    plan.draft(org.pegawai)
    assert reasons_of(login("admin_opd"), org.pegawai) == set()


def test_a_ppk_without_any_plan_is_linked_by_their_page(login, org, cycle, plan):
    plan.draft(org.pegawai)
    row = found(login("admin_opd"))[org.pegawai.full_name, LineProblem.PPK_WITHOUT_SKP]
    assert row["fix_url"] == reverse("org:employee_detail", args=[org.ppk.nip])


def test_an_rhk_link_broken_by_the_supervisor(login, org, cycle, plan):
    own = plan.draft(org.ppk)
    target = own.rhks.get()
    mine = plan.start(org.pegawai)
    linked = Rhk.objects.create(
        skp=mine, section="utama", text="RHK bawahan", intervened=target,
        intervened_text=target.text,
    )  # fmt: skip
    skp_edit.rhk_delete(target, actor=actor(org.ppk))
    row = found(login("admin_opd"))[org.pegawai.full_name, LineProblem.BROKEN_LINK]
    assert "RHK bawahan" in row["finding"].detail
    assert row["fix_url"] == (
        reverse("appraisal:skp_detail", args=[mine.public_id]) + f"#rhk-{linked.public_id}"
    )


# ----- scope, filters, counts --------------------------------------------------------------------


@pytest.fixture
def held_up(org, cycle, plan):
    """The pegawai's draft waits for the kasi, who has no plan yet (DINKES); the outsider of
    DISDIK has a PPK by override below pengawas level."""
    plan.draft(org.pegawai)
    AppraiserOverride.objects.create(
        employee=org.outsider, ppk=org.admin_opd_other, start_date=dt.date(2020, 1, 1), reason="X"
    )


def test_each_admin_sees_their_scope(login, org, held_up):
    assert set(found(login("admin_opd"))) == {(org.pegawai.full_name, LineProblem.PPK_WITHOUT_SKP)}
    assert set(found(login("admin_opd_other"))) == {
        (org.outsider.full_name, LineProblem.PPK_BELOW_PENGAWAS)
    }
    assert len(found(login("admin_bkd"))) == 3  # and the admin BKD's own post


def test_another_opds_filter_is_404_and_the_bkd_filters_by_opd(login, org, held_up):
    assert login("admin_opd").get(URL, {"opd": "DISDIK"}).status_code == 404
    assert login("admin_opd").get(URL, {"opd": "DINKES.P2P"}).status_code == 404  # not an OPD
    assert login("admin_opd").get(URL, {"opd": "DINKES"}).status_code == 200
    assert set(found(login("admin_bkd"), opd="DISDIK")) == {
        (org.outsider.full_name, LineProblem.PPK_BELOW_PENGAWAS)
    }


@pytest.mark.parametrize("persona", ["pegawai", "ppk", "atasan_ppk", "kepala_unit"])
def test_the_diagnostics_are_for_admins(login, cycle, persona):
    assert login(persona).get(URL).status_code == 403


def test_filters_by_reason_and_by_name_or_nip(login, org, held_up):
    bkd = login("admin_bkd")
    assert set(found(bkd, reason=LineProblem.PPK_BELOW_PENGAWAS)) == {
        (org.outsider.full_name, LineProblem.PPK_BELOW_PENGAWAS)
    }
    assert [n for n, _r in found(bkd, q="surveilans")] == [org.pegawai.full_name]
    assert [n for n, _r in found(bkd, q=org.outsider.nip[:12])] == [org.outsider.full_name]
    assert len(found(bkd, reason="not-a-reason")) == 3  # left out, as a bad filter is


def test_counts_per_opd_and_reason(login, org, held_up):
    response = login("admin_bkd").get(URL)
    rows = {row.opd.code: {c: n for c, _l, n in row.cells} for row in response.context["rows"]}
    assert set(rows) == {"DINKES", "DISDIK", "BKPSDM"}
    assert rows["DINKES"][LineProblem.PPK_WITHOUT_SKP] == 1
    assert rows["DISDIK"][LineProblem.PPK_BELOW_PENGAWAS] == 1
    assert rows["BKPSDM"][LineProblem.NO_PPK] == 1
    assert response.context["total"].people == 3
    page = response.content.decode()
    assert "?opd=DISDIK&amp;reason=ppk_below_pengawas" in page


def test_the_menu_and_the_monitoring_page_link_to_the_diagnostics(login, cycle):
    page = login("admin_opd").get(reverse("appraisal:monitoring")).content.decode()
    assert page.count(f'href="{URL}') == 2  # the Kinerja menu and the button
    assert f'href="{URL}"' not in login("pegawai").get(reverse("home")).content.decode()


# ----- extension: a check from an app above -------------------------------------------------------


@pytest.fixture
def siasn_check(org):
    """As interchange would register the difference with SIASN's atasan."""

    def find(diagnosis):
        person = diagnosis.people[org.pegawai.pk]
        yield diagnosis.finding(
            person, "siasn_atasan", "SIASN: atasan berbeda", diagnostics.EMPLOYEE, person.nip
        )

    check = LineCheck((("siasn_atasan", "Differs from SIASN's atasan"),), find)
    reporting_line_checks.register(check)
    yield check
    reporting_line_checks._callables.remove(check)


def test_a_check_registered_from_above_adds_its_reason(login, org, cycle, siasn_check):
    response = login("admin_opd").get(URL, {"reason": "siasn_atasan"})
    assert [r["finding"].detail for r in response.context["page"]] == ["SIASN: atasan berbeda"]
    assert "Differs from SIASN&#x27;s atasan" in response.content.decode()
    assert diagnostics.reasons()[-1] == ("siasn_atasan", "Differs from SIASN's atasan")


# ----- the export and the home page --------------------------------------------------------------


def test_the_export_lists_the_admins_findings(login, org, held_up, cycle):
    response = login("admin_opd").post(
        reverse("reports:export", args=["reporting_line_diagnostics"]), {"year": cycle.year}
    )
    assert response.status_code == 200
    _book, sheets = read_workbook(b"".join(response.streaming_content))
    rows = sheets["Diagnosis Pejabat Penilai"]
    assert rows[0] == ("NIP", "Nama", "OPD", "Unit Kerja", "Jabatan", "Masalah", "Keterangan",
                       "Perbaikan", "Tautan")  # fmt: skip
    assert [(r[0], r[2], r[5], r[7]) for r in rows[1:]] == [
        (
            org.pegawai.nip,
            "Dinas Kesehatan (DINKES)",
            "PPK without an approved SKP",
            "Employee page",
        )
    ]
    assert rows[1][8].startswith("http")
    assert rows[1][8].endswith(reverse("org:employee_detail", args=[org.ppk.nip]))


def test_the_export_writes_a_name_that_looks_like_a_formula_as_text(login, org, held_up, cycle):
    org.pegawai.name = '=HYPERLINK("https://evil.example/","Pegawai")'
    org.pegawai.save()
    response = login("admin_opd").post(
        reverse("reports:export", args=["reporting_line_diagnostics"]), {"year": cycle.year}
    )
    book, _sheets = read_workbook(b"".join(response.streaming_content))
    cell = book["Diagnosis Pejabat Penilai"]["B2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (org.pegawai.name, "s", True)


def test_the_export_of_one_opd(login, org, held_up, cycle):
    response = login("admin_bkd").post(
        reverse("reports:export", args=["reporting_line_diagnostics"]),
        {"year": cycle.year, "opd": "DISDIK"},
    )
    _book, sheets = read_workbook(b"".join(response.streaming_content))
    assert [r[1] for r in sheets["Diagnosis Pejabat Penilai"][1:]] == [org.outsider.full_name]
    assert (
        login("admin_opd")
        .post(
            reverse("reports:export", args=["reporting_line_diagnostics"]),
            {"year": cycle.year, "opd": "DISDIK"},
        )
        .status_code
        == 404
    )


def test_the_home_page_counts_the_people_held_up(login, org, held_up):
    bkd = login("admin_bkd").get(reverse("home"))
    figure = bkd.context["admin"]["more"][0]
    assert (figure.count, figure.url) == (3, URL)
    assert 'data-testid="home-figure"' in bkd.content.decode()
    assert login("admin_opd").get(reverse("home")).context["admin"]["more"][0].count == 1
    assert "admin" not in login("pegawai").get(reverse("home")).context


def test_the_home_page_counts_once_a_day_and_the_list_counts_it_again(login, org, held_up):
    client = login("admin_bkd")

    def home_count(**params):
        return client.get(reverse("home"), params).context["admin"]["more"][0].count

    assert home_count() == 3
    assert 'data-testid="home-figure-counted"' in client.get(reverse("home")).content.decode()
    AppraiserOverride.objects.all().delete()
    assert home_count() == 3  # the count of the day
    assert client.get(URL).context["total"].people == 2  # the list counts afresh…
    assert home_count() == 2  # …for the home page too
    AppraiserOverride.objects.create(
        employee=org.outsider, ppk=org.admin_opd_other, start_date=dt.date(2020, 1, 1), reason="X"
    )
    assert home_count() == 2
    assert home_count(refresh="1") == 3  # "count now"


def test_the_list_keeps_a_slow_count_a_minute(login, org, held_up, settings):
    settings.SLOW_FIGURES_SECONDS, settings.SLOW_FIGURES_MS = 60, 0
    client = login("admin_bkd")
    first = client.get(URL)
    assert b'data-testid="figures-as-of"' in first.content
    AppraiserOverride.objects.all().delete()
    assert client.get(URL, {"page": "1"}).context["total"].people == 3
    assert client.get(URL, {"refresh": "1"}).context["total"].people == 2


# ----- the cost ----------------------------------------------------------------------------------


def test_the_page_costs_the_same_queries_whatever_the_number_of_people(
    login, org, cycle, django_assert_num_queries
):
    client = login("admin_bkd")
    add_people(org.staff_pos, cycle, 5)
    client.get(URL)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)
    # 2 of the 5 have a draft and wait for the kasi, who has no plan; the admin BKD's post.
    assert response.context["total"].people == 3
    add_people(org.staff_pos, cycle, 45, start=5)
    for n in range(3):
        add_people(PositionFactory(unit=OrgUnitFactory(code=f"OPD{n}")), cycle, 5)
    assert count_queries(client, URL) == PAGE_QUERIES
    assert client.get(URL).context["total"].people == 1 + 20 + 15  # orphans in the new OPDs


def test_the_home_page_costs_the_same_queries_whatever_the_number_of_people(login, org, cycle):
    client = login("admin_bkd")
    add_people(org.staff_pos, cycle, 5)
    client.get(reverse("home"))
    small = count_queries(client, reverse("home"))
    add_people(org.staff_pos, cycle, 45, start=5)
    assert count_queries(client, reverse("home")) == small


# The session, the user, their employee and roles (4); the cycles with their windows (2); the
# OPDs (1); the people, the posts and their holders, the overrides in force, the plans (5); the
# agency's head (1); the overrides ended this year (1); the waivers, the PPKs' plans and names
# (3); the OPDs and the broken links (2); SIASN's atasan (1; the PPKs' NIPs only when SIASN
# names someone); the public ids of the posts to edit (1); the navbar's unread count and
# may-appraise (3).
PAGE_QUERIES = 24
