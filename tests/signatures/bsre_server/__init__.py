"""A BSrE eSign Client (API v2) of our own for the tests: a real HTTP server in its own process on
127.0.0.1 that enforces the protocol as publicly known (/work/shared/integrations.md §3) and signs
for real, with certificates from a test CA it makes at start (accounts.signatures.pki, pdf).

    python -m tests.signatures.bsre_server --port N --state-dir DIR

state.py holds its accounts and state, endpoints.py what each endpoint checks and answers,
serve.py the HTTP side; this module the pytest side. Its state directory holds `ca.pem` (the
test CA), `calls.jsonl` (one line per authorised request: path, nik, email, idSubscriber, which
secret kind was sent, never its value, and how many files) and `codes/<nik>` (the last one-time
code, as the signer would read it on the phone).

Import the fixtures into a test module: ``from tests.signatures.bsre_server import bsre_fixture, bsre_server_fixture``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from accounts.signatures import pki
from tests.loopback import free_port, server_process
from tests.signatures.bsre_server.state import (
    EMAIL_READY,
    NIK_NO_CERTIFICATE,
    NIK_NOT_REGISTERED,
    NIK_READY,
    NIK_SLOW,
    PASSPHRASE,
    PASSWORD,
    SEAL_NAME,
    SEAL_PASSPHRASE,
    SEAL_SUBSCRIBER,
    USER,
)

__all__ = [
    "EMAIL_READY",
    "NIK_NO_CERTIFICATE",
    "NIK_NOT_REGISTERED",
    "NIK_READY",
    "NIK_SLOW",
    "PASSPHRASE",
    "PASSWORD",
    "SEAL_NAME",
    "SEAL_PASSPHRASE",
    "SEAL_SUBSCRIBER",
    "USER",
    "BsreServer",
    "bsre_fixture",
    "bsre_server_fixture",
    "free_port",
]

ROOT = Path(__file__).resolve().parents[3]  # where `python -m tests.signatures...` runs


@dataclass
class BsreServer:
    url: str
    user: str
    password: str
    state_dir: Path
    ca: object  # cryptography's x509.Certificate: pass [server.ca] to signatures_in

    def calls(self, path: str | None = None, **where) -> list[dict]:
        """The requests the server received (`path` without the /api/v2 prefix, e.g. "sign/pdf"),
        filtered by the fields of the log line (nik=..., secret="totp", files=3)."""
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
    state_dir = tmp_path_factory.mktemp("bsre")
    with server_process("tests.signatures.bsre_server", "BSrE", state_dir) as url:
        # Any answer (405 to a GET) means it listens; the CA is written before it does.
        ca = pki.load_pem_certificates((state_dir / "ca.pem").read_bytes())[0]
        yield BsreServer(url, USER, PASSWORD, state_dir, ca)


@pytest.fixture(name="bsre")
def bsre_fixture(settings, bsre_server):
    """The app configured for the test server (import both fixtures into the test module)."""
    for name, value in bsre_server.settings().items():
        setattr(settings, name, value)
    return bsre_server
