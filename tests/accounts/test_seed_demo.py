"""`seed_demo` builds the fictional Kota Laras Bahari with working demo logins, reporting lines and
accounts in every state, and a second run changes nothing."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from accounts.choices import (
    AssignmentKind,
    EmployeeStatus,
    EmploymentType,
    PositionKind,
    golongan_fits,
)
from accounts.extensions import demo_seeders
from accounts.logins.models import AccountToken, TokenPurpose, User
from accounts.logins.services import AccountStatus, account_provision, account_status
from accounts.org.models import AdminRole, AgencyProfile, Assignment, Employee, OrgUnit, Position
from accounts.org.nip import validate_nip_text
from accounts.org.reporting import reporting_line, subordinates
from accounts.org.roles import roles_for_user
from accounts.org.services import employee_create

pytestmark = pytest.mark.django_db

LOGINS = ("admin.bkd", "admin.opd", "kadis", "atasan", "pegawai")
# A Pemerintah Kota has no JPT Utama (central agencies) or JPT Madya (ministries, Sekda Provinsi).
CITY_POSITION_KINDS = set(PositionKind) - {PositionKind.JPT_UTAMA, PositionKind.JPT_MADYA}


@pytest.fixture(autouse=True)
def organisation_only(monkeypatch):
    """The organisation and its accounts, without the apps' demo data (library, cycles, SKPs,
    feedback): what this module checks is built by accounts alone, and the apps' seeders have
    their own tests (tests/appraisal/test_demo*.py, tests/feedback/test_*_demo.py). Running
    them here would triple each test's time for nothing it looks at."""
    monkeypatch.setattr(demo_seeders, "_callables", [])


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def login(username):
    return Employee.objects.select_related("user", "position__unit").get(user__username=username)


def holder_of(position_name):
    return Employee.objects.get(position__name=position_name, status=EmployeeStatus.ACTIVE)


def row_counts():
    """Rows in every accounts model (users and roles too), history tables included."""
    models = apps.get_app_config("accounts").get_models()
    return {model._meta.label: model.objects.count() for model in models}


def test_builds_a_city_with_realistic_shape():
    output = seed()

    agency = AgencyProfile.current()
    assert agency.name == "Pemerintah Kota Laras Bahari"
    assert agency.head_title == "Wali Kota Laras Bahari" and agency.head_name
    assert OrgUnit.objects.filter(parent__isnull=True).count() >= 8
    assert 200 <= Employee.objects.count() <= 300
    assert set(Position.objects.values_list("kind", flat=True)) == CITY_POSITION_KINDS
    assert Employee.objects.filter(employment_type=EmploymentType.PPPK).count() >= 20
    assert "admin.bkd" in output and "demo12345" in output
    for unit in OrgUnit.objects.select_related("parent"):
        top = unit
        while top.parent_id:
            top = top.parent
        assert unit.opd_id == top.pk, unit.code
    for position in Position.objects.filter(
        kind__in=[PositionKind.FUNGSIONAL_KEAHLIAN, PositionKind.FUNGSIONAL_KETERAMPILAN]
    ):
        assert position.jenjang, position.name


def test_every_employee_has_a_valid_nip_golongan_and_one_definitive_post():
    seed()

    for employee in Employee.objects.all():
        assert validate_nip_text(employee.nip) == employee.nip
        assert employee.golongan and golongan_fits(employee.employment_type, employee.golongan)
        open_definitive = employee.assignments.filter(
            kind=AssignmentKind.DEFINITIF, end_date__isnull=True
        )
        if employee.status == EmployeeStatus.ACTIVE:
            assert [a.position_id for a in open_definitive] == [employee.position_id]
        else:
            assert not open_definitive.exists()
            assert employee.assignments.filter(end_date__isnull=False).exists()
    assert Employee.objects.exclude(status=EmployeeStatus.ACTIVE).count() >= 3
    assert Employee.objects.filter(status=EmployeeStatus.RETIRED).exists()
    assert Employee.objects.filter(status=EmployeeStatus.TRANSFERRED_OUT).exists()
    jpt = Employee.objects.filter(position__kind=PositionKind.JPT_PRATAMA)
    assert {e.golongan for e in jpt} <= {"IV/c", "IV/d"}
    assert not Position.objects.filter(kind=PositionKind.JPT_PRATAMA, parent__isnull=False)


def test_demo_logins_authenticate_with_their_roles():
    seed()
    request = RequestFactory().post("/login/")

    for username in LOGINS:
        user = authenticate(request, username=username, password="demo12345")
        assert user is not None, username
        assert not user.is_superuser
        assert login(username).user == user
    assert not User.objects.filter(employee__isnull=True).exists()

    admin_bkd = roles_for_user(login("admin.bkd").user)
    assert admin_bkd.is_admin_bkd
    assert login("admin.bkd").position.unit.opd.code == "BKPSDM"

    dinkes = OrgUnit.objects.get(code="DINKES")
    admin_opd = login("admin.opd")
    assert roles_for_user(admin_opd.user).admin_opd_ids == {dinkes.pk}
    assert admin_opd.position.unit.code == "DINKES.SEK.UMPEG"
    assert not AdminRole.objects.filter(user=admin_opd.user, kind="admin_bkd").exists()

    kadis = login("kadis")
    assert kadis.position.name == "Kepala Dinas Kesehatan"
    assert kadis.position.kind == PositionKind.JPT_PRATAMA
    assert dinkes in roles_for_user(kadis.user).headed_units


def test_atasan_appraises_pegawai_and_at_least_five_others():
    seed()
    atasan, pegawai = login("atasan"), login("pegawai")

    team = list(subordinates(atasan))
    assert len(team) >= 5
    assert pegawai in team
    assert atasan.position.kind == PositionKind.PENGAWAS
    assert pegawai.position.kind in {
        PositionKind.PELAKSANA,
        PositionKind.FUNGSIONAL_KEAHLIAN,
        PositionKind.FUNGSIONAL_KETERAMPILAN,
    }
    line = reporting_line(pegawai)
    assert line.ppk.employee_id == atasan.pk
    assert line.atasan_ppk.title == "Kepala Bidang Pencegahan dan Pengendalian Penyakit"


def test_plt_kepala_bidang_appraises_the_vacant_bidang():
    seed()
    post = Position.objects.get(name="Kepala Bidang Pelayanan dan Sumber Daya Kesehatan")
    acting = holder_of("Kepala Bidang Kesehatan Masyarakat")
    kasi = holder_of("Kepala Seksi Pelayanan Kesehatan Primer dan Rujukan")

    assert not post.assignments.filter(kind=AssignmentKind.DEFINITIF, end_date__isnull=True)
    plt = post.assignments.get(kind=AssignmentKind.PLT)
    assert plt.employee == acting and plt.end_date is None
    ppk = reporting_line(kasi).ppk
    assert ppk.employee_id == acting.pk
    assert ppk.acting == "plt"
    assert kasi in subordinates(acting)


def test_staff_of_a_vacant_seksi_report_to_the_kepala_bidang():
    seed()
    post = Position.objects.get(
        name="Kepala Seksi Pengendalian Penyakit Tidak Menular dan Kesehatan Jiwa"
    )
    kabid = holder_of("Kepala Bidang Pencegahan dan Pengendalian Penyakit")
    staff = Employee.objects.filter(position__parent=post, status=EmployeeStatus.ACTIVE)

    assert not Assignment.objects.filter(position=post, end_date__isnull=True).exists()
    assert staff.count() >= 2
    for employee in staff:
        line = reporting_line(employee)
        assert line.ppk.employee_id == kabid.pk
        assert line.ppk.acting == ""


def statuses() -> dict[str, list[Employee]]:
    """Demo employees (not the five logins) by account status."""
    found: dict[str, list[Employee]] = {}
    for employee in Employee.objects.select_related("user").exclude(user__username__in=LOGINS):
        found.setdefault(account_status(employee.user), []).append(employee)
    return found


def test_every_employee_has_an_account_and_every_account_state_is_present():
    seed()

    assert not Employee.objects.filter(user__isnull=True).exists()
    found = statuses()
    assert set(found) == {
        AccountStatus.NEW,
        AccountStatus.INVITED,
        AccountStatus.ACTIVE,
        AccountStatus.DEACTIVATED,
    }
    for employees in found.values():
        assert all(e.user.username == e.nip for e in employees)
    active = found[AccountStatus.ACTIVE]
    assert len(active) >= len(found[AccountStatus.NEW])  # a good share
    assert any(e.user.last_login for e in active) and any(not e.user.last_login for e in active)
    assert not any(e.user.check_password("demo12345") for e in active)
    assert not any(e.user.has_usable_password() for e in found[AccountStatus.NEW])
    assert {e.status for e in found[AccountStatus.DEACTIVATED]} == {
        EmployeeStatus.RETIRED,
        EmployeeStatus.TRANSFERRED_OUT,
    }
    assert all(e.status == EmployeeStatus.ACTIVE for e in active + found[AccountStatus.INVITED])
    # Candidates for a printed slip: an active account and a not-activated one without e-mail.
    assert any(not e.email for e in active)
    assert any(not e.email for e in found[AccountStatus.NEW])
    invitations = AccountToken.objects.filter(
        user__employee__in=found[AccountStatus.INVITED], purpose=TokenPurpose.ACTIVATION
    )
    assert invitations.count() == len(found[AccountStatus.INVITED])
    assert not invitations.filter(sent_at__isnull=True).exists()


def test_second_run_creates_and_changes_nothing():
    seed()
    before = row_counts()
    users, tokens = User.objects.count(), AccountToken.objects.count()
    states = {s: len(e) for s, e in statuses().items()}
    nips = set(Employee.objects.values_list("nip", flat=True))

    output = seed()

    assert row_counts() == before
    assert (User.objects.count(), AccountToken.objects.count()) == (users, tokens)
    assert {s: len(e) for s, e in statuses().items()} == states
    assert set(Employee.objects.values_list("nip", flat=True)) == nips
    assert "Baru dibuat: 0 unit, 0 jabatan, 0 pegawai, 0 akun" in output


def test_a_database_seeded_before_accounts_gets_them_on_the_next_run():
    seed()
    User.objects.exclude(username__in=LOGINS).delete()
    assert Employee.objects.filter(user__isnull=True).exists()

    seed()

    assert not Employee.objects.filter(user__isnull=True).exists()
    assert len(statuses()) == 4


def test_demo_logins_work_when_employees_already_got_accounts_on_creation(monkeypatch):
    from accounts.demo import build

    def create_with_account(employee, position, start_date, *, actor):
        employee = employee_create(employee, position, start_date, actor=actor)
        account_provision(employee, actor=actor)
        return employee

    monkeypatch.setattr(build, "employee_create", create_with_account)
    seed()
    request = RequestFactory().post("/login/")

    for username in LOGINS:
        assert (
            authenticate(request, username=username, password="demo12345") == login(username).user
        )
    assert not User.objects.filter(employee__isnull=True).exists()
    assert len(statuses()) == 4


def test_bulk_generation_reaches_the_total_and_is_idempotent():
    seed(employees=2000)
    assert Employee.objects.count() == 2000
    assert not Employee.objects.filter(user__isnull=True).exists()
    generated_user = User.objects.get(
        employee__position__unit__opd__code="DISHUB.W01", employee__position__parent__isnull=True
    )
    assert not generated_user.has_usable_password() and generated_user.is_active
    assert Assignment.objects.filter(kind=AssignmentKind.DEFINITIF).count() >= 2000
    before = row_counts()

    seed(employees=2000)

    assert row_counts() == before
    generated = Employee.objects.filter(position__unit__opd__code__contains=".W").first()
    assert generated is not None
    assert validate_nip_text(generated.nip)
    assert reporting_line(generated).ppk.employee_id is not None
    pengawas = Position.objects.filter(
        kind=PositionKind.PENGAWAS, unit__opd__code="DISHUB.W01"
    ).first()
    assert Employee.objects.filter(position__parent=pengawas).count() >= 15
