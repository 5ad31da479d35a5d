"""A real OpenID Connect provider for the SSO tests: oidc-provider-mock in its own process on
127.0.0.1, one per test session (or xdist worker), stopped at the end.

Import the fixture into a test module: ``from tests.accounts.sso_provider import sso_provider``.
Any client id and secret are accepted (the mock does not require registration); a subject's
claims are set with the mock's ``PUT /users/<sub>``, and its authorize form is submitted with
``sub`` as a browser would.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import httpx
import pytest
from django.test import Client

CLIENT_ID = "kinerja-test"
CLIENT_SECRET = "rahasia-klien-uji"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Provider:
    url: str

    def set_claims(self, sub: str, **claims) -> None:
        response = httpx.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204, response.text

    def approve(self, authorize_url: str, sub: str) -> str:
        """Submit the mock's authorize form as ``sub``; returns where it sends the browser."""
        assert authorize_url.startswith(self.url + "/"), authorize_url
        response = httpx.post(authorize_url, data={"sub": sub}, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["location"]

    def settings(self, **extra) -> dict:
        return {
            "OIDC_ISSUER_URL": self.url,
            "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "OIDC_NIP_CLAIM": "nip",
            **extra,
        }


@pytest.fixture(scope="session")
def sso_provider():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            if httpx.get(f"{url}/.well-known/openid-configuration", timeout=1).is_success:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"oidc-provider-mock did not start on {url}", pytrace=False)
        time.sleep(0.1)
    try:
        yield Provider(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def sso(settings, sso_provider):
    """The app configured for the provider (import both fixtures into the test module)."""
    for name, value in sso_provider.settings().items():
        setattr(settings, name, value)
    return sso_provider


def start(client: Client, next_url: str | None = None) -> str:
    """Click the SSO button: the provider's authorize URL the app sends the browser to."""
    response = client.get("/accounts/sso/login/", {"next": next_url} if next_url else {})
    assert response.status_code == 302
    return response["Location"]


def back_from(client: Client, location: str):
    """Follow the provider's redirect back to our callback."""
    parts = urlsplit(location)
    assert parts.path == "/accounts/sso/callback/"
    return client.get(f"{parts.path}?{parts.query}")


def sso_login(client, provider, nip, next_url=None, **claims):
    provider.set_claims(nip, nip=nip, **claims)
    return back_from(client, provider.approve(start(client, next_url), nip))


def signed_in_as(client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


class TokenProxy:
    """Our own loopback server in front of the provider's token endpoint, changing the ID token
    it returns with ``alter(id_token) -> id_token``: the app must refuse what comes back."""

    def __init__(self, token_endpoint: str, alter):
        target = token_endpoint

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() in {"authorization", "content-type"}
                }
                upstream = httpx.post(target, content=body, headers=headers, timeout=5)
                payload = upstream.json()
                if "id_token" in payload:
                    payload["id_token"] = alter(payload["id_token"])
                data = json.dumps(payload).encode()
                self.send_response(upstream.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}{urlsplit(target).path}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
