"""Reading the employee workbook into plain rows of text, one per spreadsheet row.

Nothing here touches the database. Every failure of openpyxl (a CSV or PDF renamed .xlsx, a corrupt
zip, damaged sheet XML) becomes a file-level error rather than a server error, because users will
upload whatever their spreadsheet program produced. Before openpyxl unpacks anything, the zip's
directory is checked so a small upload cannot expand into gigabytes (a zip bomb, or a sheet of a
million formatted empty rows).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts.importing.plan import RowError


class Col:
    """Column headers, exactly as in the template (they are data format, so not translated)."""

    NIP = "NIP"
    NAME = "Nama"
    FRONT_TITLE = "Gelar Depan"
    BACK_TITLE = "Gelar Belakang"
    STATUS = "Status Kepegawaian"
    GOLONGAN = "Golongan"
    UNIT_CODE = "Kode Unit"
    UNIT_NAME = "Nama Unit"
    PARENT_CODE = "Kode Unit Induk"
    POSITION_NAME = "Nama Jabatan"
    POSITION_KIND = "Jenis Jabatan"
    JENJANG = "Jenjang"
    SUPERVISOR_NIP = "NIP Atasan Langsung"
    EMAIL = "Email"
    PHONE = "No HP"


COLUMNS = (
    Col.NIP,
    Col.NAME,
    Col.FRONT_TITLE,
    Col.BACK_TITLE,
    Col.STATUS,
    Col.GOLONGAN,
    Col.UNIT_CODE,
    Col.UNIT_NAME,
    Col.PARENT_CODE,
    Col.POSITION_NAME,
    Col.POSITION_KIND,
    Col.JENJANG,
    Col.SUPERVISOR_NIP,
    Col.EMAIL,
    Col.PHONE,
)
COLUMN_ORDER = {name: index for index, name in enumerate(COLUMNS)}
NIP_COLUMNS = (Col.NIP, Col.SUPERVISOR_NIP)
DATA_SHEET = "Pegawai"
MAX_ROWS = 50_000
SHEET_MAX_ROWS = 1_048_576  # Excel's last row
# Excel keeps 15 significant digits; doubles are exact up to 2**53. An 18-digit NIP typed as a
# number cannot survive either, so such cells are refused rather than silently altered.
EXACT_FLOAT_LIMIT = 2**53
# Unpacked size of all the zip's members together, in MB, unless settings say otherwise. A
# 50,000-row sheet written by Excel unpacks to roughly 40 MB.
DEFAULT_MAX_UNCOMPRESSED_MB = 200
# Sheet XML compresses about 5-10:1; far beyond that is a bomb. Small members (styles, themes)
# may compress better and cannot do harm, so the ratio only counts from 1 MB unpacked.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_FROM = 1024 * 1024


@dataclass
class SourceRow:
    """One non-blank data row: its spreadsheet row number and each column's text."""

    row: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)


@dataclass
class SheetRead:
    rows: list[SourceRow]
    file_errors: list[str]


def header_key(value) -> str:
    """A header as compared: spaces collapsed, case folded ("" for an empty cell)."""
    return " ".join(str(value).split()).casefold() if value is not None else ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def nip_text(value) -> tuple[str, bool]:
    """The NIP as text, and whether digits were lost because the cell held a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return _text(value), False
    if isinstance(value, float) and (not value.is_integer() or abs(value) >= EXACT_FLOAT_LIMIT):
        return _text(value), True
    text = str(int(value))
    # An 18-digit number saved by Excel ends in 000 (15 significant digits); real NIP sequence
    # numbers start at 001, so a numeric NIP ending in 000 is a truncated one.
    return text, len(text) >= 16 and text.endswith("000")


def _phone_text(value) -> str:
    text = _text(value)
    # A mobile number typed as a number loses its leading zero (0812… → 812…).
    if isinstance(value, int | float) and not isinstance(value, bool) and text.startswith("8"):
        return "0" + text
    return text


def _convert(row_number: int, cells: tuple, positions: dict[str, int]) -> SourceRow:
    values: dict[str, str] = {}
    errors: list[RowError] = []
    for column, index in positions.items():
        raw = cells[index] if index < len(cells) else None
        if column in NIP_COLUMNS:
            text, lost = nip_text(raw)
            if lost:
                errors.append(
                    RowError(
                        row_number,
                        column,
                        _(
                            "The NIP was stored as a number and Excel dropped its last digits. "
                            "Format the column as Text and type the NIP again."
                        ),
                    )
                )
        elif column == Col.PHONE:
            text = _phone_text(raw)
        else:
            text = _text(raw)
        values[column] = text
    return SourceRow(row_number, values, errors)


def _not_a_workbook() -> SheetRead:
    return SheetRead(
        [],
        [
            _(
                "The file is not an Excel workbook (.xlsx). Download the template and save "
                "your data in it."
            )
        ],
    )


def _damaged() -> SheetRead:
    return SheetRead(
        [],
        [
            _(
                "The workbook could not be read; it may be damaged. Open it in Excel and "
                "save it again as .xlsx."
            )
        ],
    )


def _too_large(limit_mb: int) -> SheetRead:
    return SheetRead(
        [],
        [
            _(
                "The file is too large once unpacked (over %(max)d MB) or unusually compressed. "
                "Copy only the employee rows into the template and upload that file."
            )
            % {"max": limit_mb}
        ],
    )


def unpacked_size_problem(file_obj) -> SheetRead | None:
    """A file error when the upload is no zip, or would unpack too large or suspiciously small
    compressed. The sizes come from the zip's directory: Python's zipfile stops at (and checks
    the CRC of) the declared size, so a member that lies about it fails to read instead."""
    limit_mb = getattr(settings, "IMPORT_MAX_UNCOMPRESSED_MB", DEFAULT_MAX_UNCOMPRESSED_MB)
    try:
        with zipfile.ZipFile(file_obj) as archive:
            members = archive.infolist()
    except Exception:  # noqa: BLE001 - BadZipFile, or NotImplementedError from a damaged header
        return _not_a_workbook()
    if sum(m.file_size for m in members) > limit_mb * 1024 * 1024:
        return _too_large(limit_mb)
    for member in members:
        if (
            member.file_size >= RATIO_CHECKED_FROM
            and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            return _too_large(limit_mb)
    return None


def read_workbook(file_obj) -> SheetRead:
    """Read the data sheet ("Pegawai", else the first sheet) into SourceRows.

    Headers match case-insensitively with surrounding spaces ignored; extra columns are ignored;
    blank rows are skipped. Row numbers are the spreadsheet's own (the header is row 1).
    """
    if hasattr(file_obj, "seek"):
        file_obj.seek(0)
    problem = unpacked_size_problem(file_obj)
    if problem is not None:
        return problem
    try:
        if hasattr(file_obj, "seek"):
            file_obj.seek(0)
        workbook = load_workbook(file_obj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any parser failure means "not a workbook we can read"
        return _not_a_workbook()
    try:
        return _read_sheet(workbook)
    except Exception:  # noqa: BLE001 - read-only sheets parse lazily, so damage surfaces here
        return _damaged()
    finally:
        workbook.close()


def _read_sheet(workbook) -> SheetRead:
    names = workbook.sheetnames
    if not names:
        return _empty()
    sheet = workbook[DATA_SHEET] if DATA_SHEET in names else workbook[names[0]]
    # A read-only sheet trusts the size the file declares: declared too small, openpyxl silently
    # stops early (rows lost); declared A1:XFD1048576, it pads every blank row to 16,384 cells
    # (minutes of work for a few kB). Read what the sheet holds instead.
    sheet.reset_dimensions()
    header = next(sheet.iter_rows(max_row=1, values_only=True), None)
    if header is None or not any(header_key(v) for v in header):
        return _empty()
    positions: dict[str, int] = {}
    wanted = {column.casefold(): column for column in COLUMNS}
    for index, value in enumerate(header):
        column = wanted.get(header_key(value))
        if column is not None and column not in positions:
            positions[column] = index
    missing = [column for column in COLUMNS if column not in positions]
    if missing:
        return SheetRead([], [_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)}])
    # Only the columns we use are read, so a stray cell in column XFD does not widen every row.
    cells = sheet.iter_rows(min_row=2, max_col=max(positions.values()) + 1, values_only=True)
    rows: list[SourceRow] = []
    blank = None  # openpyxl yields one shared tuple for every row the sheet leaves out
    for offset, values in enumerate(cells, start=2):
        if offset > SHEET_MAX_ROWS:  # a row number no spreadsheet program writes
            return _damaged()
        if values is blank:
            continue
        if all(_text(v) == "" for v in values):
            blank = values
            continue
        if len(rows) >= MAX_ROWS:
            return SheetRead(
                [],
                [_("The file has more than %(max)d rows; import it in parts.") % {"max": MAX_ROWS}],
            )
        rows.append(_convert(offset, values, positions))
    if not rows:
        return _empty()
    return SheetRead(rows, [])


def _empty() -> SheetRead:
    return SheetRead(
        [], [_("The sheet is empty: fill in one employee per row below the header row.")]
    )
