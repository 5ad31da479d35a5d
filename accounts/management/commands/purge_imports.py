"""`python manage.py purge_imports [--days N]`: delete uploaded import files no longer needed.

An uploaded workbook holds personal data of every employee in it. It is kept only while its import
waits for confirmation, and at most N days (default 7); applied and failed imports lose it at once.
The import records, with their summaries and preview rows, stay; previews abandoned for
IMPORT_PREVIEW_TTL_HOURS go entirely. Run it daily (cron or beat). Prints `expired=<n>` (previews
deleted), then `deleted=<n>` (files) as its last line; a second run prints zeros.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.importing.records import (
    FILE_RETENTION_DAYS,
    import_previews_expire,
    purge_stale_import_files,
)


class Command(BaseCommand):
    help = "Delete the stored files of applied or failed imports and of stale previews."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=FILE_RETENTION_DAYS,
            help="keep the files of previews younger than this many days (default 7)",
        )

    def handle(self, *args, days: int, **options):
        if days < 0:
            raise CommandError(_("The number of days cannot be negative."))
        expired = import_previews_expire()
        deleted = purge_stale_import_files(older_than_days=days)
        self.stdout.write(f"expired={expired}")
        self.stdout.write(f"deleted={deleted}")
