"""The ranking: predicate, rating hasil, rating perilaku, share of RHK above; shared ranks
(1, 2, 2, 4), by name within a tie; per OPD and agency-wide."""

import datetime as dt
from decimal import Decimal

from reports.scope import AGENCY_SCOPE
from tests.reports.conftest import A, S, export_bytes, finalise, read_workbook, skp_for

HEADER = (
    "Peringkat",
    "NIP",
    "Nama",
    "Jabatan",
    "Unit Kerja",
    "Pejabat Penilai",
    "Rating Hasil Kerja",
    "Rating Perilaku Kerja",
    "Predikat",
    "RHK Di Atas Ekspektasi (%)",
    "OPD",
    "Peringkat di OPD",
)


def test_agency_ranking_read_back_cell_by_cell(org, results):
    _book, sheets = read_workbook(export_bytes("ranking", AGENCY_SCOPE))
    rows = sheets["Peringkat"]
    assert rows[0] == HEADER
    SB, BA, BP, KM = "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct"
    DA, SE, DB = "Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"
    # Units and OPDs with their code beside the name (two may share a name, issue 20.5).
    dinkes, surv = "Dinas Kesehatan (DINKES)", "Seksi Surveilans (DINKES.SURV)"
    disdik = "Dinas Pendidikan (DISDIK)"
    assert rows[1:] == [
        (1, org.ppk.nip, "Kasi Surveilans", "Kepala Seksi Surveilans", surv, "Kabid P2P",
         DA, DA, SB, 100, dinkes, 1),
        (2, org.pegawai.nip, "Pegawai Surveilans", "Pengelola Data", surv, "Kasi Surveilans",
         DA, DA, SB, 50, dinkes, 2),
        (2, org.colleague.nip, "Rekan Surveilans", "Pengelola Data", surv, "Kasi Surveilans",
         DA, DA, SB, 50, dinkes, 2),
        (4, org.outsider.nip, "Guru Luar", "Pengadministrasi", disdik, "Kadis Pendidikan",
         DA, SE, BA, 0, disdik, 1),
        (5, org.atasan_ppk.nip, "Kabid P2P", "Kepala Bidang P2P", "Bidang P2P (DINKES.P2P)",
         "Kadis Kesehatan", SE, DA, BA, 0, dinkes, 4),
        (6, org.kepala_unit.nip, "Kadis Kesehatan", "Kepala Dinas Kesehatan", dinkes, None,
         DB, SE, BP, 0, dinkes, 5),
        (7, org.admin_opd.nip, "Admin Dinkes", "Analis SDM", dinkes, "Kadis Kesehatan",
         SE, DB, KM, 0, dinkes, 6),
    ]  # fmt: skip


def test_a_tie_is_listed_by_name_whatever_the_insertion_order(org, results):
    # "Aan" sorts before both tied names although created last: same key, same rank.
    from tests.factories import EmployeeFactory, place

    aan = place(EmployeeFactory(name="aan Surveilans"), org.staff_pos)
    finalise(skp_for(aan, results.cycle), A, A, rhks=2, above=1)
    _book, sheets = read_workbook(export_bytes("ranking", AGENCY_SCOPE))
    top = [(row[0], row[2]) for row in sheets["Peringkat"][1:5]]
    assert top == [
        (1, "Kasi Surveilans"),
        (2, "aan Surveilans"),
        (2, "Pegawai Surveilans"),
        (2, "Rekan Surveilans"),
    ]
    assert sheets["Peringkat"][5][0] == 5  # 1, 2, 2, 2, 5


def test_per_opd_ranking_restarts_at_one(org, results):
    _book, sheets = read_workbook(export_bytes("ranking", AGENCY_SCOPE, opd="DISDIK"))
    rows = sheets["Peringkat"]
    assert [(r[0], r[2], r[11]) for r in rows[1:]] == [(1, "Guru Luar", 1)]


def test_share_of_rhk_breaks_a_tie_of_ratings(org, results):
    # The colleague's share rises to 3 of 4: now above the pegawai's 1 of 2.
    from appraisal.evaluation.models import RhkAssessment

    evaluation = results.colleague
    rhk = evaluation.skp.rhks.exclude(assessments__evaluation=evaluation).first()
    RhkAssessment.objects.create(evaluation=evaluation, rhk=rhk, label=A)
    _book, sheets = read_workbook(export_bytes("ranking", AGENCY_SCOPE))
    assert [(r[0], r[2], r[9]) for r in sheets["Peringkat"][1:4]] == [
        (1, "Kasi Surveilans", 100),
        (2, "Rekan Surveilans", 75),
        (3, "Pegawai Surveilans", 50),
    ]


def test_an_employee_counts_once_by_their_latest_skp(org, results):
    # A mutasi in July: the second SKP's evaluation is the one ranked.
    results.pegawai.skp.end_date = dt.date(2025, 6, 30)
    results.pegawai.skp.save()
    later = skp_for(org.pegawai, results.cycle, start=dt.date(2025, 7, 1))
    finalise(later, S, S)
    _book, sheets = read_workbook(export_bytes("ranking", AGENCY_SCOPE))
    mine = [r for r in sheets["Peringkat"][1:] if r[1] == org.pegawai.nip]
    assert len(mine) == 1 and mine[0][8] == "Baik"


def test_period_ranking_uses_that_periods_evaluations(org, results):
    finalise(results.kabid.skp, A, A, period=2, ppk="Kadis Kesehatan")
    _book, sheets = read_workbook(export_bytes("ranking", AGENCY_SCOPE, period=2))
    assert [r[2] for r in sheets["Peringkat"][1:]] == ["Kabid P2P"]


def test_drafts_are_not_ranked(org, results):
    results.outsider.status = "draft"
    results.outsider.save()
    _book, sheets = read_workbook(export_bytes("ranking", AGENCY_SCOPE))
    assert org.outsider.nip not in [r[1] for r in sheets["Peringkat"][1:]]
    assert Decimal(sheets["Peringkat"][4][0]) == 4  # Kabid moves up to 4
