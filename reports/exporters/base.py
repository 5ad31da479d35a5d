"""The exporter contract and the workbook writer shared by every export.

An exporter is a small class: an identifier, a translated label, the parameters it takes (a
cycle, optionally an OPD and a period) and one or more sheets, each a list of columns and a row
generator. `write_workbook` streams the rows into an XlsxWriter workbook in constant_memory mode
(the fastest writer, bench/export_ranking.py), with a cover sheet saying what was exported, when
(in the agency's time zone) and by whom.

Rows are built from one or two queries per sheet, never one per row: exports of other systems
that queried per employee took seconds per OPD (STYLE.md).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.org.models import OrgUnit, unit_label
from appraisal.choices import ANNUAL
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import real_cycles
from core.spreadsheets import XlsxCells, xlsx_workbook
from reports.scope import AGENCY, OPD, ReportScope, opd_in_scope

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
DECIMAL_FORMAT = "0.00"
PROGRESS_EVERY = 1000  # rows between two progress reports (one UPDATE each in a task)


class ParamError(ValueError):
    """A parameter the user gave that cannot be used; the message says why (translated)."""


@dataclass(frozen=True)
class Column:
    header: str  # the column name, Indonesian as the issue and e-Kinerja name them
    width: int = 16
    number_format: str | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    # Rows written after the data (totals, a signature block), read once the rows are written;
    # outside the filter and the row count.
    footer: Callable[[], Iterable[Sequence]] | None = None


@dataclass(frozen=True)
class ExportParams:
    cycle: Cycle
    opd: OrgUnit | None = None
    period: int | None = None
    month: int | None = None  # for the exporters of one month (uses_month)

    def as_json(self) -> dict:
        return {
            "year": self.cycle.year,
            "opd": self.opd.code if self.opd else "",
            "period": self.period,
            "month": self.month,
        }


def period_label(cycle: Cycle, period: int) -> str:
    """ "Triwulan I" …, or "Tahunan" for the annual evaluation (the official words)."""
    if period == ANNUAL:
        return "Tahunan"
    found = cycle.period(period)
    return found.label if found else str(period)


def local_naive(moment: dt.datetime | None) -> dt.datetime | None:
    # Excel has no time zones: write the agency's wall-clock time, which is what a reader expects.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def unit_columns(row, prefix: str) -> tuple[str, str]:
    """A value row's unit and its OPD as exports name them, code beside name (unit_label): from
    `<prefix>__unit__name`/`__code` and `<prefix>__unit__opd__name`/`__code`; an OPD is its own."""
    unit = unit_label(getattr(row, f"{prefix}__unit__name"), getattr(row, f"{prefix}__unit__code"))
    opd_name = getattr(row, f"{prefix}__unit__opd__name")
    if not opd_name:
        return unit, unit
    return unit, unit_label(opd_name, getattr(row, f"{prefix}__unit__opd__code"))


def full_name(front: str, name: str, back: str) -> str:
    """As Employee.full_name, from values (exports read values, not model instances)."""
    shown = f"{front} {name}".strip() if front else name
    return f"{shown}, {back}" if back else shown


class Exporter(ABC):
    """One export. Subclasses set the class attributes and implement `estimate()` and
    `sheets()`."""

    identifier: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str] = ""
    order: ClassVar[int] = 100  # place on the reports page
    uses_period: ClassVar[bool] = True  # False: always the annual evaluation (period 0)
    uses_month: ClassVar[bool] = False  # True: one month of the year, which must be given
    admin_only: ClassVar[bool] = False  # True: not for a PPK's team scope
    do_not_call_in_templates: ClassVar[bool] = True  # templates list the classes themselves

    def __init__(self, params: ExportParams, scope: ReportScope):
        self.params = params
        self.scope = scope

    @classmethod
    def allowed_for(cls, scope: ReportScope) -> bool:
        return scope.is_admin or not cls.admin_only

    @property
    def cycle(self) -> Cycle:
        return self.params.cycle

    @property
    def period(self) -> int:
        if not self.uses_period or self.params.period is None:
            return ANNUAL
        return self.params.period

    def scope_q(self, prefix: str = "skp__"):
        return self.scope.employees_q(self.params.opd, prefix)

    @abstractmethod
    def estimate(self) -> int:
        """About how many rows the export holds (one COUNT): small ones stream at once."""

    @abstractmethod
    def sheets(self) -> Iterable[Sheet]:
        """The data sheets, each with its columns and a row generator."""

    def filename(self) -> str:
        parts = [self.identifier.replace("_", "-"), str(self.cycle.year)]
        if self.uses_period and self.params.period is not None:
            parts.append(slugify(period_label(self.cycle, self.period)))
        if self.uses_month and self.params.month is not None:
            parts.append(f"{self.params.month:02d}")
        if self.params.opd is not None:
            parts.append(slugify(self.params.opd.code))
        return "-".join(parts) + ".xlsx"

    def parameter_rows(self) -> list[tuple[str, object]]:
        """(label, value) lines of the cover sheet."""
        scope = {
            AGENCY: _("The whole agency"),
            OPD: _("The OPD you administer"),
        }.get(self.scope.kind, _("The employees you appraise"))
        rows: list[tuple[str, object]] = [
            (_("Year"), self.cycle.year),
            (_("OPD"), self.params.opd.label if self.params.opd else _("All OPDs in your scope")),
        ]
        if self.uses_period:
            rows.append((_("Period"), period_label(self.cycle, self.period)))
        if self.uses_month:
            rows.append((_("Month"), month_label(self.params.month)))
        rows.append((_("Scope"), scope))
        return rows


def resolve_params(
    exporter_class: type[Exporter],
    scope: ReportScope,
    *,
    year,
    opd_code: str = "",
    period=None,
    default_cycle: Cycle | None = None,
    month=None,
) -> ExportParams:
    """Parameters from user input: a year with a cycle, an OPD in scope (else 404), a period of
    the cycle. Bad input raises ParamError with a message for the user."""
    year = str(year if year is not None else "").strip()
    if not year:
        if default_cycle is None:
            raise ParamError(_("Choose the year of a cycle."))
        cycle = default_cycle
    else:
        if not year.isdecimal():  # not isdigit: int() refuses "²"
            raise ParamError(_("The year must be a number, such as 2026."))
        cycle = real_cycles().filter(year=int(year)).first()  # a practice cycle is never exported
        if cycle is None:
            raise ParamError(_("There is no cycle for %(year)s.") % {"year": year})
    opd = opd_in_scope(scope, opd_code.strip()) if opd_code and opd_code.strip() else None
    number = None
    period = str(period if period is not None else "").strip()
    if period and exporter_class.uses_period:
        if not period.isdecimal() or (int(period) != ANNUAL and cycle.period(int(period)) is None):
            raise ParamError(
                _("The %(year)s cycle has no period %(period)s.")
                % {"year": cycle.year, "period": period}
            )
        number = int(period)
    return ExportParams(cycle=cycle, opd=opd, period=number, month=_month(exporter_class, month))


def _month(exporter_class: type[Exporter], month) -> int | None:
    if not exporter_class.uses_month:
        return None
    text = str(month if month is not None else "").strip()
    if not text.isdecimal() or not 1 <= int(text) <= 12:
        raise ParamError(_("Choose a month (1–12)."))
    return int(text)


def month_label(month: int | None) -> str:
    """ "Maret" for 3: month names in the official language, whatever the reader's."""
    return MONTH_NAMES[month - 1] if month else ""


MONTH_NAMES = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


# Every cell goes through core.spreadsheets.XlsxCells: text typed by people (names, notes,
# reasons, comments) that starts like a formula is written as text, control characters are dropped.


def _header(cells: XlsxCells, sheet, columns: Sequence[Column]) -> None:
    bold = cells.style(bold=True)
    for index, column in enumerate(columns):
        sheet.set_column(index, index, column.width)
        cells.write(sheet, 0, index, column.header, bold)


def _write_cover(cells: XlsxCells, exporter: Exporter, generated_by: str) -> None:
    sheet = cells.add_sheet(_("About"))
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 1, 60)
    cells.write(sheet, 0, 0, str(exporter.label), cells.style(bold=True, font_size=14))
    lines = [[str(exporter.description)]] if exporter.description else []
    lines += [[], *exporter.parameter_rows(), []]  # an OPD's name is typed by an admin
    for row, values in enumerate(lines, start=1):
        cells.write_cells(sheet, row, values)
    row = len(lines) + 1
    generated = cells.style(num_format=DATETIME_FORMAT, align="left")
    cells.write_cells(
        sheet, row, [_("Generated at"), local_naive(timezone.now())], [None, generated]
    )
    cells.write_cells(sheet, row + 1, [_("Time zone"), timezone.get_current_timezone_name()])
    cells.write_cells(sheet, row + 2, [_("Generated by"), generated_by])


def _write_sheet(
    cells: XlsxCells, spec: Sheet, progress: Callable[[int], None] | None, offset: int
) -> int:
    sheet = cells.add_sheet(spec.title[:31])
    columns = list(spec.columns)
    _header(cells, sheet, columns)
    sheet.freeze_panes(1, 0)
    styles = [cells.style(num_format=c.number_format) if c.number_format else None for c in columns]
    write = cells.row_writer(sheet, styles)
    count = 0
    for count, values in enumerate(spec.rows, start=1):
        write(count, values)
        if progress is not None and not count % PROGRESS_EVERY:
            progress(offset + count)
    sheet.autofilter(0, 0, count, max(len(columns) - 1, 0))
    if spec.footer is not None:
        for row, values in enumerate(spec.footer(), start=count + 1):
            cells.write_cells(sheet, row, values, styles)
    return count


def write_workbook(
    exporter: Exporter,
    stream,
    *,
    generated_by: str,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the export as .xlsx into `stream` (a binary file); returns the number of rows.

    `progress`, when given, is called with the rows written so far every PROGRESS_EVERY rows."""
    # XlsxWriter keeps each sheet's rows in a temporary file until it closes the workbook, and
    # leaves them behind when an export fails: a folder of our own is removed either way (the
    # rows hold personal data).
    with tempfile.TemporaryDirectory(prefix="export-") as folder:
        workbook = xlsx_workbook(stream, folder)
        cells = XlsxCells(workbook)
        _write_cover(cells, exporter, generated_by)
        total = 0
        for spec in exporter.sheets():
            total += _write_sheet(cells, spec, progress, total)
        workbook.close()
    return total


# Registry --------------------------------------------------------------------------------------

REGISTRY: dict[str, type[Exporter]] = {}


def register(exporter_class: type[Exporter]) -> type[Exporter]:
    if exporter_class.identifier in REGISTRY:
        raise ValueError(f"two exporters named {exporter_class.identifier}")
    REGISTRY[exporter_class.identifier] = exporter_class
    return exporter_class


def exporter_class(identifier: str) -> type[Exporter]:
    """The registered exporter, or 404 (an unknown identifier in a URL)."""
    try:
        return REGISTRY[identifier]
    except KeyError:
        raise Http404 from None


def available(scope: ReportScope) -> list[type[Exporter]]:
    found = [cls for cls in REGISTRY.values() if cls.allowed_for(scope)]
    return sorted(found, key=lambda cls: (cls.order, cls.identifier))


__all__ = [
    "CONTENT_TYPE",
    "Column",
    "ExportParams",
    "Exporter",
    "ParamError",
    "Sheet",
    "available",
    "exporter_class",
    "register",
    "resolve_params",
    "write_workbook",
]
