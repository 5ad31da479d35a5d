"""Import employees from the Excel template without the web UI (initial loads, scripted syncs).

Runs with full (admin BKD) scope: whoever can run manage.py already has the database. The error
lines keep the fixed "Baris N, kolom X: ..." shape so scripts can parse them. With --complete the
file is the complete list of its OPDs: their employees missing from it are recorded as transferred
out and lose their accounts (never the --user's own employee record).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.importing import apply_plan, parse_and_validate, script_actor
from accounts.importing.models import EmployeeImport, ImportStatus
from core.errors import DomainError


class Command(BaseCommand):
    help = "Import employees, units and positions from an .xlsx file in the import template."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx workbook")
        parser.add_argument("--user", help="username recorded as the author of the changes")
        parser.add_argument(
            "--complete",
            action="store_true",
            help=(
                "the file is the complete list of its OPDs: employees of these OPDs missing from "
                "it have left (transferred out, account deactivated)"
            ),
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user named %(name)s.") % {"name": options["user"]})
        actor = script_actor(user)
        with path.open("rb") as handle:
            plan = parse_and_validate(handle, complete=options["complete"], actor=actor)
        if not plan.ok:
            for message in plan.file_errors:
                self.stderr.write(message)
            for error in plan.errors:
                self.stderr.write(f"Baris {error.row}, kolom {error.column}: {error.message}")
            raise CommandError(
                _("Problems found: %(count)d; nothing was imported.") % {"count": plan.error_count}
            )
        try:
            result = apply_plan(plan, actor=actor, file_name=path.name)
        except DomainError as error:
            raise CommandError(str(error)) from None
        self._record(path, user, {**result.counts, "complete": plan.complete})
        c = result.counts
        self.stdout.write(
            _(
                "Rows: %(rows)d. Units: %(uc)d new, %(uu)d updated. "
                "Positions: %(pc)d new, %(pu)d updated."
            )
            % {
                "rows": c["rows"],
                "uc": c["units_created"],
                "uu": c["units_updated"],
                "pc": c["positions_created"],
                "pu": c["positions_updated"],
            }
        )
        self.stdout.write(result.summary_line)

    def _record(self, path: Path, user, counts: dict) -> None:
        record = EmployeeImport(
            uploaded_by=user,
            original_name=path.name[:255],
            status=ImportStatus.APPLIED,
            summary=counts,
            applied_at=timezone.now(),
        )
        with path.open("rb") as handle:
            record.file.save(f"{record.public_id}.xlsx", File(handle), save=False)
        record.save()
