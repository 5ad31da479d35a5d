"""Where a save's time goes: the three save endpoints of the rush, in-process, with their queries.

    .venv/bin/python bench/profile_saves.py [--repeat 40] [--top 25] [--sql]

Runs on the database the last `bench/rush.py` left (`h_rush`, its plan in /tmp/h_rush), with the
same settings as its server (DEBUG off, persistent PostgreSQL connection, Redis cache), through
Django's test client: one pegawai saves an RHK of their draft and the realisation of the open
period, one PPK saves a row of the scoring page, each `--repeat` times as the rush does (the form
read once, the same fields posted back with a new marker). For each it prints the milliseconds
per save, the queries per save grouped by table and kind, and the functions that take the most
time (cProfile, cumulative). `--sql` prints every statement of one save.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from html_forms import form_with, forms_of, replaced  # noqa: E402
from rush import WORK, bench_env, setup_django  # noqa: E402

RATINGS = ("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")
ROW_ACTION = re.compile(r"/kinerja/tim/penilaian/([0-9a-f-]{36})/$")
VERSION = re.compile(r'name="([0-9a-f-]{36})-version" value="(\d+)"')
TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"([a-z_]+)"')


def logged_in(account: dict):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()  # the session is a real one, as after the login page; only PBKDF2 is skipped
    client.force_login(get_user_model().objects.get(pk=account["user_id"]))
    return client


def rhk_saves(plan: dict):
    client = logged_in(plan["pegawai"][0])
    url = f"/kinerja/rhk/{plan['pegawai'][0]['rhks'][0]}/"
    form = form_with(client.get(url).content.decode(), "text")
    text = dict(form["fields"])["text"]

    def save(n: int):
        response = client.post(url, dict(replaced(form["fields"], {"text": f"{text} [p{n}]"})))
        assert response.status_code == 302, response.status_code
        return response

    return save


def realisation_saves(plan: dict):
    account = plan["pegawai"][1]
    client = logged_in(account)
    url = f"/kinerja/skp/{account['skp']}/realisasi/{plan['period']}/"
    form = form_with(client.get(url).content.decode(), "kendala")

    def save(n: int):
        changes = {"kendala": f"Kendala p{n}"}
        for name, _value in form["fields"]:
            if name.startswith("value_"):
                changes[name] = str(1 + n % 12)
        response = client.post(url, dict(replaced(form["fields"], changes)))
        assert response.status_code == 302, response.status_code
        return response

    return save


def row_saves(plan: dict):
    client = logged_in(plan["ppk"][0])
    page = client.get(f"/kinerja/tim/penilaian/?period={plan['period']}").content.decode()
    rows = [f for f in forms_of(page) if ROW_ACTION.search(f["action"])]
    form = rows[0]
    public_id = ROW_ACTION.search(form["action"]).group(1)

    def save(n: int):
        changes = {
            f"{public_id}-rating_hasil": RATINGS[n % 3],
            f"{public_id}-rating_perilaku": RATINGS[(n // 3) % 3],
        }
        response = client.post(
            form["action"], dict(replaced(form["fields"], changes)), HTTP_HX_REQUEST="true"
        )
        versions = dict(VERSION.findall(response.content.decode()))
        assert public_id in versions, response.content[:300]
        form["fields"] = replaced(form["fields"], {f"{public_id}-version": versions[public_id]})
        return response

    return save


def kind_of(sql: str) -> str:
    verb = sql.split(None, 1)[0].upper()
    tables = TABLE.findall(sql)
    return f"{verb:<9} {tables[0] if tables else ''}"


def profile(name: str, save, args) -> None:
    from django.db import connection

    save(0)  # warm: templates, translations, the connection
    queries: list[str] = []

    def capture(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Not CaptureQueriesContext: every request empties connection.queries (request_started).
    with connection.execute_wrapper(capture):
        save(1)
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for n in range(2, args.repeat + 2):
        save(n)
    profiler.disable()
    elapsed = (time.perf_counter() - started) / args.repeat * 1000
    print(f"\n== {name}: {elapsed:.1f} ms per save (wall, in-process), {len(queries)} queries")
    for what, count in Counter(kind_of(sql) for sql in queries).most_common():
        print(f"  {count:>3}  {what}")
    if args.sql:
        for sql in queries:
            print(f"    {sql[:220]}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats(args.sort).print_stats(args.top)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), len(lines))
    print("\n".join(line for line in lines[start:] if line.strip()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    parser.add_argument("--only", default="", help="rhk, realisation or row")
    args = parser.parse_args()
    env = bench_env()
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    setup_django(env)
    plan = json.loads((WORK / "plan.json").read_text())
    for name, saves in (("rhk", rhk_saves), ("realisation", realisation_saves), ("row", row_saves)):
        if args.only in ("", name):
            profile(name, saves(plan), args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
