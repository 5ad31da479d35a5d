"""Excel import of employees: units, positions, employees and their definitive assignments.

    actor = actor_for(request)
    plan = parse_and_validate(uploaded_file, actor=actor)  # reads, checks, writes nothing
    if plan.ok:
        result = apply_plan(plan, actor=actor, file_name=name)  # atomic, re-validated

The web confirmation (records.import_confirm) reads the stored file and hands its rows to
apply_rows with the stored preview's fingerprint: validated once, inside the writing transaction.

Modules: workbook (reading cells, refusing zip bombs), rows (per-row checks), units, positions,
scope and validation (cross-row and database checks, planning), removal (who is missing from a file declared
complete), apply (bulk writes with history, accounts created and deactivated), records (import
records, confirmation, purging stored files), template (the blank workbook). The dates of a mutasi
and of leaving follow accounts/org/rules.py, as the services do.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import timezone

from accounts.importing.apply import ImportStale, apply_plan, apply_rows
from accounts.importing.plan import Action, ImportPlan, ImportResult, RowError
from accounts.importing.template import build_template
from accounts.importing.validation import build_plan
from accounts.importing.workbook import COLUMNS, read_workbook
from accounts.org.policies import require_admin
from accounts.org.roles import roles_for_user
from core.actor import Actor

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
    "script_actor",
]


def script_actor(user=None) -> Actor:
    """Who imports from the management command or a script: whoever can run manage.py already
    has the database, so the scope is the whole agency (as admin BKD). A named `user` is
    recorded as the author of the changes and is never removed by a file declared complete;
    without one, the system imports."""
    if user is None:
        return Actor.system("employee import script")
    return Actor(user=user, roles=dataclasses.replace(roles_for_user(user), is_admin_bkd=True))


def parse_and_validate(
    file_obj,
    *,
    actor: Actor,
    import_date: dt.date | None = None,
    complete: bool = False,
) -> ImportPlan:
    """Read the workbook and check every row against the others and the database, as `actor`.

    The actor's roles limit an admin OPD to rows within their OPDs (the system, and the
    management command acting with full scope, have no limit); a person who is no administrator
    is refused with PermissionDenied. With complete=True the file is the complete list of its
    OPDs: their employees missing from it are planned as removed (never the importing user).
    Returns a plan whose .file_errors / .errors list every problem, or whose counts and preview
    rows say what apply_plan will do. Nothing is written.
    """
    if not actor.is_system:
        require_admin(actor.roles)
    import_date = import_date or timezone.localdate()
    sheet = read_workbook(file_obj)
    if sheet.file_errors:
        return ImportPlan(
            file_errors=sheet.file_errors,
            import_date=import_date,
            complete=complete,
        )
    return build_plan(sheet.rows, actor=actor, import_date=import_date, complete=complete)
