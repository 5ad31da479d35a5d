"""Reading a recap file: opening the .xlsx or CSV, the column mapping and the header row, each
row checked into a draft."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from accounts.importing.workbook import (
    DEFAULT_MAX_UNCOMPRESSED_MB,
    SHEET_MAX_ROWS,
    header_key,
    unpacked_size_problem,
)
from accounts.org.models import OrgUnit
from tpp.attendance.importing.checks import blank, check_people, check_row
from tpp.attendance.importing.rows import DATA_SHEET, HEADERS, OPTIONAL, Draft, Parsed, RowError
from tpp.attendance.models import ColumnMapping

MAX_ROWS = 200_000  # a province's employees in one file, with room to spare
# Exports often carry a title or the period above the header: the header is the first of these
# rows that names the NIP column.
HEADER_SEARCH_ROWS = 20


class _Unreadable(Exception):
    """A file-level problem; its message is for the user."""


def read(
    file,
    *,
    year: int,
    month: int,
    source: str,
    mapping: dict[str, str] | None = None,
    opd: OrgUnit | None = None,
    locked_opd_ids: Iterable[int] = frozenset(),
) -> Parsed:
    """Read and check a month's recap file; nothing is written.

    `mapping` ({field: header as the source writes it}) overrides the mapping kept for `source`,
    which overrides our template's headers. `opd` is the OPD imported for (None: the whole
    agency): each row's employee must belong to it for the month (tpp.attendance.scope), which
    is also the caller's scope (policies.may_import_recaps); `locked_opd_ids` the OPDs whose
    month is locked. Returns a Parsed whose file_errors or errors (row, NIP, message) list every problem
    found, or whose rows are ready for recap_import_apply.
    """
    source = " ".join((source or "").split())
    parsed = Parsed(year=year, month=month, source=source)
    try:
        parsed.mapping = _mapping(source, mapping)
        with _opened(file) as rows:
            start, positions = _header(rows, parsed.mapping)
            drafts = _drafts(rows(start + 1, max(positions.values()) + 1), positions, parsed)
    except _Unreadable as problem:
        parsed.file_errors.append(str(problem))
        return parsed
    check_people(drafts, parsed, opd, frozenset(locked_opd_ids))
    return parsed


def _mapping(source: str, given: dict[str, str] | None) -> dict[str, str]:
    """The mapping a file from `source` is read with: our headers, then the mapping kept for
    the source, then `given`. A field mapped to "" has no column in that source (counts 0)."""
    mapping = dict(HEADERS)
    kept = ColumnMapping.objects.filter(source=source).values_list("columns", flat=True).first()
    mapping.update({name: header for name, header in (kept or {}).items() if name in HEADERS})
    unknown = sorted(set(given or {}) - set(HEADERS))
    if unknown:
        raise _Unreadable(
            _("Unknown fields in the column mapping: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    mapping.update(given or {})
    mapping = {name: " ".join(str(header or "").split()) for name, header in mapping.items()}
    if not mapping["nip"]:
        raise _Unreadable(_("The column mapping must name the NIP column."))
    seen: set[str] = set()
    for header in filter(None, mapping.values()):
        if header_key(header) in seen:
            raise _Unreadable(
                _("Column “%(header)s” is mapped to more than one field.") % {"header": header}
            )
        seen.add(header_key(header))
    return mapping


Rows = Callable[..., Iterator[tuple[int, Sequence]]]


@contextmanager
def _opened(file) -> Iterator[Rows]:
    """rows(first=1, max_col=None) → (row number, cells) of the file's data sheet."""
    if hasattr(file, "seek"):
        file.seek(0)
    suffix = PurePath(getattr(file, "name", "") or "").suffix.casefold()
    if suffix == ".xlsx":
        with _workbook_rows(file) as rows:
            yield rows
    elif suffix == ".csv":
        yield _csv_rows(file)
    else:
        raise _Unreadable(_("Upload the recap as an Excel workbook (.xlsx) or a CSV file (.csv)."))


def _damaged() -> _Unreadable:
    return _Unreadable(
        _(
            "The workbook could not be read; it may be damaged. Open it in Excel and "
            "save it again as .xlsx."
        )
    )


@contextmanager
def _workbook_rows(file) -> Iterator[Rows]:
    problem = unpacked_size_problem(file)
    if problem is not None:
        raise _Unreadable(problem.file_errors[0])
    try:
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any parser failure means "not a workbook we can read"
        raise _Unreadable(
            _(
                "The file is not an Excel workbook (.xlsx). Download the template and save "
                "your data in it."
            )
        ) from None
    try:
        names = workbook.sheetnames
        if not names:
            raise _Unreadable(_("The file is empty."))
        sheet = workbook[DATA_SHEET if DATA_SHEET in names else names[0]]
        # The size a read-only sheet declares is not trusted (accounts.importing.workbook).
        sheet.reset_dimensions()

        def rows(first: int = 1, max_col: int | None = None) -> Iterator[tuple[int, Sequence]]:
            try:
                cells = sheet.iter_rows(min_row=first, max_col=max_col, values_only=True)
                for number, values in enumerate(cells, start=first):
                    if number > SHEET_MAX_ROWS:
                        raise _damaged()
                    yield number, values
            except _Unreadable:
                raise
            except Exception:  # noqa: BLE001 - read-only sheets parse lazily: damage shows here
                raise _damaged() from None

        yield rows
    finally:
        workbook.close()


def _csv_rows(file) -> Rows:
    limit = getattr(settings, "IMPORT_MAX_UNCOMPRESSED_MB", DEFAULT_MAX_UNCOMPRESSED_MB)
    raw = file.read(limit * 1024 * 1024 + 1)
    if isinstance(raw, str):
        raw = raw.encode()
    if len(raw) > limit * 1024 * 1024:
        raise _Unreadable(_("The file is larger than %(max)d MB.") % {"max": limit})
    try:
        # A NUL never occurs in text: it is a binary file (a PDF, a workbook) named .csv.
        text = raw.decode("utf-8-sig") if b"\x00" not in raw else None
    except UnicodeDecodeError:
        text = None
    if text is None:
        raise _Unreadable(
            _("The CSV file is not UTF-8 text. Save it again as “CSV UTF-8 (comma delimited)”.")
        )
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","

    def rows(first: int = 1, max_col: int | None = None) -> Iterator[tuple[int, Sequence]]:
        try:
            for number, values in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
                if number >= first:
                    yield number, values
        except csv.Error:
            raise _Unreadable(_("The CSV file could not be read: check its quotes.")) from None

    return rows


def _header(rows: Rows, mapping: dict[str, str]) -> tuple[int, dict[str, int]]:
    """The header row (the first naming the NIP column, else the first non-blank one) and each
    present field's column index. A required column missing is a file-level error."""
    nip_key = header_key(mapping["nip"])
    header = None
    for number, values in islice(rows(), HEADER_SEARCH_ROWS):
        keys = [header_key(value) for value in values]
        if nip_key in keys:
            header = number, keys
            break
        if header is None and any(keys):
            header = number, keys
    if header is None:
        raise _Unreadable(_("The file is empty."))
    number, keys = header
    wanted = {header_key(text): name for name, text in mapping.items() if text}
    positions: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key in wanted:
            positions.setdefault(wanted[key], index)
    missing = [
        text
        for name, text in mapping.items()
        if text and name not in OPTIONAL and name not in positions
    ]
    if missing:
        raise _Unreadable(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    return number, positions


def _drafts(
    lines: Iterator[tuple[int, Sequence]], positions: dict[str, int], parsed: Parsed
) -> list[Draft]:
    """Each non-blank line checked on its own (cells, month, days); the NIPs seen."""
    drafts: list[Draft] = []
    first_row: dict[str, int] = {}
    shared_blank = None  # openpyxl yields one shared tuple for every row a sheet leaves out
    for number, cells in lines:
        if cells is shared_blank:
            continue
        values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
        if all(blank(value) for value in values.values()):
            shared_blank = cells
            continue
        if len(drafts) >= MAX_ROWS:
            raise _Unreadable(
                _("The file has more than %(max)d rows; import it in parts.") % {"max": MAX_ROWS}
            )
        draft = check_row(number, values, parsed)
        if draft.nip in first_row:
            parsed.errors.append(
                RowError(
                    number,
                    draft.nip,
                    parsed.mapping["nip"],
                    _("NIP %(nip)s also appears in row %(row)d.")
                    % {"nip": draft.nip, "row": first_row[draft.nip]},
                )
            )
            draft.values = None
        elif draft.nip:
            first_row[draft.nip] = number
        drafts.append(draft)
    if not drafts:
        raise _Unreadable(_("The file has no rows below the header: one employee per row."))
    return drafts
