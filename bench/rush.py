"""Load benchmark: the January rush against gunicorn and PostgreSQL on loopback (issue 9).

    .venv/bin/python bench/rush.py [--users 40] [--seconds 60] [--employees 3000] [--workers 4]
    make bench-rush

What it does, in about four minutes with the defaults on an idle machine:

1. Drops and re-creates the PostgreSQL database `h_rush` (only that one), migrates, seeds
   `seed_demo --employees N` and collects the static files (DEBUG is off, so whitenoise serves the
   fingerprinted copies, as in production).
2. Prepares the rush through the real services: the period windows of the open cycle stay open
   until the end of next January; a few pengawas of the generated OPD (the PPKs) get an approved
   SKP, every member of their teams an approved SKP with two RHK linked to it and three IKI each,
   and the employees who will log in a draft revision of it (v2), so each of them has an RHK to
   edit and a realisation to fill at once. The accounts that log in get a known password (bench
   only); admin BKD are `admin.bkd` and more generated accounts given the role.
3. Starts gunicorn (sync workers, `--workers`) with production-like settings: DEBUG off,
   PostgreSQL with persistent connections (CONN_MAX_AGE=600, health checks), Redis as the cache.
   Celery stays eager (broker `memory://`): no endpoint of the scenario enqueues a task, and an
   eager app leaves nothing behind in a shared Redis.
4. Runs locust headless (bench/locustfile_rush.py) against that one server, phase after phase:
   `bare` (only `/healthz/`, no think time: the reference), `mix` (pegawai, PPK, admin BKD and one
   bare-view user with a short think time: the figures per endpoint), then each save endpoint
   alone with no think time (`save-rhk`, `save-realisation`, `save-row`: what the server sustains
   for it, compared with the bare view).
5. Looks for every acknowledged save in the database: each carries a unique marker (RHK text,
   realisation kendala) or a version (evaluation) that must appear in the history table and, for
   the last save of each object, in the row itself. What is missing is a lost write.
6. Stops gunicorn and prints the figures block (docs/performance.md records a run).

Exit status: 1 when a request failed or a write was lost, else 0. Whether every save endpoint
reached 30 % of the bare view's throughput is printed, not turned into the exit status.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = Path("/tmp/h_rush")
DB_NAME = "h_rush"
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/11"
PASSWORD = "uji-beban-rush-2026"  # bench accounts only, in a throwaway database
DEMO_ADMIN = ("admin.bkd", "demo12345")
GOAL_RATIO = 0.30
SAVES = {
    "save-rhk": ("pegawai", "POST rhk_edit"),
    "save-realisation": ("pegawai", "POST realisation"),
    "save-row": ("ppk", "POST team_scoring_row"),
}
SAVE_NAMES = ("POST rhk_edit", "POST realisation", "POST team_scoring_row", "POST evaluation")


def bench_env(conn_max_age: int = 600) -> dict[str, str]:
    """The environment of every process of the run (this one, gunicorn, manage.py, locust)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.base",
        DATABASE_URL=f"{PG}/{DB_NAME}",
        # Persistent connections (production: CONN_MAX_AGE=60, .env.example); 600 outlasts the
        # run, so each worker keeps one backend whose CPU can be read from start to end.
        CONN_MAX_AGE=str(conn_max_age),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        REDIS_URL=REDIS,
        CELERY_BROKER_URL="memory://",
        STATIC_ROOT=str(WORK / "static"),
        MEDIA_ROOT=str(WORK / "media"),
        EMAIL_URL="memorymail://localhost",
        EMAIL_HOST="",
        LOG_LEVEL="WARNING",
    )
    return env


# --- setup ----------------------------------------------------------------------------------


def reset_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        connection.execute(f"CREATE DATABASE {DB_NAME}")


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def build(employees: int) -> None:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    with open(WORK / "seed.log", "w") as log:
        call_command("seed_demo", employees=employees, stdout=log)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(
        f"setup: migrate + seed_demo --employees {employees} + collectstatic "
        f"{time.perf_counter() - started:.1f} s"
    )


def _iki(text: str) -> list[dict]:
    from decimal import Decimal

    return [
        {
            "aspek": aspek,
            "indicator": f"{text}: {aspek}",
            "target_value": Decimal(12),
            "target_unit": "laporan",
            "target_text": "",
        }
        for aspek in ("kuantitas", "kualitas", "waktu")
    ]


def prepare(pegawai: int, ppks: int, admins: int) -> dict:
    """The accounts and the data of the rush (see the module docstring, step 2)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.choices import AdminRoleKind, EmployeeStatus, PositionKind
    from accounts.logins.models import User
    from accounts.org.models import Employee
    from accounts.org.reporting import OrgSnapshot
    from accounts.org.roles import actor_of_user
    from accounts.org.services import role_grant
    from appraisal.choices import Section, WindowKind
    from appraisal.cycles import services as cycle_services
    from appraisal.cycles.selectors import open_cycle
    from appraisal.evaluation.selectors import current_period
    from appraisal.plans.models import Rhk
    from appraisal.plans.selectors import intervenable_rhks
    from appraisal.plans.services import edit as skp_edit
    from appraisal.plans.services import flow as skp_flow
    from core.actor import Actor
    from notifications.email import without_email

    started = time.perf_counter()
    today = timezone.localdate()
    cycle = open_cycle()
    period = current_period(cycle, today)
    seed = Actor.system("bench: rush seed")
    for window in cycle.windows.exclude(kind=WindowKind.SKP):
        cycle_services.window_update(
            window,
            dt.date(cycle.year, 1, 1),
            dt.date(cycle.year + 1, 1, 31),
            "Uji beban: jendela dibuka sampai akhir Januari",
            actor=seed,
        )
    snapshot = OrgSnapshot(today)
    candidates = (
        Employee.objects.filter(
            status=EmployeeStatus.ACTIVE,
            position__kind=PositionKind.PENGAWAS,
            position__unit__opd__code__contains=".W",  # generated OPD, not the demo's
            user__isnull=False,
        )
        .select_related("user", "position__unit__opd")
        .order_by("pk")
    )
    per_team = -(-pegawai // ppks)
    plan: dict = {"pegawai": [], "ppk": [], "admin": [], "year": cycle.year, "period": period}
    opd_codes: set[str] = set()
    team_ids: set[int] = set()
    skps = 0
    with without_email():
        for boss in candidates:
            if len(plan["ppk"]) >= ppks:
                break
            line = snapshot.reporting_line(boss.pk)
            team = list(
                Employee.objects.filter(
                    pk__in=snapshot.subordinate_ids(boss.pk),
                    status=EmployeeStatus.ACTIVE,
                    user__isnull=False,
                )
                .select_related("user")
                .order_by("pk")
            )
            if line.ppk is None or line.ppk.is_external or len(team) < per_team:
                continue
            # The PPK's own plan, approved by their PPK (a waiver: theirs is not approved yet).
            cycle_services.waiver_grant(cycle, boss, "Uji beban", actor=seed)
            as_boss = actor_of_user(boss.user)
            own = skp_edit.skp_start(boss, cycle, actor=as_boss)
            targets = [
                skp_edit.rhk_save(
                    own,
                    Rhk(skp=own, section=Section.UTAMA, text=f"RHK pimpinan {n}"),
                    _iki(f"Indikator pimpinan {n}"),
                    {},
                    set(),
                    actor=as_boss,
                )
                for n in (1, 2)
            ]
            skp_flow.skp_submit(own, actor=as_boss)
            their_ppk = Employee.objects.select_related("user").get(pk=line.ppk.employee_id)
            skp_flow.skp_approve(own, actor=actor_of_user(their_ppk.user))
            skps += 1
            for number, member in enumerate(team):
                as_member = actor_of_user(member.user)
                skp = skp_edit.skp_start(member, cycle, actor=as_member)
                allowed = set(intervenable_rhks(skp).values_list("pk", flat=True))
                for n, target in enumerate(targets, start=1):
                    rhk = Rhk(skp=skp, section=Section.UTAMA, text=f"RHK {n}", intervened=target)
                    plans = {period: f"Rencana aksi RHK {n}"}
                    skp_edit.rhk_save(
                        skp, rhk, _iki(f"Indikator {n}"), plans, allowed, actor=as_member
                    )
                skp_flow.skp_submit(skp, actor=as_member)
                skp_flow.skp_approve(skp, actor=as_boss)
                skps += 1
                if number < per_team and len(plan["pegawai"]) < pegawai:
                    draft = skp_flow.skp_revise(skp, "Uji beban: revisi", actor=as_member)
                    plan["pegawai"].append(
                        {
                            "username": member.user.username,
                            "user_id": member.user_id,
                            "skp": str(skp.public_id),
                            "draft": str(draft.public_id),
                            "rhks": [str(r.public_id) for r in draft.rhks.all()],
                        }
                    )
            plan["ppk"].append({"username": boss.user.username, "user_id": boss.user_id})
            opd_codes.add(boss.position.unit.opd.code)
            team_ids.update([boss.pk, *(m.pk for m in team)])
    if len(plan["ppk"]) < ppks or len(plan["pegawai"]) < pegawai:
        raise SystemExit("not enough generated teams: seed more employees (--employees)")
    extra = (
        Employee.objects.filter(
            status=EmployeeStatus.ACTIVE,
            user__isnull=False,
            position__unit__opd__code__contains=".W",
        )
        .exclude(pk__in=team_ids)
        .select_related("user")
        .order_by("-pk")[: admins - 1]
    )
    for employee in extra:
        role_grant(employee.user, AdminRoleKind.ADMIN_BKD, None, "Uji beban", actor=seed)
        plan["admin"].append({"username": employee.user.username, "user_id": employee.user_id})
    hashed = make_password(PASSWORD)  # one hash for every bench account (PBKDF2 is slow)
    ids = [a["user_id"] for kind in ("pegawai", "ppk", "admin") for a in plan[kind]]
    User.objects.filter(pk__in=ids).update(password=hashed, is_active=True)
    for kind in ("pegawai", "ppk", "admin"):
        for account in plan[kind]:
            account["password"] = PASSWORD
    plan["admin"].insert(0, {"username": DEMO_ADMIN[0], "password": DEMO_ADMIN[1]})
    plan["opd_codes"] = sorted(opd_codes)
    print(
        f"prepare: {len(plan['ppk'])} PPK, {skps} approved SKPs, {len(plan['pegawai'])} drafts, "
        f"{len(plan['admin'])} admin BKD, period {period} of {cycle.year} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return plan


def analyze() -> None:
    """Planner statistics as autovacuum leaves them on a database in use. Right after the bulk
    seed they are missing, and the monitoring overview took 0.8 s instead of 50 ms."""
    import psycopg

    with psycopg.connect(f"{PG}/{DB_NAME}", autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


# --- the database, before and after -----------------------------------------------------------


def row_counts() -> dict[str, int]:
    from django.db.models import Sum

    from appraisal.evaluation.models import Evaluation
    from appraisal.plans.models import Rhk
    from appraisal.realisation.models import IkiRealisation, Realisation

    return {
        "rhk_history": Rhk.history.count(),
        "realisations": Realisation.objects.count(),
        "realisation_history": Realisation.history.count(),
        "iki_realisations": IkiRealisation.objects.count(),
        "evaluations": Evaluation.objects.count(),
        "evaluation_versions": Evaluation.objects.aggregate(n=Sum("version"))["n"] or 0,
        "evaluation_history": Evaluation.history.count(),
    }


def check_writes(ledgers: list[dict]) -> dict:
    """Every acknowledged save must be in the history, and the last one of each object in the
    row itself. Returns the counts and what is missing."""
    from appraisal.evaluation.models import Evaluation
    from appraisal.plans.models import Rhk, Skp
    from appraisal.realisation.models import Realisation

    marker = re.compile(r"\[(rush-[^\]]*)\]$")
    result: dict = {"acknowledged": {}, "lost": {}, "stale_rows": {}}

    rhk_acks = [tuple(a) for ledger in ledgers for a in ledger["rhk"]]
    ids = {pid for pid, _m in rhk_acks}
    found = set()
    for pid, text in Rhk.history.filter(public_id__in=ids).values_list("public_id", "text"):
        match = marker.search(text)
        if match:
            found.add((str(pid), match.group(1)))
    last = dict(rhk_acks)  # the ledgers keep each object's saves in time order
    current = dict(Rhk.objects.filter(public_id__in=ids).values_list("public_id", "text"))
    result["acknowledged"]["rhk"] = len(rhk_acks)
    result["lost"]["rhk"] = len(set(rhk_acks) - found)
    result["stale_rows"]["rhk"] = sum(
        1 for pid, m in last.items() if not current[_uuid(pid)].endswith(f"[{m}]")
    )

    real_acks = [(skp, period, m) for ledger in ledgers for skp, period, m in ledger["realisation"]]
    skp_ids = dict(
        Skp.objects.filter(public_id__in={s for s, _p, _m in real_acks}).values_list(
            "public_id", "pk"
        )
    )
    by_pk = {pk: str(pid) for pid, pk in skp_ids.items()}
    found = {
        (by_pk[skp_id], period, kendala.removeprefix("Kendala "))
        for skp_id, period, kendala in Realisation.history.filter(
            skp_id__in=by_pk, kendala__startswith="Kendala rush-"
        ).values_list("skp_id", "period", "kendala")
    }
    result["acknowledged"]["realisation"] = len(real_acks)
    result["lost"]["realisation"] = len(set(real_acks) - found)
    last = {(s, p): m for s, p, m in real_acks}
    current = {
        (by_pk[skp_id], period): kendala
        for skp_id, period, kendala in Realisation.objects.filter(skp_id__in=by_pk).values_list(
            "skp_id", "period", "kendala"
        )
    }
    result["stale_rows"]["realisation"] = sum(
        1 for key, m in last.items() if current.get(key) != f"Kendala {m}"
    )

    eval_acks = [(pid, int(v)) for ledger in ledgers for pid, v in ledger["evaluation"]]
    ids = {pid for pid, _v in eval_acks}
    found = {
        (str(pid), v)
        for pid, v in Evaluation.history.filter(public_id__in=ids).values_list(
            "public_id", "version"
        )
    }
    result["acknowledged"]["evaluation"] = len(eval_acks)
    result["lost"]["evaluation"] = len(set(eval_acks) - found)
    highest: dict[str, int] = {}
    for pid, version in eval_acks:
        highest[pid] = max(version, highest.get(pid, 0))
    current = {
        str(pid): v
        for pid, v in Evaluation.objects.filter(public_id__in=ids).values_list(
            "public_id", "version"
        )
    }
    result["stale_rows"]["evaluation"] = sum(1 for pid, v in highest.items() if current[pid] < v)
    result["conflicts"] = sum(ledger["conflicts"] for ledger in ledgers)
    return result


def _uuid(text: str):
    import uuid

    return uuid.UUID(text)


# --- gunicorn and locust ------------------------------------------------------------------------


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "sync",
        "--timeout", "60",
        "--graceful-timeout", "5",
    ]  # fmt: skip
    with open(WORK / "gunicorn.log", "w") as log:  # the child keeps its own descriptor
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
        if server.poll() is not None:
            break
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer on port {port}; see {WORK / 'gunicorn.log'}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


TICK = os.sysconf("SC_CLK_TCK")


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == parent:
                found.append(int(entry.name))
    return found


def server_processes(server: subprocess.Popen) -> dict[str, list[int]]:
    """gunicorn's master and workers, and the PostgreSQL backends serving this database (the
    workers keep their connection: CONN_MAX_AGE=600 outlasts the run)."""
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        backends = [
            pid
            for (pid,) in connection.execute(
                "SELECT pid FROM pg_stat_activity"
                " WHERE datname = %s AND backend_type = 'client backend'",
                (DB_NAME,),
            )
        ]
    return {"gunicorn": [server.pid, *_children(server.pid)], "postgres": backends}


def cpu_sample(server: subprocess.Popen, client: int) -> dict[str, dict[int, float]]:
    sample = {k: {pid: _cpu(pid) for pid in v} for k, v in server_processes(server).items()}
    sample["locust"] = {client: _cpu(client)}
    return sample


def cpu_used(start: dict, end: dict) -> dict[str, float]:
    """CPU seconds per group between two samples; a process that appeared in between counts
    from zero."""
    return {
        group: sum(cpu - start[group].get(pid, 0.0) for pid, cpu in end[group].items())
        for group in end
    }


def run_locust(env, port, phase, mode, counts, seconds, server) -> tuple[list[dict], dict]:
    """One headless locust run; returns the rows of its stats CSV and its ledger."""
    users = sum(counts.values())
    logins = counts.get("pegawai", 0) + counts.get("ppk", 0) + counts.get("admin", 0)
    # The locustfile stops RUSH_SECONDS after everyone has logged in (PBKDF2, ~0.5 s of CPU
    # each); -t only keeps a stuck run from going on for ever.
    backstop = seconds + logins * 2 + 120
    classes = {"pegawai": "Pegawai", "ppk": "Ppk", "admin": "AdminBkd", "bare": "BareView"}
    ledger_path = WORK / f"{phase}.ledger.json"
    ledger_path.unlink(missing_ok=True)
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile_rush.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "-u",
        str(users),
        "-r",
        str(users),
        "-t",
        f"{backstop}s",
        "--csv",
        str(WORK / phase),
        "--only-summary",
        "--stop-timeout",
        "10",
        "--loglevel",
        "WARNING",
        *(classes[kind] for kind, n in counts.items() if n),
    ]
    run_env = {
        **env,
        "RUSH_PLAN": str(WORK / "plan.json"),
        "RUSH_LEDGER": str(ledger_path),
        "RUSH_MODE": mode,
        "RUSH_PHASE": phase,
        "RUSH_SECONDS": str(seconds),
        "RUSH_COUNTS": ",".join(f"{k}={n}" for k, n in counts.items()),
    }
    mark = WORK / f"{phase}.started"
    mark.unlink(missing_ok=True)
    run_env["RUSH_MARK"] = str(mark)
    with open(WORK / f"{phase}.log", "w") as log:
        client = subprocess.Popen(
            command, cwd=ROOT, env=run_env, stdout=log, stderr=subprocess.STDOUT
        )
        while not mark.exists() and client.poll() is None:
            time.sleep(0.05)
        # The clock starts when every user has logged in: count CPU from there.
        before, started = cpu_sample(server, client.pid), time.monotonic()
        while client.poll() is None:
            # The last sample before locust exits (its own CPU is gone once it has).
            after, ended = cpu_sample(server, client.pid), time.monotonic()
            time.sleep(0.2)
    with open(WORK / f"{phase}_stats.csv") as handle:
        rows = list(csv.DictReader(handle))
    ledger = json.loads(ledger_path.read_text()) if ledger_path.exists() else None
    if ledger is None or not mark.exists():
        raise SystemExit(f"locust did not run {phase} to the end; see {WORK / (phase + '.log')}")
    ledger["cpu"] = cpu_used(before, after)
    ledger["cpu_seconds"] = ended - started
    return rows, ledger


# --- the report ---------------------------------------------------------------------------------


def _num(row: dict, key: str) -> float:
    value = row.get(key, "") or "0"
    return float(value) if value != "N/A" else 0.0


def _requests(rows: list[dict], name: str = "Aggregated") -> int:
    return next((int(_num(r, "Request Count")) for r in rows if r["Name"] == name), 0)


def rate(rows: list[dict], name: str) -> float:
    return next((_num(r, "Requests/s") for r in rows if r["Name"] == name), 0.0)


def failures(rows: list[dict]) -> int:
    return next((int(_num(r, "Failure Count")) for r in rows if r["Name"] == "Aggregated"), 0)


def server_ms(rows: list[dict], ledger: dict) -> float:
    """Server CPU (gunicorn workers and their PostgreSQL backends) per request, in ms."""
    served = _requests(rows)
    cpu = ledger["cpu"]
    return (cpu["gunicorn"] + cpu["postgres"]) * 1000 / served if served else 0.0


def print_phase(phase: str, rows: list[dict], ledger: dict) -> None:
    cpu, seconds = ledger["cpu"], ledger["cpu_seconds"] or 1
    logins = ledger["logins"]
    print(f"\n[{phase}]")
    if logins:
        print(
            f"  {len(logins)} logins before the clock started (median "
            f"{sorted(logins)[len(logins) // 2] * 1000:.0f} ms; all in after "
            f"{ledger['login_seconds']:.1f} s)"
        )
    print(
        f"  CPU over {seconds:.0f} s: gunicorn {cpu['gunicorn'] / seconds:.2f} cores, postgres "
        f"{cpu['postgres'] / seconds:.2f}, locust {cpu['locust'] / seconds:.2f}; server "
        f"{server_ms(rows, ledger):.2f} ms per request"
    )
    print(
        f"  {'endpoint':<22} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'fail':>5}"
    )
    for row in rows:
        if _num(row, "Request Count") == 0:
            continue
        print(
            f"  {row['Name']:<22} {int(_num(row, 'Request Count')):>8} "
            f"{_num(row, 'Requests/s'):>7.1f} {int(_num(row, '50%')):>7} "
            f"{int(_num(row, '95%')):>7} {int(_num(row, 'Failure Count')):>5}"
        )
    for line in ledger["unexpected"][:3]:
        print(f"  ! {line}")


def user_counts(users: int) -> dict[str, int]:
    """The mix: mostly pegawai, a PPK for every three or four of them, a few admins, and one
    bare-view user (its latency under load)."""
    ppk = max(1, round(users * 0.2))
    admin = max(1, round(users * 0.075))
    pegawai = max(1, users - ppk - admin - 1)
    return {"pegawai": pegawai, "ppk": ppk, "admin": admin, "bare": 1}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=40, help="locust users in the mix")
    parser.add_argument("--seconds", type=int, default=60, help="length of the mix phase")
    parser.add_argument("--phase-seconds", type=int, default=15, help="bare and save phases")
    parser.add_argument("--employees", type=int, default=3000, help="seed_demo --employees")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=600,
        help="CONN_MAX_AGE of the server (0: a connection per request; PostgreSQL's CPU is then "
        "not counted)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep the database and plan of the last run"
    )
    args = parser.parse_args()
    counts = user_counts(args.users)
    env = bench_env(args.conn_max_age)
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    if not args.reuse:
        shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True)
        reset_database()
    setup_django(env)
    if not args.reuse:
        build(args.employees)
        plan = prepare(counts["pegawai"], counts["ppk"], counts["admin"])
        (WORK / "plan.json").write_text(json.dumps(plan))
        analyze()
    from django.db import connections

    before = row_counts()
    connections.close_all()
    server = start_server(env, args.port, args.workers)
    results: dict[str, tuple[list[dict], dict]] = {}
    try:
        short = args.phase_seconds
        bare = {"bare": args.users}
        results["bare"] = run_locust(env, args.port, "bare", "bare", bare, short, server)
        results["mix"] = run_locust(env, args.port, "mix", "mix", counts, args.seconds, server)
        for phase, (kind, _name) in SAVES.items():
            only = {kind: counts[kind]}
            results[phase] = run_locust(env, args.port, phase, phase, only, short, server)
    finally:
        stop_server(server)
    after = row_counts()
    writes = check_writes([ledger for _rows, ledger in results.values()])

    print(
        f"\nmachine: {os.cpu_count()} cores, load average {load_before:.1f} before the run and "
        f"{os.getloadavg()[0]:.1f} after (other work shares the machine); gunicorn "
        f"{args.workers} sync workers; PostgreSQL with CONN_MAX_AGE={args.conn_max_age}; "
        f"DEBUG off; seed_demo --employees {args.employees}"
    )
    print(f"mix users: {counts}; think time 0.1-0.5 s in the mix, none in the other phases")
    for phase, (rows, ledger) in results.items():
        print_phase(phase, rows, ledger)

    bare_rows, bare_ledger = results["bare"]
    bare_rate, bare_ms = rate(bare_rows, "GET healthz"), server_ms(bare_rows, bare_ledger)
    print(
        f"\nreference: GET /healthz/ alone {bare_rate:.1f} req/s, server {bare_ms:.2f} ms CPU "
        "per request"
    )
    print(
        f"  {'save endpoint alone':<22} {'req/s':>7} {'of bare':>8} {'CPU ms':>7} {'bare/CPU':>9}"
    )
    fast_enough = True
    for phase, (_kind, name) in SAVES.items():
        rows, ledger = results[phase]
        saved, cost = rate(rows, name), server_ms(rows, ledger)
        ratio = saved / bare_rate if bare_rate else 0.0
        fast_enough &= ratio >= GOAL_RATIO
        print(
            f"  {name:<22} {saved:>7.1f} {ratio:>8.1%} {cost:>7.2f} "
            f"{(bare_ms / cost if cost else 0):>9.1%}"
        )
    failed = sum(failures(rows) + ledger["start_failures"] for rows, ledger in results.values())
    lost = sum(writes["lost"].values())
    stale = sum(writes["stale_rows"].values())
    saves = writes["acknowledged"]
    delta = {key: after[key] - before[key] for key in before}
    print(
        f"failed requests: {failed}; conflicts (stale version): {writes['conflicts']}; "
        "acknowledged saves: " + ", ".join(f"{k} {v}" for k, v in saves.items())
    )
    print(
        f"lost writes: {lost} (acknowledged saves missing from the history); objects not holding "
        f"their last save: {stale}"
    )
    # The same from row counts: each save adds one history row or one version; a realisation or
    # evaluation created during the run adds one more (its creation, or its version 1).
    print(
        f"row counts: RHK history +{delta['rhk_history']} for {saves['rhk']} saves; realisation "
        f"history +{delta['realisation_history']} for {saves['realisation']} saves + "
        f"{delta['realisations']} new; evaluation versions +{delta['evaluation_versions']} for "
        f"{saves['evaluation']} saves + {delta['evaluations']} new"
    )
    correct = failed == 0 and lost == 0 and stale == 0
    print(
        f"goals: 0 errors and 0 lost writes {'met' if correct else 'NOT met'}; every save "
        f"endpoint at least {GOAL_RATIO:.0%} of the bare view's throughput "
        f"{'met' if fast_enough else 'NOT met'}"
    )
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0 if correct else 1


if __name__ == "__main__":
    sys.exit(main())
