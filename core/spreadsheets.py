"""Cells of the workbooks we write (XlsxWriter or openpyxl): text typed by people stays text.

Names, notes, objection reasons, comments… are typed by employees, supervisors, administrators
and citizens. Text starting with "=", "+", "-", "@", a tab or a carriage return is what a
spreadsheet program reads as a formula (formula or CSV injection: "=HYPERLINK(…)" sends a click
to any address, "=cmd|' /C calc'!A0" asks Excel to run a program). openpyxl itself writes a
string starting with "=" as a formula and "#REF!" as an error value; the other prefixes become a
formula as soon as someone edits the cell. So such text is written as a string cell (data type
"s") with Excel's quote prefix ("'" in the formula bar, not in the cell): the text shown is
unchanged and stays text when edited. Numbers, dates and empty cells pass unchanged.

Every exporter goes through here: the registry's exports (reports.exporters.base) with XlsxCells
below, the other workbooks (accounts.logins.export, the privacy dossier, the TPP scheme sheet)
with the openpyxl helpers. A row that needs nothing special is handed to the writer as it is, so
a 100,000-row export stays fast.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import NamedTuple

import xlsxwriter
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, TIME_FORMATS
from openpyxl.workbook.child import avoid_duplicate_name
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet
from xlsxwriter.xmlwriter import XMLwriter

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The first characters worth a second look: the formula prefixes and "#" (openpyxl's error codes).
_SUSPECT_FIRST = frozenset(FORMULA_PREFIXES) | {"#"}
# openpyxl's ILLEGAL_CHARACTERS_RE as one character class: the same characters, searched faster.
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")


def clean(value):
    """Text as a cell can hold it. Control characters (a pasted bell or escape) are valid input
    in a form, but the workbook's XML cannot carry them and openpyxl refuses the whole file."""
    if isinstance(value, str) and _ILLEGAL.search(value):
        return _ILLEGAL.sub("", value)
    return value


def needs_text_cell(value) -> bool:
    """True for text that a spreadsheet program (or openpyxl) would not keep as plain text."""
    return (
        isinstance(value, str)
        and value[:1] in _SUSPECT_FIRST
        and (value[0] != "#" or value in ERROR_CODES)
    )


def _as_text(cell: WriteOnlyCell) -> WriteOnlyCell:
    cell.data_type = "s"  # after the value: openpyxl guessed "f" (formula) or "e" (error) from it
    cell.quotePrefix = True
    return cell


def write_only_cell(sheet, value, number_format: str | None = None) -> WriteOnlyCell:
    """`value` (cleaned) as a cell of the write-only `sheet`, formula-like text kept as text."""
    value = clean(value)
    cell = WriteOnlyCell(sheet, value)
    if needs_text_cell(value):
        _as_text(cell)
    if number_format is not None and value is not None:
        cell.number_format = number_format
    return cell


def cell_value(sheet, value, number_format: str | None = None):
    """What to hand `sheet.append` for `value`: the value itself when openpyxl writes it right,
    else a cell (formula-like text as text, or a value with its number format)."""
    # Most text has no suspect first character and no control character: it goes to openpyxl
    # untouched (the check is as cheap as openpyxl's own).
    if isinstance(value, str) and (value[:1] in _SUSPECT_FIRST or _ILLEGAL.search(value)):
        value = clean(value)
        if needs_text_cell(value):
            return _as_text(WriteOnlyCell(sheet, value))
    if number_format is not None and value is not None:
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = number_format
        return cell
    return value


def row_values(sheet, values) -> list:
    """A row of plain values ready for `sheet.append` (see cell_value)."""
    return [cell_value(sheet, value) for value in values]


# XlsxWriter -------------------------------------------------------------------------------------
# The registry's exports (reports.exporters.base) are written with XlsxWriter in constant_memory
# mode: rows go to a temporary file as they come, several times faster than openpyxl. Opened with
# these options it never guesses: text is never made a formula, a link or a number.
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "remove_timezone": True,  # callers write the agency's wall-clock time (Excel has no zones)
}
# A row's text joined by "\n" is searched once: a suspect first character (or "<", see
# _write_marked) at the start of a line, or a control character anywhere. A line break inside a
# text only sends the row down the careful path, which decides per value.
_ROW_SUSPECT = re.compile(r"^[=+\-@\t\r#<]|[\000-\010\013\014\016-\037]", re.MULTILINE)
_XLSX_SUSPECT_FIRST = _SUSPECT_FIRST | {"<"}
_TIME_TYPES = (dt.datetime, dt.date, dt.time, dt.timedelta)  # in this order: datetime is a date


_XML_ESCAPES = re.compile("[&<>\r]")
# What XMLwriter escapes as "_xHHHH_": control characters (and "\r", see _Worksheet), the two
# non-characters, and text that reads like such an escape already.
_XLSX_ESCAPES = re.compile("_x[0-9a-fA-F]{4}_|[\000-\010\013-\037\ufffe\uffff]")


class _Worksheet(Worksheet):
    """XlsxWriter's worksheet, a carriage return written as a character reference (as openpyxl
    writes it). XlsxWriter writes it as "_x000D_", Excel's own escape, which openpyxl and the
    readers built on it show as those seven characters: "\r=1+1" would read back "_x000D_=1+1"."""

    @staticmethod
    def _escape_control_characters(data):
        # Called for every text cell: one search first, as most text needs no escape (XMLwriter
        # runs two substitutions on each).
        if not isinstance(data, str) or not _XLSX_ESCAPES.search(data):
            return data
        if "\r" in data:
            return "\r".join(map(XMLwriter._escape_control_characters, data.split("\r")))
        return XMLwriter._escape_control_characters(data)

    def _escape_data(self, data):
        # XMLwriter's, with "\r" (called for every text cell: kept as lean as the original).
        try:
            if not _XML_ESCAPES.search(data):
                return data
        except TypeError:
            return data
        data = data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return data.replace("\r", "&#13;")


def xlsx_workbook(stream, tmpdir: str) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook writing into `stream`, its rows kept under `tmpdir` until closed."""
    return xlsxwriter.Workbook(stream, {**XLSX_OPTIONS, "tmpdir": tmpdir})


class Style(NamedTuple):
    plain: Format | None  # None: the workbook's default
    quoted: Format  # the same with Excel's quote prefix, for formula-like text
    properties: tuple  # the XlsxWriter format properties, as (name, value) pairs


class XlsxCells:
    """Writes the cells of one XlsxWriter workbook: None stays empty, text by the rule above,
    numbers, booleans and dates by their type (a date without a number format gets openpyxl's)."""

    def __init__(self, workbook: xlsxwriter.Workbook):
        self._workbook = workbook
        self._styles: dict[tuple, Style] = {}
        self._run = workbook.add_format()  # the second run of a text carrying the rich-text mark
        self.plain = self.style()

    def style(self, **properties) -> Style:
        """The formats for XlsxWriter format `properties` (bold=True, num_format=…), made once."""
        key = tuple(sorted(properties.items()))
        found = self._styles.get(key)
        if found is None:
            plain = self._workbook.add_format(properties) if properties else None
            quoted = self._workbook.add_format({**properties, "quote_prefix": True})
            found = self._styles[key] = Style(plain, quoted, key)
        return found

    def add_sheet(self, title: str) -> Worksheet:
        """A worksheet, named as openpyxl would (a name taken already gets a number)."""
        names = [sheet.name for sheet in self._workbook.worksheets()]
        title = avoid_duplicate_name(names, title)
        sheet = self._workbook.add_worksheet(title, worksheet_class=_Worksheet)
        # XlsxWriter's write_row writes a date without a format as a bare number.
        for kind in _TIME_TYPES:
            sheet.add_write_handler(kind, self._write_date_handler)
        return sheet

    def _write_date_handler(self, sheet, row, col, value, cell_format=None):
        return self.write(sheet, row, col, value)

    def write(self, sheet: Worksheet, row: int, col: int, value, style: Style | None = None):
        """One cell (0-based row and column)."""
        style = style or self.plain
        if value is None:
            return 0
        if isinstance(value, str):
            return self.write_text(sheet, row, col, value, style)
        if isinstance(value, bool):  # before int: a bool is an int
            return sheet.write_boolean(row, col, value, style.plain)
        if isinstance(value, int | float | Decimal):
            return sheet.write_number(row, col, value, style.plain)
        if isinstance(value, _TIME_TYPES):
            properties = dict(style.properties)
            if "num_format" not in properties:
                kind = next(kind for kind in _TIME_TYPES if isinstance(value, kind))
                style = self.style(**properties, num_format=TIME_FORMATS[kind])
            return sheet.write_datetime(row, col, value, style.plain)
        raise TypeError(f"Cannot write a {type(value).__name__} to a cell")

    def write_text(self, sheet: Worksheet, row: int, col: int, text: str, style: Style):
        if text[:1] in _XLSX_SUSPECT_FIRST or _ILLEGAL.search(text):
            text = clean(text)
            if needs_text_cell(text):
                return sheet.write_string(row, col, text, style.quoted)
            if text.startswith("<r>") and text.endswith("</r>"):
                return self._write_marked(sheet, row, col, text, style)
        if not text:
            return 0  # as openpyxl: an empty text is an empty cell
        return sheet.write_string(row, col, text, style.plain)

    def _write_marked(self, sheet: Worksheet, row: int, col: int, text: str, style: Style):
        # In constant_memory mode XlsxWriter copies a string that starts with "<r>" and ends with
        # "</r>" into the XML unescaped (its mark for rich text): such typed text could add cells
        # of its own. Written as two runs of rich text, it is escaped and reads back whole.
        formats = (style.plain,) if style.plain is not None else ()
        return sheet.write_rich_string(row, col, text[:1], self._run, text[1:], *formats)

    def write_cells(self, sheet: Worksheet, row: int, values, styles=()) -> None:
        """A row cell by cell, each value with its style (the plain one past `styles`)."""
        for col, value in enumerate(values):
            if value is not None:
                style = styles[col] if col < len(styles) else None
                self.write(sheet, row, col, value, style)

    def row_writer(self, sheet: Worksheet, styles=()):
        """`write(row, values)` for the data rows of `sheet`, a style per column (or none)."""
        if any(styles):
            return lambda row, values: self.write_cells(sheet, row, values, styles)
        # No number format (the ranking): XlsxWriter's own write_row, which writes text as text
        # (XLSX_OPTIONS), unless one search over the row's text finds something to look at.
        search, join, write_row = _ROW_SUSPECT.search, "\n".join, sheet.write_row
        careful = self.write_cells

        def write(row: int, values) -> None:
            if search(join([value for value in values if isinstance(value, str)])):
                careful(sheet, row, values)
            else:
                write_row(row, 0, values)

        return write
