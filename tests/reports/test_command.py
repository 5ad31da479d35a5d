"""python manage.py export_report IDENTIFIER --cycle YEAR [--opd CODE] [--period N] --output F."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.reports.conftest import YEAR, read_workbook


def test_command_writes_the_ranking(org, results, tmp_path):
    output = tmp_path / "peringkat.xlsx"
    out = StringIO()
    call_command("export_report", "ranking", cycle=str(YEAR), output=str(output), stdout=out)
    assert out.getvalue().strip() == f"ranking: 7 rows written to {output}"
    _book, sheets = read_workbook(str(output))
    assert [row[0] for row in sheets["Peringkat"][1:]] == [1, 2, 2, 4, 5, 6, 7]
    assert sheets["Keterangan"][0][0]  # the cover, in the agency's language


def test_command_filters_by_opd_and_period(org, results, tmp_path):
    output = tmp_path / "disdik.xlsx"
    call_command(
        "export_report", "completion_recap", "--cycle", str(YEAR), "--opd", "DISDIK",
        "--period", "2", "--output", str(output), stdout=StringIO(),
    )  # fmt: skip
    _book, sheets = read_workbook(str(output))
    assert [row[0] for row in sheets["Rekap per OPD"][1:]] == ["Dinas Pendidikan (DISDIK)"]
    assert {row[4] for row in sheets["Belum Mengisi"][1:]} == {"Triwulan II"}


@pytest.mark.parametrize(
    ("args", "msgid", "params"),
    [
        (["nope", "--cycle", "2025"], "Unknown report 'nope'", {}),
        (["ranking", "--cycle", "1999"], "There is no cycle for %(year)s.", {"year": 1999}),
        (
            ["ranking", "--cycle", "2025", "--opd", "ZZZ"],
            "There is no OPD with the code 'ZZZ'.",
            {},
        ),
        (
            ["ranking", "--cycle", "2025", "--period", "7"],
            "The %(year)s cycle has no period %(period)s.",
            {"year": 2025, "period": 7},
        ),
    ],
)
def test_command_refuses_bad_input_clearly(org, results, tmp_path, args, msgid, params):
    # The command speaks the agency's language (Indonesian), whatever the shell's locale.
    with translation.override("id"):
        expected = translation.gettext(msgid) % params if params else translation.gettext(msgid)
    with pytest.raises(CommandError, match=re.escape(expected)):
        call_command("export_report", *args, "--output", str(tmp_path / "x.xlsx"))
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_command_needs_an_xlsx_in_an_existing_folder(org, results, tmp_path):
    with pytest.raises(CommandError, match="must end in .xlsx"):
        call_command(
            "export_report", "ranking", "--cycle", "2025", "--output", str(tmp_path / "x.csv")
        )
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "export_report",
            "ranking",
            "--cycle",
            "2025",
            "--output",
            str(tmp_path / "no" / "x.xlsx"),
        )
