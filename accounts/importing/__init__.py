"""Excel import of employees: units, positions, employees and their definitive assignments.

    plan = parse_and_validate(uploaded_file, actor_roles=roles)   # reads, checks, writes nothing
    if plan.ok:
        result = apply_plan(plan, user=request.user, file_name=name)  # atomic, re-validated

The web confirmation (records.import_confirm) reads the stored file and hands its rows to
apply_rows with the stored preview's fingerprint: validated once, inside the writing transaction.

Modules: workbook (reading cells, refusing zip bombs), rows (per-row checks), units, scope and
validation (cross-row and database checks, planning), removal (who is missing from a file declared
complete), apply (bulk writes with history, accounts created and deactivated), records (import
records, confirmation, purging stored files), template (the blank workbook). The dates of a mutasi
and of leaving follow accounts/org/rules.py, as the services do.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.importing.apply import ImportStale, apply_plan, apply_rows
from accounts.importing.plan import Action, ImportPlan, ImportResult, RowError
from accounts.importing.template import build_template
from accounts.importing.validation import build_plan
from accounts.importing.workbook import COLUMNS, read_workbook
from accounts.org.policies import require_admin

__all__ = [
    "COLUMNS",
    "Action",
    "ImportPlan",
    "ImportResult",
    "ImportStale",
    "RowError",
    "apply_plan",
    "apply_rows",
    "build_template",
    "parse_and_validate",
]


def parse_and_validate(
    file_obj,
    *,
    actor_roles=None,
    import_date: dt.date | None = None,
    complete: bool = False,
    actor=None,
) -> ImportPlan:
    """Read the workbook and check every row against the others and the database.

    actor_roles limits an admin OPD to rows within their OPDs (None: no limit, as for the
    management command); a non-admin is refused with PermissionDenied. With complete=True the
    file is the complete list of its OPDs: their employees missing from it are planned as removed
    (never the importing user: actor, by default actor_roles.user). Returns a plan whose
    .file_errors / .errors list every problem, or whose counts and preview rows say what
    apply_plan will do. Nothing is written.
    """
    if actor_roles is not None:
        require_admin(actor_roles)
    import_date = import_date or timezone.localdate()
    sheet = read_workbook(file_obj)
    if sheet.file_errors:
        return ImportPlan(
            file_errors=sheet.file_errors,
            import_date=import_date,
            actor_roles=actor_roles,
            complete=complete,
        )
    return build_plan(
        sheet.rows,
        actor_roles=actor_roles,
        import_date=import_date,
        complete=complete,
        actor=actor,
    )
