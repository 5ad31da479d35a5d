"""Benchmark: the reporting-line diagnostics at the demo's size and at province scale (issue 21).

    .venv/bin/python bench/bench_diagnostics.py [--employees 100000] [--sqlite] [--reuse] [--repeat 5]

Seeds the demo twice as bench/bench_scale.py does, `seed_demo --employees 100` (the demo alone,
~270 employees) and `seed_demo --employees 100000`, into the throwaway PostgreSQL databases
h_diag_small and h_diag_large on $BENCH_SCALE_SERVER (default
postgres://postgres@127.0.0.1:5432/postgres), or with --sqlite, or when that server cannot be
reached, into /tmp/h_diag_small.sqlite3 and /tmp/h_diag_large.sqlite3; each ANALYZEd after
seeding. --reuse keeps a database that already holds the asked number of employees.

Then, in one child process per size (config.settings.test, SLOW_FIGURES_SECONDS=60 as in
production), it times:

- diagnose: monitoring.diagnostics.diagnose() over every OPD, nothing kept (the median of
  --repeat runs), with its queries and the number of findings and of people held up;
- the page /kinerja/pantau-penilai/ as the demo admin.bkd (the whole agency) and admin.opd
  (Dinas Kesehatan): the first request from an empty cache, then the median of --repeat
  requests (a slow run's findings are kept a minute, core.figures), and the queries of a request
  from an empty cache;
- the BKD home page, the same way (its count of people held up is made once a day,
  diagnostics.day_count: the first request of the day pays for it);
- the export of the whole agency (reports exporter reporting_line_diagnostics, written to memory).

A table follows, one line per measure: queries small/large, ms small/large, ratio large/small,
first large; and a last line
`diagnostics employees=<small>/<large> findings=<small>/<large> same_queries=<n>/<m> max_ratio=<x> within_2x=<n>/<m>`
(the ratio and within_2x over the kept pages; the diagnose and export lines say what a fresh
count costs). The whole run, seeding included, takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402
from bench_scale import SERVER, SMALL, _child_env, _server_reachable  # noqa: E402

PAGE = "/kinerja/pantau-penilai/"
# The measures whose kept figures the 2× goal is about (the others are counted afresh).
KEPT = ("page as admin.bkd", "page as admin.opd", "home as admin.bkd")


PREFIX = "h_diag_"


def _database_url(args, size: str) -> str:
    return bench_scale._database_url(args, size, PREFIX)


def _seed(args, size: str, employees: int) -> None:
    bench_scale._seed(args, size, employees, PREFIX)


def _timed(fn, repeat: int) -> tuple[float, float]:
    """(the first call's ms, the median ms of `repeat` more)."""
    started = time.perf_counter()
    fn()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return first, statistics.median(times)


def measure(repeat: int) -> None:
    """In a child, on one database: print one JSON line of every measure."""
    import io

    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.utils import timezone

    from accounts.logins.models import User
    from accounts.org.models import Employee, OrgUnit
    from appraisal.cycles.selectors import open_cycle
    from appraisal.monitoring import diagnostics
    from reports.exporters import exporter_class, resolve_params, write_workbook
    from reports.scope import AGENCY_SCOPE

    setup_test_environment()
    cache.clear()
    result: dict = {"employees": Employee.objects.count()}
    opd_ids = list(OrgUnit.objects.filter(parent__isnull=True).values_list("pk", flat=True))
    cycle, today = open_cycle(), timezone.localdate()
    found: list = []

    def run():
        found[:] = diagnostics.diagnose(opd_ids, cycle, today)

    with CaptureQueriesContext(connection) as queries:
        run()
    first, median = _timed(run, repeat)
    result["diagnose"] = {"queries": len(queries), "first": first, "ms": median}
    result["findings"] = len(found)
    result["people"] = diagnostics.people_count(found)

    for name, username, url in (
        ("page as admin.bkd", "admin.bkd", PAGE),
        ("page as admin.opd", "admin.opd", PAGE),
        ("home as admin.bkd", "admin.bkd", "/"),
    ):
        client = Client()
        client.force_login(User.objects.get(username=username), backend=BACKEND)
        client.get(url)  # the session and the templates settled, outside the count
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        counted = len(queries)  # now: the next request empties the log it reads
        cache.clear()
        first, median = _timed(lambda c=client, u=url: c.get(u), repeat)
        result[name] = {"queries": counted, "first": first, "ms": median, "status": status}

    def export():
        cls = exporter_class("reporting_line_diagnostics")
        params = resolve_params(cls, AGENCY_SCOPE, year=cycle.year)
        write_workbook(cls(params, AGENCY_SCOPE), io.BytesIO(), generated_by="bench")

    with CaptureQueriesContext(connection) as queries:
        export()
    first, median = _timed(export, max(1, repeat // 2))
    result["export (whole agency)"] = {"queries": len(queries), "first": first, "ms": median}
    print(json.dumps(result), flush=True)


BACKEND = "accounts.backends.NipOrUsernameBackend"


def _child(args, size: str) -> dict:
    # The demo admins sign in without a second factor here (force_login, as in the tests).
    env = _child_env(_database_url(args, size)) | {"MFA_REQUIRED_ROLES": ""}
    done = subprocess.run(
        [sys.executable, __file__, "--child", "--repeat", str(args.repeat)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"the {size} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--sqlite", action="store_true", help="SQLite files in /tmp")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL")
    parser.add_argument("--reuse", action="store_true", help="keep databases already seeded")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measure")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.repeat)
        return
    if not args.sqlite and not _server_reachable(args.server):
        print(f"PostgreSQL at {urlsplit(args.server).netloc} not reachable: SQLite files instead")
        args.sqlite = True
    _seed(args, "small", SMALL)
    _seed(args, "large", args.employees)
    small, large = _child(args, "small"), _child(args, "large")

    labels = ["diagnose", "page as admin.bkd", "page as admin.opd", "home as admin.bkd",
              "export (whole agency)"]  # fmt: skip
    width = max(len(label) for label in labels) + 2
    print(
        f"\n{'measure':<{width}}{'queries':>9}{'ms small':>10}{'ms large':>10}{'ratio':>7}"
        f"{'first large':>12}"
    )
    same, ratios = 0, {}
    for label in labels:
        s, lg = small[label], large[label]
        ratio = lg["ms"] / s["ms"] if s["ms"] else 0.0
        if label in KEPT:
            ratios[label] = ratio
            same += s["queries"] == lg["queries"]
        flag = "  queries differ" if s["queries"] != lg["queries"] else ""
        if s.get("status", 200) != 200 or lg.get("status", 200) != 200:
            flag += f"  status {s.get('status')}/{lg.get('status')}"
        queries = f"{s['queries']}/{lg['queries']}"
        print(
            f"{label:<{width}}{queries:>9}{s['ms']:>10.1f}{lg['ms']:>10.1f}{ratio:>7.2f}"
            f"{lg['first']:>12.1f}{flag}"
        )
    print(
        f"\nfindings small={small['findings']} ({small['people']} people) "
        f"large={large['findings']} ({large['people']} people)"
    )
    within = sum(r <= 2 for r in ratios.values())
    print(
        f"diagnostics employees={small['employees']}/{large['employees']} "
        f"findings={small['findings']}/{large['findings']} same_queries={same}/{len(KEPT)} "
        f"max_ratio={max(ratios.values()):.2f} within_2x={within}/{len(KEPT)}"
    )


if __name__ == "__main__":
    main()
