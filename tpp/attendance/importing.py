"""The monthly attendance recap import: a file from the attendance system becomes one Recap per
employee for the month, all rows or none.

    parsed = read(upload, year=2026, month=3, source="Fingerspot",
                  allowed_employee_ids=policies.allowed_employee_ids(roles),
                  locked_opd_ids=locked)                 # reads and checks, writes nothing
    if parsed.ok:
        record = recap_import_apply(parsed, year=2026, month=3, opd=opd, source="Fingerspot",
                                    file_name=upload.name, actor=actor)

The kind of file comes from its name: .xlsx (the employee import's zip-bomb check, then openpyxl
read-only) or .csv (UTF-8 with or without BOM, `;` or `,`). A CSV renamed .xlsx is refused rather
than guessed at, and every failure to read becomes a file-level message, never an exception.
Each attendance system names its columns its own way: the mapping {field: header} used by an
applied import is kept for its source (ColumnMapping) and read by default for its next file.
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import islice
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, router, transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.importing.workbook import (
    DEFAULT_MAX_UNCOMPRESSED_MB,
    SHEET_MAX_ROWS,
    _header_key,
    _nip_text,
    _unpacked_size_problem,
)
from accounts.org.models import Employee, OrgUnit
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, history_options, save_with_reason
from tpp import rules
from tpp.attendance import policies
from tpp.attendance.models import ColumnMapping, Recap, RecapImport
from tpp.choices import LeaveKind

LATE = tuple(f"tl{band}" for band in range(1, rules.BANDS + 1))
EARLY = tuple(f"psw{band}" for band in range(1, rules.BANDS + 1))
LEAVE = {kind.value.casefold(): kind.value for kind in LeaveKind}  # field → stored kind
# Field → our template's header. Headers are data format (the attendance systems' and ours), so
# they are not translated.
HEADERS = {
    "nip": "NIP",
    "month": "Bulan",
    **{name: name.upper() for name in (*LATE, *EARLY, "tk")},
    **LEAVE,
    "score": "Nilai Kinerja",
}
OPTIONAL = frozenset({"month", "score"})
NAME_HEADER = "Nama"  # the template's reading aid; no field reads it
DATA_SHEET = "Rekap"
MAX_OCCURRENCES = 200
MAX_ROWS = 200_000  # a province's employees in one file, with room to spare
# Exports often carry a title or the period above the header: the header is the first of these
# rows that names the NIP column.
HEADER_SEARCH_ROWS = 20
BATCH_SIZE = 1000
# SQLite refuses more than 32,766 query parameters, so NIPs are looked up in slices; past this
# many, one read of every employee costs less than the slices.
LOOKUP_CHUNK = 2000
LOAD_ALL_FROM = 20_000
REASON_MAX_LENGTH = 100  # simple-history's change-reason column
# "3", or "3.0" from a number cell saved as text; never "1,000", which reads both ways.
WHOLE = re.compile(r"[0-9]+(?:[.,]0{1,2})?")
NUMBER_AS_TEXT = re.compile(r"[0-9]+(?:[.,][0-9]+)?[eE]\+?[0-9]+")  # 1,98001E+17: digits lost


class _Unreadable(Exception):
    """A file-level problem; its message is for the user."""


@dataclass(frozen=True)
class RowError:
    """A problem in one row: the spreadsheet's row number, the NIP, the column, the message."""

    row: int
    nip: str
    column: str
    message: str


@dataclass(frozen=True, slots=True)
class RecapRow:
    """One clean row, ready to write."""

    row: int
    employee_id: int
    nip: str
    late: tuple[int, ...]
    early: tuple[int, ...]
    absent_days: int
    leave_days: dict[str, int]  # only the kinds with days, by LeaveKind value
    monthly_score: Decimal | None

    def values(self) -> dict:
        return {
            "late": list(self.late),
            "early": list(self.early),
            "absent_days": self.absent_days,
            "leave_days": dict(self.leave_days),
            "monthly_score": self.monthly_score,
        }


@dataclass
class Parsed:
    """What read() found: rows ready to write, or the errors that refuse the whole file."""

    year: int
    month: int
    source: str
    mapping: dict[str, str] = field(default_factory=dict)
    rows: list[RecapRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    @property
    def error_count(self) -> int:
        return len(self.file_errors) + len(self.errors)


# ---------------------------------------------------------------------------------------------
# Reading


def read(
    file,
    *,
    year: int,
    month: int,
    source: str,
    mapping: dict[str, str] | None = None,
    allowed_employee_ids: Iterable[int] | None = None,
    locked_opd_ids: Iterable[int] = frozenset(),
) -> Parsed:
    """Read and check a month's recap file; nothing is written.

    `mapping` ({field: header as the source writes it}) overrides the mapping kept for `source`,
    which overrides our template's headers. `allowed_employee_ids` is the caller's scope
    (policies.allowed_employee_ids: None for everyone); `locked_opd_ids` the OPDs whose month is
    locked. Returns a Parsed whose file_errors or errors (row, NIP, message) list every problem
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
    allowed = None if allowed_employee_ids is None else set(allowed_employee_ids)
    _check_people(drafts, parsed, allowed, frozenset(locked_opd_ids))
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
        if _header_key(header) in seen:
            raise _Unreadable(
                _("Column “%(header)s” is mapped to more than one field.") % {"header": header}
            )
        seen.add(_header_key(header))
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
    problem = _unpacked_size_problem(file)
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
    nip_key = _header_key(mapping["nip"])
    header = None
    for number, values in islice(rows(), HEADER_SEARCH_ROWS):
        keys = [_header_key(value) for value in values]
        if nip_key in keys:
            header = number, keys
            break
        if header is None and any(keys):
            header = number, keys
    if header is None:
        raise _Unreadable(_("The file is empty."))
    number, keys = header
    wanted = {_header_key(text): name for name, text in mapping.items() if text}
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


@dataclass(slots=True)
class _Draft:
    row: int
    nip: str
    values: RecapRow | None  # None when a cell is wrong


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _drafts(
    lines: Iterator[tuple[int, Sequence]], positions: dict[str, int], parsed: Parsed
) -> list[_Draft]:
    """Each non-blank line checked on its own (cells, month, days); the NIPs seen."""
    drafts: list[_Draft] = []
    first_row: dict[str, int] = {}
    shared_blank = None  # openpyxl yields one shared tuple for every row a sheet leaves out
    for number, cells in lines:
        if cells is shared_blank:
            continue
        values = {name: cells[i] if i < len(cells) else None for name, i in positions.items()}
        if all(_blank(value) for value in values.values()):
            shared_blank = cells
            continue
        if len(drafts) >= MAX_ROWS:
            raise _Unreadable(
                _("The file has more than %(max)d rows; import it in parts.") % {"max": MAX_ROWS}
            )
        draft = _draft(number, values, parsed)
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


def _nip(value) -> tuple[str, bool]:
    """The NIP as text, and whether digits were lost to a number format."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _nip_text(value)
    text = "".join(str(value or "").split()).lstrip("'")
    return text, bool(NUMBER_AS_TEXT.fullmatch(text))


def _draft(number: int, values: dict, parsed: Parsed) -> _Draft:
    errors: list[tuple[str, str]] = []  # (field, message)
    nip, lost = _nip(values.get("nip"))
    if lost:
        errors.append(
            (
                "nip",
                _(
                    "The NIP was stored as a number and Excel dropped its last digits. "
                    "Format the column as Text and type the NIP again."
                ),
            )
        )
    elif not nip:
        errors.append(("nip", _("The NIP is empty.")))
    counts = {}
    for name in (*LATE, *EARLY, "tk", *LEAVE):
        count = _count(values.get(name))
        if count is None:
            errors.append((name, _count_error(parsed.mapping[name], values.get(name))))
        elif name in LATE + EARLY and count > MAX_OCCURRENCES:
            errors.append((name, _too_many(parsed.mapping[name], count)))
        counts[name] = count or 0
    days = counts["tk"] + sum(counts[name] for name in LEAVE)
    month_days = calendar.monthrange(parsed.year, parsed.month)[1]
    if days > month_days:
        errors.append(("tk", _too_many_days(days, month_days)))
    score, score_ok = _score(values.get("score"))
    if not score_ok:
        errors.append(("score", _score_error(values.get("score"))))
    month_error = _month_error(values.get("month"), parsed.year, parsed.month)
    if month_error:
        errors.append(("month", month_error))
    for name, message in errors:
        parsed.errors.append(RowError(number, nip, parsed.mapping[name] or HEADERS[name], message))
    if errors:
        # A NIP with lost digits names nobody: it is not looked up or compared with others.
        return _Draft(number, "" if lost else nip, None)
    recap = RecapRow(
        row=number,
        employee_id=0,  # known once every NIP is looked up
        nip=nip,
        late=tuple(counts[name] for name in LATE),
        early=tuple(counts[name] for name in EARLY),
        absent_days=counts["tk"],
        leave_days={kind: counts[name] for name, kind in LEAVE.items() if counts[name]},
        monthly_score=score,
    )
    return _Draft(number, nip, recap)


def _count(value) -> int | None:
    """A whole number of 0 or more (blank is 0); None when the cell holds anything else."""
    if _blank(value):
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float):
        return int(value) if value.is_integer() and value >= 0 else None
    text = str(value).strip()
    return int(re.split(r"[.,]", text)[0]) if WHOLE.fullmatch(text) else None


def _count_error(header: str, value) -> str:
    return _("%(column)s must be a whole number of 0 or more, not “%(value)s”.") % {
        "column": header,
        "value": value,
    }


def _too_many(header: str, count: int) -> str:
    return _("%(column)s: %(count)d occurrences is more than %(max)d in a month.") % {
        "column": header,
        "count": count,
        "max": MAX_OCCURRENCES,
    }


def _too_many_days(days: int, month_days: int) -> str:
    return _(
        "%(days)d days absent or on leave is more than the %(month_days)d days of the month."
    ) % {"days": days, "month_days": month_days}


def _score(value) -> tuple[Decimal | None, bool]:
    """The monthly score (blank: none), kept to two decimals as the column holds them."""
    if _blank(value):
        return None, True
    if isinstance(value, bool | dt.date):
        return None, False
    text = str(value).strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        score = Decimal(text)
    except InvalidOperation:
        return None, False
    if not score.is_finite() or not 0 <= score <= 100:
        return None, False
    return score.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), True


def _score_error(value) -> str:
    return _("The performance score must be a number from 0 to 100, not “%(value)s”.") % {
        "value": value
    }


def _month_error(value, year: int, month: int) -> str:
    """Empty when the month column is blank or names the month imported."""
    if _blank(value):
        return ""
    if isinstance(value, dt.date):
        named = (value.year, value.month)
    elif (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()
    ):
        named = (year, int(value))
    else:
        named = _month_text(str(value).strip(), year)
    if named is None or not 1 <= named[1] <= 12:
        return _("Month “%(value)s” is not understood: write %(a)s, %(b)s or %(c)s.") % {
            "value": value,
            "a": f"{year}-{month:02d}",
            "b": f"{month:02d}/{year}",
            "c": month,
        }
    if named != (year, month):
        return _("The row is for month %(value)s, but this import is for %(month)02d/%(year)d.") % {
            "value": value,
            "month": month,
            "year": year,
        }
    return ""


def _month_text(text: str, year: int) -> tuple[int, int] | None:
    if match := re.fullmatch(r"([0-9]{4})-([0-9]{1,2})", text):
        return int(match[1]), int(match[2])
    if match := re.fullmatch(r"([0-9]{1,2})/([0-9]{4})", text):
        return int(match[2]), int(match[1])
    if re.fullmatch(r"[0-9]{1,2}", text):
        return year, int(text)
    return None


def _employees(nips: list[str]) -> dict[str, tuple[int, int | None]]:
    """NIP → (employee id, OPD id of the current post)."""
    query = Employee.objects.values_list("nip", "pk", "position__unit__opd_id")
    if len(nips) >= LOAD_ALL_FROM:
        return {nip: (pk, opd_id) for nip, pk, opd_id in query.iterator(chunk_size=5000)}
    found = {}
    for start in range(0, len(nips), LOOKUP_CHUNK):
        chunk = nips[start : start + LOOKUP_CHUNK]
        found.update({nip: (pk, opd) for nip, pk, opd in query.filter(nip__in=chunk)})
    return found


def _check_people(
    drafts: list[_Draft], parsed: Parsed, allowed: set[int] | None, locked: frozenset[int]
) -> None:
    """Each NIP is an employee the caller may import for, whose OPD's month is open."""
    found = _employees([draft.nip for draft in drafts if draft.nip])
    column = parsed.mapping["nip"]
    for draft in drafts:
        if not draft.nip:
            continue
        person = found.get(draft.nip)
        if person is None:
            message = _("No employee has NIP %(nip)s.")
        elif allowed is not None and person[0] not in allowed:
            message = _("Employee %(nip)s is not in your OPD.")
        elif person[1] is not None and person[1] in locked:
            message = _(
                "Month locked: the TPP of %(month)02d/%(year)d is locked for the OPD of "
                "employee %(nip)s."
            )
        else:
            if draft.values is not None:
                parsed.rows.append(dataclasses.replace(draft.values, employee_id=person[0]))
            continue
        parsed.errors.append(
            RowError(
                draft.row,
                draft.nip,
                column,
                message % {"nip": draft.nip, "month": parsed.month, "year": parsed.year},
            )
        )
    parsed.errors.sort(key=lambda error: error.row)
    if parsed.errors:
        parsed.rows.clear()


# ---------------------------------------------------------------------------------------------
# Writing


def change_reason(file_name: str) -> str:
    return (_("Attendance recap import %(name)s") % {"name": file_name})[:REASON_MAX_LENGTH]


def recap_import_apply(
    parsed: Parsed,
    *,
    year: int,
    month: int,
    opd: OrgUnit | None,
    source: str,
    file_name: str,
    actor: Actor,
) -> RecapImport:
    """Replace the month's recaps of the scope by the file's, all or nothing.

    The scope is the employees whose current post is in `opd` (everyone when None): their recaps
    of the month are updated where the file's figures differ, created where missing, and removed
    where the file has no row for them; each change has a history row naming the import. A row
    whose figures are unchanged is left alone (its recap still names the import it came from).
    The mapping read with is kept for `source`. Refuses a Parsed with errors, or read for another
    month or source (DomainError); a person needs policies.may_import_recaps (PermissionDenied).
    """
    source = " ".join((source or "").split())
    if not parsed.ok:
        raise DomainError(_("The file has errors: nothing was imported."))
    if (parsed.year, parsed.month, parsed.source) != (year, month, source):
        raise DomainError(_("The file was checked for another month or source: check it again."))
    if not source or len(source) > ColumnMapping._meta.get_field("source").max_length:
        raise DomainError(
            _("Name the attendance system the file comes from (at most 60 characters).")
        )
    _authorise(actor, opd, parsed)
    reason = change_reason(file_name)
    try:
        with transaction.atomic():
            existing, scope_rows = _existing(year, month, opd, parsed)
            record = RecapImport(
                year=year,
                month=month,
                opd=opd,
                source=source,
                file_name=file_name[: RecapImport._meta.get_field("file_name").max_length],
                rows=len(parsed.rows),
                created_by=actor.user,
            )
            _replace(parsed, record, existing, scope_rows, reason, actor)
            _keep_mapping(source, parsed.mapping, reason, actor)
    except IntegrityError:
        raise DomainError(
            _("The month's recaps changed while importing. Upload the file again.")
        ) from None
    return record


def _authorise(actor: Actor, opd: OrgUnit | None, parsed: Parsed) -> None:
    """The same policy as the upload page; a row outside the scope means a forged request."""
    if actor.is_system:
        return
    if not policies.may_import_recaps(actor.roles, opd):
        raise PermissionDenied
    allowed = policies.allowed_employee_ids(actor.roles)
    if allowed is not None and any(row.employee_id not in allowed for row in parsed.rows):
        raise PermissionDenied


def _existing(
    year: int, month: int, opd: OrgUnit | None, parsed: Parsed
) -> tuple[dict[int, Recap], set[int]]:
    """The month's recaps of the scope and of the file's employees (locked until commit, so
    two imports of the same month follow each other), and the scope's employees' recaps."""
    month_recaps = Recap.objects.select_for_update().filter(year=year, month=month)
    if opd is None:
        found = {recap.employee_id: recap for recap in month_recaps}
        return found, set(found)
    scope = Employee.objects.filter(position__unit__opd=opd).values("pk")
    found = {recap.employee_id: recap for recap in month_recaps.filter(employee_id__in=scope)}
    scope_rows = set(found)
    scope_ids = set(scope.values_list("pk", flat=True))
    others = [row.employee_id for row in parsed.rows if row.employee_id not in scope_ids]
    for start in range(0, len(others), LOOKUP_CHUNK):
        chunk = others[start : start + LOOKUP_CHUNK]
        found.update({r.employee_id: r for r in month_recaps.filter(employee_id__in=chunk)})
    return found, scope_rows


RECAP_FIELDS = ["late", "early", "absent_days", "leave_days", "monthly_score", "imported"]


class _RowUpdates:
    """The manager bulk_update_with_history updates Recap rows through. Django's bulk_update
    builds a CASE per field and row in Python: about 2 ms a row, minutes for a province's file.
    One prepared UPDATE run for every row (executemany, pipelined by psycopg) writes the same
    rows in seconds; simple-history then writes their history rows in bulk as usual."""

    model = Recap

    def bulk_update(self, objs: list[Recap], fields: list[str], batch_size: int | None = None):
        connection = connections[router.db_for_write(Recap)]
        quote = connection.ops.quote_name
        meta = Recap._meta
        columns = [meta.get_field(name) for name in fields]
        assignments = ", ".join(f"{quote(column.column)} = %s" for column in columns)
        sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
        params = [
            [c.get_db_prep_save(getattr(obj, c.attname), connection) for c in columns] + [obj.pk]
            for obj in objs
        ]
        size = batch_size or BATCH_SIZE
        with connection.cursor() as cursor:
            for start in range(0, len(params), size):
                cursor.executemany(sql, params[start : start + size])
        return len(objs)


def _replace(
    parsed: Parsed,
    record: RecapImport,
    existing: dict[int, Recap],
    scope_rows: set[int],
    reason: str,
    actor: Actor,
) -> None:
    created, changed = [], []
    for row in parsed.rows:
        recap = existing.pop(row.employee_id, None)
        values = row.values()
        if recap is None:
            created.append(
                Recap(employee_id=row.employee_id, year=parsed.year, month=parsed.month, **values)
            )
        elif any(getattr(recap, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(recap, name, value)
            changed.append(recap)
    removed = [recap for employee_id, recap in existing.items() if employee_id in scope_rows]
    record.replaced = len(changed) + len(removed)
    record.save()
    for recap in created + changed:
        recap.imported = record
    options = {"batch_size": BATCH_SIZE, **history_options(reason, actor=actor)}
    if created:
        bulk_create_with_history(created, Recap, **options)
    if changed:
        bulk_update_with_history(changed, Recap, RECAP_FIELDS, manager=_RowUpdates(), **options)
    for recap in removed:
        delete_with_reason(recap, reason, actor=actor)


def _keep_mapping(source: str, mapping: dict[str, str], reason: str, actor: Actor) -> None:
    kept = ColumnMapping.objects.select_for_update().filter(source=source).first()
    kept = kept or ColumnMapping(source=source)
    if kept.columns != mapping:
        kept.columns = dict(mapping)
        save_with_reason(kept, reason, actor=actor)


# ---------------------------------------------------------------------------------------------
# The template


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
