"""Excel import of employees: each error kind, atomicity, idempotence, mutasi, command, views."""

from __future__ import annotations

import datetime as dt
import itertools
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from accounts.choices import AdminRoleKind, AssignmentKind, PositionKind, UnitKind
from accounts.importing import (
    COLUMNS,
    ImportStale,
    apply_plan,
    build_template,
    parse_and_validate,
)
from accounts.importing.models import EmployeeImport, ImportStatus
from accounts.importing.snapshot import Snapshot
from accounts.org.models import AdminRole, Assignment, Employee, OrgUnit, Position
from accounts.org.rules import leaving_end, previous_assignment_end
from accounts.org.services import employee_create, employee_transfer, position_save, unit_save
from tests.accounts.workbooks import (
    DAY,
    DOKTER,
    KABID,
    KADIS,
    KASI,
    STAFF,
    dinkes_rows,
    nip,
    replace_number,
    row,
    run_import,
    validate,
    workbook,
    write_zip_bomb,
)
from tests.actors import actor, system

BACKEND = "accounts.backends.NipOrUsernameBackend"
MODELS = (OrgUnit, Position, Employee, Assignment)


@pytest.fixture(autouse=True)
def _in_english(english):
    """Assertions below read the English source messages (media is private via tests/conftest)."""


def counts() -> dict[str, int]:
    tables = {m.__name__: m.objects.count() for m in MODELS}
    tables.update({f"history_{m.__name__}": m.history.count() for m in MODELS})
    return tables


def cells(plan) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in plan.errors}


def with_change(index: int, **values) -> list[dict]:
    rows = dinkes_rows()
    rows[index].update(values)
    return rows


# ---------------------------------------------------------------- a clean import


@pytest.mark.django_db
def test_a_clean_import_builds_units_positions_and_employees_with_history():
    admin = get_user_model().objects.create_user("bkd")
    result = run_import(dinkes_rows(), user=admin)

    assert result.counts["employees_created"] == 5
    assert result.counts["units_created"] == 3 and result.counts["positions_created"] == 5
    dinkes = OrgUnit.objects.get(code="DINKES")
    surv = OrgUnit.objects.get(code="DINKES.SURV")
    assert (dinkes.kind, dinkes.opd_id, dinkes.parent_id) == (UnitKind.OPD, dinkes.pk, None)
    assert surv.kind == UnitKind.SEKSI and surv.opd_id == dinkes.pk
    assert OrgUnit.objects.get(code="DINKES.P2P").kind == UnitKind.BIDANG
    staff = Employee.objects.select_related("position__parent").get(nip=STAFF)
    assert staff.position.parent == Employee.objects.get(nip=KASI).position
    assert staff.phone == "081234567890"
    epid = Employee.objects.get(nip=DOKTER)
    assert (epid.employment_type, epid.golongan, epid.position.jenjang) == (
        "PPPK",
        "IX",
        "ahli_muda",
    )
    assignment = Assignment.objects.get(employee=staff)
    assert (assignment.kind, assignment.start_date, assignment.end_date) == (
        AssignmentKind.DEFINITIF,
        DAY,
        None,
    )
    record = Employee.history.filter(nip=KADIS).get()
    assert record.history_user == admin and "pegawai.xlsx" in record.history_change_reason
    assert OrgUnit.history.get(code="DINKES").opd_id == dinkes.pk


@pytest.mark.django_db
def test_a_clean_reimport_changes_nothing():
    run_import(dinkes_rows())
    before = counts()
    plan = validate(dinkes_rows(), day=DAY + dt.timedelta(days=30))
    assert plan.counts["employees_unchanged"] == 5
    result = apply_plan(plan, actor=system(), file_name="lagi.xlsx")
    assert result.summary_line == (
        "created=0 updated=0 moved=0 unchanged=5 removed=0 accounts_created=0 "
        "accounts_deactivated=0"
    )
    assert sum(v for k, v in result.counts.items() if k != "rows" and "unchanged" not in k) == 0
    assert counts() == before


@pytest.mark.django_db
def test_a_changed_unit_on_reimport_is_a_mutasi():
    run_import(dinkes_rows())
    later = DAY + dt.timedelta(days=20)
    rows = with_change(
        3, **{"Kode Unit": "DINKES.P2P", "Nama Unit": "Bidang Pencegahan dan Pengendalian Penyakit"}
    )
    rows[3]["Kode Unit Induk"] = "DINKES"
    rows[3]["Email"] = "data@example.go.id"
    result = run_import(rows, day=later)

    assert result.summary_line.startswith("created=0 updated=0 moved=1 unchanged=4 removed=0 ")
    staff = Employee.objects.get(nip=STAFF)
    old, new = Assignment.objects.filter(employee=staff).order_by("start_date")
    assert (old.end_date, new.start_date, new.end_date) == (
        later - dt.timedelta(days=1),
        later,
        None,
    )
    assert staff.position == new.position and new.position.unit.code == "DINKES.P2P"
    assert staff.email == "data@example.go.id"


@pytest.mark.django_db
def test_a_moved_supervisor_takes_the_subordinates_in_the_file_along_once():
    run_import(dinkes_rows())
    rows = with_change(1, **{"Nama Jabatan": "Kepala Bidang Pencegahan Penyakit"})
    result = run_import(rows, day=DAY + dt.timedelta(days=1))
    # Positions are keyed by their parent: the Kepala Seksi, the staff below them and the
    # epidemiolog now sit under the Kepala Bidang's new position.
    assert result.summary_line.startswith("created=0 updated=0 moved=4 unchanged=1 removed=0 ")
    staff = Employee.objects.select_related("position__parent__parent").get(nip=STAFF)
    assert staff.position.parent.parent == Employee.objects.get(nip=KABID).position
    before = counts()
    again = run_import(rows, day=DAY + dt.timedelta(days=2))
    assert again.summary_line.startswith("created=0 updated=0 moved=0 unchanged=5 removed=0 ")
    assert counts() == before


def assert_no_overlapping_definitive_assignments() -> None:
    spans: dict[int, list[tuple]] = {}
    for a in Assignment.objects.filter(kind=AssignmentKind.DEFINITIF).order_by("start_date"):
        spans.setdefault(a.employee_id, []).append((a.start_date, a.end_date))
    for employee_spans in spans.values():
        for (_start, end), (next_start, _end) in itertools.pairwise(employee_spans):
            assert end is not None and end < next_start, employee_spans


@pytest.mark.django_db
def test_a_second_move_on_the_start_day_is_a_row_error_and_changes_nothing():
    run_import(dinkes_rows())
    before = counts()

    plan = validate(with_change(3, **{"Nama Jabatan": "Analis Data"}))

    assert cells(plan) == {(5, "Nama Jabatan")}
    assert STAFF in plan.errors[0].message and "10-03-2025" in plan.errors[0].message
    assert "import tomorrow" in plan.errors[0].message
    assert counts() == before
    # The next day it is an ordinary mutasi: the old post ends the day before, on its first day.
    run_import(with_change(3, **{"Nama Jabatan": "Analis Data"}), day=DAY + dt.timedelta(days=1))
    old, new = Assignment.objects.filter(employee__nip=STAFF).order_by("start_date")
    assert (old.start_date, old.end_date, new.start_date) == (DAY, DAY, DAY + dt.timedelta(days=1))
    assert_no_overlapping_definitive_assignments()


@pytest.mark.django_db
def test_an_import_on_the_day_of_a_mutasi_by_hand_cannot_move_the_employee_again():
    run_import(dinkes_rows())
    later = DAY + dt.timedelta(days=5)
    stale_plan = validate(dinkes_rows(), day=later)  # previewed before the mutasi: all unchanged
    kasi_post = Employee.objects.get(nip=KASI).position
    analyst = position_save(
        Position(name="Analis", kind=PositionKind.PELAKSANA, unit=kasi_post.unit, parent=kasi_post),
        actor=system(),
    )
    employee_transfer(Employee.objects.get(nip=STAFF), analyst, later, actor=system())
    before = counts()

    plan = validate(dinkes_rows(), day=later)  # the file still has the old position

    assert cells(plan) == {(5, "Nama Jabatan")}
    assert "15-03-2025" in plan.errors[0].message
    with pytest.raises(ImportStale) as stale:
        apply_plan(stale_plan, actor=system(), file_name="x.xlsx")
    assert cells(stale.value.plan) == {(5, "Nama Jabatan")}
    assert counts() == before
    assert_no_overlapping_definitive_assignments()


DAY_BEFORE, DAY_AFTER = DAY - dt.timedelta(days=1), DAY + dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "leaving_on", "end"),
    [(DAY - dt.timedelta(days=30), DAY, DAY_BEFORE), (DAY, DAY, DAY), (DAY_AFTER, DAY, None)],
)
def test_end_date_rules(start, leaving_on, end):
    assert leaving_end(start, leaving_on) == end
    assert previous_assignment_end(DAY) == DAY_BEFORE


@pytest.mark.django_db
def test_moving_a_unit_takes_its_sub_units_to_the_new_opd():
    run_import(dinkes_rows())
    sekda = row(
        nip(60),
        "Sekda",
        **{
            "Kode Unit": "SETDA",
            "Nama Unit": "Sekretariat Daerah",
            "Nama Jabatan": "Sekretaris Daerah",
            "Jenis Jabatan": "JPT Madya",
        },
    )
    kabid = dinkes_rows()[1]
    kabid.update({"Kode Unit Induk": "SETDA", "NIP Atasan Langsung": nip(60)})
    result = run_import([sekda, kabid], day=DAY + dt.timedelta(days=1))

    setda = OrgUnit.objects.get(code="SETDA")
    assert setda.kind == UnitKind.OPD and setda.opd == setda
    assert OrgUnit.objects.get(code="DINKES.SURV").opd == setda  # not in the file, moved along
    assert OrgUnit.objects.get(code="DINKES").opd.code == "DINKES"
    assert (result.counts["units_created"], result.counts["units_updated"]) == (1, 2)
    assert result.summary_line.startswith("created=1 updated=0 moved=1 unchanged=0 removed=0 ")


@pytest.mark.django_db
def test_existing_supervisors_and_units_in_the_database_are_used():
    opd = unit_save(OrgUnit(code="DISDIK", name="Dinas Pendidikan"), actor=system())
    head = position_save(
        Position(name="Kepala Dinas", kind=PositionKind.JPT_PRATAMA, unit=opd), actor=system()
    )
    employee_create(Employee(nip=KADIS, name="Kadis"), head, DAY, actor=system())
    rows = [
        row(
            nip(50),
            "Guru",
            **{
                "Kode Unit": "SDN1",
                "Nama Unit": "SD Negeri 1",
                "Kode Unit Induk": "DISDIK",
                "Nama Jabatan": "Guru Ahli Pertama",
                "Jenis Jabatan": "fungsional keahlian",
                "Jenjang": "ahli pertama",
                "NIP Atasan Langsung": KADIS,
            },
        )
    ]
    run_import(rows)
    guru = Employee.objects.select_related("position__unit").get(nip=nip(50))
    assert guru.position.parent == head and guru.position.unit.kind == UnitKind.SEKOLAH
    assert guru.position.unit.opd == opd


@pytest.mark.django_db
def test_headers_ignore_case_and_spaces_and_nips_may_be_numbers():
    header = [f" {column.upper()}  " for column in COLUMNS]
    rows = dinkes_rows()
    rows[0]["NIP"] = 424242
    rows[0]["No HP"] = 81234567890
    buffer = replace_number(workbook(rows, header=header), 424242, KADIS)
    plan = parse_and_validate(buffer, import_date=DAY, actor=system())
    assert plan.ok, plan.errors
    assert plan.counts["employees_created"] == 5
    assert plan.employees[0].data.nip == KADIS and plan.employees[0].data.phone == "081234567890"


# ---------------------------------------------------------------- every error kind


ROW_ERRORS = [
    ("nip_length", 0, {"NIP": "12345"}, "NIP"),
    ("nip_date", 0, {"NIP": "198013012005011001"}, "NIP"),
    ("nip_gender", 0, {"NIP": "198001012005013001"}, "NIP"),
    ("nip_number_lost_digits", 0, {"NIP": float(KADIS)}, "NIP"),
    ("unknown_parent_unit", 1, {"Kode Unit Induk": "NOWHERE"}, "Kode Unit Induk"),
    ("unit_two_names", 4, {"Nama Unit": "Bidang Lain"}, "Nama Unit"),
    ("unit_two_parents", 4, {"Kode Unit Induk": "DINKES.SURV"}, "Kode Unit Induk"),
    ("unknown_position_type", 3, {"Jenis Jabatan": "Honorer"}, "Jenis Jabatan"),
    ("fungsional_without_jenjang", 4, {"Jenjang": ""}, "Jenjang"),
    ("fungsional_wrong_jenjang", 4, {"Jenjang": "Mahir"}, "Jenjang"),
    ("jenjang_for_structural", 3, {"Jenjang": "Ahli Muda"}, "Jenjang"),
    ("unknown_status", 3, {"Status Kepegawaian": "Honorer"}, "Status Kepegawaian"),
    ("pns_with_pppk_golongan", 3, {"Golongan": "IX"}, "Golongan"),
    ("pppk_with_pns_golongan", 4, {"Golongan": "III/a"}, "Golongan"),
    ("invalid_email", 3, {"Email": "bukan-email"}, "Email"),
    ("unknown_supervisor", 3, {"NIP Atasan Langsung": nip(99)}, "NIP Atasan Langsung"),
    ("own_supervisor", 3, {"NIP Atasan Langsung": STAFF}, "NIP Atasan Langsung"),
    (
        "same_position_other_type",
        3,
        {"Nama Jabatan": "Kepala Seksi Surveilans", "NIP Atasan Langsung": KABID},
        "Jenis Jabatan",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("index", "change", "column"),
    [case[1:] for case in ROW_ERRORS],
    ids=[case[0] for case in ROW_ERRORS],
)
def test_each_row_error_names_its_row_and_column(index, change, column):
    rows = dinkes_rows()
    rows[index].update(change)
    plan = validate(rows)
    assert not plan.ok and not plan.file_errors
    assert (index + 2, column) in cells(plan)
    assert all(e.message for e in plan.errors)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "column",
    [
        "NIP",
        "Nama",
        "Status Kepegawaian",
        "Kode Unit",
        "Nama Unit",
        "Nama Jabatan",
        "Jenis Jabatan",
    ],
)
def test_required_values(column):
    plan = validate(with_change(3, **{column: ""}))
    assert (5, column) in cells(plan)
    assert any(e.message == "This value is required." for e in plan.errors)


@pytest.mark.django_db
def test_duplicate_nip_is_reported_on_the_second_row():
    rows = dinkes_rows()
    rows[4]["NIP"] = STAFF
    plan = validate(rows)
    assert cells(plan) == {(6, "NIP")}
    assert "row 5" in plan.errors[0].message


@pytest.mark.django_db
def test_reporting_cycle_within_the_file():
    plan = validate(with_change(0, **{"NIP Atasan Langsung": KASI}))
    assert {
        (2, "NIP Atasan Langsung"),
        (3, "NIP Atasan Langsung"),
        (4, "NIP Atasan Langsung"),
    } <= cells(plan)
    assert "cycle" in plan.errors[0].message


@pytest.mark.django_db
def test_reporting_cycle_through_a_supervisor_known_only_to_the_database():
    run_import(dinkes_rows())
    # The file says the Kepala Dinas reports to the Kepala Seksi, who (per the database) reports
    # up through the Kepala Bidang to the Kepala Dinas.
    rows = [dinkes_rows()[0]]
    rows[0]["NIP Atasan Langsung"] = KASI
    plan = validate(rows)
    assert (2, "NIP Atasan Langsung") in cells(plan)
    assert KADIS in plan.errors[0].message and KASI in plan.errors[0].message


@pytest.mark.django_db
def test_unit_parent_loops_in_the_file_and_through_the_database():
    rows = with_change(0, **{"Kode Unit Induk": "DINKES.SURV"})
    assert (2, "Kode Unit Induk") in cells(validate(rows))
    run_import(dinkes_rows())
    plan = validate([with_change(0, **{"Kode Unit Induk": "DINKES.P2P"})[0]])
    assert (2, "Kode Unit Induk") in cells(plan)
    assert "DINKES → DINKES.P2P → DINKES" in plan.errors[0].message


@pytest.mark.django_db
def test_an_employee_who_left_cannot_be_imported():
    run_import(dinkes_rows())
    Employee.objects.filter(nip=STAFF).update(status="retired")
    assert (5, "NIP") in cells(validate(dinkes_rows()))


@pytest.mark.django_db
def test_missing_columns_are_listed():
    header = [c for c in COLUMNS if c not in ("Email", "Jenjang")]
    plan = parse_and_validate(workbook(dinkes_rows(), header=header), actor=system())
    assert plan.file_errors == ["Missing columns: Jenjang, Email."]


def _truncated_xlsx() -> bytes:
    data = workbook(dinkes_rows()).getvalue()
    return data[: len(data) // 2]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"NIP,Nama\n198001012005011001,Budi\n",
        b"%PDF-1.4\n%\xe2\xe3\n1 0 obj",
        _truncated_xlsx(),
        b"",
    ],
    ids=["csv", "pdf", "corrupt_zip", "empty_file"],
)
def test_a_file_that_is_not_a_workbook_is_a_file_error(content):
    plan = parse_and_validate(BytesIO(content), actor=system())
    assert not plan.ok and len(plan.file_errors) == 1 and not plan.errors
    assert "not an Excel workbook" in plan.file_errors[0] or "damaged" in plan.file_errors[0]


@pytest.mark.django_db
def test_a_zip_that_unpacks_beyond_the_limit_is_a_file_error(settings, tmp_path, monkeypatch):
    from accounts.importing import workbook as workbook_module

    opened = []
    monkeypatch.setattr(workbook_module, "load_workbook", lambda *a, **k: opened.append(a))
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 1
    path = tmp_path / "pegawai.xlsx"
    write_zip_bomb(path, 5)
    assert path.stat().st_size < 100_000

    with path.open("rb") as handle:
        plan = parse_and_validate(handle, actor=system())

    assert plan.file_errors == [
        "The file is too large once unpacked (over 1 MB) or unusually compressed. Copy only the "
        "employee rows into the template and upload that file."
    ]
    assert not opened  # refused before openpyxl unpacked anything


@pytest.mark.django_db
def test_a_member_compressed_beyond_reason_is_a_file_error_under_the_limit(tmp_path):
    path = tmp_path / "pegawai.xlsx"
    write_zip_bomb(path, 5)  # 5 MB of zeros: about 1000:1
    with path.open("rb") as handle:
        plan = parse_and_validate(handle, actor=system())
    assert len(plan.file_errors) == 1 and "too large once unpacked" in plan.file_errors[0]
    assert parse_and_validate(workbook(dinkes_rows()), import_date=DAY, actor=system()).ok


@pytest.mark.django_db
def test_an_empty_sheet_and_the_blank_template_are_file_errors():
    empty = BytesIO()
    Workbook().save(empty)
    for content in (empty.getvalue(), build_template(), workbook([]).getvalue()):
        plan = parse_and_validate(BytesIO(content), actor=system())
        assert plan.file_errors and "empty" in plan.file_errors[0]


# ---------------------------------------------------------------- atomicity and staleness


@pytest.mark.django_db
def test_one_bad_row_means_nothing_is_written():
    before = counts()
    plan = validate(with_change(4, **{"Email": "salah"}))
    assert not plan.ok
    with pytest.raises(Exception, match="errors"):
        apply_plan(plan, actor=system(), file_name="x.xlsx")
    assert counts() == before


@pytest.mark.django_db
def test_a_failure_while_writing_rolls_everything_back(monkeypatch):
    from accounts.importing import apply as apply_module

    plan = validate(dinkes_rows())
    before = counts()

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(apply_module, "_end_definitive_assignments", explode)
    with pytest.raises(RuntimeError):
        apply_plan(plan, actor=system(), file_name="x.xlsx")
    assert counts() == before


@pytest.mark.django_db
def test_a_stale_preview_is_refused():
    plan = validate(dinkes_rows())
    unit_save(OrgUnit(code="DINKES", name="Dinas Kesehatan Lama"), actor=system())
    before = counts()
    with pytest.raises(ImportStale) as stale:
        apply_plan(plan, actor=system(), file_name="x.xlsx")
    assert stale.value.plan.counts["units_updated"] == 1
    assert counts() == before


# ---------------------------------------------------------------- management command


@pytest.mark.django_db
def test_command_imports_and_prints_the_summary_last(tmp_path):
    get_user_model().objects.create_user("operator")
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(workbook(dinkes_rows()).getvalue())
    out = StringIO()
    call_command("import_employees", str(path), "--user", "operator", stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == (
        "created=5 updated=0 moved=0 unchanged=0 removed=0 accounts_created=5 "
        "accounts_deactivated=0"
    )
    assert Employee.history.filter(history_user__username="operator").count() == 5
    assert EmployeeImport.objects.get().status == ImportStatus.APPLIED


@pytest.mark.django_db
def test_command_prints_each_error_and_fails(tmp_path):
    path = tmp_path / "pegawai.xlsx"
    path.write_bytes(workbook(with_change(3, **{"Email": "salah"})).getvalue())
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_employees", str(path), stderr=err)
    assert err.getvalue().startswith("Baris 5, kolom Email: ")
    assert Employee.objects.count() == 0


# ---------------------------------------------------------------- views


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


@pytest.fixture
def people(db):
    users = get_user_model().objects
    bkd = users.create_user("bkd")
    AdminRole.objects.create(user=bkd, kind=AdminRoleKind.ADMIN_BKD)
    other_opd = unit_save(OrgUnit(code="DISDIK", name="Dinas Pendidikan"), actor=system())
    admin_disdik = users.create_user("admindisdik")
    AdminRole.objects.create(user=admin_disdik, kind=AdminRoleKind.ADMIN_OPD, opd=other_opd)
    return {"bkd": bkd, "admin_disdik": admin_disdik, "pegawai": users.create_user("pegawai")}


def _upload(client, rows, name="pegawai.xlsx"):
    return client.post(reverse("imports:upload"), {"file": workbook(rows, name=name)})


def test_admin_bkd_uploads_previews_and_confirms(people):
    client = _client(people["bkd"])
    response = _upload(client, dinkes_rows())
    record = EmployeeImport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("imports:preview", args=[record.public_id])
    assert Employee.objects.count() == 0 and record.status == ImportStatus.PREVIEWED

    page = client.get(response.url)
    assert page.status_code == 200 and len(page.context["rows"]) == 5
    assert page.context["summary"]["employees_created"] == 5

    confirmed = client.post(response.url)
    assert confirmed.status_code == 302 and confirmed.url == reverse("org:employee_list")
    assert Employee.objects.count() == 5
    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED and record.applied_at is not None
    assert client.post(response.url).status_code == 302  # a second click applies nothing
    assert Assignment.objects.count() == 5
    assert client.get(reverse("imports:history")).context["page"].object_list[0] == record


def test_confirming_reads_and_validates_the_stored_file_once(people, monkeypatch):
    from accounts.importing import workbook as workbook_module

    client = _client(people["bkd"])
    url = _upload(client, dinkes_rows()).url
    loads, reads = [], []
    load_snapshot = Snapshot.load.__func__
    load_workbook = workbook_module.load_workbook
    monkeypatch.setattr(
        Snapshot, "load", classmethod(lambda cls: loads.append(1) or load_snapshot(cls))
    )
    monkeypatch.setattr(
        workbook_module, "load_workbook", lambda *a, **k: reads.append(1) or load_workbook(*a, **k)
    )

    assert client.post(url).url == reverse("org:employee_list")

    assert (len(reads), len(loads)) == (1, 1)
    assert Employee.objects.count() == 5


def test_the_stored_file_is_deleted_once_applied(people, django_capture_on_commit_callbacks):
    client = _client(people["bkd"])
    url = _upload(client, dinkes_rows()).url
    record = EmployeeImport.objects.get()
    stored = Path(record.file.path)
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    record.refresh_from_db()
    assert record.status == ImportStatus.APPLIED and not record.file and not stored.exists()
    assert record.summary["employees_created"] == 5 and len(record.rows) == 5
    assert client.get(url).status_code == 200


def test_a_failed_apply_keeps_the_stored_file(people, django_capture_on_commit_callbacks):
    client = _client(people["bkd"])
    url = _upload(client, dinkes_rows()).url
    unit_save(
        OrgUnit(code="DINKES", name="Dinas Kesehatan Lama"), actor=system()
    )  # the preview goes stale
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    record = EmployeeImport.objects.get()
    assert record.status == ImportStatus.PREVIEWED and Path(record.file.path).exists()


def test_purge_deletes_old_previews_and_applied_files_and_keeps_the_records(
    people, tmp_path, django_capture_on_commit_callbacks, settings
):
    settings.IMPORT_PREVIEW_TTL_HOURS = 24 * 30  # the files go before the previews expire
    client = _client(people["bkd"])
    old_url = _upload(client, dinkes_rows(), name="lama.xlsx").url
    fresh_url = _upload(client, dinkes_rows(), name="baru.xlsx").url
    EmployeeImport.objects.filter(original_name="lama.xlsx").update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    path = tmp_path / "perintah.xlsx"
    path.write_bytes(workbook(dinkes_rows()).getvalue())
    call_command("import_employees", str(path), stdout=StringIO())  # keeps an applied copy
    files = {r.original_name: Path(r.file.path) for r in EmployeeImport.objects.all()}
    assert all(f.exists() for f in files.values())

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_imports", stdout=out)

    assert out.getvalue().strip().splitlines()[-1] == "deleted=2"
    assert [name for name, f in sorted(files.items()) if f.exists()] == ["baru.xlsx"]
    assert EmployeeImport.objects.count() == 3
    old = EmployeeImport.objects.get(original_name="lama.xlsx")
    assert not old.file and old.summary["employees_created"] == 5
    page = client.get(old_url)
    assert b'data-testid="import-file-gone"' in page.content
    assert b'data-testid="import-confirm"' not in page.content
    refused = client.post(old_url, follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    old.refresh_from_db()
    assert old.status == ImportStatus.PREVIEWED
    assert b'data-testid="import-confirm"' in client.get(fresh_url).content
    again = StringIO()
    call_command("purge_imports", stdout=again)
    assert again.getvalue().strip().splitlines() == ["expired=0", "deleted=0"]


def test_confirming_a_stale_preview_shows_the_new_preview_instead(people):
    client = _client(people["bkd"])
    url = _upload(client, dinkes_rows()).url
    unit_save(OrgUnit(code="DINKES", name="Dinas Kesehatan Lama"), actor=system())
    response = client.post(url)
    assert response.status_code == 302 and response.url == url
    record = EmployeeImport.objects.get()
    assert record.status == ImportStatus.PREVIEWED and record.summary["units_updated"] == 1
    assert not Employee.objects.exists()
    assert client.post(url).url == reverse("org:employee_list")
    assert OrgUnit.objects.get(code="DINKES").name == "Dinas Kesehatan"


def test_upload_with_errors_shows_the_table_and_saves_nothing(people):
    response = _upload(_client(people["bkd"]), with_change(3, **{"Email": "x"}), name="data.xlsx")
    assert response.status_code == 200
    assert response.context["file_name"] == "data.xlsx"
    assert [(e.row, e.column) for e in response.context["errors"]] == [(5, "Email")]
    assert b"data.xlsx" in response.content
    assert not EmployeeImport.objects.exists() and not Employee.objects.exists()


def test_template_downloads_as_xlsx(people):
    response = _client(people["bkd"]).get(reverse("imports:template"))
    assert response.status_code == 200 and response["Content-Type"].endswith("sheet")
    plan = parse_and_validate(BytesIO(response.content), actor=system())
    assert plan.file_errors


def test_template_has_exactly_the_published_columns(people):
    """The column names are a public interface (issue 2): scripts outside the code fill them."""
    from openpyxl import load_workbook

    response = _client(people["bkd"]).get(reverse("imports:template"))
    sheet = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header == [
        "NIP", "Nama", "Gelar Depan", "Gelar Belakang", "Status Kepegawaian", "Golongan",
        "Kode Unit", "Nama Unit", "Kode Unit Induk", "Nama Jabatan", "Jenis Jabatan", "Jenjang",
        "NIP Atasan Langsung", "Email", "No HP",
    ]  # fmt: skip


@pytest.mark.parametrize("url_name", ["imports:upload", "imports:template", "imports:history"])
def test_pegawai_is_refused(people, url_name):
    assert _client(people["pegawai"]).get(reverse(url_name)).status_code == 403


def test_admin_opd_cannot_import_rows_of_another_opd(people):
    response = _upload(_client(people["admin_disdik"]), dinkes_rows())
    assert response.status_code == 200
    assert {(e.row, e.column) for e in response.context["errors"]} >= {(2, "Kode Unit")}
    assert not OrgUnit.objects.filter(code="DINKES").exists()


def test_admin_opd_may_import_within_their_opd(people):
    rows = [dinkes_rows()[0]]
    rows[0].update(
        {"Kode Unit": "DISDIK.SD1", "Nama Unit": "SD Negeri 1", "Kode Unit Induk": "DISDIK"}
    )
    assert parse_and_validate(workbook(rows), actor=actor(people["admin_disdik"])).ok


def _disdik_row_under(supervisor: str) -> dict:
    return row(
        nip(40),
        "Guru",
        **{
            "Kode Unit": "DISDIK.SD1",
            "Nama Unit": "SD Negeri 1",
            "Kode Unit Induk": "DISDIK",
            "Nama Jabatan": "Guru Ahli Pertama",
            "Jenis Jabatan": "Fungsional Keahlian",
            "Jenjang": "Ahli Pertama",
            "NIP Atasan Langsung": supervisor,
        },
    )


def test_admin_opd_cannot_hang_a_position_under_another_opds_position(people):
    run_import(dinkes_rows())
    admin = actor(people["admin_disdik"])
    before = counts()

    plan = parse_and_validate(workbook([_disdik_row_under(KABID)]), actor=admin)

    assert cells(plan) == {(2, "NIP Atasan Langsung")}
    assert KABID in plan.errors[0].message and "outside your OPD" in plan.errors[0].message
    assert counts() == before
    # Admin BKD may; the link they made stays usable for the admin OPD's own re-imports.
    bkd = actor(people["bkd"])
    bkd_plan = parse_and_validate(workbook([_disdik_row_under(KABID)]), actor=bkd)
    apply_plan(bkd_plan, actor=bkd, file_name="bkd.xlsx")
    again = parse_and_validate(workbook([_disdik_row_under(KABID)]), actor=admin)
    assert again.ok and again.counts["employees_unchanged"] == 1


def test_someone_elses_preview_is_404_but_admin_bkd_sees_it(people):
    other = get_user_model().objects.create_user("adminlain")
    AdminRole.objects.create(
        user=other, kind=AdminRoleKind.ADMIN_OPD, opd=OrgUnit.objects.get(code="DISDIK")
    )
    rows = [dinkes_rows()[0]]
    rows[0].update(
        {"Kode Unit": "DISDIK.SD1", "Nama Unit": "SD Negeri 1", "Kode Unit Induk": "DISDIK"}
    )
    assert _upload(_client(people["admin_disdik"]), rows).status_code == 302
    url = reverse("imports:preview", args=[EmployeeImport.objects.get().public_id])
    assert _client(other).get(url).status_code == 404
    assert _client(other).post(url).status_code == 404
    assert _client(people["pegawai"]).get(url).status_code == 403
    assert _client(people["bkd"]).get(url).status_code == 200
    assert not _client(other).get(reverse("imports:history")).context["page"].object_list
    assert Employee.objects.count() == 0
