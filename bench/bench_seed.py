"""Benchmark: seed a province-scale data set, then resolve reporting lines on it.

    .venv/bin/python bench/bench_seed.py [EMPLOYEES]

Builds `seed_demo --employees 100000` (by default) into a throwaway SQLite file, then prints
`employees=… users=… seconds=…` (every employee has a login account), the average time of accounts.org.reporting.reporting_line over 1,000 random
employees (`reporting_line_ms_avg=…`, each call with a fresh snapshot, as a page would), and the
time of accounts.org.reporting.subordinates for the demo `atasan` (`subordinates_ms=…`).
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

DB_PATH = Path("/tmp/bench_seed.sqlite3")
ROOT = Path(__file__).resolve().parent.parent
SAMPLE = 1000


def _fresh_database() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    # Always the throwaway file, whatever the environment says: this must never touch real data.
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    sys.path.insert(0, str(ROOT))


def main() -> None:
    employees = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    _fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accounts.logins.models import User
    from accounts.org.models import Employee
    from accounts.org.reporting import reporting_line, subordinates

    call_command("migrate", verbosity=0)

    started = time.perf_counter()
    call_command("seed_demo", employees=employees, stdout=open(os.devnull, "w"))  # noqa: SIM115
    seconds = time.perf_counter() - started
    print(
        f"employees={Employee.objects.count()} users={User.objects.count()} seconds={seconds:.1f}"
    )

    ids = list(Employee.objects.filter(status="active").values_list("pk", flat=True))
    sample = random.Random(2026).sample(ids, min(SAMPLE, len(ids)))
    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    rows = list(Employee.objects.filter(pk__in=sample))
    with connection.execute_wrapper(count):
        started = time.perf_counter()
        for employee in rows:
            reporting_line(employee)
        elapsed = time.perf_counter() - started
    print(
        f"reporting_line_ms_avg={elapsed * 1000 / len(rows):.2f} "
        f"queries_avg={queries / len(rows):.1f} sample={len(rows)}"
    )

    atasan = Employee.objects.get(user__username="atasan")
    started = time.perf_counter()
    team = list(subordinates(atasan))
    print(f"subordinates_ms={(time.perf_counter() - started) * 1000:.1f} count={len(team)}")


if __name__ == "__main__":
    main()
