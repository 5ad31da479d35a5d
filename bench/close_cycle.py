"""Benchmark: closing the annual cycle of a province-scale agency.

    .venv/bin/python bench/close_cycle.py [EMPLOYEES]

Seeds `seed_demo --employees N` (100,000 by default) into a throwaway SQLite file, opens a cycle of
its own, gives every active employee with a position an approved SKP and a finalised annual
evaluation (bulk inserts, not timed), then times services.closing.cycle_close, which takes the
completeness report of every period and of the year, records the closures and closes the cycle.
The periods have no realisation or evaluation, so they close with (confirmed) gaps, as a year
whose periodic evaluations were kept elsewhere would. The last line is
`seconds=<float> employees=<int>` (the goal: under 60 seconds).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

DB_PATH = Path("/tmp/bench_close_cycle.sqlite3")
ROOT = Path(__file__).resolve().parent.parent
BATCH = 5000


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
    from django.db.models import Max

    from accounts.org.models import Employee
    from appraisal.choices import ANNUAL, EvaluationStatus, SkpStatus
    from appraisal.closing import services as closing
    from appraisal.cycles import services as cycle_services
    from appraisal.cycles.models import Cycle, PeriodClosure
    from appraisal.evaluation.models import Evaluation
    from appraisal.plans.models import Skp
    from core.actor import Actor

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("seed_demo", employees=employees, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"seeded employees={Employee.objects.count()} in {time.perf_counter() - started:.1f}s")

    # A year of its own, after any the demo opened, so that no demo SKP is in the way.
    year = (Cycle.objects.aggregate(last=Max("year"))["last"] or dt.date.today().year) + 1
    seed = Actor.system("bench: close_cycle seed")
    cycle = cycle_services.cycle_create(year, "triwulanan", 14, None, actor=seed)
    cycle = cycle_services.cycle_open(cycle, actor=seed)

    started = time.perf_counter()
    people = list(
        Employee.objects.filter(status="active", position__isnull=False).values_list(
            "pk", "position_id"
        )
    )
    for offset in range(0, len(people), BATCH):
        skps = Skp.objects.bulk_create(
            Skp(
                cycle=cycle,
                employee_id=employee_id,
                position_id=position_id,
                start_date=dt.date(year, 1, 1),
                end_date=dt.date(year, 12, 31),
                status=SkpStatus.APPROVED,
            )
            for employee_id, position_id in people[offset : offset + BATCH]
        )
        Evaluation.objects.bulk_create(
            Evaluation(
                skp=skp,
                period=ANNUAL,
                status=EvaluationStatus.FINALISED,
                rating_hasil="SESUAI_EKSPEKTASI",
                rating_perilaku="SESUAI_EKSPEKTASI",
                predicate="BAIK",
            )
            for skp in skps
        )
    print(f"plans and annual evaluations={len(people)} in {time.perf_counter() - started:.1f}s")

    started = time.perf_counter()
    closed = closing.cycle_close(cycle, actor=Actor.system("bench"), confirm_gaps=True)
    seconds = time.perf_counter() - started
    closures = PeriodClosure.objects.filter(cycle=closed).order_by("period")
    for closure in closures:
        print(f"period={closure.period} gap_count={closure.gap_count}")
    assert closed.status == "closed"
    print(f"seconds={seconds:.2f} employees={len(people)}")


if __name__ == "__main__":
    main()
