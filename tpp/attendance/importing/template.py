"""The recap workbook to fill in: the "Rekap" sheet with our headers and one row per employee,
and the "Petunjuk" sheet explaining each column."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from accounts.org.models import Employee
from tpp.attendance.importing.rows import DATA_SHEET, EARLY, HEADERS, LATE, LEAVE
from tpp.choices import LeaveKind

NAME_HEADER = "Nama"  # the template's reading aid; no field reads it


def _column_help(year: int, month: int) -> list[tuple[str, bool, str]]:
    """(header, required, what it holds) per column, in the sheet's order."""
    late, early = _("late arrival (terlambat)"), _("leaving before time (pulang sebelum waktunya)")
    bands = [
        (
            HEADERS[name],
            True,
            _("Occurrences of %(what)s in band %(band)d in the month (0–200).")
            % {"what": what, "band": band},
        )
        for names, what in ((LATE, late), (EARLY, early))
        for band, name in enumerate(names, start=1)
    ]
    leave = [
        (
            code,
            True,
            _("Days of %(kind)s in the month (PP 11/2017).") % {"kind": LeaveKind(code).label},
        )
        for code in LEAVE.values()
    ]
    return [
        (HEADERS["nip"], True, _("18 digits, as text. One row per employee.")),
        (NAME_HEADER, False, _("For reading only: the import ignores this column.")),
        (
            HEADERS["month"],
            False,
            _(
                "The month of the recap: %(a)s, %(b)s or %(c)s. When filled, it must be the "
                "month imported."
            )
            % {"a": f"{year}-{month:02d}", "b": f"{month:02d}/{year}", "c": month},
        ),
        *bands,
        (HEADERS["tk"], True, _("Days absent without leave or notice (tanpa keterangan, TK).")),
        *leave,
        (
            HEADERS["score"],
            False,
            _(
                "Monthly performance score from 0 to 100, decimals with a comma or a dot. Leave "
                "it empty where the predicate is used."
            ),
        ),
    ]


def template_workbook(year: int, month: int, employees: Iterable[Employee]) -> bytes:
    """The recap workbook to fill in: a "Rekap" sheet with our headers and one row per employee
    (NIP, name and month filled in), and a "Petunjuk" sheet explaining each column."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(DATA_SHEET)
    headers = [HEADERS["nip"], NAME_HEADER, *(HEADERS[name] for name in list(HEADERS)[1:])]
    for letter, width in (("A", 22), ("B", 32), ("C", 10)):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C2"
    bold = Font(bold=True)
    sheet.append([_cell(sheet, header, font=bold) for header in headers])
    label = f"{year}-{month:02d}"
    for employee in employees:
        # Text cells, so Excel keeps all 18 digits and does not turn the month into a date.
        sheet.append([_cell(sheet, employee.nip), employee.full_name, _cell(sheet, label)])
    _guide(workbook.create_sheet("Petunjuk"), year, month, bold)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = "@"
    if font is not None:
        cell.font = font
    return cell


def _guide(sheet, year: int, month: int, bold: Font) -> None:
    for letter, width in (("A", 16), ("B", 10), ("C", 100)):
        sheet.column_dimensions[letter].width = width
    title = _("How to fill in the sheet “%(sheet)s”") % {"sheet": DATA_SHEET}
    sheet.append([_cell(sheet, title, font=Font(bold=True, size=13))])
    for note in (
        _("One employee per row. Do not rename or remove the columns; blank cells count as 0."),
        _(
            "TL = terlambat (late arrival), PSW = pulang sebelum waktunya (leaving before "
            "time), TK = tanpa keterangan (absent without notice); the leave codes follow "
            "PP 11/2017."
        ),
        _("Every row is checked before anything is saved; any error means nothing is saved."),
        _(
            "Importing a month again replaces the OPD's recap of that month: an employee "
            "missing from the new file loses their recap."
        ),
    ):
        sheet.append([note])
    sheet.append([])
    sheet.append(
        [_cell(sheet, text, font=bold) for text in (_("Column"), _("Required"), _("Contents"))]
    )
    wrap = Alignment(wrap_text=True, vertical="top")
    for header, required, text in _column_help(year, month):
        contents = WriteOnlyCell(sheet, value=text)
        contents.alignment = wrap
        sheet.append([header, _("Yes") if required else _("No"), contents])
