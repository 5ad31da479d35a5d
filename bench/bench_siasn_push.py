"""Benchmark: pushing 10,000 annual results to SIASN through the loopback server (issue 21).

    .venv/bin/python bench/bench_siasn_push.py [--results 10000] [--budget 600] [--traced 200]
        [--small N] [--batch B] [--via task|command] [--reuse] [--sqlite] [--profile N]

Seeds a synthetic agency into the throwaway PostgreSQL database h_push_<results> on
$BENCH_SCALE_SERVER (default postgres://postgres@127.0.0.1:5432/postgres), or with --sqlite, or
when that server cannot be reached, into /tmp/h_push_<results>.sqlite3: one OPD of five bidang
per 500 results, every employee with a SIASN id (accounts.demo.people.demo_siasn_id, as in the
demo), an approved SKP of YEAR and its annual evaluation (period 0) finalised, with the PPK and
Atasan PPK as stored at finalisation (a head of OPD is rated by the Kepala Daerah: "NON ASN").
Nothing else in the database is final, so every final result is one of them. Bulk inserts in a
child process (10,000 in about a minute, migrations included); --reuse keeps a database that
already holds them.

Then it starts the SIASN test server (tests/interchange/siasn_server.py, in its own process, as
the tests start it through tests/loopback.py) with a dataset.json naming every employee, and
pushes in child processes configured for it (the SIASN_* settings, SIASN_PUSH_ENABLED), each
from a clean state (no ResultPush, no Dokumen Evaluasi record, nothing stored at the server):

- the timed run, the production path: with --via task (default) the periodic pass
  interchange.siasn.tasks.push_pending, called as beat calls it, again and again until it queues
  nothing. Each pass checks SIASN's reference lists and queues at most SIASN_PUSH_BATCH results
  (--batch to change it), one push_result task each, run at once in this process
  (CELERY_TASK_ALWAYS_EAGER): Celery's rate_limit (SIASN_PUSH_RATE) is applied by a worker only,
  so the figure is what the code does without it; the configured rate is printed beside it.
  With --via command: `manage.py siasn_push --cycle YEAR --period 0`. Each result's Dokumen
  Evaluasi is rendered (WeasyPrint) and issued as a verifiable document, uploaded (upload-dok),
  then the result saved (skp22/save). --budget S (default 600; 0: no limit) stops the run after
  the result that ends past S seconds, and the time of the rest is extrapolated (and said so:
  at about 0.45 s a result on two cores, all 10,000 take over an hour). Printed: results,
  seconds, results/s, the share spent rendering PDFs, queries per result (a
  connection.execute_wrapper counter), and the pushing process's peak RSS (ru_maxrss) after the
  first --small results (default a tenth of --results) and at the end;
- a run of --traced results (default 200; 0: none) under tracemalloc, which slows Python down
  about fourfold (its time is not the figure): the peak of Python allocations after a tenth of
  them and at the end;
- after each run a second pass over every result pushed (push.result_push with one client, as
  the command loops): it must send nothing, and the next periodic pass must pick none of them;
  the server must hold exactly one skp22 record per result, for as many employees, with every
  save accepted and none beyond one per result.

--profile N pushes N results under cProfile instead and prints where the time goes.

The last line is
`siasn_push results=<n> seconds=<s> per_second=<r> peak_mb=<m> memory_ratio=<r> queries_per_result=<q> stored=<n> errors=<n>`
for the timed run; peak_mb is the tracemalloc peak of the traced run, memory_ratio the timed
run's peak RSS at the end over the one after --small results (1.00: memory does not grow with
the number of results); errors counts results not sent, saves refused or repeated, records
missing or doubled at the server and sent results picked again. Exit status 1 when errors > 0.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import resource
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

import bench_scale  # noqa: E402
from bench_scale import SERVER, _child_env, _server_reachable  # noqa: E402

PREFIX = "h_push_"
STATE_DIR = Path("/tmp/h_push")
YEAR = 2025
PER_OPD = 500
BIDANG = 5
MB = 1024 * 1024
RATINGS = ("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")
RATING_WEIGHTS = (2, 7, 1)
FIRST = ("Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hadi", "Indah", "Joko",
         "Kartika", "Lestari", "Made", "Nur", "Putu", "Rina", "Sari", "Tri", "Wayan", "Yusuf")  # fmt: skip
LAST = ("Santoso", "Wijaya", "Pratama", "Siregar", "Nasution", "Hutapea", "Lubis", "Saputra",
        "Kusuma", "Wibowo", "Hidayat", "Rahman", "Setiawan", "Purnomo", "Sitompul", "Tanjung")  # fmt: skip
OPD_NAMES = ("Dinas Kesehatan", "Dinas Pendidikan", "Dinas Pekerjaan Umum", "Dinas Sosial",
             "Dinas Perhubungan", "Dinas Pertanian", "Dinas Pariwisata", "Badan Keuangan Daerah",
             "Dinas Lingkungan Hidup", "Dinas Perindustrian dan Perdagangan")  # fmt: skip
STAFF_POSTS = (
    ("Analis Kebijakan Ahli Muda", "fungsional_keahlian", "ahli_muda", ("III/c", "III/d")),
    ("Pranata Komputer Ahli Pertama", "fungsional_keahlian", "ahli_pertama", ("III/a", "III/b")),
    ("Pengelola Data", "pelaksana", "", ("II/c", "II/d", "III/a")),
    ("Pengadministrasi Umum", "pelaksana", "", ("II/a", "II/b", "II/c")),
)


# ----- the database --------------------------------------------------------------------------------


def _database_url(args) -> str:
    return bench_scale._database_url(args, str(args.results), PREFIX)


def _person(rng: random.Random, index: int, golongan: str, post, unit, opd_name: str) -> dict:
    return {
        "nip": str(197001012000011000 + index),  # 18 digits, unique
        "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "golongan": golongan,
        "post": post,
        "unit_name": unit.name if unit.pk == unit.opd_id else f"{unit.name}, {opd_name}",
    }


def seed(results: int) -> None:
    """In a child: the synthetic agency, its SKPs of YEAR and their final annual evaluations."""
    import django

    django.setup()
    from django.db import transaction

    from accounts.org.models import AgencyProfile
    from appraisal.cycles.models import Cycle

    rng = random.Random(21)
    with transaction.atomic():
        agency, _created = AgencyProfile.objects.update_or_create(
            pk=1,
            defaults={
                "name": "Pemerintah Provinsi Uji Kinerja",
                "region_name": "Kota Uji",
                "head_name": "Ir. H. Bambang Sutrisno, M.Si.",
                "head_title": "Gubernur",
            },
        )
        cycle = Cycle.objects.create(year=YEAR, status="closed")
        for number in range((results + PER_OPD - 1) // PER_OPD):
            size = min(PER_OPD, results - number * PER_OPD)
            people = _seed_opd(rng, cycle, number, size)
            _seed_results(rng, cycle, agency, people)
    print(json.dumps({"results": _finals()}))


def _seed_opd(rng: random.Random, cycle, number: int, size: int) -> list[tuple]:
    """One OPD of BIDANG bidang and `size` people: (facts, its PPK's index in the list, its
    Atasan PPK's), where -1 is the Kepala Daerah and None nobody."""
    from accounts.org.models import OrgUnit, Position
    from appraisal.cycles.models import UnitPredicate

    name = f"{OPD_NAMES[number % len(OPD_NAMES)]} {number // len(OPD_NAMES) + 1}"
    opd = OrgUnit.objects.create(code=f"OPD{number:02d}", name=name, kind="opd")
    opd.opd = opd
    opd.save(update_fields=["opd"])
    UnitPredicate.objects.create(cycle=cycle, unit=opd, period=0, predicate="BAIK")
    bidang = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"{opd.code}.B{j}", name=f"Bidang {j}", kind="bidang", parent=opd, opd=opd)
        for j in range(1, BIDANG + 1)
    )
    head = Position.objects.create(name=f"Kepala {name}", kind="jpt_pratama", unit=opd)
    heads = Position.objects.bulk_create(
        Position(name=f"Kepala {u.name}", kind="administrator", unit=u, parent=head) for u in bidang
    )
    staff = Position.objects.bulk_create(
        Position(name=title, kind=kind, jenjang=jenjang, unit=u, parent=heads[j])
        for j, u in enumerate(bidang)
        for title, kind, jenjang, _golongan in STAFF_POSTS
    )
    first = number * PER_OPD
    people = [(_person(rng, first, "IV/c", head, opd, name), -1, None)]
    for j, post in enumerate(heads[: size - 1]):
        people.append((_person(rng, first + 1 + j, "IV/a", post, bidang[j], name), 0, -1))
    for k in range(size - len(people)):
        j, kind = k % BIDANG, k // BIDANG % len(STAFF_POSTS)
        golongan = rng.choice(STAFF_POSTS[kind][3])
        post = staff[j * len(STAFF_POSTS) + kind]
        people.append(
            (_person(rng, first + len(people), golongan, post, bidang[j], name), 1 + j, 0)
        )
    return people


def _snapshot(prefix: str, at: int | None, employees: list, people: list, agency) -> dict:
    """The PPK or Atasan PPK as an evaluation stores them at finalisation."""
    if at is None:
        return {}
    if at == -1:  # the Kepala Daerah: no NIP, no golongan
        return {
            f"{prefix}_name": agency.head_name,
            f"{prefix}_title": agency.head_title,
            f"{prefix}_unit": agency.name,
        }
    boss, facts = employees[at], people[at][0]
    return {
        f"{prefix}_employee": boss,
        f"{prefix}_name": boss.full_name,
        f"{prefix}_nip": boss.nip,
        f"{prefix}_rank": boss.pangkat_golongan,
        f"{prefix}_title": facts["post"].name,
        f"{prefix}_unit": facts["unit_name"],
    }


def _seed_results(rng: random.Random, cycle, agency, people: list[tuple]) -> None:
    """The people as employees with a SIASN id, their approved SKPs, their final results."""
    from django.utils import timezone

    from accounts.demo.people import demo_siasn_id
    from accounts.org.models import Employee
    from appraisal import rules
    from appraisal.evaluation.models import Evaluation
    from appraisal.plans.models import Skp

    employees = Employee.objects.bulk_create(
        Employee(nip=p["nip"], name=p["name"], golongan=p["golongan"], position=p["post"],
                 siasn_id=demo_siasn_id(p["nip"]))
        for p, _ppk, _atasan in people
    )  # fmt: skip
    lines = [
        _snapshot("ppk", ppk, employees, people, agency)
        | _snapshot("atasan", atasan, employees, people, agency)
        for _person, ppk, atasan in people
    ]
    approved = timezone.make_aware(dt.datetime(YEAR, 1, 31, 9, 0))
    skps = Skp.objects.bulk_create(
        Skp(cycle=cycle, employee=employee, position=employee.position, status="approved",
            start_date=dt.date(YEAR, 1, 1), end_date=dt.date(YEAR, 12, 31), decided_at=approved,
            **line)
        for employee, line in zip(employees, lines, strict=True)
    )  # fmt: skip
    finalised = timezone.make_aware(dt.datetime(YEAR + 1, 1, 20, 10, 0))
    evaluations = []
    for skp, line in zip(skps, lines, strict=True):
        hasil, perilaku = rng.choices(RATINGS, RATING_WEIGHTS, k=2)
        predicate = rules.employee_predicate(rules.Rating[hasil], rules.Rating[perilaku])
        evaluations.append(
            Evaluation(
                skp=skp,
                period=0,
                status="finalised",
                rating_hasil=hasil,
                rating_perilaku=perilaku,
                predicate=predicate.name,
                notes="Pertahankan kinerja dan tingkatkan kolaborasi antarbidang.",
                finalised_at=finalised,
                acknowledged_at=finalised + dt.timedelta(days=2),
                **line,
            )
        )
    Evaluation.objects.bulk_create(evaluations)


def _finals() -> int:
    from appraisal.evaluation.models import Evaluation

    return Evaluation.objects.filter(status="finalised").count()


def _child(args, *arguments: str, env: dict | None = None) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--results", str(args.results), "--child", *arguments],
        env=env or _child_env(_database_url(args)),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        sys.exit(f"the child {arguments[0]} failed:\n{done.stderr[-4000:]}")
    # kombu's note on the in-memory broker (the tasks run eagerly) is not news.
    noise = "No hostname was supplied"
    stderr = "\n".join(line for line in done.stderr.splitlines() if noise not in line)
    if stderr.strip():
        print(stderr.strip()[-2000:], file=sys.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _prepare(args) -> None:
    url = _database_url(args)
    env = _child_env(url)
    manage = [sys.executable, str(ROOT / "manage.py")]
    if args.reuse:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
        if _child(args, "count")["results"] == args.results:
            print(f"reusing {url} ({args.results} final results)", flush=True)
            return
    bench_scale._recreate(args, url, PREFIX)
    started = time.perf_counter()
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    seeded = _child(args, "seed")["results"]
    if not args.sqlite:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")
    seconds = time.perf_counter() - started
    print(f"seeded {seeded} final annual results into {url} in {seconds:.0f} s", flush=True)


# ----- the SIASN test server ---------------------------------------------------------------------


def dataset() -> None:
    """In a child: the server's dataset.json for every employee (printed as one JSON line)."""
    import django

    django.setup()
    from accounts.org.models import Employee, OrgUnit
    from interchange.siasn import payloads
    from tests.interchange import siasn_server as siasn

    units = [siasn.unit("U-PEMDA", "Pemerintah Provinsi Uji Kinerja", "", "Gubernur")]
    for code, name, parent in OrgUnit.objects.values_list("code", "name", "parent__code"):
        units.append(siasn.unit(f"U-{code}", name, f"U-{parent or 'PEMDA'}", f"Kepala {name}"))
    employees = {}
    rows = Employee.objects.values_list(
        "nip", "siasn_id", "name", "position__unit__code", "position__name", "golongan"
    )
    for nip, sid, name, unit_code, post, golongan in rows.iterator(chunk_size=2000):
        golongan_id = payloads.golongan_code(golongan)
        employees[nip] = siasn.employee(
            nip, sid, name, f"U-{unit_code}", post, golongan_id, golongan
        )
    references = {
        "perilakuDanKinerja": siasn.listed(siasn.RATINGS),
        "kuadranNilai": siasn.listed(siasn.KUADRAN),
    }
    print(json.dumps({"units": units, "employees": employees, "references": references}))


def _server_env(args, url: str) -> dict:
    from tests.interchange.siasn_server import SiasnServer

    values = SiasnServer(url, STATE_DIR).settings(SIASN_PUSH_ENABLED=True)
    return _child_env(_database_url(args)) | {name: str(v) for name, v in values.items()}


# ----- the push, in a child ----------------------------------------------------------------------


class Stop(Exception):  # noqa: N818 (not an error: the run's limit reached)
    """Raised after a result is pushed and recorded, when the run has pushed enough."""


class Meter:
    """Counts the queries, the results pushed and the seconds spent rendering PDFs; notes the
    memory after the first `small` results; stops the run at `limit` results or `budget` s."""

    def __init__(self, small: int, limit: int = 0, budget: float = 0.0):
        self.small, self.limit, self.budget = small, limit, budget
        self.results = self.queries = 0
        self.pdf_seconds = 0.0
        self.at_small: dict = {}
        self.started = time.perf_counter()

    def query(self, execute, sql, params, many, context):
        self.queries += 1
        return execute(sql, params, many, context)

    def memory(self) -> dict:
        traced = tracemalloc.get_traced_memory()[1] / MB if tracemalloc.is_tracing() else 0.0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        return {"results": self.results, "traced_mb": traced, "rss_mb": rss}

    def wrap_push(self, result_push):
        def counted(*args, **kwargs):
            pushed = result_push(*args, **kwargs)
            self.results += 1
            if self.results == self.small and not self.at_small:
                self.at_small = self.memory()
            if self.limit and self.results >= self.limit:
                raise Stop
            if self.budget and time.perf_counter() - self.started > self.budget:
                raise Stop
            return pushed

        return counted

    def wrap_pdf(self, pdf_bytes):
        def timed(html):
            started = time.perf_counter()
            try:
                return pdf_bytes(html)
            finally:
                self.pdf_seconds += time.perf_counter() - started

        return timed


def _reset_push_state() -> None:
    from accounts.verification.models import DocumentKind, DocumentRecord
    from interchange.siasn.models import ReferenceCheck, ResultPush

    ResultPush.objects.all().delete()
    DocumentRecord.objects.filter(kind=DocumentKind.EVALUATION_DOCUMENT).delete()
    ReferenceCheck.objects.all().delete()


def _push_all(via: str, passes: list[int]) -> None:
    """The real path: each pass of push_pending until one queues nothing (`passes`: the results
    each queued), or the command (`passes`: the results it sent)."""
    from django.core.management import call_command

    from interchange.siasn.tasks import push_pending

    if via == "command":
        out = io.StringIO()
        call_command("siasn_push", "--cycle", str(YEAR), "--period", "0", stdout=out)
        counts = dict(item.split("=") for item in out.getvalue().split())
        passes.append(int(counts["sent"]))
        return
    while len(passes) < 1000:
        queued = push_pending.delay().get()  # eager: the pass and its tasks run here
        passes.append(queued)
        if not queued:
            return


def _second_pass(meter: Meter) -> dict:
    """Every result pushed, looked at again as the command does (push.result_push with one
    client): nothing may be sent. And the next periodic pass may not pick any of them."""
    from interchange.siasn import push
    from interchange.siasn.client import SiasnClient
    from interchange.siasn.models import PushState
    from interchange.siasn.tasks import to_push

    meter.results = meter.queries = 0
    meter.limit = meter.budget = 0
    states = dict.fromkeys(PushState.values, 0)
    started = time.perf_counter()
    pushed = push.results(YEAR, period=0).filter(siasn_push__isnull=False)
    with SiasnClient() as client:
        for evaluation in pushed.iterator(chunk_size=200):
            states[push.result_push(evaluation, client).state] += 1
    picked = to_push().filter(siasn_push__state=PushState.SENT).count()
    return {"seconds": time.perf_counter() - started, "results": meter.results,
            "queries": meter.queries, "states": states, "picked_again": picked}  # fmt: skip


def push(args) -> None:
    """In a child: one push of every result from a clean state (or as many as the limit or the
    budget allow), then the second pass. One JSON line."""
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from appraisal.documents import rendering
    from interchange.siasn import push as push_module
    from interchange.siasn.models import PushState, ResultPush

    _reset_push_state()
    meter = Meter(args.small, limit=args.limit, budget=args.budget)
    push_module.result_push = meter.wrap_push(push_module.result_push)
    rendering.pdf_bytes = meter.wrap_pdf(rendering.pdf_bytes)
    if args.traced:
        tracemalloc.start()
    profile = cProfile.Profile() if args.profile else None
    passes, stopped = [], False
    with connection.execute_wrapper(meter.query):
        if profile:
            profile.enable()
        meter.started = started = time.perf_counter()
        try:
            _push_all(args.via, passes)
        except Stop:
            stopped = True
        seconds = time.perf_counter() - started
        if profile:
            profile.disable()
    at_end = meter.memory()
    if args.traced:
        tracemalloc.stop()
    pushed, queries, pdf_seconds = meter.results, meter.queries, meter.pdf_seconds
    states = dict.fromkeys(PushState.values, 0)
    for state in ResultPush.objects.values_list("state", flat=True):
        states[state] += 1
    with connection.execute_wrapper(meter.query):
        second = _second_pass(meter)
    if profile:
        text = io.StringIO()
        stats = pstats.Stats(profile, stream=text)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(15)
        (STATE_DIR / "profile.txt").write_text(text.getvalue())
        profile.dump_stats(STATE_DIR / "profile.pstats")  # for pstats or snakeviz
    answer = {
        "pushed": pushed,
        "stopped": stopped,
        "seconds": seconds,
        "pdf_seconds": pdf_seconds,
        "queries": queries,
        "passes": passes,
        "batch": settings.SIASN_PUSH_BATCH,
        "rate": settings.SIASN_PUSH_RATE,
        "states": states,
        "at_small": meter.at_small,
        "at_end": at_end,
        "second": second,
    }
    print(json.dumps(answer), flush=True)


# ----- the parent --------------------------------------------------------------------------------


def _server_check(siasn) -> dict:
    """What the server holds: skp22 records, distinct employees among them, documents, saves."""
    held = siasn.stored()
    records = held["records"]["skp22/save"]
    saves = siasn.calls("skp22/save")
    return {
        "records": len(records),
        "employees": len({record["pnsDinilaiOrang"] for record in records.values()}),
        "documents": len(held["documents"]),
        "saves": len(saves),
        "refused": sum(1 for call in saves if call["status"] != 200),
    }


def _run(args, siasn, env: dict, small: int, *extra: str) -> dict:
    siasn.control(reset=True)  # nothing stored, an empty call log; the dataset stays
    arguments = ["push", "--via", args.via, "--small", str(small), *extra]
    done = _child(args, *arguments, env=env)
    done["server"] = _server_check(siasn)
    return done


def _rate_per_second(rate: str) -> float:
    """Celery's rate ("60/m") in tasks per second."""
    number, _, unit = rate.partition("/")
    return float(number) / {"s": 1, "m": 60, "h": 3600}[unit or "s"]


def _errors(run: dict) -> int:
    """Results not sent, saves refused or more than one per result (the second pass sent
    one), records missing, doubled or sharing an employee at the server."""
    n, server = run["pushed"], run["server"]
    errors = n - run["states"]["sent"] + server["refused"] + abs(server["saves"] - n)
    errors += abs(server["records"] - n) + n - server["employees"]
    return errors + run["second"]["picked_again"] + n - run["second"]["states"]["sent"]


def _report(args, timed: dict, traced: dict | None) -> int:
    n, seconds = timed["pushed"], timed["seconds"]
    second, server = timed["second"], timed["server"]
    per_second = n / seconds
    print(f"\nfinal annual results: {args.results}, pushed via {args.via}")
    if args.via == "task":
        during = f", stopped during pass {len(timed['passes']) + 1}" if timed["stopped"] else ""
        print(
            f"passes of push_pending (SIASN_PUSH_BATCH={timed['batch']}), results queued by "
            f"each: {timed['passes']}{during}"
        )
    if timed["stopped"]:
        print(
            f"stopped by --budget {args.budget:.0f} s after {n} results; at this rate all "
            f"{args.results} would take {args.results / per_second / 60:.0f} min (extrapolated)"
        )
    pdf_share = timed["pdf_seconds"] / seconds * 100
    print(
        f"pushed {n} in {seconds:.1f} s: {per_second:.2f} results/s, {seconds / n * 1000:.0f} ms "
        f"each, of which {timed['pdf_seconds'] / n * 1000:.0f} ms ({pdf_share:.0f} %) rendering "
        f"the Dokumen Evaluasi (WeasyPrint)"
    )
    print(f"states after the push: {timed['states']}")
    print(f"queries: {timed['queries']} ({timed['queries'] / n:.1f} per result)")
    rate = _rate_per_second(timed["rate"])
    print(
        f"rate limit: SIASN_PUSH_RATE={timed['rate']} per worker ({rate:.2f} results/s): "
        f"{args.results} results need {args.results / rate / 60:.1f} min of one worker at that "
        f"rate; without it (eager: Celery applies rate_limit in a worker only) "
        f"{args.results / per_second / 60:.1f} min in one process"
    )
    small, end = timed["at_small"], timed["at_end"]
    rss_ratio = end["rss_mb"] / small["rss_mb"] if small else 0.0
    print(
        f"peak RSS of the pushing process: {small.get('rss_mb', 0):.0f} MB after "
        f"{small.get('results', 0)} results, {end['rss_mb']:.0f} MB after {n} "
        f"(ratio {rss_ratio:.2f})"
    )
    peak = 0.0
    if traced:
        small_t, end_t = traced["at_small"], traced["at_end"]
        peak = end_t["traced_mb"]
        traced_ratio = peak / small_t["traced_mb"] if small_t.get("traced_mb") else 0.0
        print(
            f"tracemalloc peak (a run of {traced['pushed']} under tracemalloc, "
            f"{traced['seconds']:.0f} s): {small_t.get('traced_mb', 0):.1f} MB after "
            f"{small_t.get('results', 0)} results, {peak:.1f} MB after {traced['pushed']} "
            f"(ratio {traced_ratio:.2f}); its peak RSS {end_t['rss_mb']:.0f} MB"
        )
    print(
        f"second pass (push.result_push over the {second['results']} pushed, one client): "
        f"{second['states']} in {second['seconds']:.1f} s, "
        f"{second['queries'] / max(1, second['results']):.1f} queries per result; sent ones the "
        f"next periodic pass would pick: {second['picked_again']}"
    )
    print(f"server: {server}")
    errors = _errors(timed) + (_errors(traced) if traced else 0)
    if not timed["stopped"]:
        errors += args.results - n
    print(
        f"siasn_push results={n} seconds={seconds:.1f} per_second={per_second:.2f} "
        f"peak_mb={peak:.1f} memory_ratio={rss_ratio:.2f} "
        f"queries_per_result={timed['queries'] / n:.1f} stored={server['records']} errors={errors}"
    )
    return errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--results", type=int, default=10_000, help="final results seeded")
    parser.add_argument("--small", type=int, help="the memory checkpoint (default results/10)")
    parser.add_argument(
        "--budget", type=float, default=600, help="stop the timed run after S s (0: push all)"
    )
    parser.add_argument("--traced", type=int, default=200, help="results of the traced run")
    parser.add_argument("--batch", type=int, help="SIASN_PUSH_BATCH (default: the setting's)")
    parser.add_argument("--via", choices=("task", "command"), default="task")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file in /tmp")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL")
    parser.add_argument("--reuse", action="store_true", help="keep a database already seeded")
    parser.add_argument("--profile", type=int, default=0, help="profile a run of N results")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--tracing", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.small = args.small or max(1, args.results // 10)
    if args.child == "seed":
        return seed(args.results)
    if args.child == "count":
        import django

        django.setup()
        return print(json.dumps({"results": _finals()}))
    if args.child == "dataset":
        return dataset()
    if args.child == "push":
        args.traced, args.profile = args.tracing, bool(args.profile)
        return push(args)

    if not args.sqlite and not _server_reachable(args.server):
        print(f"PostgreSQL at {urlsplit(args.server).netloc} not reachable: SQLite instead")
        args.sqlite = True
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()), flush=True)
    _prepare(args)
    from tests.interchange.siasn_server import CONTROL_PATH, SiasnServer
    from tests.loopback import server_process

    shutil.rmtree(STATE_DIR, ignore_errors=True)
    STATE_DIR.mkdir(parents=True)
    (STATE_DIR / "dataset.json").write_text(json.dumps(_child(args, "dataset")))
    module = "tests.interchange.siasn_server"
    with server_process(module, "SIASN", STATE_DIR, CONTROL_PATH) as url:
        siasn, env = SiasnServer(url, STATE_DIR), _server_env(args, url)
        if args.batch:
            env["SIASN_PUSH_BATCH"] = str(args.batch)
        if args.profile:
            limit = min(args.profile, args.results)
            run = _run(args, siasn, env, limit, "--profile", "1", "--limit", str(limit))
            print((STATE_DIR / "profile.txt").read_text())
            print(f"(the whole profile: {STATE_DIR / 'profile.pstats'})")
            print(f"profiled: {run['pushed']} results in {run['seconds']:.1f} s")
            return
        budget = ["--budget", str(args.budget)] if args.budget else []
        timed = _run(args, siasn, env, args.small, *budget)
        traced = None
        if args.traced:
            limit = min(args.traced, args.results)
            small = max(1, limit // 10)
            traced = _run(args, siasn, env, small, "--tracing", "--limit", str(limit))
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    sys.exit(1 if _report(args, timed, traced) else 0)


if __name__ == "__main__":
    main()
