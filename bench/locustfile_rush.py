"""Locust users for the January rush (issue 9): run it through bench/rush.py, which seeds the
database, starts gunicorn and hands this file a plan of accounts (RUSH_PLAN, a JSON file).

    Pegawai   logs in once, then opens their SKP, saves an RHK of their draft revision and saves
              the realisation of the open period (values per IKI, kendala).
    Ppk       logs in once, then opens the team page and the team scoring page, saves one row
              (htmx, optimistic `version`) or the whole evaluation page of one subordinate.
    AdminBkd  logs in once, then opens the monitoring overview and an OPD's drill-down, the
              completeness recap of the period, the reports page and the dashboard.
    BareView  `/healthz/`: no session, no database, no cache; the throughput reference.

Every user is a distinct seeded account taken from the plan, and every save goes through the real
form: the page is fetched, its fields (names, hidden inputs, the CSRF token, the formset's
management form, the row's version) are read from the HTML and posted back with one change that
carries a unique marker. Each acknowledged save (a redirect after the form, or a row answered
"saved") is written to the ledger (RUSH_LEDGER) so rush.py can look for every one of them in the
database afterwards. A stale version answered with the conflict message is counted as a conflict,
not a failure; each PPK rates only their own team, so none is expected.

RUSH_MODE=mix (default) runs the pages and saves with a short think time; RUSH_MODE=save-rhk,
save-realisation or save-row makes Pegawai or Ppk users repeat only that POST with no think time,
to measure what the server sustains for it.

Users log in in `on_start` (PBKDF2 costs about half a second of CPU each) and then wait until every
user has logged in (RUSH_COUNTS fixes how many of each class run); the last one resets the
statistics, touches RUSH_MARK (rush.py starts counting the server's CPU) and the run stops
RUSH_SECONDS later. The figures cover the rush itself; login times and any failure before the
clock started are kept in the ledger.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlsplit

import gevent
from gevent.event import Event

# bench/ is on the path: locust puts the locustfile's folder there.
from html_forms import FORM_HEADERS, encoded, form_with, forms_of, replaced
from locust import between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

MODE = os.environ.get("RUSH_MODE", "mix")
PHASE = os.environ.get("RUSH_PHASE", MODE)
THINK = (
    constant(0)
    if MODE != "mix"
    else between(*[float(s) for s in os.environ.get("RUSH_THINK", "0.1,0.5").split(",")])
)
MARKER = re.compile(r"\s*\[rush-[^\]]*\]$")
RATINGS = ("DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI")


def _load_plan() -> dict:
    path = os.environ.get("RUSH_PLAN")
    if not path:
        return {"pegawai": [], "ppk": [], "admin": [], "password": "", "period": 1, "year": 0}
    with open(path) as handle:
        return json.load(handle)


PLAN = _load_plan()
ACCOUNTS = {kind: iter(PLAN[kind]) for kind in ("pegawai", "ppk", "admin")}
LEDGER: dict = {
    "phase": PHASE,
    "rhk": [],  # [rhk public_id, marker]
    "realisation": [],  # [skp public_id, period, marker]
    "evaluation": [],  # [evaluation public_id, version after the save]
    "conflicts": 0,
    "start_failures": 0,  # users whose login (or first page) failed before the clock started
    "unexpected": [],  # what a failed save answered, the first few
    "logins": [],  # seconds per login
}
_counter = itertools.count(1)
# Users per class, fixed by rush.py (RUSH_COUNTS="pegawai=26,ppk=9,admin=4,bare=1") so that the
# users who log in know how many to wait for.
COUNTS = {
    kind: int(n)
    for kind, n in (
        item.split("=") for item in os.environ.get("RUSH_COUNTS", "").split(",") if "=" in item
    )
}
LOGINS = sum(COUNTS.get(kind, 0) for kind in ("pegawai", "ppk", "admin"))
_logins = {"done": 0, "first": None}
_all_in = Event()
_ENVIRONMENT: dict = {}


def _clock_starts(environment) -> None:
    """Everyone is logged in (or nobody logs in): the measured part begins. The statistics
    start again, and rush.py, told through the RUSH_MARK file, starts counting server CPU."""
    environment.runner.stats.reset_all()
    # The measured part lasts RUSH_SECONDS whatever the logins took (rush.py's -t is a backstop).
    seconds = float(os.environ.get("RUSH_SECONDS", "0"))
    if seconds:
        gevent.spawn_later(seconds, environment.runner.quit)
    mark = os.environ.get("RUSH_MARK")
    if mark:
        with open(mark, "w") as handle:
            handle.write(str(time.time()))
    _all_in.set()


# --- users ----------------------------------------------------------------------------------


def _account(kind: str) -> dict:
    try:
        return next(ACCOUNTS[kind])
    except StopIteration:
        raise RuntimeError(
            f"the plan has too few {kind} accounts: give rush.py fewer users"
        ) from None


def _marker(user_number: int) -> str:
    return f"rush-{PHASE}-{user_number}-{next(_counter)}"


def _note_unexpected(what: str, response) -> None:
    if len(LEDGER["unexpected"]) < 20:
        body = (response.text or "")[:300].replace("\n", " ")
        LEDGER["unexpected"].append(f"{what}: {response.status_code} {body}")


class RushUser(FastHttpUser):
    abstract = True
    wait_time = THINK
    network_timeout = connection_timeout = 30.0  # a request this slow counts as failed
    kind = ""

    def on_start(self):
        self.account = _account(self.kind)
        self.number = next(_counter)
        if _logins["first"] is None:
            _logins["first"] = time.perf_counter()
        try:
            self._login()
            self.prepare()
        except Exception:
            # The statistics are reset when the clock starts: keep this failure in the ledger.
            LEDGER["start_failures"] += 1
            raise
        finally:
            # Counted even when the login failed, so the others are not kept waiting.
            _logins["done"] += 1
            if _logins["done"] >= LOGINS:
                LEDGER["login_seconds"] = time.perf_counter() - _logins["first"]
                _clock_starts(self.environment)
        _all_in.wait()

    def prepare(self):
        """What a save-only run reads once before the clock starts."""

    def _login(self):
        page = self.client.get("/accounts/login/", name="GET login")
        form = form_with(page.text, "password")
        fields = replaced(
            form["fields"],
            {"username": self.account["username"], "password": self.account["password"]},
        )
        started = time.perf_counter()
        with self.client.post(
            "/accounts/login/",
            data=encoded(fields),
            headers=FORM_HEADERS,
            name="POST login",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"login refused for {self.account['username']}")
                raise RuntimeError(f"login refused for {self.account['username']}")
            response.success()
        LEDGER["logins"].append(time.perf_counter() - started)

    def page(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    def save(self, url: str, fields, name: str, headers=None):
        """POST a form; the caller judges the answer inside the context manager."""
        return self.client.post(
            url,
            data=encoded(fields),
            headers={**FORM_HEADERS, **(headers or {})},
            name=name,
            allow_redirects=False,
            catch_response=True,
        )


class Pegawai(RushUser):
    """An employee: my SKP, an RHK of the draft revision, the realisation of the open period."""

    kind = "pegawai"
    fixed_count = COUNTS.get("pegawai", 0)

    def prepare(self):
        self.rhk_form = self.realisation_form = None
        if MODE == "save-rhk":
            self._open_rhk()
        elif MODE == "save-realisation":
            self._open_realisation()

    def open_my_skp(self):
        self.page("/kinerja/skp/", "GET my_skp")
        self.page(f"/kinerja/skp/{self.account['draft']}/", "GET skp_detail")

    def edit_rhk(self):
        self._open_rhk()
        self._save_rhk()

    def save_realisation(self):
        self._open_realisation()
        self._save_realisation()

    def _rhk_url(self) -> str:
        return f"/kinerja/rhk/{self.current_rhk}/"

    def _open_rhk(self):
        self.current_rhk = random.choice(self.account["rhks"])
        response = self.page(self._rhk_url(), "GET rhk_edit")
        self.rhk_form = form_with(response.text or "", "text")

    def _save_rhk(self):
        if self.rhk_form is None:
            return
        text = dict(self.rhk_form["fields"]).get("text", "")
        marker = _marker(self.number)
        fields = replaced(self.rhk_form["fields"], {"text": f"{MARKER.sub('', text)} [{marker}]"})
        with self.save(self._rhk_url(), fields, "POST rhk_edit") as response:
            location = response.headers.get("Location", "") if response.status_code == 302 else ""
            if f"/kinerja/skp/{self.account['draft']}/" in location:
                response.success()
                LEDGER["rhk"].append([self.current_rhk, marker])
            else:
                response.failure(f"not saved: {response.status_code}")
                _note_unexpected("POST rhk_edit", response)

    def _realisation_url(self) -> str:
        return f"/kinerja/skp/{self.account['skp']}/realisasi/{PLAN['period']}/"

    def _open_realisation(self):
        response = self.page(self._realisation_url(), "GET realisation")
        self.realisation_form = form_with(response.text or "", "kendala")

    def _save_realisation(self):
        if self.realisation_form is None:
            return
        marker = _marker(self.number)
        changes = {"kendala": f"Kendala {marker}", "follow_up": "Rencana tindak lanjut uji beban"}
        for name, _value in self.realisation_form["fields"]:
            if name.startswith("value_"):
                changes[name] = str(random.randint(1, 12))
            elif name.startswith("narrative_"):
                changes[name] = f"Capaian {marker}"
        fields = replaced(self.realisation_form["fields"], changes)
        with self.save(self._realisation_url(), fields, "POST realisation") as response:
            location = response.headers.get("Location", "") if response.status_code == 302 else ""
            if urlsplit(location).path == self._realisation_url():
                response.success()
                LEDGER["realisation"].append([self.account["skp"], PLAN["period"], marker])
            else:
                response.failure(f"not saved: {response.status_code}")
                _note_unexpected("POST realisation", response)

    tasks = {
        "mix": {open_my_skp: 2, edit_rhk: 3, save_realisation: 3},
        "save-rhk": {_save_rhk: 1},
        "save-realisation": {_save_realisation: 1},
    }.get(MODE, {open_my_skp: 1})


_VERSION = re.compile(r'name="([0-9a-f-]{36})-version" value="(\d+)"')
_ROW_ACTION = re.compile(r"/kinerja/tim/penilaian/([0-9a-f-]{36})/$")


class Ppk(RushUser):
    """A PPK: the team page, the scoring page, and a save of one subordinate's evaluation (a row
    of the scoring page, or the whole evaluation page with notes)."""

    kind = "ppk"
    fixed_count = COUNTS.get("ppk", 0)

    def prepare(self):
        self.rows: dict[str, dict] = {}  # evaluation public_id → its row form
        self.turn = 0
        if MODE == "save-row":
            self._open_scoring()

    def open_team(self):
        self.page("/kinerja/tim/", "GET team")

    def rate_row(self):
        self._open_scoring()
        self._save_row()

    def evaluation_page(self):
        if not self.rows:
            self._open_scoring()
        if not self.rows:
            return
        public_id = random.choice(sorted(self.rows))
        url = f"/kinerja/evaluasi/{public_id}/"
        response = self.page(url, "GET evaluation")
        form = form_with(response.text or "", "notes")
        if form is None:
            return
        version = int(dict(form["fields"])["version"])
        changes = {
            "rating_hasil": random.choice(RATINGS),
            "rating_perilaku": random.choice(RATINGS),
            "notes": f"Catatan {_marker(self.number)}",
        }
        with self.save(url, replaced(form["fields"], changes), "POST evaluation") as response:
            location = response.headers.get("Location", "") if response.status_code == 302 else ""
            if urlsplit(location).path == url:
                response.success()
                LEDGER["evaluation"].append([public_id, version + 1])
                self.rows.pop(public_id, None)  # its version moved: the next visit reads it again
            else:
                response.failure(f"not saved: {response.status_code}")
                _note_unexpected("POST evaluation", response)

    def _open_scoring(self):
        response = self.page(f"/kinerja/tim/penilaian/?period={PLAN['period']}", "GET team_scoring")
        self.rows = {}
        for form in forms_of(response.text or ""):
            match = _ROW_ACTION.search(form["action"])
            if match and any(name.endswith("-version") for name, _v in form["fields"]):
                self.rows[match.group(1)] = form

    def _save_row(self):
        if not self.rows:
            return
        ids = sorted(self.rows)
        public_id = ids[self.turn % len(ids)]
        self.turn += 1
        form = self.rows[public_id]
        changes = {
            f"{public_id}-rating_hasil": RATINGS[self.turn % 3],
            f"{public_id}-rating_perilaku": RATINGS[(self.turn // 3) % 3],
        }
        fields = replaced(form["fields"], changes)
        headers = {"HX-Request": "true"}
        with self.save(form["action"], fields, "POST team_scoring_row", headers) as response:
            body = response.text or ""
            versions = dict(_VERSION.findall(body))
            problem = 'data-testid="row-problem"' in body
            if response.status_code == 200 and not problem and public_id in versions:
                response.success()
                LEDGER["evaluation"].append([public_id, int(versions[public_id])])
            elif response.status_code == 200 and problem:
                # A stale version: the row says so and nothing was overwritten. Not expected
                # (each PPK rates only their own team); counted apart from failures.
                response.success()
                LEDGER["conflicts"] += 1
            else:
                response.failure(f"not saved: {response.status_code}")
                _note_unexpected("POST team_scoring_row", response)
            if public_id in versions:  # the row answered with the version it has now
                form["fields"] = replaced(
                    form["fields"], {f"{public_id}-version": versions[public_id]}
                )

    tasks = {
        "mix": {open_team: 1, rate_row: 3, evaluation_page: 1},
        "save-row": {_save_row: 1},
    }.get(MODE, {open_team: 1})


class AdminBkd(RushUser):
    """An admin BKD at the deadline: monitoring, an OPD's drill-down, the completeness recap of
    the period, the reports page and the dashboard."""

    kind = "admin"
    fixed_count = COUNTS.get("admin", 0)

    def monitoring(self):
        self.page("/kinerja/pantau/", "GET monitoring")

    def monitoring_opd(self):
        self.page(f"/kinerja/pantau/{random.choice(PLAN['opd_codes'])}/", "GET monitoring_opd")

    def completeness(self):
        url = f"/kinerja/siklus/{PLAN['year']}/penutupan/{PLAN['period']}/"
        self.page(url, "GET closing_report")

    def reports(self):
        self.page("/laporan/", "GET reports")

    def dashboard(self):
        self.page("/laporan/dasbor/", "GET dashboard")

    tasks = {monitoring: 2, monitoring_opd: 2, completeness: 1, reports: 1, dashboard: 1}


class BareView(FastHttpUser):
    """The reference: a Django view with no session, database or cache (config/health.py)."""

    fixed_count = COUNTS.get("bare", 0)
    wait_time = THINK
    network_timeout = connection_timeout = 30.0

    @task
    def healthz(self):
        self.client.get("/healthz/", name="GET healthz")


@events.init.add_listener
def _keep_environment(environment, **_kwargs):
    _ENVIRONMENT["env"] = environment


@events.spawning_complete.add_listener
def _without_logins(user_count, **_kwargs):
    if LOGINS == 0 and not _all_in.is_set():
        _clock_starts(_ENVIRONMENT["env"])


@events.quitting.add_listener
def _write_ledger(environment, **_kwargs):
    path = os.environ.get("RUSH_LEDGER")
    if path:
        with open(path, "w") as handle:
            json.dump(LEDGER, handle)
