"""A BSrE eSign Client (API v2) of our own for the tests: a real HTTP server in its own process on
127.0.0.1 that enforces the protocol as publicly known (/work/shared/integrations.md §3) and signs
for real, with certificates from a test CA it makes at start (accounts.signatures.pki, pdf).

    python -m tests.signatures.bsre_server --port N --state-dir DIR

Its state directory holds `ca.pem` (the test CA), `calls.jsonl` (one line per authorised request:
path, nik, email, idSubscriber and which secret kind was sent, never its value) and
`codes/<nik>` (the last one-time code, as the signer would read it on the phone).

Import the fixtures into a test module: ``from tests.signatures.bsre_server import bsre_fixture, bsre_server_fixture``.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import io
import json
import secrets
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from accounts.signatures import pdf as pades
from accounts.signatures import pki

USER = "kinerja-bsre"
PASSWORD = "rahasia-klien-bsre"
PASSPHRASE = "rahasia-bsre"
SEAL_PASSPHRASE = "segel-instansi"
SEAL_SUBSCRIBER = "DEMO-SEGEL-01"
SEAL_NAME = "Segel Pemerintah Kabupaten Demo"
# What each account's PKCS#12 is locked with inside the server (not a BSrE passphrase).
KEYSTORE_PASSWORD = "kunci-internal"

NIK_READY = "3201010101010001"
NIK_NOT_REGISTERED = "3201010101010002"
NIK_NO_CERTIFICATE = "3201010101010003"
NIK_SLOW = "3201010101010009"
EMAIL_READY = "siti.rahma@demo.go.id"


@dataclass(frozen=True)
class Account:
    nik: str
    name: str
    status: str  # ISSUE, NOT_REGISTERED or NO_CERTIFICATE
    email: str = ""
    passphrase: str = ""
    slow: bool = False  # sign/pdf sleeps --sign-delay seconds first


ACCOUNTS = [
    Account(NIK_READY, "Dr. Siti Rahma, M.Kes.", "ISSUE", EMAIL_READY, PASSPHRASE),
    Account(NIK_NOT_REGISTERED, "Belum Terdaftar", "NOT_REGISTERED"),
    Account(NIK_NO_CERTIFICATE, "Tanpa Sertifikat", "NO_CERTIFICATE"),
    Account(NIK_SLOW, "Lambat", "ISSUE", passphrase=PASSPHRASE, slow=True),
]
STATUS_CODES = {"ISSUE": 1111, "NOT_REGISTERED": 2011, "NO_CERTIFICATE": 2021}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Refusal(Exception):
    """An error answer: HTTP `http` with the vendor's {"status_code", "error"}."""

    def __init__(self, code: int, error: str, http: int = 400):
        super().__init__(error)
        self.code, self.error, self.http = code, error, http


def same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


def bad_request(error: str) -> Refusal:
    return Refusal(400, error)


class State:
    """The server's CA, keys, one-time codes and call log (shared by the handler threads)."""

    def __init__(self, state_dir: Path, *, sign_delay: float):
        self.dir = state_dir
        self.sign_delay = sign_delay
        self.lock = threading.Lock()
        self.codes: dict[str, str] = {}
        ca = pki.make_ca("BSrE Uji Root CA", "Balai Sertifikasi Elektronik Uji")
        self.ca = ca.certificate
        self.keystores = {
            account.nik: self._keystore(ca, account.name, account.nik, account.email)
            for account in ACCOUNTS
            if account.status == "ISSUE"
        }
        self.seal_keystore = self._keystore(ca, SEAL_NAME, "", "")
        (self.dir / "codes").mkdir(parents=True, exist_ok=True)
        (self.dir / "ca.pem").write_bytes(pki.pem(self.ca))

    @staticmethod
    def _keystore(ca, name: str, nik: str, email: str) -> bytes:
        issued = pki.issue(ca, name, serial=nik, email=email)
        return pki.pkcs12_bytes(issued, ca.certificate, KEYSTORE_PASSWORD)

    def log_call(self, path: str, body: dict) -> None:
        sent = [kind for kind in ("passphrase", "totp") if kind in body]
        entry = {
            "path": path,
            "nik": body.get("nik"),
            "email": body.get("email"),
            "idSubscriber": body.get("idSubscriber"),
            "secret": "+".join(sent) or None,
        }
        with self.lock, open(self.dir / "calls.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")

    def new_code(self, nik: str) -> None:
        code = f"{secrets.randbelow(10**6):06d}"
        with self.lock:
            self.codes[nik] = code
            (self.dir / "codes" / nik).write_text(code)

    def use_code(self, nik: str, code: str) -> bool:
        """Whether `code` is the one last sent to `nik`; a right code works once."""
        with self.lock:
            if not self.codes.get(nik) or not same(self.codes[nik], code):
                return False
            del self.codes[nik]
            return True


# ----- what each endpoint checks and answers -----------------------------------------------------


def find_account(body: dict) -> Account | None:
    keys = [key for key in ("nik", "email") if key in body]
    if len(keys) != 1 or not isinstance(body[keys[0]], str) or not body[keys[0]].strip():
        raise bad_request("Isi tepat satu dari nik atau email")
    value = body[keys[0]]
    return next((a for a in ACCOUNTS if value in (a.nik, a.email) and value), None)


def able_to_sign(body: dict) -> Account:
    account = find_account(body)
    if account is None or account.status == "NOT_REGISTERED":
        raise Refusal(2011, "Pengguna tidak terdaftar")
    if account.status == "NO_CERTIFICATE":
        raise Refusal(2021, "Pengguna tidak memiliki sertifikat")
    return account


def secret_kind(body: dict) -> str:
    kinds = [kind for kind in ("passphrase", "totp") if kind in body]
    if len(kinds) != 1:
        raise bad_request("Isi tepat satu dari passphrase atau totp")
    if not isinstance(body[kinds[0]], str) or not body[kinds[0]]:
        raise bad_request(f"{kinds[0]} kosong")
    return kinds[0]


def decode_pdf(value) -> bytes:
    if not isinstance(value, str):
        raise bad_request("file harus berupa base64")
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise bad_request("file bukan base64 yang sah") from None
    if not data.startswith(b"%PDF-"):
        raise bad_request("file bukan PDF")
    return data


def decode_pdfs(body: dict) -> list[bytes]:
    files = body.get("file")
    if not isinstance(files, list) or not files:
        raise bad_request("file harus berupa daftar base64 PDF")
    return [decode_pdf(value) for value in files]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    sizes = []
    for index in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(index)[0].get_object()
        while "/MediaBox" not in page:  # inherited from the page tree
            page = page["/Parent"]
        x1, y1, x2, y2 = (float(v) for v in page["/MediaBox"])
        sizes.append((x2 - x1, y2 - y1))
    return sizes


def number(properties: dict, key: str) -> float:
    value = properties.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_request(f"signatureProperties.{key} harus berupa angka")
    return float(value)


def requested_box(body: dict, pdfs: list[bytes]) -> tuple[pades.Box | None, dict]:
    """The visible box (lower-left origin, page from 1) and the signature's properties."""
    entries = body.get("signatureProperties")
    if not isinstance(entries, list) or len(entries) != 1 or not isinstance(entries[0], dict):
        raise bad_request("signatureProperties harus berisi tepat satu objek")
    properties = entries[0]
    for key in ("location", "reason", "contactInfo"):
        if not isinstance(properties.get(key, ""), str):
            raise bad_request(f"signatureProperties.{key} harus berupa teks")
    tampilan = properties.get("tampilan")
    if tampilan == "INVISIBLE":
        return None, properties
    if tampilan != "VISIBLE":
        raise bad_request("tampilan harus VISIBLE atau INVISIBLE")
    check_png(properties.get("imageBase64"))
    page = properties.get("page")
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise bad_request("page harus bilangan bulat mulai 1")
    x, y = number(properties, "originX"), number(properties, "originY")
    width, height = number(properties, "width"), number(properties, "height")
    if x < 0 or y < 0 or width <= 0 or height <= 0:
        raise bad_request("originX/originY tidak boleh negatif, width/height harus > 0")
    for pdf in pdfs:
        sizes = page_sizes(pdf)
        if page > len(sizes):
            raise bad_request(f"page {page} melebihi jumlah halaman ({len(sizes)})")
        page_width, page_height = sizes[page - 1]
        if x + width > page_width + 0.5 or y + height > page_height + 0.5:
            raise bad_request("kotak tanda tangan keluar dari halaman")
    return pades.Box(page - 1, x, y, x + width, y + height), properties


def check_png(value) -> None:
    from PIL import Image

    try:
        data = base64.b64decode(value, validate=True)
        if not data.startswith(PNG_MAGIC):
            raise ValueError("not a PNG")
        Image.open(io.BytesIO(data)).verify()
    except Exception:
        raise bad_request("imageBase64 harus berupa PNG dalam base64") from None


def signed(pdfs, keystore, box, properties) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    results = []
    for pdf in pdfs:
        existing = len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
        result = pades.sign_pkcs12(
            pdf,
            keystore,
            KEYSTORE_PASSWORD,
            box=box,
            field_name=f"BSrE{existing + 1}",
            reason=properties.get("reason", ""),
            location=properties.get("location", ""),
        )
        results.append(base64.b64encode(result).decode("ascii"))
    return results


def check_status(state: State, body: dict) -> dict:
    account = find_account(body)
    status = account.status if account else "NOT_REGISTERED"
    return {"status_code": STATUS_CODES[status], "status": status, "message": status}


def get_totp(state: State, body: dict) -> dict:
    account = able_to_sign(body)
    state.new_code(account.nik)
    return {"message": "Kode TOTP telah dikirim"}


def sign_pdf(state: State, body: dict) -> dict:
    started = time.monotonic()
    account = able_to_sign(body)
    kind = secret_kind(body)
    pdfs = decode_pdfs(body)
    box, properties = requested_box(body, pdfs)
    if kind == "passphrase" and not same(body["passphrase"], account.passphrase):
        raise Refusal(2031, "Passphrase anda salah")
    if kind == "totp" and not state.use_code(account.nik, body["totp"]):
        raise Refusal(2032, "Kode TOTP salah atau kedaluwarsa")
    if account.slow:
        time.sleep(state.sign_delay)
    files = signed(pdfs, state.keystores[account.nik], box, properties)
    return {"time": round((time.monotonic() - started) * 1000), "file": files}


def seal_pdf(state: State, body: dict) -> dict:
    started = time.monotonic()
    if not isinstance(body.get("idSubscriber"), str) or not body["idSubscriber"]:
        raise bad_request("idSubscriber wajib diisi")
    if body["idSubscriber"] != SEAL_SUBSCRIBER:
        raise Refusal(2011, "Subscriber segel tidak terdaftar")
    kind = secret_kind(body)
    pdfs = decode_pdfs(body)
    box, properties = requested_box(body, pdfs)
    if kind == "totp":  # no code is ever sent for the seal here
        raise Refusal(2032, "Kode TOTP salah atau kedaluwarsa")
    if not same(body["passphrase"], SEAL_PASSPHRASE):
        raise Refusal(2031, "Passphrase anda salah")
    files = signed(pdfs, state.seal_keystore, box, properties)
    return {"time": round((time.monotonic() - started) * 1000), "file": files}


def verify_pdf(state: State, body: dict) -> dict:
    checks = pades.signatures_in(decode_pdf(body.get("file")), [state.ca])
    if not checks:
        conclusion, description = "NO_SIGNATURE", "Dokumen tidak memiliki tanda tangan elektronik"
    elif all(check.valid for check in checks):
        conclusion, description = "VALID", "Semua tanda tangan elektronik valid"
    else:
        conclusion, description = "INVALID", "Ada tanda tangan elektronik yang tidak valid"
    return {
        "conclusion": conclusion,
        "description": description,
        "signatureCount": len(checks),
        "signatureInformations": [
            {
                "signerName": check.signer,
                "signatureDate": check.signed_at.isoformat() if check.signed_at else "",
                "signatureFormat": "PAdES",
                "integrityValid": check.intact and not check.changed_after,
                "certificateTrusted": check.trusted,
            }
            for check in checks
        ],
    }


ROUTES = {
    "/api/v2/user/check/status": check_status,
    "/api/v2/sign/get/totp": get_totp,
    "/api/v2/sign/pdf": sign_pdf,
    "/api/v2/seal/pdf": seal_pdf,
    "/api/v2/verify/pdf": verify_pdf,
}


class Handler(BaseHTTPRequestHandler):
    server: StateServer

    def do_POST(self):  # noqa: N802 (http.server's name)
        expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        if self.headers.get("Authorization", "") != f"Basic {expected}":
            return self.reply(401, {"status_code": 401, "error": "Unauthorized"})
        route = ROUTES.get(self.path)
        if route is None:
            return self.reply(404, {"status_code": 404, "error": "Not found"})
        if self.headers.get("Content-Type", "").split(";")[0].strip() != "application/json":
            return self.reply(415, {"status_code": 415, "error": "Content-Type harus JSON"})
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return self.reply(400, {"status_code": 400, "error": "Badan permintaan bukan JSON"})
        self.server.state.log_call(self.path, body)
        try:
            answer = route(self.server.state, body)
        except Refusal as refusal:
            return self.reply(refusal.http, {"status_code": refusal.code, "error": refusal.error})
        except Exception as error:  # a bug here: say so loudly, in the answer and the log
            self.log_error("%s failed: %r", self.path, error)
            return self.reply(500, {"status_code": 500, "error": repr(error)})
        self.reply(200, answer)

    def refuse_method(self):
        self.reply(405, {"status_code": 405, "error": "Method not allowed"})

    do_GET = do_PUT = do_DELETE = do_PATCH = refuse_method

    def reply(self, status: int, answer: dict) -> None:
        data = json.dumps(answer).encode()
        try:
            self.send_response(status)
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="eSign Client"')
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (the slow account): nothing to answer

    def log_message(self, *args):
        pass


class StateServer(ThreadingHTTPServer):
    state: State


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    parser.add_argument(
        "--sign-delay", type=float, default=3.0, help="seconds the slow account waits"
    )
    args = parser.parse_args(argv)
    state = State(args.state_dir, sign_delay=args.sign_delay)
    server = StateServer(("127.0.0.1", args.port), Handler)
    server.state = state
    server.serve_forever()


# ----- the pytest side ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class BsreServer:
    url: str
    user: str
    password: str
    state_dir: Path
    ca: object  # cryptography's x509.Certificate: pass [server.ca] to signatures_in

    def calls(self, path: str | None = None, **where) -> list[dict]:
        """The requests the server received (`path` without the /api/v2 prefix, e.g. "sign/pdf"),
        filtered by the fields of the log line (nik=..., secret="totp")."""
        log = self.state_dir / "calls.jsonl"
        lines = log.read_text().splitlines() if log.exists() else []
        entries = [json.loads(line) for line in lines]
        return [
            entry
            for entry in entries
            if (path is None or entry["path"] == f"/api/v2/{path}")
            and all(entry.get(key) == value for key, value in where.items())
        ]

    def code_for(self, nik: str) -> str:
        """The last one-time code sent to `nik`, as read from the signer's phone."""
        return (self.state_dir / "codes" / nik).read_text()

    def server_log(self) -> str:
        return (self.state_dir / "server.log").read_text()

    def settings(self, **extra) -> dict:
        return {
            "ESIGN_BACKEND": "bsre",
            "BSRE_URL": self.url,
            "BSRE_USER": self.user,
            "BSRE_PASSWORD": self.password,
            "BSRE_DRY_RUN_FILE": "",
            "BSRE_SEAL_SUBSCRIBER_ID": SEAL_SUBSCRIBER,
            **extra,
        }


# Named apart from the fixtures so a test module can import them and still take `bsre_server`
# and `bsre` as arguments (no shadowed import for the linter).
@pytest.fixture(scope="session", name="bsre_server")
def bsre_server_fixture(tmp_path_factory):
    port = free_port()
    state_dir = tmp_path_factory.mktemp("bsre")
    url = f"http://127.0.0.1:{port}"
    with open(state_dir / "server.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.signatures.bsre_server"]
            + ["--port", str(port), "--state-dir", str(state_dir)],
            cwd=Path(__file__).resolve().parents[2],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 30
    while True:
        try:
            httpx.get(url, timeout=1)  # any answer (405) means it listens
            break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(
                f"the BSrE test server did not start on {url}:\n"
                + (state_dir / "server.log").read_text(),
                pytrace=False,
            )
        time.sleep(0.1)
    ca = pki.load_pem_certificates((state_dir / "ca.pem").read_bytes())[0]
    try:
        yield BsreServer(url, USER, PASSWORD, state_dir, ca)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(name="bsre")
def bsre_fixture(settings, bsre_server):
    """The app configured for the test server (import both fixtures into the test module)."""
    for name, value in bsre_server.settings().items():
        setattr(settings, name, value)
    return bsre_server


if __name__ == "__main__":
    main()
