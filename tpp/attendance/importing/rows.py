"""What the recap import's parts share: the fields and headers, a row's problem, a clean row, what
read() found."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tpp import rules
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
DATA_SHEET = "Rekap"
# SQLite refuses more than 32,766 query parameters, so NIPs are looked up in slices; past this
# many, one read of every employee costs less than the slices.
LOOKUP_CHUNK = 2000
LOAD_ALL_FROM = 20_000


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


@dataclass(slots=True)
class Draft:
    """A row read and checked on its own, before its NIP is looked up."""

    row: int
    nip: str
    values: RecapRow | None  # None when a cell is wrong
