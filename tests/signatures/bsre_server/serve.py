"""The loopback eSign Client's HTTP side: Basic auth, JSON in and out, one thread per request.

python -m tests.signatures.bsre_server --port N --state-dir DIR
"""

from __future__ import annotations

import argparse
import base64
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.signatures.bsre_server.endpoints import ROUTES, Refusal
from tests.signatures.bsre_server.state import PASSWORD, USER, State


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
    parser = argparse.ArgumentParser(description="A BSrE eSign Client (API v2) for the tests")
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
