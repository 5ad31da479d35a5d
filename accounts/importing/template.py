"""The blank workbook users download, fill in and upload.

The data sheet holds the header only (an example row would be imported by whoever forgets to
delete it); the "Petunjuk" sheet explains each column. NIP columns are formatted as Text so Excel
keeps all 18 digits.
"""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.choices import PNS_GOLONGAN, PPPK_GOLONGAN, EmploymentType, Jenjang, PositionKind
from accounts.importing.rows import REQUIRED
from accounts.importing.workbook import COLUMNS, DATA_SHEET, Col

TEXT_COLUMNS = (
    Col.NIP,
    Col.SUPERVISOR_NIP,
    Col.PHONE,
    Col.UNIT_CODE,
    Col.PARENT_CODE,
    Col.GOLONGAN,
)
VALIDATED_ROWS = 20_000


def _column_help() -> dict[str, str]:
    keahlian = ", ".join(j.label for j in Jenjang if j.value.startswith("ahli"))
    keterampilan = ", ".join(j.label for j in Jenjang if not j.value.startswith("ahli"))
    return {
        Col.NIP: _("18 digits, typed as text (the column is formatted as Text)."),
        Col.NAME: _("Full name without academic titles."),
        Col.FRONT_TITLE: _("Academic title before the name, e.g. Dr. or Ir. Optional."),
        Col.BACK_TITLE: _("Academic title after the name, e.g. S.Kom., M.Si. Optional."),
        Col.STATUS: _("PNS or PPPK."),
        Col.GOLONGAN: _("PNS: golongan ruang (%(pns)s). PPPK: roman numeral (%(pppk)s). Optional.")
        % {"pns": ", ".join(PNS_GOLONGAN), "pppk": ", ".join(PPPK_GOLONGAN)},
        Col.UNIT_CODE: _("The unit's code; rows with the same code are the same unit."),
        Col.UNIT_NAME: _("The unit's name; the same for every row of a unit."),
        Col.PARENT_CODE: _(
            "Code of the unit above this one. Leave empty for a top-level unit (an OPD)."
        ),
        Col.POSITION_NAME: _("The name of the position (jabatan)."),
        Col.POSITION_KIND: _("One of: %(kinds)s.") % {"kinds": ", ".join(PositionKind.labels)},
        Col.JENJANG: _(
            "Only for functional positions. Fungsional Keahlian: %(keahlian)s. "
            "Fungsional Keterampilan: %(keterampilan)s. Leave empty otherwise."
        )
        % {"keahlian": keahlian, "keterampilan": keterampilan},
        Col.SUPERVISOR_NIP: _(
            "NIP of the direct supervisor, in this file or already in the system. Leave empty "
            "for the head of an OPD."
        ),
        Col.EMAIL: _("E-mail address. Optional."),
        Col.PHONE: _("Mobile number, typed as text. Optional."),
    }


def _list_validation(sheet, column: str, values: list[str]) -> None:
    letter = get_column_letter(COLUMNS.index(column) + 1)
    validation = DataValidation(
        type="list", formula1='"' + ",".join(values) + '"', allow_blank=True, showErrorMessage=True
    )
    validation.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
    sheet.add_data_validation(validation)


def build_template() -> bytes:
    """The template workbook as .xlsx bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = DATA_SHEET
    sheet.append(list(COLUMNS))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = bold, fill
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = max(14, len(column) + 4)
        if column in TEXT_COLUMNS:
            dimension.number_format = "@"
    sheet.column_dimensions["A"].width = sheet.column_dimensions["M"].width = 22
    sheet.freeze_panes = "A2"
    _list_validation(sheet, Col.STATUS, list(EmploymentType.labels))
    _list_validation(sheet, Col.POSITION_KIND, list(PositionKind.labels))
    _list_validation(sheet, Col.JENJANG, list(Jenjang.labels))

    guide = workbook.create_sheet("Petunjuk")
    guide.append([_("How to fill in the sheet “%(sheet)s”") % {"sheet": DATA_SHEET}])
    guide["A1"].font = Font(bold=True, size=13)
    notes = [
        _("One employee per row, below the header row. Do not rename or remove the columns."),
        _(
            "An existing employee (same NIP) is updated; a new position or unit moves them "
            "(mutasi)."
        ),
        _("Every row is checked before anything is saved; any error means nothing is saved."),
    ]
    for note in notes:
        guide.append([note])
    guide.append([])
    guide.append([_("Column"), _("Required"), _("Contents")])
    header_row = guide.max_row
    for cell in guide[header_row]:
        cell.font, cell.fill = bold, fill
    help_texts = _column_help()
    for column in COLUMNS:
        guide.append([column, _("Yes") if column in REQUIRED else _("No"), help_texts[column]])
    guide.column_dimensions["A"].width = 24
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 100
    for row in guide.iter_rows(min_row=header_row + 1):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
