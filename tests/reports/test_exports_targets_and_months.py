"""Issue 20: the credit-point export counts whole months per SKP (point 9), the IKI export writes
each target with its direction and capaian (point 8), and the BKN export speaks e-Kinerja's own
skp_status (point 12)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from accounts.choices import Jenjang, PositionKind
from appraisal.choices import SkpStatus
from appraisal.plans.models import Iki, Rhk
from appraisal.realisation.models import IkiRealisation, Realisation
from reports.scope import AGENCY_SCOPE
from tests.factories import EmployeeFactory, PositionFactory, place
from tests.reports.conftest import YEAR, A, S, export_bytes, finalise, read_workbook, skp_for

D = dt.date


# PerBKN 3/2023, Lampiran (konversi predikat kinerja periodik): angka kredit = bulan / 12 ×
# persentase × koefisien, whole months; the month of a move counts once, for the post held on
# its 1st day (appraisal.rules.months_served). Today's count gave 7 + 6 = 13 for 15 July.
@pytest.mark.parametrize(
    ("move", "months", "points"),
    [
        (D(YEAR, 7, 1), (6, 6), (Decimal("9.38"), Decimal("6.25"))),
        (D(YEAR, 7, 15), (7, 5), (Decimal("10.94"), Decimal("5.21"))),
        (D(YEAR, 7, 31), (7, 5), (Decimal("10.94"), Decimal("5.21"))),
    ],
)
def test_credit_points_count_the_month_of_a_move_once(org, results, move, months, points):
    post = PositionFactory(
        name="Epidemiolog Ahli Pertama",
        kind=PositionKind.FUNGSIONAL_KEAHLIAN,
        jenjang=Jenjang.AHLI_PERTAMA,
        unit=org.surv,
        parent=org.kasi_pos,
    )
    epi = place(EmployeeFactory(name="Epi Demiolog"), post)
    finalise(skp_for(epi, results.cycle, end=move - dt.timedelta(days=1)), A, A)  # 150 %
    finalise(skp_for(epi, results.cycle, start=move), S, S)  # 100 %
    _book, sheets = read_workbook(export_bytes("credit_points", AGENCY_SCOPE))
    rows = sheets["Angka Kredit"]
    assert rows[0][8] == "Masa Penilaian (Bulan)"
    assert tuple(row[8] for row in rows[1:]) == months
    assert sum(row[8] for row in rows[1:]) == 12
    assert tuple(Decimal(str(row[-1])) for row in rows[1:]) == points


def test_the_bkn_export_writes_e_kinerjas_skp_status_in_any_language(org, results):
    results.outsider.skp.status = SkpStatus.RETURNED
    results.outsider.skp.save()
    with translation.override("en"):
        _book, sheets = read_workbook(export_bytes("bkn", AGENCY_SCOPE))
    by_nip = {row[0]: row for row in sheets["e-Kinerja"][1:]}
    assert by_nip[org.outsider.nip][10] == "Ditolak"
    assert by_nip[org.pegawai.nip][10] == "Disetujui"


def test_the_iki_export_writes_the_direction_and_the_capaian(org, results):
    skp = results.pegawai.skp
    rhk = Rhk.objects.create(skp=skp, section="utama", text="Menurunnya kasus DBD", order=9)
    ceiling = Iki.objects.create(
        rhk=rhk,
        order=1,
        aspek="kualitas",
        indicator="Kasus DBD per 100.000 penduduk",
        target_direction="at_most",
        target_value=Decimal(12),
        target_unit="kasus",
    )
    Iki.objects.create(
        rhk=rhk,
        order=2,
        aspek="kuantitas",
        indicator="Rasio",
        target_direction="range",
        target_value=Decimal(80),
        target_upper=Decimal(90),
        target_unit="%",
    )
    realisation = Realisation.objects.create(skp=skp, period=1)
    IkiRealisation.objects.create(realisation=realisation, iki=ceiling, value=Decimal(10))
    _book, sheets = read_workbook(export_bytes("iki_achievement", AGENCY_SCOPE))
    rows = sheets["Capaian IKI"]
    assert rows[0][8:11] == ("Arah Target", "Target", "Nilai Target")
    mine = [row for row in rows[1:] if row[0] == org.pegawai.nip]
    assert [(r[7], r[8], r[9], r[13], r[14], r[16], r[17]) for r in mine] == [
        ("Kasus DBD per 100.000 penduduk", "≤ paling banyak", "≤ 12 kasus", "Triwulan I", 10,
         116.7, "Sesuai target"),
        ("Rasio", "rentang", "80–90 %", None, None, None, None),
    ]  # fmt: skip
