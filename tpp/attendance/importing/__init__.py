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

Its parts: rows (the fields, headers and row types they share), reading (the file, the mapping,
the header), checks (each row's values, then its employee), apply (the writing) and template.
"""

from tpp.attendance.importing.apply import change_reason, recap_import_apply
from tpp.attendance.importing.reading import read
from tpp.attendance.importing.rows import HEADERS, Parsed, RecapRow, RowError
from tpp.attendance.importing.template import template_workbook

__all__ = [
    "HEADERS",
    "Parsed",
    "RecapRow",
    "RowError",
    "change_reason",
    "read",
    "recap_import_apply",
    "template_workbook",
]
