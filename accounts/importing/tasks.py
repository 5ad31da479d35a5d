"""Celery tasks of the Excel import."""

from celery import shared_task


@shared_task
def purge_import_files() -> int:
    """Daily: delete stored import workbooks that are applied, failed or stale (records stay)."""
    from accounts.importing.records import purge_stale_import_files

    return purge_stale_import_files()
