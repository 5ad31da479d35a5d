"""The seeded demo, built once per test process and copied back in after each flush.

Browser journeys run as transactional tests: the database is emptied after each one, and each
starts by seeding the demo agency. Seeding runs thousands of ORM writes through the services
(about 20 s); copying the rows it left behind back into the emptied tables takes about one.
The first call in a process seeds for real and keeps a copy of every table and of the uploaded
files; later calls restore that copy when the database is empty, and seed for real otherwise
(a test that wrote its own rows first, or one that pins another day). The copy is the command's
own result in this process, so tests of what the demo holds may use it too; what the command
does on a database that already holds the demo (seeding again) is tested by running it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import io
import pickle
import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone


@dataclass
class _Copy:
    tables: dict[str, tuple[list[str], object]]  # table → (columns, rows or COPY bytes)
    media: Path
    # The demo depends on the day it is seeded (windows open, periods past): a test that pins
    # another day seeds for real.
    today: dt.date
    content_types: list[tuple]


_copy: _Copy | None = None
# Written by post_migrate after every flush; the other tables refer to their ids.
_TYPE_TABLES = ("django_content_type", "auth_permission")


def _content_types() -> list[tuple]:
    return list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"))


def seed_demo() -> None:
    """The demo agency, as `manage.py seed_demo` leaves it."""
    global _copy
    today = timezone.localdate()
    empty = _database_is_empty()
    with _shared_copy() if _copy is None and empty else contextlib.nullcontext() as shared:
        if shared is not None and shared.exists():
            _copy = _read(shared)
        if _copy is not None and _copy.today == today and empty:
            same_types = _content_types() == _copy.content_types
            # Inside a test's transaction (rolled back afterwards) the content types the process
            # has cached must stay right: the copy is used only if its types are the database's.
            if same_types or not connection.in_atomic_block:
                _restore(_copy, keep=_TYPE_TABLES if same_types else ())
                return
        call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
        if _copy is None:
            _copy = _take(today)
            if shared is not None and empty:
                _write(shared, _copy)


# Set by tests/conftest.py under pytest-xdist: a folder all the run's processes see. The first
# process to need the demo seeds it and leaves its copy there; the others wait for it and load
# it (the same migrations, the same day: the same rows), instead of seeding again each.
SHARED_DIR: Path | None = None


@contextlib.contextmanager
def _shared_copy():
    """The shared copy's file (None without xdist), under a lock held until the block ends: a
    process that finds no file seeds and writes it while the others wait."""
    if SHARED_DIR is None:
        yield None
        return
    SHARED_DIR.mkdir(parents=True, exist_ok=True)
    with open(SHARED_DIR / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield SHARED_DIR / f"demo-{timezone.localdate().isoformat()}.pickle"
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(path: Path, copy: _Copy) -> None:
    media = path.with_suffix(".media")
    shutil.copytree(copy.media, media, dirs_exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_bytes(pickle.dumps(replace(copy, media=media)))
    partial.rename(path)


def _read(path: Path) -> _Copy:
    return pickle.loads(path.read_bytes())  # noqa: S301 - written by this run's own processes


def _tables() -> list[str]:
    # The tables `flush` empties between transactional tests: every model's.
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _database_is_empty() -> bool:
    from django.contrib.auth import get_user_model

    return not get_user_model().objects.exists()


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def _take(today: dt.date) -> _Copy:
    tables = {}
    with connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"SELECT * FROM {_quoted(table)} WHERE 1 = 0")
            columns = [column[0] for column in cursor.description]
            if connection.vendor == "postgresql":
                buffer = io.BytesIO()
                with cursor.cursor.copy(f"COPY {_quoted(table)} TO STDOUT") as copy:
                    for block in copy:
                        buffer.write(block)
                tables[table] = (columns, buffer.getvalue())
            else:
                cursor.execute(f"SELECT * FROM {_quoted(table)}")
                tables[table] = (columns, cursor.fetchall())
    media = Path(tempfile.mkdtemp(prefix="demo-media-"))
    source = Path(settings.MEDIA_ROOT)
    if source.exists():
        shutil.copytree(source, media, dirs_exist_ok=True)
    return _Copy(tables, media, today, _content_types())


def _restore(copy: _Copy, keep: tuple[str, ...]) -> None:
    # Foreign keys are deferred to the commit (Django creates them DEFERRABLE INITIALLY DEFERRED
    # on PostgreSQL and SQLite), so the tables load in any order. The rows post_migrate wrote
    # after the flush (content types, permissions) give way to the copy's unless they are the
    # same (`keep`).
    with transaction.atomic(), connection.cursor() as cursor:
        for table, (columns, rows) in copy.tables.items():
            if table in keep:
                continue
            cursor.execute(f"DELETE FROM {_quoted(table)}")
            if not rows:
                continue
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {_quoted(table)} FROM STDIN") as load:
                    load.write(rows)
            else:
                names = ", ".join(_quoted(c) for c in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {_quoted(table)} ({names}) VALUES ({marks})", rows)
        if connection.vendor == "postgresql":
            from django.apps import apps

            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)
    ContentType.objects.clear_cache()
    shutil.copytree(copy.media, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
