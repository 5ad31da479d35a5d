"""A SIASN of our own for the tests: a real HTTP server in its own process on 127.0.0.1 that
speaks the protocol as publicly known (/work/shared/integrations.md §1): the gateway's and the
SSO's token endpoints, both bearer headers checked on every API call, tokens that expire, the
organisation and employee reads, the reference lists, saves checked by payloads.validate_payload
and stored (a save with a known `id` updates it), and upload-dok.

    python -m tests.interchange.siasn_server --port N --state-dir DIR

Its state directory holds `dataset.json` (units, employees, reference lists: write your own with
`siasn_server.load(...)`, read again on change) and `calls.jsonl` (one line per request: method,
path, status, the fault injected; never a header, a token or a password). `POST /_control`
takes {"reset": true}, {"fail": {"kind": "500"|"503"|"429"|"400"|"401"|"refuse"|"timeout",
"times": N, "path": "data-utama", "retry_after": S, "seconds": S, "message": [...]}},
{"token_lifetime": S}, {"expire_tokens": true}, {"id_key": "skpId"}; `GET /_control` answers the
stored records and documents.

Import the fixtures into a test module:
``from tests.interchange.siasn_server import siasn_fixture, siasn_server_fixture``.
"""

from __future__ import annotations

import base64
import copy
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from interchange.siasn.payloads import ANNUAL, PERIODIC, validate_payload
from tests.loopback import serve_forever, server_process

CONSUMER_KEY = "kinerja-siasn-konsumen"
CONSUMER_SECRET = "rahasia-konsumen-siasn-81"
SSO_CLIENT_ID = "kinerja-kab-demo"
SSO_USERNAME = "integrasi.bkpsdm"
SSO_PASSWORD = "rahasia-sso-siasn-27"
INSTANSI_ID = "A5EB03E23CFBF6A0E040640A040252AD"
GATEWAY_PATH = "/oauth2/token"
SSO_PATH = "/auth/realms/public-siasn/protocol/openid-connect/token"
API_PREFIX = "/apisiasn/1.0"
CONTROL_PATH = "/_control"
TOKEN_LIFETIME = 3600
DOCUMENT_KINDS = {"873", "890"}

NIP_KADIS = "197001011995031001"
NIP_KABID = "197505052000031002"
NIP_STAFF = "199001012015031003"
NIP_GURU = "198803032010012004"


UNITS = [  # SIASN id, name, the unit above, its head's post, its head's NIP
    ("U-PEMKAB", "Pemerintah Kabupaten Demo", "", "Bupati", ""),
    ("U-DINKES", "Dinas Kesehatan", "U-PEMKAB", "Kepala Dinas Kesehatan", NIP_KADIS),
    (
        "U-P2P",
        "Bidang Pencegahan dan Pengendalian Penyakit",
        "U-DINKES",
        "Kepala Bidang P2P",
        NIP_KABID,
    ),  # fmt: skip
    ("U-DISDIK", "Dinas Pendidikan", "U-PEMKAB", "Kepala Dinas Pendidikan", ""),
]
EMPLOYEES = [  # NIP, SIASN id, name, unit, post, golongan id, golongan
    (NIP_KADIS, "S-KADIS", "dr. Siti Rahma, M.Kes.", "U-DINKES", "Kepala Dinas", "41", "IV/a"),
    (NIP_KABID, "S-KABID", "Budi Santoso, S.K.M.", "U-P2P", "Kepala Bidang P2P", "34", "III/d"),
    (NIP_STAFF, "S-STAFF", "Rina Wati, A.Md.Kes.", "U-P2P", "Epidemiolog Mahir", "32", "III/b"),
    (NIP_GURU, "S-GURU", "Dewi Lestari, S.Pd.", "U-DISDIK", "Guru Ahli Pertama", "31", "III/a"),
]
# How SIASN types each post above (jenisJabatanId, eselonId): CONFIRM the ids with BKN.
POST_TYPES = {
    "Kepala Dinas": ("1", "21"),
    "Kepala Bidang P2P": ("1", "31"),
    "Epidemiolog Mahir": ("2", ""),
    "Guru Ahli Pertama": ("2", ""),
}
RATINGS = ["Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi"]
KUADRAN = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"]


def unit(uid, name, above, post, head_nip="") -> dict:
    """A ref-unor item (SIASN's PascalCase keys as public clients read them)."""
    fields = {"Id": uid, "NamaUnor": name, "DiatasanId": above, "InstansiId": INSTANSI_ID}
    return {**fields, "NamaJabatan": post, "EselonId": "", "NipPemimpin": head_nip}


def employee(
    nip, sid, name, unit_id, post, golongan_id, golongan, *, titles=("", ""), kind=None
) -> dict:
    """An employee as the data set holds one: data-utama's object and rw-jabatan's list.
    `titles`: (gelarDepan, gelarBelakang); `kind`: (jenisJabatanId, eselonId)."""
    jenis, eselon = kind or POST_TYPES.get(post, ("4", ""))
    data_utama = {"id": sid, "nipBaru": nip, "nama": name, "unorId": unit_id}
    data_utama |= {"instansiIndukId": INSTANSI_ID, "jabatanNama": post, "statusPegawai": "PNS"}
    data_utama |= {"golRuangAkhirId": golongan_id, "golRuangAkhir": golongan}
    data_utama |= {"gelarDepan": titles[0], "gelarBelakang": titles[1]}
    post_held = {"id": f"RJ-{sid}", "idPns": sid, "nipBaru": nip, "unorId": unit_id}
    post_held |= {"namaJabatan": post, "tmtJabatan": "02-01-2023", "nomorSk": f"821/{nip[-3:]}"}
    post_held |= {"jenisJabatanId": jenis, "eselonId": eselon}
    return {"data_utama": data_utama, "rw_jabatan": [post_held]}


def listed(names: list[str]) -> list[dict]:
    return [{"id": str(code), "nama": name} for code, name in enumerate(names, start=1)]


DATASET = {
    "units": [unit(*row) for row in UNITS],
    "employees": {row[0]: employee(*row) for row in EMPLOYEES},
    "references": {"perilakuDanKinerja": listed(RATINGS), "kuadranNilai": listed(KUADRAN)},
}


class State:
    """Tokens, faults, stored records and the call log, shared by the handler threads."""

    def __init__(self, state_dir: Path):
        self.dir, self.lock = state_dir, threading.Lock()
        self._dataset: tuple = (-1, {}, set())
        self.reset()

    def reset(self) -> None:
        self.tokens: dict[str, tuple[str, float]] = {}
        self.lifetime, self.id_key = TOKEN_LIFETIME, "id"
        # A request still sleeping in a timeout fault when the next test resets the server is
        # dropped when it wakes: it neither stores nor logs into the new test.
        self.generation = getattr(self, "generation", 0) + 1
        self.faults: list[dict] = []
        self.records: dict[str, dict[str, dict]] = {ANNUAL: {}, PERIODIC: {}}
        self.documents: dict[str, dict] = {}
        (self.dir / "calls.jsonl").write_text("")

    def dataset(self) -> dict:
        return self._load()[0]

    def siasn_ids(self) -> set[str]:
        return self._load()[1]

    def _load(self) -> tuple[dict, set[str]]:
        path = self.dir / "dataset.json"
        stamp = path.stat().st_mtime_ns if path.exists() else 0
        with self.lock:
            if stamp != self._dataset[0]:
                data = json.loads(path.read_text()) if stamp else DATASET
                ids = {e["data_utama"]["id"] for e in data["employees"].values()}
                self._dataset = (stamp, data, ids)
            return self._dataset[1:]

    def issue(self, kind: str) -> str:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.tokens[token] = (kind, time.monotonic() + self.lifetime)
        return token

    def valid(self, kind: str, token: str) -> bool:
        with self.lock:
            issued = self.tokens.get(token)
        return issued is not None and issued[0] == kind and time.monotonic() < issued[1]

    def take_fault(self, path: str) -> dict | None:
        with self.lock:
            for fault in self.faults:
                if fault.get("path", API_PREFIX) in path and fault["times"] > 0:
                    fault["times"] -= 1
                    return fault
        return None

    def log(self, entry: dict) -> None:
        with self.lock, open(self.dir / "calls.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")


# ----- the API -----------------------------------------------------------------------------------


def read(state: State, route: str) -> tuple[int, dict]:
    dataset, parts = state.dataset(), route.strip("/").split("/")
    if parts == ["referensi", "ref-unor"]:
        return 200, {"code": 1, "data": dataset["units"]}
    if parts[0] == "referensi" and parts[-1] in dataset["references"]:
        return 200, {"code": 1, "data": dataset["references"][parts[-1]]}
    kinds = ("data-utama", "rw-jabatan", "rw-skp22", "rw-kinerjaperiodik")
    if len(parts) != 3 or parts[0] != "pns" or parts[1] not in kinds:
        return 404, {"success": False, "message": "Resource tidak ditemukan"}
    person = dataset["employees"].get(parts[2])
    if person is None:
        return 200, {"code": 0, "data": "Data tidak ditemukan"}
    if parts[1] in ("data-utama", "rw-jabatan"):
        return 200, {"code": 1, "data": person[parts[1].replace("-", "_")]}
    endpoint, field = (
        (ANNUAL, "pnsDinilaiOrang") if parts[1] == "rw-skp22" else (PERIODIC, "pnsDinilaiId")
    )
    with state.lock:
        found = [
            r for r in state.records[endpoint].values() if r[field] == person["data_utama"]["id"]
        ]
        return 200, {"code": 1, "data": copy.deepcopy(found)}


def save(state: State, endpoint: str, body) -> tuple[int, dict]:
    errors = validate_payload(endpoint, body)
    if not errors:
        sid = body.get("pnsDinilaiOrang") or body.get("pnsDinilaiId")
        if sid not in state.siasn_ids():
            errors.append("* PNS yang dinilai tidak ditemukan")
    if errors:
        return 400, {"success": False, "message": errors, "mapData": None}
    with state.lock:
        records = state.records[endpoint]
        record_id = body.get("id") or str(uuid.uuid4())
        if body.get("id") and record_id not in records:
            return 400, {"success": False, "message": ["* Id tidak ditemukan"], "mapData": None}
        records[record_id] = {**body, "id": record_id}
        key = state.id_key
    return 200, {"success": True, "message": "Data berhasil disimpan", "mapData": {key: record_id}}


def upload(state: State, content_type: str, raw: bytes) -> tuple[int, dict]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw
    )
    fields = {}
    if message.is_multipart():
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            fields[name] = (part.get_filename(), part.get_payload(decode=True))
    kind = (fields.get("id_ref_dokumen") or (None, b""))[1].decode(errors="replace")
    filename, data = fields.get("file") or (None, b"")
    if kind not in DOCUMENT_KINDS or not filename or not data.startswith(b"%PDF-"):
        return 400, {"success": False, "message": ["* file (PDF) dan id_ref_dokumen wajib diisi"]}
    uri = f"peremajaan/usulan/{uuid.uuid4().hex}_{filename}"
    document = {"dok_id": kind, "dok_nama": filename, "dok_uri": uri, "object": uri, "slug": kind}
    with state.lock:
        state.documents[uri] = {**document, "bytes": len(data)}
    return 200, {"success": True, "message": "Dokumen berhasil diunggah", "data": document}


def delete(state: State, record_id: str) -> tuple[int, dict]:
    with state.lock:
        removed = state.records[PERIODIC].pop(record_id, None)
    if removed is None:
        return 200, {"success": False, "message": "Data tidak ditemukan"}
    return 200, {"success": True, "message": "Data berhasil dihapus"}


def oauth_error(status: int, error: str, description: str) -> tuple[int, dict]:
    return status, {"error": error, "error_description": description}


# ----- the HTTP side -----------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    server: StateServer
    protocol_version = "HTTP/1.1"
    # The headers and the body leave in two writes: on a kept-alive connection Nagle's algorithm
    # would hold the body back until the client's delayed ACK, about 40 ms per request.
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 (http.server's names)
        self.route("GET")

    def do_POST(self):  # noqa: N802
        self.route("POST")

    def do_DELETE(self):  # noqa: N802
        self.route("DELETE")

    def route(self, method: str) -> None:
        self.note: dict = {"method": method, "path": urlsplit(self.path).path}
        state, path = self.server.state, self.note["path"]
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if path == CONTROL_PATH:
            return self.control(method, raw)
        generation, fault = state.generation, state.take_fault(path)
        if fault and self.inject(fault):
            return None
        if generation != state.generation:
            return None
        if path in (GATEWAY_PATH, SSO_PATH) and method == "POST":
            return self.reply(*self.token(path, parse_qs(raw.decode(errors="replace"))))
        if not path.startswith(API_PREFIX):
            return self.reply(404, {"success": False, "message": "Not found"})
        if not self.authorised():
            return None
        route = path[len(API_PREFIX) :]
        if method == "GET":
            return self.reply(*read(state, route))
        if method == "DELETE" and route.startswith("/kinerjaperiodik/delete/"):
            return self.reply(*delete(state, route.rsplit("/", 1)[1]))
        if method == "POST" and route == "/upload-dok":
            return self.reply(*upload(state, self.headers.get("Content-Type", ""), raw))
        if method == "POST" and route.strip("/") in (ANNUAL, PERIODIC):
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
            self.note["id"] = body.get("id") if isinstance(body, dict) else None
            return self.reply(*save(state, route.strip("/"), body))
        return self.reply(405, {"success": False, "message": "Method not allowed"})

    def inject(self, fault: dict) -> bool:
        """Apply a fault; False when the request goes on (a slow answer)."""
        kind = self.note["fault"] = fault["kind"]
        if kind == "timeout":
            time.sleep(fault.get("seconds", 3.0))
            return False
        message = fault.get("message", ["* Data tidak valid"])
        answers = {
            "500": (500, {"success": False, "message": "Internal Server Error"}),
            "503": (503, {"success": False, "message": "Service Unavailable"}),
            "429": (429, {"success": False, "message": "Too Many Requests"}),
            "400": (400, {"success": False, "message": message}),
            "401": (401, {"code": "900901", "message": "Invalid Credentials"}),
            "refuse": (200, {"success": False, "message": message, "mapData": None}),
        }
        headers = {"Retry-After": str(fault.get("retry_after", 1))} if kind == "429" else {}
        self.reply(*answers[kind], headers=headers)
        return True

    def token(self, path: str, form: dict) -> tuple[int, dict]:
        field = {name: values[0] for name, values in form.items()}
        self.note["grant_type"] = field.get("grant_type")
        if path == GATEWAY_PATH:  # WSO2: the consumer key and secret as HTTP Basic
            basic = base64.b64encode(f"{CONSUMER_KEY}:{CONSUMER_SECRET}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {basic}":
                return oauth_error(401, "invalid_client", "Client Authentication failed.")
            if field.get("grant_type") != "client_credentials":
                return oauth_error(400, "unsupported_grant_type", "Unsupported grant_type value")
            kind, extra = "gateway", {"scope": "default"}
        else:  # Keycloak: the password grant of the registered client
            if field.get("grant_type") != "password" or field.get("client_id") != SSO_CLIENT_ID:
                return oauth_error(401, "invalid_client", "Invalid client credentials")
            if (field.get("username"), field.get("password")) != (SSO_USERNAME, SSO_PASSWORD):
                return oauth_error(401, "invalid_grant", "Invalid user credentials")
            kind, extra = "sso", {"refresh_expires_in": 1800, "scope": "profile email"}
        state = self.server.state
        answer = {"access_token": state.issue(kind), "token_type": "Bearer"}
        return 200, {**answer, "expires_in": state.lifetime, **extra}

    def authorised(self) -> bool:
        state, gateway = self.server.state, self.headers.get("Authorization", "")
        if not (gateway.startswith("Bearer ") and state.valid("gateway", gateway[7:])):
            self.reply(401, {"code": "900901", "message": "Invalid Credentials"})
            return False
        sso = self.headers.get("Auth", "")
        if not (sso.startswith("bearer ") and state.valid("sso", sso[7:])):
            self.reply(401, {"success": False, "message": "Token SSO tidak valid"})
            return False
        return True

    def control(self, method: str, raw: bytes) -> None:
        state = self.server.state
        if method == "GET":
            with state.lock:
                answer = json.loads(json.dumps({"records": state.records, "docs": state.documents}))
            return self.reply(
                200, {"records": answer["records"], "documents": answer["docs"]}, log=False
            )
        actions = json.loads(raw or b"{}")
        with state.lock:
            if "fail" in actions:
                state.faults.append({"times": 1, **actions["fail"]})
            if "token_lifetime" in actions:
                state.lifetime = actions["token_lifetime"]
            if actions.get("expire_tokens"):
                state.tokens.clear()
            state.id_key = actions.get("id_key", state.id_key)
        if actions.get("reset"):
            state.reset()
        return self.reply(200, {"ok": True}, log=False)

    def reply(self, status: int, answer: dict, headers: dict | None = None, log=True) -> None:
        if log:
            self.server.state.log({**self.note, "status": status})
        data = json.dumps(answer).encode()
        try:
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a timeout fault): nothing to answer

    def log_message(self, *args):
        pass


class StateServer(ThreadingHTTPServer):
    daemon_threads = True
    state: State


def main(argv: list[str] | None = None) -> None:
    serve_forever(StateServer, Handler, State, __doc__.splitlines()[0], argv)


# ----- the pytest side ---------------------------------------------------------------------------


@dataclass
class SiasnServer:
    url: str
    state_dir: Path

    def settings(self, **extra) -> dict:
        return {
            "SIASN_TOKEN_URL": self.url + GATEWAY_PATH,
            "SIASN_SSO_TOKEN_URL": self.url + SSO_PATH,
            "SIASN_API_URL": self.url + API_PREFIX,
            "SIASN_CONSUMER_KEY": CONSUMER_KEY,
            "SIASN_CONSUMER_SECRET": CONSUMER_SECRET,
            "SIASN_SSO_CLIENT_ID": SSO_CLIENT_ID,
            "SIASN_SSO_USERNAME": SSO_USERNAME,
            "SIASN_SSO_PASSWORD": SSO_PASSWORD,
            "SIASN_INSTANSI_ID": INSTANSI_ID,
            "SIASN_TIMEOUT": 5.0,
            "SIASN_RETRIES": 3,
            **extra,
        }

    def control(self, **actions) -> None:
        httpx.post(self.url + CONTROL_PATH, json=actions, timeout=5).raise_for_status()

    def fail(self, kind: str, times: int = 1, path: str = API_PREFIX, **options) -> None:
        """The next `times` requests whose path contains `path` fail as `kind`."""
        self.control(fail={"kind": kind, "times": times, "path": path, **options})

    def load(self, dataset: dict) -> None:
        """Serve `dataset` (the shape of DATASET) from now on."""
        (self.state_dir / "dataset.json").write_text(json.dumps(dataset))

    def reset(self) -> None:
        (self.state_dir / "dataset.json").unlink(missing_ok=True)
        self.control(reset=True)

    def stored(self) -> dict:
        """{"records": {"skp22/save": {id: body}, "kinerjaperiodik/save": {...}}, "documents"}."""
        return httpx.get(self.url + CONTROL_PATH, timeout=5).json()

    def calls(self, path: str | None = None, **where) -> list[dict]:
        """The requests received whose path contains `path`, filtered by log fields."""
        lines = (self.state_dir / "calls.jsonl").read_text().splitlines()
        return [
            entry
            for entry in map(json.loads, lines)
            if (path is None or path in entry["path"])
            and all(entry.get(key) == value for key, value in where.items())
        ]


@pytest.fixture(scope="session", name="siasn_server")
def siasn_server_fixture(tmp_path_factory):
    state_dir = tmp_path_factory.mktemp("siasn")
    with server_process("tests.interchange.siasn_server", "SIASN", state_dir, CONTROL_PATH) as url:
        yield SiasnServer(url, state_dir)


@pytest.fixture(name="siasn")
def siasn_fixture(settings, siasn_server):
    """The app configured for the test server, which starts the test clean (default data set,
    no faults, nothing stored, an empty call log). Import both fixtures into the test module."""
    siasn_server.reset()
    for name, value in siasn_server.settings().items():
        setattr(settings, name, value)
    return siasn_server


if __name__ == "__main__":
    main()
