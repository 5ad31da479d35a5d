"""The loopback eSign Client's accounts and state: its test CA, each account's keys, the one-time
codes it sent and its call log (shared by the handler threads)."""

from __future__ import annotations

import json
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

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


def same(given: str, expected: str) -> bool:
    return secrets.compare_digest(given.encode(), expected.encode())


class State:
    """The server's CA, keys, one-time codes and call log."""

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
        """One line per authorised request: who, which secret kind (never its value), how many
        files."""
        sent = [kind for kind in ("passphrase", "totp") if kind in body]
        files = body.get("file")
        entry = {
            "path": path,
            "nik": body.get("nik"),
            "email": body.get("email"),
            "idSubscriber": body.get("idSubscriber"),
            "secret": "+".join(sent) or None,
            "files": len(files) if isinstance(files, list) else None,
        }
        with self.lock, open(self.dir / "calls.jsonl", "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")

    def new_code(self, nik: str) -> None:
        code = f"{secrets.randbelow(10**6):06d}"
        with self.lock:
            self.codes[nik] = code
            (self.dir / "codes" / nik).write_text(code)

    def use_code(self, nik: str, code: str) -> bool:
        """Whether `code` is the one last sent to `nik`; a right code works for one request
        (however many files it signs), never for a second."""
        with self.lock:
            if not self.codes.get(nik) or not same(self.codes[nik], code):
                return False
            del self.codes[nik]
            return True
