"""A person's data in three forms: JSON for machines, an Excel workbook and a PDF for people.

All three come from the same tables (reports.privacy.dossier). The workbook writes what people
typed as text, never as a formula (core.spreadsheets); the PDF is rendered in the reader's
language (it is not an official document) by WeasyPrint, as the other documents.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from appraisal.documents.rendering import css_string, pdf_bytes
from core.spreadsheets import write_only_cell
from reports.privacy.dossier import NOTES, Dossier
from reports.privacy.tables import Table, plain, readable

FORMAT = "kinerja-asn/personal-data/1"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
PDF_TEMPLATE = "reports/privacy/pdf.html"
GRID_COLUMNS = 8  # a table this narrow is a grid in the PDF; a wider one a list of records
# WeasyPrint costs about a second per hundred rows: a long list (years of daily logs, the audit
# trail) shows its newest rows in the PDF, and the workbook and the JSON hold all of them.
PDF_MAX_ROWS = 200
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_BOLD = Font(bold=True)


def json_bytes(dossier: Dossier) -> bytes:
    """The whole record as one JSON document: `about` says what it is, then one key per table
    (a list of rows; the profile and the account are single objects)."""
    document = {
        "about": {
            "format": FORMAT,
            "generated_at": plain(dossier.generated_at),
            "language": translation.get_language(),
            "username": dossier.user.get_username(),
            "nip": dossier.employee.nip if dossier.employee else None,
            "notes": [str(note) for note in NOTES],
        }
    }
    for found in dossier.tables:
        document[found.key] = found.as_json()
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts: at most 31 characters, none of []:*?/\\, unique."""
    base = _SHEET_FORBIDDEN.sub(" ", title)[:31].strip()
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def _cell(sheet, value):
    if isinstance(value, dt.datetime):
        return write_only_cell(sheet, value, DATETIME_FORMAT)
    if isinstance(value, dt.date):
        return write_only_cell(sheet, value, DATE_FORMAT)
    return write_only_cell(sheet, value)


def _bold(sheet, text) -> WriteOnlyCell:
    cell = write_only_cell(sheet, str(text))
    cell.font = _BOLD
    return cell


def _write_cover(workbook: Workbook, dossier: Dossier, titles: list[str]) -> None:
    sheet = workbook.create_sheet(_("About"))
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 70
    title = write_only_cell(sheet, _("Personal data of %(name)s") % {"name": dossier.name})
    title.font = Font(bold=True, size=14)
    sheet.append([title])
    generated = _cell(sheet, readable(dossier.generated_at))
    generated.alignment = Alignment(horizontal="left")
    sheet.append([_("Generated at"), generated])
    sheet.append([_("Time zone"), timezone.get_current_timezone_name()])
    sheet.append([])
    for note in NOTES:
        sheet.append([write_only_cell(sheet, str(note))])
    sheet.append([])
    sheet.append([_bold(sheet, _("Sheet")), _bold(sheet, _("Rows"))])
    for name, found in zip(titles, dossier.tables, strict=True):
        sheet.append([write_only_cell(sheet, name), len(found.rows)])


def _write_table(workbook: Workbook, name: str, found: Table) -> None:
    sheet = workbook.create_sheet(name)
    rows = found.readable_rows()
    if found.single:
        sheet.column_dimensions["A"].width = 30
        sheet.column_dimensions["B"].width = 60
        for col, value in zip(found.columns, rows[0] if rows else [], strict=False):
            sheet.append([_bold(sheet, col.label), _cell(sheet, value)])
        return
    for index, _col in enumerate(found.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = 22
    sheet.freeze_panes = "A2"
    sheet.append([_bold(sheet, col.label) for col in found.columns])
    for values in rows:
        sheet.append([_cell(sheet, value) for value in values])
    if rows:
        last = get_column_letter(len(found.columns))
        sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"


def xlsx_bytes(dossier: Dossier) -> bytes:
    """The record as a workbook: a cover sheet, then a sheet per table."""
    workbook = Workbook(write_only=True)
    taken = {_("About").lower()}
    titles = [_sheet_title(str(found.title), taken) for found in dossier.tables]
    _write_cover(workbook, dossier, titles)
    for name, found in zip(titles, dossier.tables, strict=True):
        _write_table(workbook, name, found)
    with tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024) as stream:
        workbook.save(stream)
        stream.seek(0)
        return stream.read()


def _shown(value) -> str:
    """A readable value as the PDF prints it."""
    if isinstance(value, dt.datetime):
        return date_format(value, "d-m-Y H:i")
    if isinstance(value, dt.date):
        return date_format(value, "d-m-Y")
    return str(value)


def _pdf_section(found: Table) -> dict:
    cols = [col for col in found.columns if not col.identifier]
    rows = [[_shown(value) for value in row] for row in found.readable_rows(cols)]
    total, rows = len(rows), rows[-PDF_MAX_ROWS:]
    cut = ""
    if total > len(rows):
        cut = _(
            "The newest %(shown)s of %(total)s rows; the Excel workbook and the JSON hold them all."
        ) % {"shown": len(rows), "total": total}
    return {
        "title": found.title,
        "cut": cut,
        "labels": [col.label for col in cols],
        "rows": rows,
        "grid": not found.single and len(cols) <= GRID_COLUMNS,
        "records": [list(zip(cols, row, strict=True)) for row in rows],
    }


def pdf_html(dossier: Dossier) -> str:
    """The PDF's HTML (tests read it without paying for WeasyPrint)."""
    context = {
        "dossier": dossier,
        "generated_at": _shown(readable(dossier.generated_at)),
        "footer": css_string(dossier.name),
        "sections": [_pdf_section(found) for found in dossier.tables],
        "notes": NOTES,
    }
    return render_to_string(PDF_TEMPLATE, context)


def pdf(dossier: Dossier) -> bytes:
    return pdf_bytes(pdf_html(dossier))
