"""Emptying the database after a transactional test, in a fraction of `flush`'s time.

Django's TransactionTestCase ends each test with `manage.py flush`: on PostgreSQL one TRUNCATE of
every table (each gets new files on disk, about a second for our ~250 tables), then post_migrate
writes the content types and permissions again. A browser journey touches a few dozen tables.
Here only the tables that hold rows are emptied, by DELETE (no new files: a few rows each), and
the content types and permissions, which post_migrate would write back identically, are left
alone while they are as migrate left them; when a test changed those, `flush` runs as usual.
The end state is the same: every table empty but the rows post_migrate writes.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.test import TransactionTestCase

# The tables post_migrate fills (create_contenttypes, create_permissions).
POST_MIGRATE_TABLES = ("django_content_type", "auth_permission")

_flush_teardown = TransactionTestCase._fixture_teardown
_baseline: dict[str, int] = {}
_tables: list[str] = []


def install() -> None:
    """Use the fast teardown on PostgreSQL (SQLite's flush is already a cheap DELETE each)."""
    TransactionTestCase._fixture_teardown = _fast_fixture_teardown


def _counts(cursor, tables) -> dict[str, int]:
    quote = connection.ops.quote_name
    union = " UNION ALL ".join(f"SELECT %s, COUNT(*) FROM {quote(t)}" for t in tables)
    cursor.execute(union, list(tables))
    return dict(cursor.fetchall())


def _non_empty(cursor, tables) -> list[str]:
    quote = connection.ops.quote_name
    union = " UNION ALL ".join(f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in tables)
    cursor.execute(union, list(tables))
    return [row[0] for row in cursor.fetchall()]


def _fast_fixture_teardown(self) -> None:
    if connection.vendor != "postgresql" or self.available_apps is not None:
        return _flush_teardown(self)
    global _tables
    with connection.cursor() as cursor:
        if not _baseline:
            # The first teardown of the process: as migrate left them, unless a test already
            # changed them (then flush, and take the baseline after the next one).
            _flush_teardown(self)
            _baseline.update(_counts(cursor, POST_MIGRATE_TABLES))
            names = connection.introspection.django_table_names(only_existing=True)
            _tables = sorted(set(names) - set(POST_MIGRATE_TABLES))
            return None
        if _counts(cursor, POST_MIGRATE_TABLES) != _baseline:
            return _flush_teardown(self)
        filled = _non_empty(cursor, _tables)
    if filled:
        quote = connection.ops.quote_name
        # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: checked at commit, when
        # every referring row is gone too, so the order of the DELETEs does not matter.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("; ".join(f"DELETE FROM {quote(t)}" for t in filled))
    return None
