"""Write one export to a file, for scripted recaps:

    python manage.py export_report ranking --cycle 2026 [--opd DINKES] [--period 2] --output x.xlsx
    python manage.py export_report tpp --cycle 2026 --month 3 [--opd DINKES] --output x.xlsx

Uses the same exporters as the reports page, with the whole agency in scope (whoever runs
manage.py already has the database). The file is written in the agency's language.
"""

from __future__ import annotations

import getpass
import os
import tempfile

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from reports.exporters import REGISTRY, ParamError, exporter_class, resolve_params, write_workbook
from reports.scope import AGENCY_SCOPE


class Command(BaseCommand):
    help = "Write a report (an exporter of the reports page) to an .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("identifier", help=f"one of: {', '.join(sorted(REGISTRY))}")
        parser.add_argument("--cycle", required=True, help="the year of the cycle, e.g. 2026")
        parser.add_argument("--opd", default="", help="an OPD code (default: every OPD)")
        parser.add_argument("--period", default=None, help="a period number; 0 = the year")
        parser.add_argument(
            "--month", default=None, help="a month 1–12 (reports of one month: tpp)"
        )
        parser.add_argument("--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, identifier, cycle, opd, period, month, output, **options):
        if identifier not in REGISTRY:
            raise CommandError(
                f"Unknown report {identifier!r}; choose one of: {', '.join(sorted(REGISTRY))}"
            )
        if not output.lower().endswith(".xlsx"):
            raise CommandError("The output file must end in .xlsx.")
        cls = exporter_class(identifier)
        with translation.override(settings.LANGUAGE_CODE):
            try:
                params = resolve_params(
                    cls, AGENCY_SCOPE, year=cycle, opd_code=opd, period=period, month=month
                )
            except ParamError as error:
                raise CommandError(str(error)) from None
            except Http404:
                raise CommandError(f"There is no OPD with the code {opd!r}.") from None
            exporter = cls(params, AGENCY_SCOPE)
            folder = os.path.dirname(os.path.abspath(output))
            if not os.path.isdir(folder):
                raise CommandError(f"The folder {folder} does not exist.")
            # Written beside the target, then renamed: a failed run leaves no half-written file.
            handle, temporary = tempfile.mkstemp(suffix=".xlsx", dir=folder)
            try:
                with os.fdopen(handle, "wb") as stream:
                    rows = write_workbook(
                        exporter, stream, generated_by=f"export_report ({getpass.getuser()})"
                    )
                os.replace(temporary, output)
            except BaseException:
                os.unlink(temporary)
                raise
        self.stdout.write(f"{identifier}: {rows} rows written to {output}")
