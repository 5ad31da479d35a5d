"""Benchmark: the SKP pages and transitions people hit at the January deadline.

    .venv/bin/python bench/bench_skp.py [EMPLOYEES]

Seeds the demo (`seed_demo --employees N`, default: the plain demo) into a throwaway SQLite file,
then prints, for each page, the median time over repeated requests through the Django test client
and its query count (`page=… ms_median=… queries=…`): the pegawai's SKP page, the atasan's team
page, the Matriks Peran Hasil, the admin BKD's monitoring overview, and the SKP PDF. Then the write
path: every active employee of Dinas Kesehatan without an SKP whose PPK has an approved one starts
an SKP, writes an RHK with three IKI and submits it, and their PPK approves it
(`writes=… ms_per_employee=…`).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

DB_PATH = Path("/tmp/bench_skp.sqlite3")
ROOT = Path(__file__).resolve().parent.parent
REPEAT = 15


def _fresh_database() -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{DB_PATH}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_PATH}"  # never the developer's database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))


def _time_page(client, label: str, url: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches and templates
    times = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    print(f"page={label} ms_median={statistics.median(times):.1f} queries={len(queries)}")


def main() -> None:
    employees = int(sys.argv[1]) if len(sys.argv) > 1 else None
    _fresh_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.logins.models import User
    from accounts.org.models import Employee
    from accounts.org.reporting import OrgSnapshot
    from accounts.org.roles import actor_of_user
    from appraisal.cycles.selectors import open_cycle
    from appraisal.plans.models import Rhk, Skp
    from appraisal.plans.selectors import intervenable_rhks
    from appraisal.plans.services import edit as skp_edit
    from appraisal.plans.services import flow as skp_flow

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("seed_demo", employees=employees, stdout=quiet)
    print(f"employees={Employee.objects.count()} skps={Skp.objects.count()}")

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    pegawai = Employee.objects.get(user__username="pegawai")
    skp = Skp.objects.filter(employee=pegawai, cycle=open_cycle()).first()
    _time_page(
        client_for("pegawai"), "skp_detail", reverse("appraisal:skp_detail", args=[skp.public_id])
    )
    _time_page(client_for("atasan"), "team", reverse("appraisal:team"))
    _time_page(client_for("atasan"), "role_matrix", reverse("appraisal:role_matrix"))
    _time_page(client_for("admin.bkd"), "monitoring", reverse("appraisal:monitoring"))
    _time_page(client_for("pegawai"), "skp_pdf", reverse("appraisal:skp_pdf", args=[skp.public_id]))

    cycle = open_cycle()
    snapshot = OrgSnapshot(timezone.localdate())
    candidates = (
        Employee.objects.filter(position__unit__opd__code="DINKES", status="active")
        .exclude(skps__cycle=cycle)
        .select_related("user")
    )
    iki = [
        {
            "aspek": a,
            "indicator": f"Indikator {a}",
            "target_value": Decimal("12"),
            "target_unit": "laporan",
            "target_text": "",
        }
        for a in ("kuantitas", "kualitas", "waktu")
    ]
    written, started = 0, time.perf_counter()
    for employee in candidates:
        ppk = snapshot.ppk(employee.pk)
        if ppk is None or ppk.is_external or employee.user is None:
            continue
        owner = actor_of_user(employee.user)
        own = skp_edit.skp_start(employee, cycle, actor=owner)
        targets = list(intervenable_rhks(own))
        if not targets:
            own.delete()
            continue
        rhk = Rhk(skp=own, section="utama", text="RHK uji beban", intervened=targets[0])
        skp_edit.rhk_save(own, rhk, iki, {}, {targets[0].pk}, actor=owner)
        skp_flow.skp_submit(own, actor=owner)
        approver = Employee.objects.select_related("user").get(pk=ppk.employee_id)
        skp_flow.skp_approve(own, actor=actor_of_user(approver.user))
        written += 1
    seconds = time.perf_counter() - started
    per = seconds * 1000 / written if written else 0
    print(f"writes={written} ms_per_employee={per:.1f} (start, RHK with 3 IKI, submit, approve)")


if __name__ == "__main__":
    main()
