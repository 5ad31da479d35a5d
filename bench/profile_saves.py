"""Where a save's time goes, against what any logged-in page costs before its own work.

    .venv/bin/python bench/profile_saves.py [--repeat 40] [--top 25] [--sql] [--only NAME]

Runs on the database the last `bench/rush.py` left (`h_rush`, its plan in /tmp/h_rush), with the
same settings as its server (DEBUG off, persistent PostgreSQL connection, Redis cache), in this
process through Django's test client:

- the references: `/healthz/` (the rush's bare view: no session, no database), a throwaway
  logged-in view that does nothing, and one that also reads the user's roles as every page does
  first (both mounted for this process only);
- the three save endpoints of the rush: one pegawai saves an RHK of their draft and the
  realisation of the open period, one PPK saves a row of the scoring page, `--repeat` times
  each as the rush does (the form read once, posted back with a new marker).

For each save: CPU and wall milliseconds, the queries grouped by table and kind, with `--sql`
every statement, with `--top N` the N costliest functions (cProfile). A last table puts every
request side by side with this process's CPU per request and the bare view's share of it: the
ceiling, on CPU alone, of a request's throughput relative to the bare view (the rush's goal
asks 30 % for the saves; the logged-in floors show what is left for any page)."""

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


def timed(request, repeat: int) -> tuple[float, float]:
    """Milliseconds per request: this process's CPU (Django's share; PostgreSQL's own CPU is in
    its server process) and wall time."""
    cpu, wall = time.process_time(), time.perf_counter()
    for n in range(repeat):
        request(n)
    return (
        (time.process_time() - cpu) / repeat * 1000,
        (time.perf_counter() - wall) / repeat * 1000,
    )


def captured(request) -> list[str]:
    from django.db import connection

    queries: list[str] = []

    def capture(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # Not CaptureQueriesContext: every request empties connection.queries (request_started).
    with connection.execute_wrapper(capture):
        request(0)
    return queries


def profile(name: str, save, args) -> dict:
    save(0)  # warm: templates, translations, the connection
    queries = captured(save)
    cpu, wall = timed(save, args.repeat)
    print(f"\n== {name}: {cpu:.1f} ms CPU, {wall:.1f} ms wall per save, {len(queries)} queries")
    for what, count in Counter(kind_of(sql) for sql in queries).most_common():
        print(f"  {count:>3}  {what}")
    if args.sql:
        for sql in queries:
            print(f"    {sql[:220]}")
    if args.top:
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(args.repeat):
            save(n)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats(args.sort).print_stats(args.top)
        lines = out.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if "ncalls" in line), len(lines))
        print("\n".join(line for line in lines[start:] if line.strip()))
    return {"name": name, "queries": len(queries), "cpu": cpu, "wall": wall}


# --- the floor: what any page costs before its own work ---------------------------------------


def _floor_views():
    """Two throwaway views, mounted for this process only: one that needs a logged-in user, and
    one that also reads the user's roles, as every page of the app does first."""
    import types

    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import include, path

    from accounts.org.roles import roles_for

    @login_required
    def logged_in(request):
        return HttpResponse("ok")

    @login_required
    def with_roles(request):
        roles_for(request)
        return HttpResponse("ok")

    module = types.ModuleType("bench_floor_urls")
    module.urlpatterns = [
        path("bench/logged-in/", logged_in),
        path("bench/roles/", with_roles),
        path("", include("config.urls")),
    ]
    sys.modules[module.__name__] = module
    return module.__name__


def floors(plan: dict) -> list:
    """(name, url, client) of the reference requests: the bare view with no session, then the
    two logged-in floors, as the first pegawai of the plan."""
    from django.test import Client

    client = logged_in(plan["pegawai"][0])
    return [
        ("GET /healthz/ (bare view)", "/healthz/", Client()),
        ("logged-in view doing nothing", "/bench/logged-in/", client),
        ("logged-in view reading roles", "/bench/roles/", client),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--top", type=int, default=0, help="cProfile: the N costliest functions")
    parser.add_argument("--sql", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cumulative or tottime")
    parser.add_argument("--only", default="", help="rhk_edit, realisation or team_scoring_row")
    args = parser.parse_args()
    env = bench_env()
    env["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    setup_django(env)
    from django.test import override_settings

    plan = json.loads((WORK / "plan.json").read_text())
    results = []
    with override_settings(ROOT_URLCONF=_floor_views()):
        for name, url, client in floors(plan):

            def get(_n, client=client, url=url):
                assert client.get(url).status_code == 200

            get(0)
            cpu, wall = timed(get, args.repeat * 5)
            results.append({"name": name, "queries": len(captured(get)), "cpu": cpu, "wall": wall})
        for name, saves in (
            ("POST rhk_edit", rhk_saves),
            ("POST realisation", realisation_saves),
            ("POST team_scoring_row", row_saves),
        ):
            if args.only in ("", name.split()[-1]):
                results.append(profile(name, saves(plan), args))
    bare = results[0]["cpu"]
    print(
        f"\n{'request (in-process, test client)':<34}{'queries':>8}{'CPU ms':>8}{'wall ms':>9}"
        f"{'bare CPU/CPU':>14}"
    )
    for row in results:
        print(
            f"{row['name']:<34}{row['queries']:>8}{row['cpu']:>8.2f}{row['wall']:>9.2f}"
            f"{bare / row['cpu']:>14.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
