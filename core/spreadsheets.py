"""Cells of the workbooks we write (openpyxl write-only mode): text typed by people stays text.

Names, notes, objection reasons, comments… are typed by employees, supervisors, administrators
and citizens. Text starting with "=", "+", "-", "@", a tab or a carriage return is what a
spreadsheet program reads as a formula (formula or CSV injection: "=HYPERLINK(…)" sends a click
to any address, "=cmd|' /C calc'!A0" asks Excel to run a program). openpyxl itself writes a
string starting with "=" as a formula and "#REF!" as an error value; the other prefixes become a
formula as soon as someone edits the cell. So such text is written as a string cell (data type
"s") with Excel's quote prefix ("'" in the formula bar, not in the cell): the text shown is
unchanged and stays text when edited. Numbers, dates and empty cells pass unchanged.

Every exporter goes through here (reports.exporters.base, accounts.logins.export); a value that
needs nothing special is handed to openpyxl as it is, so a 100,000-row export stays fast.
"""

from __future__ import annotations

import re

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

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
