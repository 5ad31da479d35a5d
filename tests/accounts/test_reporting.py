"""Reporting lines (domain §1): direct, vacancy, Plt/Plh, override, top of tree, below-pengawas skip."""

import datetime as dt

import pytest

from accounts.choices import AssignmentKind, PositionKind
from accounts.org import services
from accounts.org.models import AgencyProfile
from accounts.org.reporting import reporting_line, subordinates
from tests.actors import actor
from tests.factories import EmployeeFactory, PositionFactory, place

TODAY = dt.date(2026, 6, 1)


def test_direct_supervisor_is_the_ppk_and_theirs_the_atasan(org):
    line = reporting_line(org.pegawai, TODAY)
    assert line.ppk.employee_id == org.ppk.pk
    assert line.ppk.title == "Kepala Seksi Surveilans"
    assert line.atasan_ppk.employee_id == org.atasan_ppk.pk


def test_vacant_post_is_skipped_upward(org):
    org.ppk.assignments.update(end_date=dt.date(2026, 1, 31))
    line = reporting_line(org.pegawai, TODAY)
    assert line.ppk.employee_id == org.atasan_ppk.pk
    assert line.atasan_ppk.employee_id == org.kepala_unit.pk


def test_vacancy_only_from_the_date_it_starts(org):
    org.ppk.assignments.update(end_date=dt.date(2026, 1, 31))
    assert reporting_line(org.pegawai, dt.date(2026, 1, 15)).ppk.employee_id == org.ppk.pk


def test_plt_holder_of_a_vacant_post_is_the_ppk(org):
    org.ppk.assignments.update(end_date=dt.date(2026, 1, 31))
    acting = place(
        EmployeeFactory(name="Plt Kasi"),
        PositionFactory(unit=org.surv, parent=org.kabid_pos, kind=PositionKind.PENGAWAS),
    )
    place(acting, org.kasi_pos, start=dt.date(2026, 2, 1), kind=AssignmentKind.PLT)
    line = reporting_line(org.pegawai, TODAY)
    assert line.ppk.employee_id == acting.pk
    assert line.ppk.acting == AssignmentKind.PLT
    assert line.ppk.title_with_acting == "Plt. Kepala Seksi Surveilans"


def test_plh_acts_for_a_definitive_holder_on_leave(org):
    plh = place(EmployeeFactory(name="Plh Kasi"), org.staff_pos)
    place(plh, org.kasi_pos, start=dt.date(2026, 5, 20), kind=AssignmentKind.PLH)
    org.kasi_pos.assignments.filter(kind=AssignmentKind.PLH).update(end_date=dt.date(2026, 6, 10))
    assert reporting_line(org.pegawai, TODAY).ppk.employee_id == plh.pk
    assert reporting_line(org.pegawai, dt.date(2026, 6, 11)).ppk.employee_id == org.ppk.pk


def test_acting_holder_is_not_their_own_ppk(org):
    """A staff member acting as Plh of their own supervisor's post is appraised one level up."""
    place(org.pegawai, org.kasi_pos, start=dt.date(2026, 5, 1), kind=AssignmentKind.PLH)
    assert reporting_line(org.pegawai, TODAY).ppk.employee_id == org.ppk.pk


def test_override_wins_over_the_tree(org):
    services.override_set(
        org.pegawai,
        org.kepala_unit,
        org.admin_bkd,
        TODAY,
        None,
        "Delegasi tugas khusus",
        actor=actor(org.admin_bkd),
    )
    line = reporting_line(org.pegawai, TODAY)
    assert line.ppk.employee_id == org.kepala_unit.pk and line.ppk.via_override
    assert line.atasan_ppk.employee_id == org.admin_bkd.pk


def test_override_of_ppk_only_derives_the_atasan_from_the_new_ppk(org):
    services.override_set(
        org.pegawai,
        org.atasan_ppk,
        None,
        TODAY,
        None,
        "Kasi cuti panjang",
        actor=actor(org.admin_bkd),
    )
    line = reporting_line(org.pegawai, TODAY)
    assert line.ppk.employee_id == org.atasan_ppk.pk
    assert line.atasan_ppk.employee_id == org.kepala_unit.pk


def test_override_outside_its_dates_does_not_apply(org):
    services.override_set(
        org.pegawai,
        org.kepala_unit,
        None,
        dt.date(2026, 7, 1),
        None,
        "Mulai Juli",
        actor=actor(org.admin_bkd),
    )
    assert reporting_line(org.pegawai, TODAY).ppk.employee_id == org.ppk.pk


def test_top_of_tree_is_appraised_by_the_external_kepala_daerah(org):
    line = reporting_line(org.kepala_unit, TODAY)
    assert line.ppk.is_external
    assert line.ppk.name == AgencyProfile.current().head_name
    assert line.atasan_ppk is None


def test_head_of_opd_staff_have_kepala_daerah_as_atasan(org):
    line = reporting_line(org.atasan_ppk, TODAY)
    assert line.ppk.employee_id == org.kepala_unit.pk
    assert line.atasan_ppk.is_external


def test_below_pengawas_parent_is_skipped(org):
    """A pelaksana coordinator between the staff and the kasi is not a PPK."""
    coordinator_pos = PositionFactory(
        name="Koordinator", kind=PositionKind.PELAKSANA, unit=org.surv, parent=org.kasi_pos
    )
    place(EmployeeFactory(name="Koordinator"), coordinator_pos)
    helper = place(
        EmployeeFactory(name="Pembantu"), PositionFactory(unit=org.surv, parent=coordinator_pos)
    )
    assert reporting_line(helper, TODAY).ppk.employee_id == org.ppk.pk


def test_fungsional_parent_is_skipped(org):
    senior = PositionFactory(
        name="Epidemiolog Ahli Madya",
        kind=PositionKind.FUNGSIONAL_KEAHLIAN,
        jenjang="ahli_madya",
        unit=org.surv,
        parent=org.kasi_pos,
    )
    place(EmployeeFactory(), senior)
    junior = place(EmployeeFactory(), PositionFactory(unit=org.surv, parent=senior))
    assert reporting_line(junior, TODAY).ppk.employee_id == org.ppk.pk


def test_employee_without_position_has_no_appraiser_yet(org):
    line = reporting_line(EmployeeFactory(), TODAY)
    assert line.ppk is None and line.atasan_ppk is None


def test_atasan_of_an_acting_ppk_is_found_above_the_post_they_act_in(org):
    """Kasi B is Plt of the kasi post: the staff's Atasan PPK is the Kabid above that post,
    not Kasi B's own superior elsewhere."""
    other_bidang = PositionFactory(
        name="Kepala Bidang Lain",
        kind=PositionKind.ADMINISTRATOR,
        unit=org.dinkes,
        parent=org.kadis_pos,
    )
    other_kabid = place(EmployeeFactory(name="Kabid Lain"), other_bidang)
    kasi_b = place(
        EmployeeFactory(name="Kasi B"),
        PositionFactory(
            name="Kasi B", kind=PositionKind.PENGAWAS, unit=org.dinkes, parent=other_bidang
        ),
    )
    org.ppk.assignments.update(end_date=dt.date(2026, 1, 31))
    place(kasi_b, org.kasi_pos, start=dt.date(2026, 2, 1), kind=AssignmentKind.PLT)
    line = reporting_line(org.pegawai, TODAY)
    assert line.ppk.employee_id == kasi_b.pk
    assert line.atasan_ppk.employee_id == org.atasan_ppk.pk != other_kabid.pk


def test_atasan_follows_the_ppks_own_delegation(org):
    services.override_set(
        org.ppk,
        org.kepala_unit,
        None,
        TODAY,
        None,
        "Kabid tugas belajar",
        actor=actor(org.admin_bkd),
    )
    assert reporting_line(org.pegawai, TODAY).atasan_ppk.employee_id == org.kepala_unit.pk


def test_retired_holder_leaves_the_post_vacant(org):
    org.ppk.status = "retired"
    org.ppk.save()
    assert reporting_line(org.pegawai, TODAY).ppk.employee_id == org.atasan_ppk.pk


def test_subordinates_match_the_reporting_line(org):
    assert set(subordinates(org.ppk, TODAY)) == {org.pegawai, org.colleague}
    assert set(subordinates(org.atasan_ppk, TODAY)) == {org.ppk}
    assert org.admin_opd in set(subordinates(org.kepala_unit, TODAY))


def test_subordinates_pass_through_a_vacant_post(org):
    org.ppk.assignments.update(end_date=dt.date(2026, 1, 31))
    assert set(subordinates(org.atasan_ppk, TODAY)) == {org.pegawai, org.colleague}


def test_subordinates_follow_overrides(org):
    services.override_set(
        org.pegawai, org.kepala_unit, None, TODAY, None, "Delegasi", actor=actor(org.admin_bkd)
    )
    assert set(subordinates(org.ppk, TODAY)) == {org.colleague}
    assert org.pegawai in set(subordinates(org.kepala_unit, TODAY))


@pytest.mark.parametrize("depth", [3, 8])
def test_deep_chains_of_vacancies_resolve(org, depth):
    parent = org.kasi_pos
    for level in range(depth):
        parent = PositionFactory(
            name=f"Kosong {level}", kind=PositionKind.PENGAWAS, unit=org.surv, parent=parent
        )
    leaf = place(EmployeeFactory(), PositionFactory(unit=org.surv, parent=parent))
    assert reporting_line(leaf, TODAY).ppk.employee_id == org.ppk.pk


def test_subordinates_include_posts_in_another_opd(org):
    """A Camat (own OPD) reporting to the Sekda still counts as the Sekda's subordinate."""
    from tests.factories import OrgUnitFactory

    setda = OrgUnitFactory(code="SETDA", name="Sekretariat Daerah")
    sekda = place(
        EmployeeFactory(name="Sekda"),
        PositionFactory(name="Sekda", kind=PositionKind.JPT_PRATAMA, unit=setda),
    )
    kecamatan = OrgUnitFactory(code="KEC", name="Kecamatan Timur")
    camat = place(
        EmployeeFactory(name="Camat"),
        PositionFactory(
            name="Camat", kind=PositionKind.ADMINISTRATOR, unit=kecamatan, parent=sekda.position
        ),
    )
    assert reporting_line(camat, TODAY).ppk.employee_id == sekda.pk
    assert set(subordinates(sekda, TODAY)) == {camat}
