"""Pulling the organisation from SIASN (issue 21, item 2), against the loopback SIASN server: a
SIASN that says what we hold changes nothing; what differs becomes the Excel import's preview,
confirmed there (history kept, accounts provisioned), and a second pull then changes nothing;
local decisions (the supervisor our tree gives, overrides, Plt/Plh, e-mail) are never
overwritten; SIASN's atasan, when it differs from our PPK, is reported by the diagnostics."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from accounts.choices import AssignmentKind, PositionKind
from accounts.importing.models import ImportStatus
from accounts.importing.records import import_confirm
from accounts.org.models import AppraiserOverride, Assignment, Employee, OrgUnit
from appraisal.monitoring import diagnostics
from interchange.siasn.checks import SIASN_ATASAN
from interchange.siasn.models import PullState, SiasnPerson, SiasnPull
from interchange.siasn.pull import ELSEWHERE, NOT_FOUND, pull_preview
from tests.actors import actor
from tests.interchange.siasn_server import (
    INSTANSI_ID,
    KUADRAN,
    RATINGS,
    listed,
    siasn_fixture,  # noqa: F401 (the fixture `siasn`)
    siasn_server_fixture,  # noqa: F401 (the fixture `siasn_server`)
    unit,
)

pytestmark = pytest.mark.django_db

NEWCOMER = "199505052020122001"
# Our units as SIASN names them (its ids), and how SIASN types our kinds of post.
UNIT_IDS = {
    "DINKES": "U-DINKES",
    "DINKES.P2P": "U-P2P",
    "DINKES.SURV": "U-SURV",
    "DISDIK": "U-DISDIK",
    "BKPSDM": "U-BKPSDM",
}
POST_TYPES = {
    PositionKind.JPT_PRATAMA: ("1", "21"),
    PositionKind.ADMINISTRATOR: ("1", "31"),
    PositionKind.PENGAWAS: ("1", "41"),
    PositionKind.PELAKSANA: ("4", ""),
}


def person(employee: Employee, **changes) -> dict:
    """SIASN's record of one of our employees (as data-utama and rw-jabatan say it)."""
    post = employee.position
    jenis, eselon = POST_TYPES[post.kind]
    values = {
        "id": f"S-{employee.nip[-6:]}",
        "nipBaru": employee.nip,
        "nama": employee.name,
        "gelarDepan": employee.front_title,
        "gelarBelakang": employee.back_title,
        "statusPegawai": employee.employment_type,
        "golRuangAkhir": employee.golongan,
        "unorId": UNIT_IDS[post.unit.code],
        "jabatanNama": post.name,
        "instansiIndukId": INSTANSI_ID,
        "emailGov": "dari.siasn@contoh.go.id",
        **changes,
    }
    history = [
        {
            "id": f"RJ-{employee.nip}",
            "nipBaru": employee.nip,
            "unorId": values["unorId"],
            "namaJabatan": values["jabatanNama"],
            "tmtJabatan": "02-01-2023",
            "jenisJabatanId": changes.pop("jenis", jenis),
            "eselonId": eselon,
        }
    ]
    return {"data_utama": values, "rw_jabatan": history}


def mirror(org) -> dict:
    """A SIASN holding exactly our organisation."""
    heads = {
        "U-DINKES": org.kepala_unit.nip,
        "U-P2P": org.atasan_ppk.nip,
        "U-SURV": org.ppk.nip,
        "U-DISDIK": org.disdik_head_emp.nip,
        "U-BKPSDM": "",
    }
    above = {"U-P2P": "U-DINKES", "U-SURV": "U-P2P"}
    units = [unit("U-ROOT", "Pemerintah Kota Uji", "", "Wali Kota")]
    for code, uid in UNIT_IDS.items():
        name = OrgUnit.objects.get(code=code).name
        units.append(unit(uid, name, above.get(uid, "U-ROOT"), "", heads[uid]))
    people = {
        e.nip: person(e)
        for e in Employee.objects.select_related("position__unit").filter(status="active")
    }
    references = {"perilakuDanKinerja": listed(RATINGS), "kuadranNilai": listed(KUADRAN)}
    return {"units": units, "employees": people, "references": references}


@pytest.fixture
def siasn_org(siasn, org):
    siasn.data = mirror(org)
    siasn.load(siasn.data)
    return siasn


def test_a_siasn_that_says_what_we_hold_changes_nothing(siasn_org, org):
    pull = pull_preview(actor(org.admin_bkd))
    active = Employee.objects.filter(status="active").count()
    assert pull.state == PullState.NOTHING, pull.notes
    assert pull.counts == {"read": active, "new": 0, "changed": 0, "unchanged": active, "noted": 0}
    assert pull.employee_import is None
    # SIASN's ids and atasan are kept for the push and the diagnostics.
    org.pegawai.refresh_from_db()
    assert org.pegawai.siasn_id == f"S-{org.pegawai.nip[-6:]}"
    assert SiasnPerson.objects.get(nip=org.pegawai.nip).atasan_nip == org.ppk.nip


def test_what_differs_is_previewed_then_imported_and_a_second_pull_changes_nothing(siasn_org, org):
    data = siasn_org.data
    data["employees"][org.pegawai.nip]["data_utama"]["nama"] = "Pegawai Surveilans Baru"
    newcomer = person(org.pegawai, id="S-BARU", nipBaru=NEWCOMER, nama="Pendatang Baru")
    data["employees"][NEWCOMER] = newcomer
    siasn_org.load(data)

    pull = pull_preview(actor(org.admin_bkd), extra_nips=[NEWCOMER])
    assert pull.state == PullState.READY, (pull.notes, pull.errors)
    assert (pull.counts["new"], pull.counts["changed"]) == (1, 1)
    record = pull.employee_import
    assert record.status == ImportStatus.PREVIEWED
    assert {row[1] for row in record.rows} == {org.pegawai.nip, NEWCOMER}
    assert Employee.objects.filter(nip=NEWCOMER).count() == 0  # nothing written before confirming

    assert pull.import_done == ""
    result = import_confirm(record, actor=actor(org.admin_bkd))
    assert result.counts["employees_created"] == 1
    pull = SiasnPull.objects.get(pk=pull.pk)
    assert pull.import_done == str(ImportStatus.APPLIED.label)
    newcomer = Employee.objects.get(nip=NEWCOMER)
    # Placed under SIASN's atasan (the head of their unit), on the same post as the pegawai.
    assert newcomer.position == org.pegawai.position and newcomer.user is not None
    org.pegawai.refresh_from_db()
    assert org.pegawai.name == "Pegawai Surveilans Baru"
    assert org.pegawai.history.count() >= 2
    # Our e-mail stays ours; a newcomer takes SIASN's.
    assert newcomer.email == "dari.siasn@contoh.go.id"

    again = pull_preview(actor(org.admin_bkd), extra_nips=[NEWCOMER])
    assert again.state == PullState.NOTHING and again.counts["changed"] == 0


def test_local_decisions_are_kept_and_a_different_atasan_is_reported(siasn_org, org):
    today = timezone.localdate()
    AppraiserOverride.objects.create(
        employee=org.pegawai, ppk=org.atasan_ppk, start_date=today, reason="Keputusan BKD"
    )
    Assignment.objects.create(
        employee=org.admin_opd,
        position=org.kabid_pos,
        kind=AssignmentKind.PLT,
        start_date=today,
        end_date=today + dt.timedelta(days=30),
    )
    data = siasn_org.data
    # SIASN's Seksi has the Kabid as its head: everyone there has the Kabid as atasan.
    next(u for u in data["units"] if u["Id"] == "U-SURV")["NipPemimpin"] = org.atasan_ppk.nip
    siasn_org.load(data)

    pull = pull_preview(actor(org.admin_bkd))
    assert pull.state == PullState.NOTHING, pull.notes
    assert AppraiserOverride.objects.filter(employee=org.pegawai).count() == 1
    assert Assignment.objects.filter(kind=AssignmentKind.PLT).count() == 1

    found = diagnostics.diagnose([org.dinkes.pk], None, today)
    differing = {f.nip for f in found if f.reason == SIASN_ATASAN}
    # The pegawai's override makes the Kabid their PPK, as SIASN says; the colleague's is the
    # Kasi here, the Kabid at SIASN: reported, not applied.
    assert org.colleague.nip in differing and org.pegawai.nip not in differing
    assert dict(diagnostics.reasons())[SIASN_ATASAN]


def test_a_mutasi_at_siasn_moves_the_employee_under_siasn_atasan(siasn_org, org):
    data = siasn_org.data
    moved = data["employees"][org.outsider.nip]
    moved["data_utama"]["unorId"] = moved["rw_jabatan"][0]["unorId"] = "U-SURV"
    moved["data_utama"]["jabatanNama"] = moved["rw_jabatan"][0]["namaJabatan"] = "Pengelola Data"
    siasn_org.load(data)

    pull = pull_preview(actor(org.admin_bkd))
    assert pull.state == PullState.READY and pull.counts["changed"] == 1
    import_confirm(pull.employee_import, actor=actor(org.admin_bkd))
    org.outsider.refresh_from_db()
    assert org.outsider.position == org.staff_pos


def test_a_new_siasn_unit_is_created_under_its_parent(siasn_org, org):
    data = siasn_org.data
    data["units"].append(unit("U-LAB", "UPT Laboratorium Kesehatan", "U-DINKES", "", ""))
    data["employees"][NEWCOMER] = person(
        org.pegawai, id="S-LAB", nipBaru=NEWCOMER, unorId="U-LAB", jabatanNama="Pranata Lab"
    )
    data["employees"][NEWCOMER]["rw_jabatan"][0].update(unorId="U-LAB", namaJabatan="Pranata Lab")
    siasn_org.load(data)

    pull = pull_preview(actor(org.admin_bkd), extra_nips=[NEWCOMER])
    assert pull.state == PullState.READY, (pull.notes, pull.errors)
    import_confirm(pull.employee_import, actor=actor(org.admin_bkd))
    lab = OrgUnit.objects.get(code="U-LAB")
    assert lab.parent == org.dinkes and lab.name == "UPT Laboratorium Kesehatan"
    # No head in the UPT: SIASN's atasan is the head of the unit above.
    assert Employee.objects.get(nip=NEWCOMER).position.parent == org.kadis_pos


def test_unknown_and_foreign_nips_are_noted_not_applied(siasn_org, org):
    data = siasn_org.data
    data["employees"][org.outsider.nip]["data_utama"]["instansiIndukId"] = "INSTANSI-LAIN"
    siasn_org.load(data)
    pull = pull_preview(actor(org.admin_bkd), extra_nips=["199901012022031099"])
    kinds = {note["nip"]: note["kind"] for note in pull.notes}
    assert kinds == {org.outsider.nip: ELSEWHERE, "199901012022031099": NOT_FOUND}
    assert pull.state == PullState.NOTHING
    assert Employee.objects.get(pk=org.outsider.pk).status == "active"


def test_data_that_fails_the_import_checks_gives_the_row_report(siasn_org, org):
    data = siasn_org.data
    data["employees"][org.pegawai.nip]["data_utama"]["nama"] = "x" * 300
    siasn_org.load(data)
    pull = pull_preview(actor(org.admin_bkd))
    assert pull.state == PullState.INVALID and pull.employee_import is None
    assert pull.errors[0]["column"] == "Nama"
    assert Employee.objects.get(pk=org.pegawai.pk).name == "Pegawai Surveilans"


def test_siasn_unreachable_is_recorded_with_its_message(siasn_org, org):
    siasn_org.fail("500", times=10, path="ref-unor")
    pull = pull_preview(actor(org.admin_bkd))
    assert pull.state == PullState.FAILED and "ref-unor" in pull.message
    assert SiasnPull.objects.filter(state=PullState.FAILED).count() == 1


def test_the_command_dry_run_keeps_nothing_and_apply_applies(siasn_org, org, capsys):
    data = siasn_org.data
    data["employees"][org.pegawai.nip]["data_utama"]["nama"] = "Nama Dari SIASN"
    siasn_org.load(data)
    call_command("siasn_pull", "--dry-run")
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("siasn_pull read=") and "changed=1" in last and "state=ready" in last
    assert not SiasnPull.objects.exists() and not SiasnPerson.objects.exists()

    call_command("siasn_pull", "--apply")
    out = capsys.readouterr().out
    assert "updated=1" in out
    assert Employee.objects.get(pk=org.pegawai.pk).name == "Nama Dari SIASN"

    with pytest.raises(CommandError, match="18 angka"):
        call_command("siasn_pull", "--nip", "123")


# ----- the admin BKD's pages -------------------------------------------------------------------


def test_the_button_reads_siasn_and_opens_the_import_preview(siasn_org, org, login):
    data = siasn_org.data
    data["employees"][NEWCOMER] = person(org.pegawai, id="S-BARU", nipBaru=NEWCOMER, nama="Baru")
    siasn_org.load(data)
    client = login("admin_bkd")
    response = client.post(reverse("interchange:siasn_pull_start"), {"nips": NEWCOMER})
    pull = SiasnPull.objects.get()
    assert pull.started_by == org.admin_bkd.user
    assert response.url == reverse("imports:preview", args=[pull.employee_import.public_id])
    page = client.get(reverse("interchange:siasn_status"))
    assert pull.get_state_display() in page.content.decode()


def test_a_reading_with_notes_opens_its_own_page(siasn_org, org, login):
    client = login("admin_bkd")
    response = client.post(reverse("interchange:siasn_pull_start"), {"nips": "199901012022031099"})
    pull = SiasnPull.objects.get()
    assert response.url == reverse("interchange:siasn_pull", args=[pull.public_id])
    page = client.get(response.url).content.decode()
    assert "199901012022031099" in page and "Tidak ada di SIASN" in page


def test_a_malformed_nip_is_refused_in_indonesian_and_kept(siasn_org, org, login):
    response = login("admin_bkd").post(
        reverse("interchange:siasn_pull_start"), {"nips": "12345\n" + NEWCOMER}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "NIP terdiri atas 18 angka: 12345." in page and NEWCOMER in page
    assert not SiasnPull.objects.exists()


def test_the_nightly_pull_is_off_by_default_and_only_prepares(siasn_org, org, settings):
    from interchange.siasn.tasks import pull_nightly

    assert pull_nightly() == "" and not SiasnPull.objects.exists()
    settings.SIASN_PULL_NIGHTLY = True
    data = siasn_org.data
    data["employees"][org.pegawai.nip]["data_utama"]["nama"] = "Nama Malam"
    siasn_org.load(data)
    pull = SiasnPull.objects.get(public_id=pull_nightly())
    assert pull.state == PullState.READY and pull.started_by is None
    assert Employee.objects.get(pk=org.pegawai.pk).name == "Pegawai Surveilans"


def test_the_status_page_offers_its_excel_export(org, login, cycle):
    client = login("admin_bkd")
    page = client.get(reverse("interchange:siasn_status")).content.decode()
    assert reverse("reports:export", args=["siasn_status"]) in page
    response = client.post(reverse("reports:export", args=["siasn_status"]), {"year": cycle.year})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_under_a_vacant_post_only_a_change_is_noted(siasn_org, org):
    from interchange.siasn.pull import VACANT_ABOVE

    Employee.objects.filter(pk=org.ppk.pk).update(status="transferred_out")  # the Kasi left
    pull = pull_preview(actor(org.admin_bkd))
    assert pull.state == PullState.NOTHING and pull.notes == []

    data = siasn_org.data
    data["employees"][org.pegawai.nip]["data_utama"]["nama"] = "Nama Baru"
    siasn_org.load(data)
    pull = pull_preview(actor(org.admin_bkd))
    assert [(n["nip"], n["kind"]) for n in pull.notes] == [(org.pegawai.nip, VACANT_ABOVE)]
    assert pull.state == PullState.NOTHING and pull.counts["changed"] == 0
