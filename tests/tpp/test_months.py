"""The monthly run on the org personas: a month computed from the scheme, the post classes, the
recap, the predicate in force, penalties and Plt; the figures match a hand computation; locking
tells the employees and freezes the month; who may read whose line."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import AssignmentKind
from accounts.org.models import Assignment
from accounts.verification.models import DocumentKind, DocumentRecord
from appraisal.choices import ANNUAL, CycleStatus, EvaluationStatus, SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Skp
from core.errors import DomainError
from notifications.models import Notification
from reports.exporters import write_workbook
from reports.exporters.base import ExportParams
from reports.scope import AGENCY_SCOPE
from tests.actors import actor
from tests.factories import place
from tpp.attendance.models import Penalty, Recap, RecapImport
from tpp.choices import Anomaly, MonthState, PenaltyKind
from tpp.months.exporter import HEADERS, TppExporter
from tpp.months.models import Month
from tpp.months.services import month_compute, month_lock, month_reopen
from tpp.schemes.models import PostClass
from tpp.schemes.services import scheme_start

YEAR, MONTH = 2026, 2  # February 2026: 28 days


@pytest.fixture
def tpp(org):
    """Last year closed with the pegawai's annual predicate Butuh Perbaikan; this year's example
    scheme; post classes: staff 7 (Rp 2,800,000), kasi 9 (3,600,000), kabid 11 (4,700,000)."""
    last = Cycle.objects.create(year=YEAR - 1, frequency="triwulanan", status=CycleStatus.CLOSED)
    skp = Skp.objects.create(
        cycle=last,
        employee=org.pegawai,
        position=org.staff_pos,
        start_date=dt.date(YEAR - 1, 1, 1),
        end_date=dt.date(YEAR - 1, 12, 31),
        status=SkpStatus.APPROVED,
    )
    Evaluation.objects.create(
        skp=skp,
        period=ANNUAL,
        status=EvaluationStatus.FINALISED,
        rating_hasil="DI_BAWAH_EKSPEKTASI",
        rating_perilaku="SESUAI_EKSPEKTASI",
        predicate="BUTUH_PERBAIKAN",
    )
    cycle = Cycle.objects.create(year=YEAR, frequency="triwulanan", status=CycleStatus.OPEN)
    scheme_start(cycle, actor=actor(org.admin_bkd))
    for position, kelas in ((org.staff_pos, 7), (org.kasi_pos, 9), (org.kabid_pos, 11)):
        PostClass.objects.create(position=position, kelas=kelas)
    imported = RecapImport.objects.create(
        year=YEAR, month=MONTH, source="uji", file_name="rekap.xlsx"
    )
    Recap.objects.create(
        employee=org.pegawai,
        year=YEAR,
        month=MONTH,
        late=[2, 0, 0, 0],
        early=[0, 1, 0, 0],
        absent_days=1,
        leave_days={"CB": 1, "CT": 2},
        imported=imported,
    )
    return cycle


def _line(org, employee):
    month = Month.objects.get(year=YEAR, month=MONTH, opd=org.dinkes)
    return month.lines.get(employee=employee)


def test_the_month_matches_the_hand_computation(org, tpp):
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    line = _line(org, org.pegawai)
    # Kelas 7: 2,800,000. Performance 60 % × 75 % (Butuh Perbaikan, annual 2025) = 1,260,000;
    # discipline 40 % = 1,120,000; TL1 2 × 0.5 + PSW2 1 × 1 + TK 1 × 3 + CB 1 × 2 = 7 % of the
    # discipline share = 78,400; annual leave (CT) reduces nothing.
    assert (line.basis, line.gross, line.deduction_total, line.received) == (
        2_800_000,
        2_380_000,
        78_400,
        2_301_600,
    )
    assert line.detail["performance_amount"] == 1_260_000
    assert line.detail["predicate_source"] == f"Tahunan {YEAR - 1}"
    assert [d["code"] for d in line.detail["deductions"]] == ["TL1", "PSW2", "TK", "CUTI:CB"]
    assert line.anomalies == []


def test_missing_data_is_flagged_for_review(org, tpp):
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    colleague = _line(org, org.colleague)
    assert set(colleague.anomalies) == {Anomaly.NO_ATTENDANCE, Anomaly.NO_PREDICATE}
    assert colleague.received == 1_120_000  # the discipline share alone
    analyst = _line(org, org.admin_opd)  # a post without a class: no basis
    assert Anomaly.NO_BASIS in analyst.anomalies and analyst.received == 0


def test_a_mutasi_mid_month_is_prorated_by_days(org, tpp):
    definitive = Assignment.objects.get(employee=org.pegawai, kind=AssignmentKind.DEFINITIF)
    definitive.end_date = dt.date(YEAR, MONTH, 14)
    definitive.save()
    place(org.pegawai, org.kasi_pos, start=dt.date(YEAR, MONTH, 15))
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    line = _line(org, org.pegawai)
    # 14 days at 2,800,000 and 14 at 3,600,000 of 28.
    assert line.basis == 3_200_000
    assert Anomaly.POST_CHANGED in line.anomalies
    assert [p["days"] for p in line.detail["posts"]] == [14, 14]


def test_a_plt_adds_a_share_of_the_acting_posts_basis(org, tpp):
    place(org.ppk, org.kabid_pos, start=dt.date(YEAR, 1, 1), kind=AssignmentKind.PLT)
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    # 3,600,000 + 20 % of 4,700,000.
    assert _line(org, org.ppk).basis == 4_540_000


def test_a_penalty_in_force_cuts_bruto(org, tpp):
    Penalty.objects.create(
        employee=org.pegawai,
        level=PenaltyKind.POTONG_6,
        percent=Decimal(10),
        first_month=dt.date(YEAR, 1, 1),
        months=3,
        decree_number="800/12/BKPSDM",
        decree_date=dt.date(YEAR - 1, 12, 20),
    )
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    line = _line(org, org.pegawai)
    assert line.detail["penalty_amount"] == 238_000  # 10 % of 2,380,000
    assert line.received == 2_301_600 - 238_000


def test_locking_tells_the_employees_and_freezes_the_month(org, tpp):
    record = month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    month_lock(record, actor=actor(org.admin_bkd))
    assert Month.objects.get(pk=record.pk).state == MonthState.LOCKED
    notice = Notification.objects.get(recipient=org.pegawai.user)
    assert notice.url == reverse("tpp:mine_month", args=[YEAR, MONTH])
    with pytest.raises(DomainError):
        month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    with pytest.raises(DomainError):
        month_reopen(record, "  ", actor=actor(org.admin_bkd))
    paid = _line(org, org.pegawai).received
    month_reopen(record, "Rekap absensi diperbaiki", actor=actor(org.admin_bkd))
    revision = record.paid_revisions.get()  # what was paid stays, whatever is computed next
    assert revision.reason == "Rekap absensi diperbaiki"
    assert (
        next(line for line in revision.lines if line["nip"] == org.pegawai.nip)["received"] == paid
    )
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    reasons = list(record.history.values_list("history_change_reason", flat=True))
    assert any("Rekap absensi diperbaiki" in (r or "") for r in reasons)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("pegawai", 200),
        ("ppk", 200),
        ("admin_opd", 200),
        ("admin_bkd", 200),
        ("atasan_ppk", 404),
        ("outsider", 404),
        ("admin_opd_other", 404),
    ],
)
def test_who_reads_the_pegawais_line(org, tpp, login, persona, status):
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    url = reverse("tpp:employee_month", args=[org.pegawai.nip, YEAR, MONTH])
    response = login(persona).get(url)
    assert response.status_code == status
    if status == 200:
        assert "Rp 2.301.600" in response.content.decode()


def test_the_employee_sees_and_simulates_their_own_month(org, tpp, login):
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    client = login("pegawai")
    page = client.get(reverse("tpp:mine_month", args=[YEAR, MONTH]), {"predikat": "BAIK"})
    assert page.status_code == 200
    simulated = page.context["simulated"]
    # Baik earns 100 %: 1,680,000 + 1,120,000 − 78,400.
    assert simulated["received"] == 2_721_600 and simulated["difference"] == 420_000
    pdf = client.get(reverse("tpp:mine_month", args=[YEAR, MONTH]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_downloaded_computation_is_a_verifiable_document(org, tpp, login):
    month = month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    client = login("pegawai")
    url = reverse("tpp:mine_month", args=[YEAR, MONTH])
    first = client.get(url, {"format": "pdf"}).content
    record = DocumentRecord.objects.get(kind=DocumentKind.TPP_LINE)
    assert (record.owner_id, record.nip, record.sha256) == (
        org.pegawai.pk, org.pegawai.nip, hashlib.sha256(first).hexdigest(),
    )  # fmt: skip
    assert client.get(url, {"format": "pdf"}).content == first  # same figures: same document
    checked = login("anonymous").get(reverse("verification:document", args=[record.code]))
    assert checked.status_code == 200 and f"Februari {YEAR}" in checked.content.decode()
    # Locked, it prints FINAL: a new version replacing the draft.
    month_lock(month, actor=actor(org.admin_bkd))
    client.get(url, {"format": "pdf"})
    newest = DocumentRecord.objects.filter(kind=DocumentKind.TPP_LINE).order_by("version")
    assert [r.version for r in newest] == [1, 2] and newest[0].replaced_by == newest[1]


def test_the_recap_has_one_sheet_per_opd_with_totals(org, tpp):
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    month_compute(YEAR, MONTH, org.disdik, actor=actor(org.admin_bkd))
    exporter = TppExporter(ExportParams(cycle=tpp, month=MONTH), AGENCY_SCOPE)
    stream = BytesIO()
    write_workbook(exporter, stream, generated_by="uji")
    book = load_workbook(BytesIO(stream.getvalue()))
    assert book.sheetnames[1:] == ["DINKES", "DISDIK"]
    rows = list(book["DINKES"].iter_rows(values_only=True))
    assert rows[0] == HEADERS
    people = [row for row in rows[1:] if row[0]]
    total = next(row for row in rows if row[1] == "Jumlah")
    assert total[9] == sum(row[9] for row in people)
    assert any(row and row[6] == "Kepala BKD" for row in rows)


def test_two_plt_at_once_and_a_mutasi_pay_each_day_once(org, tpp):
    # Feb 2026 (28 days): staff post (kelas 7, 2,800,000) days 1–14, kasi post (kelas 9,
    # 3,600,000) days 15–28; Plt of the kabid post (4,700,000) days 1–10 and of the kasi post
    # (3,600,000) days 5–20: on days 5–10 the higher acting basis counts, once.
    _end_definitive(org, 14)
    place(org.pegawai, org.kasi_pos, start=dt.date(YEAR, MONTH, 15))
    for position, first, last in ((org.kabid_pos, 1, 10), (org.kasi_pos, 5, 20)):
        Assignment.objects.create(
            employee=org.pegawai,
            position=position,
            kind=AssignmentKind.PLT,
            start_date=dt.date(YEAR, MONTH, first),
            end_date=dt.date(YEAR, MONTH, last),
        )
    month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_bkd))
    # Days 1–10: 2.8m + 20 % × 4.7m; 11–14: 2.8m + 20 % × 3.6m; 15–20: 3.6m + 20 % × 3.6m;
    # 21–28: 3.6m.
    expected = (10 * 3_740_000 + 4 * 3_520_000 + 6 * 4_320_000 + 8 * 3_600_000) // 28
    assert _line(org, org.pegawai).basis == expected


def _end_definitive(org, day: int) -> None:
    definitive = Assignment.objects.get(
        employee=org.pegawai, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
    )
    definitive.end_date = dt.date(YEAR, MONTH, day)
    definitive.save()


def test_a_month_whose_figures_changed_since_computed_is_not_locked(org, tpp):
    by = actor(org.admin_bkd)
    record = month_compute(YEAR, MONTH, org.dinkes, actor=by)
    Recap.objects.filter(employee=org.pegawai).update(absent_days=3)
    with pytest.raises(DomainError):
        month_lock(record, actor=by)
    month_lock(month_compute(YEAR, MONTH, org.dinkes, actor=by), actor=by)
    tk = next(d for d in _line(org, org.pegawai).detail["deductions"] if d["code"] == "TK")
    assert (tk["count"], Decimal(tk["percent"])) == (3, 9)


def test_a_month_not_over_is_not_locked(org, tpp):
    from django.utils import timezone

    today = timezone.localdate()
    cycle, _ = Cycle.objects.get_or_create(year=today.year, defaults={"status": CycleStatus.OPEN})
    if not cycle.tpp_versions.exists():
        scheme_start(cycle, actor=actor(org.admin_bkd))
    record = month_compute(today.year, today.month, org.dinkes, actor=actor(org.admin_bkd))
    with pytest.raises(DomainError):
        month_lock(record, actor=actor(org.admin_bkd))


def test_an_employee_paid_by_another_opd_is_not_paid_twice(org, tpp):
    by = actor(org.admin_bkd)
    month_compute(YEAR, MONTH, org.dinkes, actor=by)
    # A mutasi to Disdik recorded afterwards, dated back into the month.
    _end_definitive(org, 19)
    place(org.pegawai, org.disdik_staff, start=dt.date(YEAR, MONTH, 20))
    disdik = month_compute(YEAR, MONTH, org.disdik, actor=by)
    assert not disdik.lines.filter(employee=org.pegawai).exists()


def test_only_the_admin_bkd_runs_the_month_whoever_calls_the_service(org, tpp):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        month_compute(YEAR, MONTH, org.dinkes, actor=actor(org.admin_opd))
    assert not Month.objects.exists()
