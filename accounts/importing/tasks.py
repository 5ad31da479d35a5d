"""Celery tasks of the Excel import."""

from celery import shared_task


@shared_task
def purge_import_files() -> int:
    """Daily: delete abandoned previews (IMPORT_PREVIEW_TTL_HOURS), then the stored workbooks of
    imports applied, failed or stale (those records stay); returns how many of both."""
    from accounts.importing.records import import_previews_expire, purge_stale_import_files

    return import_previews_expire() + purge_stale_import_files()
