"""Benchmark: the deadline rush on the team scoring page.

    .venv/bin/python bench/bench_evaluation.py [SUBORDINATES]

Seeds the demo into a throwaway SQLite file, gives the demo `atasan` SUBORDINATES (default 60)
staff with approved SKPs, then prints the team scoring page's median time and query count
(`page=team_scoring ms_median=… queries=…`) and the time of saving one row the way the page does
(htmx POST, a rating change per request; `row_save ms_median=… ms_p95=… saves=…`).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

DB_PATH = Path("/tmp/bench_evaluation.sqlite3")
ROOT = Path(__file__).resolve().parent.parent


def _fresh_database() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"  # never the developer's database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    _fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts.logins.models import User
    from accounts.org.models import Employee, Position
    from accounts.org.services import employee_create
    from appraisal.cycles.models import Window
    from appraisal.cycles.selectors import open_cycle
    from appraisal.evaluation.selectors import team_scoring_rows
    from appraisal.plans.models import Skp
    from core.actor import Actor

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", stdout=quiet)
    cycle = open_cycle()
    Window.objects.filter(cycle=cycle).exclude(kind="skp").update(
        opens_on=dt.date(cycle.year, 1, 1), closes_on=dt.date(cycle.year + 1, 1, 31)
    )
    atasan = Employee.objects.get(user__username="atasan")
    post = Position.objects.filter(parent=atasan.position).first()
    for number in range(count):
        nip = f"19900101201501{1 if number % 2 else 2}{number:03d}"
        employee = employee_create(
            Employee(nip=nip, name=f"Pegawai Uji {number:03d}", golongan="III/a"),
            post,
            dt.date(cycle.year - 1, 1, 1),
            actor=Actor.system("bench: evaluation seed"),
        )
        Skp.objects.create(
            cycle=cycle,
            employee=employee,
            position=post,
            status="approved",
            start_date=dt.date(cycle.year, 1, 1),
            end_date=dt.date(cycle.year, 12, 31),
        )
    client = Client()
    client.force_login(User.objects.get(username="atasan"))
    url = reverse("appraisal:team_scoring") + "?period=1"
    client.get(url)
    times = []
    for _ in range(10):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    rows = team_scoring_rows(atasan, cycle, 1)  # what the page showed
    print(
        f"page=team_scoring rows={len(rows)} ms_median={statistics.median(times):.1f} "
        f"queries={len(queries)}"
    )
    saves = []
    ratings = ["DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"]
    for index, row in enumerate(rows):
        evaluation = row["evaluation"]
        prefix = str(evaluation.public_id)
        for step in range(3):
            evaluation.refresh_from_db()
            data = {
                f"{prefix}-version": evaluation.version,
                f"{prefix}-rating_hasil": ratings[(index + step) % 3],
                f"{prefix}-rating_perilaku": ratings[step % 3],
            }
            started = time.perf_counter()
            client.post(
                reverse("appraisal:team_scoring_row", args=[evaluation.public_id]),
                data,
                HTTP_HX_REQUEST="true",
            )
            saves.append((time.perf_counter() - started) * 1000)
    saves.sort()
    print(
        f"row_save ms_median={statistics.median(saves):.1f} "
        f"ms_p95={saves[int(len(saves) * 0.95) - 1]:.1f} saves={len(saves)}"
    )


if __name__ == "__main__":
    main()
