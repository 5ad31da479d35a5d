"""Benchmark: the list and main pages at the demo's size and at province scale (issue 9).

    .venv/bin/python bench/bench_scale.py [--employees 100000] [--sqlite] [--reuse] [--repeat 7]

Seeds the demo agency twice, `seed_demo --employees 100` (the demo alone, ~270 employees: it is
never smaller) and `seed_demo --employees 100000`, each into its own throwaway database: by default
the PostgreSQL databases h_scale_small and h_scale_large, (re)created on the server of
$BENCH_SCALE_SERVER (default postgres://postgres@127.0.0.1:5432/postgres, whose own database is
only used to run CREATE/DROP DATABASE); with --sqlite, or when that server cannot be reached, the
files /tmp/h_scale_small.sqlite3 and /tmp/h_scale_large.sqlite3. Each is ANALYZEd after seeding,
as a live database would be. --reuse keeps a database that already holds the asked number of
employees (handy while tuning a page). Seeding 100,000 takes about a minute.

Then it fetches every page of tests/test_scale_queries.py as the same demo persona at both sizes,
through the Django test client with config.settings.test (DEBUG off, static files from the source
folders), one child process per size: a first request, then --repeat timed ones (the median is
printed) and one counted with CaptureQueriesContext from an empty cache. As in production
(SLOW_FIGURES_SECONDS=60, core/figures.py), an agency-wide count that took long is kept a
minute: the first request at the large size pays for it (printed as "first large"), the timed
ones show what the admins who come after get. The two sizes take turns request by request,
so a busy moment on a shared machine slows both alike. A table follows, one line per page and
persona: queries small/large, ms small/large, ratio large/small, first large; and a last line
`pages=<n> same_queries=<n> max_ratio=<x> within_2x=<n>`. The goal: the same queries, every ratio
at most 2. The whole run, seeding included, takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SMALL = 100
SERVER = os.environ.get("BENCH_SCALE_SERVER", "postgres://postgres@127.0.0.1:5432/postgres")


# The throwaway databases of a bench are named <prefix><size> (bench_diagnostics has its own).
PREFIX = "h_scale_"


def _database_url(args, size: str, prefix: str = PREFIX) -> str:
    if args.sqlite:
        return f"sqlite:////tmp/{prefix}{size}.sqlite3"
    parts = urlsplit(args.server)
    return urlunsplit(parts._replace(path=f"/{prefix}{size}"))


def _child_env(url: str) -> dict:
    env = dict(os.environ)
    # Always the throwaway database, whatever the environment says.
    env.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings.test",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    # As in production (the test settings count live): a slow agency-wide count is kept a minute.
    env.setdefault("SLOW_FIGURES_SECONDS", "60")
    # The admins log in with a password only: the pages measured, not the two-factor step.
    env.setdefault("MFA_REQUIRED_ROLES", "")
    return env


def _employees(url: str) -> int | None:
    """How many employees the database holds, None when it is missing or not migrated."""
    code = (
        "import django; django.setup()\n"
        "from accounts.org.models import Employee\n"
        "print(Employee.objects.count())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=_child_env(url), capture_output=True, text=True
    )
    return int(done.stdout.strip()) if done.returncode == 0 else None


def _recreate(args, url: str, prefix: str = PREFIX) -> None:
    if args.sqlite:
        path = urlsplit(url).path[1:]
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    assert name.startswith(prefix), name  # never anything but the bench's own databases
    with psycopg.connect(args.server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _server_reachable(server: str) -> bool:
    try:
        import psycopg

        psycopg.connect(server, connect_timeout=3).close()
    except Exception:  # no driver, no server, no access: all mean "use SQLite"
        return False
    return True


def _seed(args, size: str, employees: int, prefix: str = PREFIX) -> None:
    url = _database_url(args, size, prefix)
    env = _child_env(url)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if args.reuse and _employees(url) == max(employees, _demo_size(args)):
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        print(f"{size}: reusing {url}", flush=True)
        return
    _recreate(args, url, prefix)
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [*manage, "seed_demo", "--employees", str(employees)],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    # Fresh tables: give the planner the statistics a live database has.
    if args.sqlite:
        with closing(sqlite3.connect(urlsplit(url).path[1:])) as conn:
            conn.execute("ANALYZE")
    else:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"{size}: seeded {employees} employees into {url} in {seconds:.0f} s", flush=True)


_DEMO = {}


def _demo_size(args) -> int:
    """The demo agency's own size (seed_demo never builds fewer)."""
    if "n" not in _DEMO:
        code = "from accounts.demo.build import plan_demo\nprint(plan_demo().employee_count)"
        done = subprocess.run(
            [sys.executable, "-c", "import django; django.setup()\n" + code],
            env=_child_env(_database_url(args, "small")),
            capture_output=True,
            text=True,
            check=True,
        )
        _DEMO["n"] = int(done.stdout.strip())
    return _DEMO["n"]


def serve() -> None:
    """In a child, on one database: answer `time|count <visit index>` lines from the parent
    with one JSON line each (the milliseconds of one request, or its status and query count)."""
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from accounts.org.models import Employee
    from tests.test_scale_queries import VISITS, clients, page_context

    setup_test_environment()
    cache.clear()
    context = page_context()
    logged_in = clients()
    labels = [page.label(persona) for page, persona in VISITS]
    print(json.dumps({"employees": Employee.objects.count(), "labels": labels}), flush=True)
    for line in sys.stdin:
        op, index = line.split()
        page, persona = VISITS[int(index)]
        client, url = logged_in[persona], page.url(context)
        if op == "count":
            cache.clear()  # the queries of a count made afresh, not of one kept a minute
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            answer = {"status": response.status_code, "queries": len(captured)}
        else:
            started = time.perf_counter()
            client.get(url)
            answer = {"ms": (time.perf_counter() - started) * 1000}
        print(json.dumps(answer), flush=True)


class Child:
    """A serving child process on one size's database."""

    def __init__(self, args, size: str):
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--child"],
            env=_child_env(_database_url(args, size)),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        hello = self._read()
        self.employees, self.labels = hello["employees"], hello["labels"]

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            sys.exit("a measuring child stopped (its error is above)")
        return json.loads(line)

    def ask(self, op: str, index: int) -> dict:
        self.process.stdin.write(f"{op} {index}\n")
        self.process.stdin.flush()
        return self._read()

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def _measure(args) -> tuple[dict, dict]:
    """Both sizes at once, request by request in turn (small, large, small, …), so that a busy
    moment of the machine slows both alike rather than one size's whole run."""
    children = {size: Child(args, size) for size in ("small", "large")}
    results: dict = {size: {"employees": child.employees} for size, child in children.items()}
    for index, label in enumerate(children["small"].labels):
        if args.only and args.only not in label:
            continue
        times: dict = {size: [] for size in children}
        first = {size: child.ask("time", index)["ms"] for size, child in children.items()}
        for _ in range(args.repeat):
            for size, child in children.items():
                times[size].append(child.ask("time", index)["ms"])
        for size, child in children.items():
            row = child.ask("count", index)
            row["ms"] = statistics.median(times[size])
            row["first"] = first[size]
            results[size][label] = row
    for child in children.values():
        child.close()
    return results["small"], results["large"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--sqlite", action="store_true", help="SQLite files in /tmp")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL")
    parser.add_argument("--reuse", action="store_true", help="keep databases already seeded")
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page")
    parser.add_argument("--only", default="", help="only pages whose label contains this")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        serve()
        return
    if not args.sqlite and not _server_reachable(args.server):
        print(f"PostgreSQL at {urlsplit(args.server).netloc} not reachable: SQLite files instead")
        args.sqlite = True

    _seed(args, "small", SMALL)
    _seed(args, "large", args.employees)
    small, large = _measure(args)
    small_n, large_n = small.pop("employees"), large.pop("employees")

    width = max(len(label) for label in small) + 2
    print(
        f"\n{'page as persona':<{width}}{'queries':>13}{'ms small':>10}{'ms large':>10}{'ratio':>7}"
        f"{'first large':>12}"
    )
    same, ratios = 0, []
    for label, s in small.items():
        lg = large[label]
        ratio = lg["ms"] / s["ms"] if s["ms"] else 0.0
        ratios.append(ratio)
        same += s["queries"] == lg["queries"]
        flag = ""
        if s["queries"] != lg["queries"]:
            flag += "  queries differ"
        if ratio > 2:
            flag += "  slower than 2x"
        if (s["status"], lg["status"]) != (200, 200):
            flag += f"  status {s['status']}/{lg['status']}"
        queries = f"{s['queries']}/{lg['queries']}"
        print(
            f"{label:<{width}}{queries:>13}{s['ms']:>10.1f}{lg['ms']:>10.1f}{ratio:>7.2f}"
            f"{lg['first']:>12.1f}{flag}"
        )
    print(f"\nemployees small={small_n} large={large_n}")
    within = sum(ratio <= 2 for ratio in ratios)
    print(f"pages={len(small)} same_queries={same} max_ratio={max(ratios):.2f} within_2x={within}")


if __name__ == "__main__":
    main()
