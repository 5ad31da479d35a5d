"""The Excel import and login accounts: every imported employee gets one, a file declared complete
removes (and locks out) the employees of its OPDs it does not list, and `provision_accounts`
backfills accounts in bulk."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.choices import AdminRoleKind, AssignmentKind, EmployeeStatus
from accounts.importing import apply_plan, script_actor
from accounts.importing.models import EmployeeImport, ImportStatus
from accounts.logins.models import AccountToken
from accounts.org.models import AdminRole, Assignment, Employee, OrgUnit, Position
from tests.accounts.workbooks import (
    DAY,
    DOKTER,
    KABID,
    KADIS,
    KASI,
    STAFF,
    dinkes_rows,
    nip,
    row,
    run_import,
    validate,
    workbook,
)
from tests.actors import actor, system

User = get_user_model()
BACKEND = "accounts.backends.NipOrUsernameBackend"
LATER = DAY + dt.timedelta(days=30)
MODELS = (OrgUnit, Position, Employee, Assignment, User)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(english):
    """Assertions below read the English source messages (media is private via tests/conftest)."""


def counts() -> dict[str, int]:
    tables = {m.__name__: m.objects.count() for m in MODELS}
    tables.update({f"history_{m.__name__}": m.history.count() for m in MODELS})
    tables["AccountToken"] = AccountToken.objects.count()
    tables["Session"] = Session.objects.count()
    return tables


def without(*nips) -> list[dict]:
    return [r for r in dinkes_rows() if r["NIP"] not in nips]


def disdik_rows() -> list[dict]:
    """Another OPD: a Kepala Dinas Pendidikan and a teacher."""
    head = row(
        nip(20),
        "Kepala Dinas Pendidikan",
        **{
            "Kode Unit": "DISDIK",
            "Nama Unit": "Dinas Pendidikan",
            "Nama Jabatan": "Kepala Dinas Pendidikan",
            "Jenis Jabatan": "JPT Pratama",
        },
    )
    guru = row(
        nip(21),
        "Guru",
        **{
            "Kode Unit": "DISDIK.SD1",
            "Nama Unit": "SD Negeri 1",
            "Kode Unit Induk": "DISDIK",
            "Nama Jabatan": "Guru Ahli Pertama",
            "Jenis Jabatan": "Fungsional Keahlian",
            "Jenjang": "Ahli Pertama",
            "NIP Atasan Langsung": nip(20),
        },
    )
    return [head, guru]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def sessions_of(user) -> int:
    return sum(
        1 for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    )


# ---------------------------------------------------------------- accounts for imported people


def test_every_new_employee_gets_an_unusable_active_account_named_by_nip():
    admin = User.objects.create_user("bkd")
    plan = validate(dinkes_rows())
    assert plan.counts["accounts_created"] == 5

    result = run_import(dinkes_rows(), user=admin)

    assert result.counts["accounts_created"] == 5
    for employee in Employee.objects.select_related("user"):
        user = employee.user
        assert user.username == employee.nip
        assert user.is_active and not user.has_usable_password()
        assert user.email == employee.email
    record = User.history.get(username=KADIS)
    assert record.history_type == "+" and record.history_user == admin
    assert "pegawai.xlsx" in record.history_change_reason


def test_an_existing_employee_without_account_gets_one_when_imported_again():
    run_import(dinkes_rows())
    User.objects.filter(username=STAFF).delete()  # the employee stays, without an account

    plan = validate(dinkes_rows(), day=LATER)
    assert plan.counts["employees_unchanged"] == 5
    assert plan.counts["accounts_created"] == 1
    result = apply_plan(plan, actor=system(), file_name="lagi.xlsx")

    assert result.counts["accounts_created"] == 1
    assert Employee.objects.get(nip=STAFF).user.username == STAFF


def test_a_clean_reimport_creates_no_account_and_no_history():
    run_import(dinkes_rows())
    before = counts()

    result = run_import(dinkes_rows(), day=LATER)

    assert result.counts["accounts_created"] == 0
    assert counts() == before


def test_an_unlinked_account_named_by_the_nip_is_linked_not_duplicated():
    existing = User.objects.create_user(STAFF)

    plan = validate(dinkes_rows())
    assert plan.counts["accounts_created"] == 4
    run_import(dinkes_rows())

    assert Employee.objects.get(nip=STAFF).user == existing
    assert User.objects.count() == 5


def test_a_nip_that_is_the_username_of_someone_elses_account_is_a_row_error():
    run_import(without(STAFF))
    User.objects.filter(username=KADIS).update(username=STAFF)

    plan = validate(dinkes_rows())

    assert [(e.row, e.column) for e in plan.errors] == [(5, "NIP")]
    assert KADIS in plan.errors[0].message


def test_the_preview_shows_how_many_accounts_will_be_created(people):
    client = signed_in(people["bkd"])
    response = client.post(reverse("imports:upload"), {"file": workbook(dinkes_rows())})
    page = client.get(response.url)

    assert page.context["summary"]["accounts_created"] == 5
    assert b'data-testid="import-accounts-created">5<' in page.content


# ---------------------------------------------------------------- removed by a complete file


def test_without_the_option_nobody_is_removed():
    run_import(dinkes_rows())

    plan = validate(without(STAFF), day=LATER)
    result = apply_plan(plan, actor=system(), file_name="sebagian.xlsx")

    assert plan.removals == [] and result.counts["employees_removed"] == 0
    staff = Employee.objects.select_related("user").get(nip=STAFF)
    assert staff.status == EmployeeStatus.ACTIVE and staff.position is not None
    assert staff.user.is_active


def test_a_complete_file_removes_the_missing_and_ends_their_session(
    django_capture_on_commit_callbacks,
):
    run_import(dinkes_rows() + disdik_rows())
    staff = Employee.objects.select_related("user").get(nip=STAFF)
    session = signed_in(staff.user)
    assert session.get(reverse("home")).status_code == 200
    colleague = signed_in(Employee.objects.get(nip=KASI).user)

    plan = validate(without(STAFF), day=LATER, complete=True)
    assert plan.counts["employees_removed"] == 1 and plan.counts["accounts_deactivated"] == 1
    assert plan.preview_rows()[-1] == [
        None,
        STAFF,
        "Pengelola Data",
        "DINKES.SURV",
        "Pengelola Data Surveilans",
        "removed",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        result = apply_plan(plan, actor=system(), file_name="lengkap.xlsx")

    assert result.counts["employees_removed"] == 1
    staff.refresh_from_db()
    assert staff.status == EmployeeStatus.TRANSFERRED_OUT and staff.position is None
    assignment = Assignment.objects.get(employee=staff)
    assert assignment.end_date == LATER - dt.timedelta(days=1)
    record = staff.history.first()
    assert "lengkap.xlsx" in record.history_change_reason
    staff.user.refresh_from_db()
    assert not staff.user.is_active
    assert sessions_of(staff.user) == 0
    response = session.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response.url
    # Nobody else: the other OPD is not in the file, the colleague is.
    assert colleague.get(reverse("home")).status_code == 200
    assert Employee.objects.filter(status=EmployeeStatus.ACTIVE).count() == 6


def test_acting_assignments_end_too_and_one_that_began_that_day_ends_that_day():
    run_import(dinkes_rows())
    staff = Employee.objects.get(nip=STAFF)
    acting = Assignment.objects.create(
        employee=staff,
        position=Employee.objects.get(nip=KASI).position,
        kind=AssignmentKind.PLH,
        start_date=LATER,
    )

    run_import(without(STAFF), day=LATER, complete=True)

    acting.refresh_from_db()
    assert acting.end_date == LATER
    assert not Assignment.objects.filter(employee=staff, end_date__isnull=True).exists()


def test_a_leaver_s_later_acting_posts_end_the_day_before_or_are_withdrawn():
    run_import(dinkes_rows())
    staff = Employee.objects.get(nip=STAFF)
    kasi_post, kabid_post = (Employee.objects.get(nip=n).position for n in (KASI, KABID))
    running = Assignment.objects.create(
        employee=staff,
        position=kasi_post,
        kind=AssignmentKind.PLH,
        start_date=DAY + dt.timedelta(days=1),
        end_date=LATER + dt.timedelta(days=10),
    )
    planned = Assignment.objects.create(
        employee=staff,
        position=kabid_post,
        kind=AssignmentKind.PLT,
        start_date=LATER + dt.timedelta(days=5),
    )

    run_import(without(STAFF), day=LATER, complete=True)

    running.refresh_from_db()
    assert running.end_date == LATER - dt.timedelta(days=1)
    assert not Assignment.objects.filter(pk=planned.pk).exists()
    withdrawn = Assignment.history.get(id=planned.pk, history_type="-")
    assert "pegawai.xlsx" in withdrawn.history_change_reason
    # Nothing of theirs runs on or after the day they left.
    assert not Assignment.objects.filter(employee=staff, start_date__gte=LATER).exists()
    assert all(a.end_date < LATER for a in Assignment.objects.filter(employee=staff))


def test_a_reimport_of_the_complete_file_changes_nothing(django_capture_on_commit_callbacks):
    run_import(dinkes_rows())
    with django_capture_on_commit_callbacks(execute=True):
        run_import(without(STAFF), day=LATER, complete=True)
    before = counts()

    result = run_import(without(STAFF), day=LATER + dt.timedelta(days=1), complete=True)

    assert result.counts["employees_removed"] == 0
    assert result.summary_line == (
        "created=0 updated=0 moved=0 unchanged=4 removed=0 accounts_created=0 "
        "accounts_deactivated=0"
    )
    assert counts() == before


def test_the_importing_user_is_never_removed():
    run_import(dinkes_rows())
    own_account = Employee.objects.get(nip=STAFF).user

    plan = validate(without(STAFF), day=LATER, complete=True, actor=script_actor(own_account))

    assert not plan.ok and not plan.errors
    assert STAFF in plan.file_errors[0] and "remove you" in plan.file_errors[0]
    assert validate(
        without(STAFF), day=LATER, actor=script_actor(own_account)
    ).ok  # without the option


def test_a_missing_supervisor_named_in_the_file_is_a_row_error():
    run_import(dinkes_rows())

    plan = validate(without(KASI), day=LATER, complete=True)

    # The staff row (now spreadsheet row 4) names the missing Kepala Seksi as supervisor.
    assert [(e.row, e.column) for e in plan.errors] == [(4, "NIP Atasan Langsung")]
    assert KASI in plan.errors[0].message
    assert validate(without(KASI), day=LATER).ok


def test_a_file_of_one_opd_removes_only_in_that_opd():
    run_import(dinkes_rows() + disdik_rows())

    plan = validate([disdik_rows()[0]], day=LATER, complete=True)

    assert [op.nip for op in plan.removals] == [nip(21)]
    assert {KADIS, KABID, KASI, STAFF, DOKTER}.isdisjoint(op.nip for op in plan.removals)


# ---------------------------------------------------------------- views and command


@pytest.fixture
def people(db):
    bkd = User.objects.create_user("bkd")
    AdminRole.objects.create(user=bkd, kind=AdminRoleKind.ADMIN_BKD)
    return {"bkd": bkd}


def test_admin_opd_removes_within_their_opd_through_the_upload_form(
    people, django_capture_on_commit_callbacks
):
    run_import(dinkes_rows() + disdik_rows())
    disdik = OrgUnit.objects.get(code="DISDIK")
    admin = Employee.objects.get(nip=nip(20)).user  # the Kepala Dinas is also its admin OPD
    AdminRole.objects.create(user=admin, kind=AdminRoleKind.ADMIN_OPD, opd=disdik)
    guru = Employee.objects.select_related("user").get(nip=nip(21))
    guru_session = signed_in(guru.user)
    client = signed_in(admin)

    response = client.post(
        reverse("imports:upload"),
        {"file": workbook([disdik_rows()[0]]), "complete": "on"},
    )
    assert response.status_code == 302
    page = client.get(response.url)
    assert page.context["complete"] and page.context["summary"]["employees_removed"] == 1
    assert [r["nip"] for r in page.context["rows"] if r["action"] == "removed"] == [nip(21)]
    assert b'data-testid="import-removed">1<' in page.content

    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(response.url)

    assert confirmed.status_code == 302
    assert EmployeeImport.objects.get().status == ImportStatus.APPLIED
    guru.refresh_from_db()
    assert guru.status == EmployeeStatus.TRANSFERRED_OUT
    assert guru_session.get(reverse("home")).status_code == 302
    assert Employee.objects.filter(status=EmployeeStatus.ACTIVE).count() == 6


def test_admin_opd_who_left_themself_out_of_a_complete_file_is_refused(people):
    run_import(dinkes_rows() + disdik_rows())
    admin = Employee.objects.get(nip=nip(21)).user
    AdminRole.objects.create(
        user=admin, kind=AdminRoleKind.ADMIN_OPD, opd=OrgUnit.objects.get(code="DISDIK")
    )

    response = signed_in(admin).post(
        reverse("imports:upload"),
        {"file": workbook([disdik_rows()[0]]), "complete": "on"},
    )

    assert response.status_code == 200
    # The page speaks Indonesian; the message names the administrator's own NIP.
    assert nip(21) in response.context["file_errors"][0]
    assert not EmployeeImport.objects.exists()
    assert Employee.objects.filter(status=EmployeeStatus.ACTIVE).count() == 7


def test_upload_without_the_option_removes_nobody(people):
    run_import(dinkes_rows())
    client = signed_in(people["bkd"])
    response = client.post(reverse("imports:upload"), {"file": workbook(without(STAFF))})
    page = client.get(response.url)
    assert not page.context["complete"]
    assert "removed" not in {r["action"] for r in page.context["rows"]}
    client.post(response.url)
    assert Employee.objects.get(nip=STAFF).status == EmployeeStatus.ACTIVE


def test_admin_opd_scope_limits_removal_to_their_opds():
    run_import(dinkes_rows() + disdik_rows())
    admin = User.objects.create_user("admindisdik")
    AdminRole.objects.create(
        user=admin, kind=AdminRoleKind.ADMIN_OPD, opd=OrgUnit.objects.get(code="DISDIK")
    )

    plan = validate([disdik_rows()[0]], day=LATER, complete=True, actor=actor(admin))

    assert plan.ok and [op.nip for op in plan.removals] == [nip(21)]


def test_command_complete_flag_removes_and_prints_it(tmp_path):
    run_import(dinkes_rows())
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(workbook(without(STAFF)).getvalue())

    out = StringIO()
    call_command("import_employees", str(path), stdout=out)
    assert " removed=0 " in out.getvalue().splitlines()[-1]
    call_command("import_employees", str(path), "--complete", stdout=out)

    assert out.getvalue().strip().splitlines()[-1] == (
        "created=0 updated=0 moved=0 unchanged=4 removed=1 accounts_created=0 "
        "accounts_deactivated=1"
    )
    assert Employee.objects.get(nip=STAFF).status == EmployeeStatus.TRANSFERRED_OUT
    assert EmployeeImport.objects.order_by("pk").last().summary["complete"] is True


def test_command_never_removes_the_user_it_runs_as(tmp_path):
    run_import(dinkes_rows())
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(workbook(without(STAFF)).getvalue())

    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_employees", str(path), "--complete", "--user", STAFF, stderr=err)

    assert "remove you" in err.getvalue()
    assert Employee.objects.get(nip=STAFF).status == EmployeeStatus.ACTIVE


# ---------------------------------------------------------------- provision_accounts


def provision(*args) -> str:
    out = StringIO()
    call_command("provision_accounts", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_provision_accounts_backfills_in_bulk_once():
    run_import(dinkes_rows() + disdik_rows())
    User.objects.all().delete()

    assert provision() == "created=7"

    for employee in Employee.objects.select_related("user"):
        assert employee.user.username == employee.nip
        assert not employee.user.has_usable_password()
    before = counts()
    assert provision() == "created=0"
    assert counts() == before


def test_provision_accounts_for_one_opd():
    run_import(dinkes_rows() + disdik_rows())
    User.objects.all().delete()

    assert provision("--opd", "DISDIK") == "created=2"

    assert set(User.objects.values_list("username", flat=True)) == {nip(20), nip(21)}
    with pytest.raises(CommandError, match="No OPD"):
        provision("--opd", "DISDIK.SD1")
