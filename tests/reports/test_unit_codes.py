"""Exports name a unit and its OPD with the code beside the name (issue 20.5): two OPDs may share
a name, never a code."""

from reports.scope import AGENCY_SCOPE
from tests.reports.conftest import export_bytes, read_workbook


def test_an_export_names_the_unit_and_the_opd_with_their_codes(org, results):
    _book, sheets = read_workbook(export_bytes("top_performers", AGENCY_SCOPE))
    header, *rows = sheets["Kinerja Terbaik"]
    unit, opd = header.index("Unit Kerja"), header.index("OPD")
    assert {(row[unit], row[opd]) for row in rows} == {
        ("Seksi Surveilans (DINKES.SURV)", "Dinas Kesehatan (DINKES)")
    }
