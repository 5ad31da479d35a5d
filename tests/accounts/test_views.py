"""Organisation screens through the Django test client: happy paths, refusals, kept input."""

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AssignmentKind, PositionKind
from accounts.org.models import AppraiserOverride, Assignment, Employee, OrgUnit, Position
from accounts.org.reporting import reporting_line, subordinates
from tests.actors import actor
from tests.conftest import PASSWORD
from tests.factories import (
    AssignmentFactory,
    EmployeeFactory,
    PositionFactory,
    UserFactory,
    place,
)


def test_login_with_nip_or_username(org, rf):
    request = rf.post("/accounts/login/")
    assert authenticate(request, username=org.pegawai.nip, password=PASSWORD) == org.pegawai.user
    assert authenticate(request, username="pegawai", password=PASSWORD) == org.pegawai.user
    assert authenticate(request, username="pegawai", password="salah") is None


def test_login_page_posts_and_redirects_to_the_dashboard(org):
    client = Client()
    response = client.post(reverse("login"), {"username": org.pegawai.nip, "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")


def test_wrong_password_keeps_the_username(org):
    response = Client().post(reverse("login"), {"username": "pegawai", "password": "salah"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert b'value="pegawai"' in response.content


def test_dashboard_shows_the_ppk_and_the_team(org, login):
    response = login("pegawai").get(reverse("home"))
    assert response.context["reporting_line"].ppk.employee_id == org.ppk.pk
    response = login("ppk").get(reverse("home"))
    assert set(response.context["team"]) == {org.pegawai, org.colleague}


def test_dashboard_for_admins_counts_vacant_posts(org, login):
    org.ppk.assignments.update(end_date=timezone.localdate() - dt.timedelta(days=1))
    response = login("admin_opd").get(reverse("home"))
    vacant = response.context["admin"]["vacant"]
    assert [p["name"] for p in vacant] == [org.kasi_pos.name]
    assert vacant[0]["unit"]["name"] == org.kasi_pos.unit.name
    assert vacant[0]["staff_count"] == 2  # the two staff who lost their usual PPK


def test_edit_employee_records_history_with_the_user(org, login):
    client = login("admin_opd")
    url = reverse("org:employee_edit", kwargs={"nip": org.pegawai.nip})
    data = {
        "name": "Pegawai Baru",
        "front_title": "",
        "back_title": "S.Kom.",
        "employment_type": "PNS",
        "golongan": "III/b",
        "email": "baru@example.go.id",
        "phone": "0812",
        "status": "active",
        "reason": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    org.pegawai.refresh_from_db()
    assert org.pegawai.full_name == "Pegawai Baru, S.Kom."
    latest = org.pegawai.history.latest()
    assert latest.history_user == org.admin_opd.user
    page = client.get(reverse("org:employee_detail", kwargs={"nip": org.pegawai.nip}))
    assert "baru@example.go.id" in page.content.decode()


def test_golongan_must_fit_the_employment_type_and_input_is_kept(org, login):
    url = reverse("org:employee_edit", kwargs={"nip": org.pegawai.nip})
    data = {
        "name": "Nama Diketik",
        "employment_type": "PPPK",
        "golongan": "III/a",
        "status": "active",
    }
    response = login("admin_opd").post(url, data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert b"Nama Diketik" in response.content
    org.pegawai.refresh_from_db()
    assert org.pegawai.name == "Pegawai Surveilans"


def test_status_change_needs_a_reason_and_closes_the_position(org, login):
    url = reverse("org:employee_edit", kwargs={"nip": org.ppk.nip})
    data = {
        "name": org.ppk.name,
        "employment_type": "PNS",
        "golongan": "III/a",
        "status": "retired",
    }
    response = login("admin_opd").post(url, data)
    assert "reason" in response.context["form"].errors
    data["reason"] = "Pensiun BUP"
    assert login("admin_opd").post(url, data).status_code == 302
    assert not Assignment.objects.filter(employee=org.ppk, end_date__isnull=True).exists()
    assert reporting_line(org.pegawai).ppk.employee_id == org.atasan_ppk.pk


def test_transfer_ends_the_old_post_and_moves_the_reporting_line(org, login):
    new_post = PositionFactory(name="Staf Bidang", unit=org.p2p, parent=org.kabid_pos)
    on = timezone.localdate()
    response = login("admin_opd").post(
        reverse("org:employee_transfer", kwargs={"nip": org.pegawai.nip}),
        {"position": new_post.pk, "start_date": on.isoformat(), "note": "SK Mutasi 12/2026"},
    )
    assert response.status_code == 302
    org.pegawai.refresh_from_db()
    assert org.pegawai.position == new_post
    old = Assignment.objects.get(employee=org.pegawai, position=org.staff_pos)
    assert old.end_date == on - dt.timedelta(days=1)
    assert reporting_line(org.pegawai, on).ppk.employee_id == org.atasan_ppk.pk
    assert reporting_line(org.pegawai, on - dt.timedelta(days=1)).ppk.employee_id == org.ppk.pk


def test_transfer_before_the_current_start_is_refused_keeping_input(org, login):
    new_post = PositionFactory(unit=org.p2p, parent=org.kabid_pos)
    response = login("admin_opd").post(
        reverse("org:employee_transfer", kwargs={"nip": org.pegawai.nip}),
        {"position": new_post.pk, "start_date": "2019-01-01", "note": "SK keliru"},
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert b"SK keliru" in response.content
    assert Employee.objects.get(pk=org.pegawai.pk).position == org.staff_pos


def test_admin_opd_cannot_transfer_into_another_opd(org, login):
    response = login("admin_opd").post(
        reverse("org:employee_transfer", kwargs={"nip": org.pegawai.nip}),
        {"position": org.disdik_staff.pk, "start_date": "2026-06-01", "note": "x"},
    )
    assert response.status_code == 200
    assert "position" in response.context["form"].errors


def test_plt_assignment_and_its_end(org, login):
    org.ppk.assignments.update(end_date=timezone.localdate() - dt.timedelta(days=10))
    client = login("admin_opd")
    start = timezone.localdate() - dt.timedelta(days=5)
    response = client.post(
        reverse("org:employee_acting", kwargs={"nip": org.atasan_ppk.nip}),
        {
            "kind": "plt",
            "position": org.kasi_pos.pk,
            "start_date": start.isoformat(),
            "note": "Sprint Plt",
        },
    )
    assert response.status_code == 302
    line = reporting_line(org.pegawai)
    assert line.ppk.employee_id == org.atasan_ppk.pk and line.ppk.acting == AssignmentKind.PLT
    acting = Assignment.objects.get(employee=org.atasan_ppk, kind=AssignmentKind.PLT)
    response = client.post(
        reverse(
            "org:assignment_end", kwargs={"nip": org.atasan_ppk.nip, "assignment_id": acting.pk}
        ),
        {"end_date": timezone.localdate().isoformat(), "reason": "Kasi definitif dilantik"},
    )
    assert response.status_code == 302
    acting.refresh_from_db()
    assert acting.end_date == timezone.localdate()


def test_override_needs_a_reason_and_a_known_nip(org, login):
    url = reverse("org:employee_override", kwargs={"nip": org.pegawai.nip})
    response = login("admin_bkd").post(
        url, {"ppk": "199001012019031999", "start_date": "2026-01-01", "reason": ""}
    )
    form = response.context["form"]
    assert "ppk" in form.errors and "reason" in form.errors
    response = login("admin_bkd").post(
        url,
        {"ppk": org.kepala_unit.nip, "start_date": "2026-01-01", "reason": "Kasi tugas belajar"},
    )
    assert response.status_code == 302
    override = AppraiserOverride.objects.get(employee=org.pegawai)
    assert override.created_by == org.admin_bkd.user
    assert override.history.latest().history_change_reason == "Kasi tugas belajar"


def test_override_cannot_name_the_employee_themself(org, login):
    url = reverse("org:employee_override", kwargs={"nip": org.pegawai.nip})
    response = login("admin_bkd").post(
        url, {"ppk": org.pegawai.nip, "start_date": "2026-01-01", "reason": "x"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_unit_tree_refuses_a_cycle(org, login):
    response = login("admin_bkd").post(
        reverse("org:unit_edit", kwargs={"code": org.dinkes.code}),
        {
            "code": "DINKES",
            "name": "Dinas Kesehatan",
            "kind": "opd",
            "parent": org.surv.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert OrgUnit.objects.get(pk=org.dinkes.pk).parent is None


def test_admin_opd_creates_units_only_inside_their_opd(org, login):
    client = login("admin_opd")
    response = client.post(
        reverse("org:unit_create"),
        {
            "code": "DINKES.PKM9",
            "name": "Puskesmas Sembilan",
            "kind": "puskesmas",
            "parent": org.dinkes.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(code="DINKES.PKM9").opd == org.dinkes
    response = client.post(
        reverse("org:unit_create"),
        {"code": "X", "name": "Luar", "kind": "opd", "parent": org.disdik.pk, "is_active": "on"},
    )
    assert "parent" in response.context["form"].errors


def test_fungsional_position_needs_its_jenjang(org, login):
    response = login("admin_opd").post(
        reverse("org:position_create"),
        {
            "name": "Epidemiolog",
            "kind": PositionKind.FUNGSIONAL_KEAHLIAN,
            "jenjang": "",
            "unit": org.surv.pk,
            "parent": org.kasi_pos.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert not Position.objects.filter(name="Epidemiolog").exists()


def test_create_employee_with_an_invalid_nip_keeps_input(org, login):
    response = login("admin_opd").post(
        reverse("org:employee_create"),
        {
            "nip": "12345",
            "name": "Calon Pegawai",
            "employment_type": "PNS",
            "status": "active",
            "position": org.staff_pos.pk,
            "start_date": "2026-01-02",
        },
    )
    assert "nip" in response.context["form"].errors
    assert b"Calon Pegawai" in response.content


def test_create_employee(org, login):
    response = login("admin_opd").post(
        reverse("org:employee_create"),
        {
            "nip": "199512312020121001",
            "name": "Calon Pegawai",
            "employment_type": "PPPK",
            "golongan": "IX",
            "status": "active",
            "position": org.staff_pos.pk,
            "start_date": "2026-01-02",
        },
    )
    assert response.status_code == 302
    employee = Employee.objects.get(nip="199512312020121001")
    assert employee.position == org.staff_pos
    assert reporting_line(employee).ppk.employee_id == org.ppk.pk


def test_django_admin_is_for_superusers_only(org):
    client = Client()
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    assert client.get("/admin/").status_code == 200
    staff = Client()
    staff.force_login(UserFactory(username="staf", is_staff=True))
    assert staff.get("/admin/").status_code == 302


def test_404_page_is_rendered_by_the_app(org, login):
    response = login("pegawai").get("/tidak-ada/")
    assert response.status_code == 404
    assert "errors/404.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    ("name", "queries"),
    # home: 19 since the held-up count (the cycle and the OPDs it is kept for; the count is kept).
    [("org:employee_list", 10), ("org:position_list", 10), ("org:unit_list", 10), ("home", 21)],
)
def test_list_pages_have_pinned_query_counts(org, login, django_assert_num_queries, name, queries):
    for n in range(30):
        place(
            EmployeeFactory(name=f"Tambahan {n}"),
            PositionFactory(unit=org.surv, parent=org.kasi_pos),
        )
    client = login("admin_bkd")
    client.get(reverse(name))  # warm the session and the agency profile
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200


def test_bkd_grants_and_revokes_an_admin_opd_role_with_history(org, login):
    client = login("admin_bkd")
    response = client.post(
        reverse("org:role_list"),
        {
            "account": org.ppk.nip,
            "kind": "admin_opd",
            "opd": org.dinkes.pk,
            "reason": "Pengelola SDM baru",
        },
    )
    assert response.status_code == 302
    role = org.ppk.user.admin_roles.get()
    assert role.opd == org.dinkes
    client.post(reverse("org:role_revoke", kwargs={"role_id": role.pk}), {"reason": "Pindah tugas"})
    assert not org.ppk.user.admin_roles.exists()
    history = list(
        role.history.order_by("history_date").values_list("history_type", "history_change_reason")
    )
    assert history == [("+", "Pengelola SDM baru"), ("-", "Pindah tugas")]


def test_admin_opd_role_needs_an_opd(org, login):
    response = login("admin_bkd").post(
        reverse("org:role_list"), {"account": "kasi", "kind": "admin_opd", "reason": "x"}
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_bkd_cannot_revoke_their_own_bkd_role(org, login):
    role = org.admin_bkd.user.admin_roles.get()
    login("admin_bkd").post(
        reverse("org:role_revoke", kwargs={"role_id": role.pk}), {"reason": "x"}
    )
    assert org.admin_bkd.user.admin_roles.exists()


def test_employee_page_query_count_does_not_grow_with_history(
    org, login, django_assert_max_num_queries
):
    client = login("admin_bkd")
    url = reverse("org:employee_detail", kwargs={"nip": org.pegawai.nip})
    for n in range(15):
        org.pegawai.phone = f"08{n}"
        org.pegawai.save()
    client.get(url)
    # 29 + the one INSERT recording that the admin BKD opened someone else's page (UU 27/2022).
    with django_assert_max_num_queries(30):
        response = client.get(url)
    assert len(response.context["history"]) >= 16


def test_history_names_the_old_and_new_position(org, login):
    new_post = PositionFactory(name="Staf Bidang P2P", unit=org.p2p, parent=org.kabid_pos)
    login("admin_opd").post(
        reverse("org:employee_transfer", kwargs={"nip": org.pegawai.nip}),
        {"position": new_post.pk, "start_date": timezone.localdate().isoformat(), "note": "SK 7"},
    )
    response = login("admin_opd").get(
        reverse("org:employee_detail", kwargs={"nip": org.pegawai.nip})
    )
    changes = [c for row in response.context["history"] for c in row["changes"]]
    assert any(old == "Pengelola Data" and new == "Staf Bidang P2P" for _f, old, new in changes)


def test_leaving_clears_the_current_position(org, login):
    url = reverse("org:employee_edit", kwargs={"nip": org.colleague.nip})
    data = {
        "name": org.colleague.name,
        "employment_type": "PNS",
        "golongan": "III/a",
        "status": "transferred_out",
        "reason": "Pindah ke provinsi",
    }
    assert login("admin_opd").post(url, data).status_code == 302
    org.colleague.refresh_from_db()
    assert org.colleague.position is None
    assert org.colleague not in set(subordinates(org.ppk))


def test_moving_a_unit_to_another_opd_moves_its_sub_units(org, login):
    response = login("admin_bkd").post(
        reverse("org:unit_edit", kwargs={"code": org.p2p.code}),
        {
            "code": org.p2p.code,
            "name": org.p2p.name,
            "kind": "bidang",
            "parent": org.disdik.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert OrgUnit.objects.get(pk=org.surv.pk).opd == org.disdik
    assert org.pegawai in set(Employee.objects.filter(position__unit__opd=org.disdik))


def test_two_acting_officials_for_the_same_days_are_refused(org, login):
    client = login("admin_opd")
    start = timezone.localdate().isoformat()
    url = reverse("org:employee_acting", kwargs={"nip": org.atasan_ppk.nip})
    client.post(
        url, {"kind": "plh", "position": org.kasi_pos.pk, "start_date": start, "note": "Plh 1"}
    )
    response = client.post(
        reverse("org:employee_acting", kwargs={"nip": org.admin_opd.nip}),
        {"kind": "plh", "position": org.kasi_pos.pk, "start_date": start, "note": "Plh 2"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Assignment.objects.filter(position=org.kasi_pos, kind="plh").count() == 1


def test_a_future_override_can_be_withdrawn(org, login):
    from accounts.org import services

    start = timezone.localdate() + dt.timedelta(days=10)
    override = services.override_set(
        org.pegawai, org.kepala_unit, None, start, None, "Rencana", actor=actor(org.admin_bkd)
    )
    login("admin_bkd").post(
        reverse("org:override_end", kwargs={"nip": org.pegawai.nip, "override_id": override.pk})
    )
    assert not AppraiserOverride.objects.filter(pk=override.pk).exists()
    assert AppraiserOverride.history.filter(id=override.pk, history_type="-").exists()
    assert reporting_line(org.pegawai, start).ppk.employee_id == org.ppk.pk


def test_admin_opd_keeps_the_employee_they_retired(org, login):
    client = login("admin_opd")
    url = reverse("org:employee_edit", kwargs={"nip": org.colleague.nip})
    data = {
        "name": org.colleague.name,
        "employment_type": "PNS",
        "golongan": "III/a",
        "status": "retired",
        "reason": "BUP",
    }
    assert client.post(url, data).status_code == 302
    assert (
        client.get(reverse("org:employee_detail", kwargs={"nip": org.colleague.nip})).status_code
        == 200
    )
    other = login("admin_opd_other")
    assert (
        other.get(reverse("org:employee_detail", kwargs={"nip": org.colleague.nip})).status_code
        == 404
    )


def test_admin_opd_can_rename_their_own_opd(org, login):
    response = login("admin_opd").post(
        reverse("org:unit_edit", kwargs={"code": org.dinkes.code}),
        {"code": "DINKES", "name": "Dinas Kesehatan Kota", "kind": "opd", "is_active": "on"},
    )
    assert response.status_code == 302
    org.dinkes.refresh_from_db()
    assert org.dinkes.name == "Dinas Kesehatan Kota" and org.dinkes.parent is None


def test_an_edit_does_not_undo_a_transfer_made_meanwhile(org):
    from accounts.org import services

    stale = Employee.objects.get(pk=org.pegawai.pk)  # the form loaded before the mutasi
    new_post = PositionFactory(unit=org.p2p, parent=org.kabid_pos)
    services.employee_transfer(
        org.pegawai, new_post, timezone.localdate(), "SK", actor=actor(org.admin_bkd)
    )
    stale.phone = "0811"
    services.employee_update(stale, actor=actor(org.admin_bkd))
    fresh = Employee.objects.get(pk=org.pegawai.pk)
    assert fresh.position == new_post and fresh.phone == "0811"


def test_unit_tree_pages_by_opd_and_pickers_stay_small(org, login):
    from tests.factories import OrgUnitFactory

    for n in range(15):
        OrgUnitFactory(code=f"OPD{n:02d}", name=f"Dinas Uji {n}")
    client = login("admin_bkd")
    first = client.get(reverse("org:unit_list"))
    assert len({u.pk for u, depth in first.context["tree"] if depth == 0}) == 10
    assert first.context["page"].paginator.num_pages == 2
    form_page = client.get(reverse("org:position_create"))
    rendered = form_page.context["form"].fields["unit"].widget.choices
    assert len(rendered) <= 201
    options = client.get(reverse("org:unit_options"), {"parent__search": "Uji 1"})
    assert b"Dinas Uji 1" in options.content and b"Dinas Uji 2" not in options.content


@pytest.mark.parametrize(
    ("persona", "queries"), [("ppk", 29), ("kepala_unit", 25), ("pegawai", 18)]
)
@pytest.mark.parametrize("team_size", [5, 40])
def test_dashboards_have_pinned_query_counts(
    org, login, django_assert_num_queries, persona, queries, team_size
):
    """The same number of queries for a team of 5 or of 40: nothing is fetched per person."""
    for n in range(team_size):
        place(
            EmployeeFactory(name=f"Staf {n}"), PositionFactory(unit=org.surv, parent=org.kasi_pos)
        )
    client = login(persona)
    client.get(reverse("home"))
    with django_assert_num_queries(queries):
        assert client.get(reverse("home")).status_code == 200


def test_employee_list_filters_by_opd(org, login):
    client = login("admin_bkd")
    response = client.get(reverse("org:employee_list"), {"opd": org.disdik.pk})
    form = response.context["filter"].form
    assert form.is_valid() and org.disdik in form.fields["opd"].queryset
    names = {e.name for e in response.context["page"]}
    assert "Guru Luar" in names and "Pegawai Surveilans" not in names
    position_form = client.get(reverse("org:position_list")).context["filter"].form
    assert position_form.fields["kind"].choices[0][0] == ""
    assert str(position_form.fields["kind"].choices[0][1]) in ("All", "Semua")


def test_leaving_ends_posts_the_day_before_and_withdraws_planned_acting(org, login):
    from accounts.org import services

    today = timezone.localdate()
    running = services.acting_assign(
        org.colleague,
        org.kasi_pos,
        "plh",
        today - dt.timedelta(days=3),
        today + dt.timedelta(days=5),
        "Plh",
        actor=actor(org.admin_bkd),
    )
    planned = services.acting_assign(
        org.colleague,
        org.kabid_pos,
        "plt",
        today + dt.timedelta(days=2),
        None,
        "Plt",
        actor=actor(org.admin_bkd),
    )
    data = {
        "name": org.colleague.name,
        "employment_type": "PNS",
        "golongan": "III/a",
        "status": "dismissed",
        "reason": "PTDH",
    }
    login("admin_opd").post(reverse("org:employee_edit", kwargs={"nip": org.colleague.nip}), data)
    running.refresh_from_db()
    assert running.end_date == today - dt.timedelta(days=1)
    assert not Assignment.objects.filter(pk=planned.pk).exists()
    definitive = Assignment.objects.get(employee=org.colleague, kind="definitif")
    assert definitive.end_date == today - dt.timedelta(days=1)


@pytest.mark.parametrize(
    "name", ["org:employee_list", "org:position_list", "account_admin:overview"]
)
def test_every_filter_select_offers_all_rather_than_dashes(org, login, name):
    text = login("admin_bkd").get(reverse(name)).content.decode()
    assert "---------" not in text
    assert '<option value="" selected>Semua</option>' in text


def test_the_occupancy_filter_and_the_vacant_badge_follow_todays_holdings(org, login):
    today = timezone.localdate()
    unit = org.surv
    acting = PositionFactory(name="Pos Plt", unit=unit)
    AssignmentFactory(position=acting, kind=AssignmentKind.PLT, start_date=today)
    ended = PositionFactory(name="Pos Selesai", unit=unit)
    AssignmentFactory(position=ended, end_date=today - dt.timedelta(days=1))
    future = PositionFactory(name="Pos Nanti", unit=unit)
    AssignmentFactory(position=future, start_date=today + dt.timedelta(days=1))
    client = login("admin_bkd")

    def listed(occupancy):
        response = client.get(reverse("org:position_list"), {"occupancy": occupancy, "q": "Pos "})
        return {p.name: p.held_by is not None for p in response.context["page"]}

    assert listed("filled") == {"Pos Plt": True}
    assert listed("vacant") == {"Pos Selesai": False, "Pos Nanti": False}
    assert listed("") == {"Pos Plt": True, "Pos Selesai": False, "Pos Nanti": False}
    text = client.get(reverse("org:position_list"), {"q": "Pos Nanti"}).content.decode()
    assert ">kosong</span>" in text


def test_the_unit_search_counts_each_units_posts(org, login):
    PositionFactory.create_batch(3, unit=org.surv)
    empty = OrgUnit.objects.create(code="DINKES.KOSONG", name="Seksi Kosong", parent=org.p2p)
    response = login("admin_bkd").get(reverse("org:unit_list"), {"q": "DINKES"})
    counts = {unit.code: unit.position_count for unit in response.context["page"]}
    assert counts == {unit.code: unit.positions.count() for unit in response.context["page"]}
    assert counts[org.surv.code] >= 3 and counts[empty.code] == 0 and len(counts) >= 4
