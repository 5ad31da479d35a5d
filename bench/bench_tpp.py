"""Benchmark: a month's TPP for a province (issue 24): computed for every OPD, then exported.

    .venv/bin/python bench/bench_tpp.py [--employees 100000] [--reuse] [--sqlite]

Seeds the demo at province scale as bench/bench_scale.py does (`seed_demo --employees N`, which
includes the TPP demo: the example scheme, post classes, two months of attendance recaps for
everyone) into the throwaway PostgreSQL database h_tpp_<N> on $BENCH_SCALE_SERVER (default
postgres://postgres@127.0.0.1:5432/postgres), or with --sqlite, or when that server cannot be
reached, into /tmp/h_tpp_<N>.sqlite3; --reuse keeps a database that already holds them.

Then, in a child process (config.settings.test), for the demo's latest month (computed, not
locked):

- compute: the admin BKD's "compute every OPD" (tpp.months.tasks.compute_run, as the worker runs
  it), which recomputes each OPD's month from the recaps, predicates, penalties and posts;
- export: the `tpp` recap of the whole agency (one sheet per OPD) written to a temporary file.

Each is timed, and the child's peak RSS (ru_maxrss) is read after each step. The last line is
`tpp employees=<n> lines=<n> compute_seconds=<s> export_seconds=<s> peak_mb=<m> per_1000_ms=<ms>`
(per_1000_ms: compute time per thousand lines, the figure to compare across sizes: linear
growth keeps it flat). Goal: under 60 s and under 300 MB for 100,000 employees.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_scale  # noqa: E402
from bench_scale import SERVER, _child_env, _server_reachable  # noqa: E402

PREFIX = "h_tpp_"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure() -> None:
    """In the child: time the run and the export of the demo's latest month; one JSON line."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from accounts.org.models import Employee, OrgUnit
    from appraisal.cycles.models import Cycle
    from reports.exporters import write_workbook
    from reports.exporters.base import ExportParams
    from reports.scope import AGENCY_SCOPE
    from tpp import demo
    from tpp.months.exporter import TppExporter
    from tpp.months.models import Line, Run
    from tpp.months.tasks import compute_run

    span = demo.demo_months(timezone.localdate())[-1]
    admin = get_user_model().objects.get(username="admin.bkd")
    total = OrgUnit.objects.filter(parent__isnull=True, is_active=True).count()
    before = _peak_mb()
    run = Run.objects.create(year=span.year, month=span.month, opd_total=total, started_by=admin)
    started = time.perf_counter()
    compute_run(run.pk)
    compute_seconds = time.perf_counter() - started
    compute_mb = _peak_mb()
    lines = Line.objects.filter(month__year=span.year, month__month=span.month).count()
    exporter = TppExporter(
        ExportParams(cycle=Cycle.objects.get(year=span.year), month=span.month), AGENCY_SCOPE
    )
    started = time.perf_counter()
    with tempfile.TemporaryFile() as stream:
        rows = write_workbook(exporter, stream, generated_by="bench_tpp")
    export_seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "employees": Employee.objects.count(),
                "lines": lines,
                "rows": rows,
                "errors": Run.objects.get(pk=run.pk).errors,
                "compute_seconds": compute_seconds,
                "export_seconds": export_seconds,
                "baseline_mb": before,
                "compute_mb": compute_mb,
                "peak_mb": _peak_mb(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure()
        return
    if not args.sqlite and not _server_reachable(args.server):
        print(f"{args.server} cannot be reached: using SQLite", flush=True)
        args.sqlite = True
    size = str(args.employees)
    bench_scale._seed(args, size, args.employees, PREFIX)
    url = bench_scale._database_url(args, size, PREFIX)
    done = subprocess.run(
        [sys.executable, __file__, "--measure"], env=_child_env(url), capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(done.stderr)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"compute: {result['compute_seconds']:.1f} s for {result['lines']} lines "
        f"(errors: {result['errors'] or 'none'}), RSS {result['baseline_mb']:.0f} → "
        f"{result['compute_mb']:.0f} MB"
    )
    print(
        f"export: {result['export_seconds']:.1f} s for {result['rows']} rows, RSS peak {result['peak_mb']:.0f} MB"
    )
    per_1000 = 1000 * result["compute_seconds"] / max(1, result["lines"]) * 1000
    print(
        f"tpp employees={result['employees']} lines={result['lines']} "
        f"compute_seconds={result['compute_seconds']:.1f} export_seconds={result['export_seconds']:.1f} "
        f"peak_mb={result['peak_mb']:.0f} per_1000_ms={per_1000:.0f}"
    )


if __name__ == "__main__":
    main()
