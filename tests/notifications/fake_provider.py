"""The plumbing our fake messaging providers share (gateway_server, whatsapp_server,
telegram_server): each is a real HTTP server in its own process on 127.0.0.1.

Every fake provider keeps in its state directory `calls.jsonl` (one line per request: method,
path, status, the fault injected; never a header or a token) and `messages.jsonl` (each accepted
message). `POST /_control` takes {"reset": true}, {"fail": {"status": S, "times": N, "path": …,
…the provider's error fields}} (the next N requests whose path contains `path` fail),
{"delay": S} (every request waits S seconds before it is answered, until reset or {"delay": 0});
`GET /_control` answers {"messages": [...]}. A provider subclasses FakeHandler (its endpoints,
its error format) and FakeServer (its settings), and runs `serve(Handler, …)` as its main.
"""

from __future__ import annotations

import abc
import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.loopback import serve_forever, server_process

CONTROL_PATH = "/_control"


class State:
    """Faults, the delay, the stored messages and the call log, shared by the handler threads."""

    def __init__(self, state_dir: Path):
        self.dir, self.lock, self.generation = state_dir, threading.Lock(), 0
        self.reset()

    def reset(self) -> None:
        with self.lock:
            # A request still sleeping in a delay when the next test resets the server is
            # dropped when it wakes: it neither stores nor answers into the new test.
            self.generation += 1
            self.faults: list[dict] = []
            self.delay, self.counter = 0.0, 0
            self.messages: list[dict] = []
            self.extra: dict = {}  # what a provider keeps besides its messages
            for name in ("calls.jsonl", "messages.jsonl"):
                (self.dir / name).write_text("")

    def next_number(self) -> int:
        with self.lock:
            self.counter += 1
            return self.counter

    def take_fault(self, path: str) -> dict | None:
        with self.lock:
            for fault in self.faults:
                if fault.get("path", "") in path and fault["times"] > 0:
                    fault["times"] -= 1
                    return dict(fault)
        return None

    def store(self, message: dict) -> None:
        with self.lock, open(self.dir / "messages.jsonl", "a", encoding="utf-8") as out:
            self.messages.append(message)
            out.write(json.dumps(message, ensure_ascii=False) + "\n")

    def log(self, entry: dict) -> None:
        with self.lock, open(self.dir / "calls.jsonl", "a", encoding="utf-8") as out:
            out.write(json.dumps(entry) + "\n")


class FakeHandler(BaseHTTPRequestHandler, metaclass=abc.ABCMeta):
    """JSON in and out, /_control, the delay and the faults. A provider's subclass implements
    `api` (its endpoints) and `fault_answer` (a fault in its own error format)."""

    server: FakeServerProcess
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body leave in two writes: no 40 ms ACK wait

    def do_GET(self):  # noqa: N802 (http.server's names)
        self.route("GET")

    def do_POST(self):  # noqa: N802
        self.route("POST")

    def route(self, method: str) -> None:
        path = urlsplit(self.path).path
        self.note: dict = {"method": method, "path": self.logged_path(path)}
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.server.state
        if path == CONTROL_PATH:
            return self.control(method, raw)
        generation = state.generation
        if state.delay:
            time.sleep(state.delay)
        if generation != state.generation:
            self.close_connection = True
            return None
        fault = state.take_fault(path)
        if fault:
            self.note["fault"] = fault.get("status")
            return self.reply(*self.fault_answer(fault))
        return self.reply(*self.api(method, path, raw))

    @abc.abstractmethod
    def api(self, method: str, path: str, raw: bytes) -> tuple[int, dict]:
        """The provider's endpoints: (status, JSON answer)."""

    @abc.abstractmethod
    def fault_answer(self, fault: dict) -> tuple[int, dict]:
        """An injected fault in the provider's own error format."""

    def logged_path(self, path: str) -> str:
        """The path as the call log keeps it (a provider with its token in the path hides it)."""
        return path

    def snapshot(self) -> dict:
        with self.server.state.lock:
            return {"messages": json.loads(json.dumps(self.server.state.messages))}

    def extra_control(self, actions: dict) -> tuple[int, dict]:
        return 200, {"ok": True}

    def control(self, method: str, raw: bytes) -> None:
        state = self.server.state
        if method == "GET":
            return self.reply(200, self.snapshot(), log=False)
        actions = json_body(raw)
        if actions is None:
            return self.reply(400, {"error": "a JSON object expected"}, log=False)
        if actions.get("reset"):
            state.reset()
        with state.lock:
            if "fail" in actions:
                state.faults.append({"times": 1, **actions["fail"]})
            if "delay" in actions:
                state.delay = float(actions["delay"])
        return self.reply(*self.extra_control(actions), log=False)

    def reply(self, status: int, answer: dict, log: bool = True) -> None:
        if log:
            self.server.state.log({**self.note, "status": status})
        data = json.dumps(answer, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a delay): nothing to answer

    def bearer(self, token: str) -> bool:
        return self.headers.get("Authorization", "") == f"Bearer {token}"

    def log_message(self, *args):
        pass


class FakeServerProcess(ThreadingHTTPServer):
    daemon_threads = True
    state: State


def json_body(raw: bytes) -> dict | None:
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def serve(handler: type[FakeHandler], description: str, argv: list[str] | None = None) -> None:
    serve_forever(FakeServerProcess, handler, State, description, argv)


@dataclass
class FakeServer:
    """The tests' handle on a fake provider: `url` is the value of its API URL setting, `root`
    the server's own address (where /_control is)."""

    url: str
    root: str
    state_dir: Path

    def control(self, **actions) -> httpx.Response:
        return httpx.post(self.root + CONTROL_PATH, json=actions, timeout=60)

    def state(self) -> dict:
        return httpx.get(self.root + CONTROL_PATH, timeout=5).json()

    def messages(self) -> list[dict]:
        """The accepted messages, oldest first."""
        return self.state()["messages"]

    def fail(self, status: int, times: int = 1, **options) -> None:
        """The next `times` requests answer `status` (options: the provider's error fields)."""
        self.control(fail={"status": status, "times": times, **options}).raise_for_status()

    def delay(self, seconds: float) -> None:
        """Every request waits this long before it is answered (until reset)."""
        self.control(delay=seconds).raise_for_status()

    def reset(self) -> None:
        self.control(reset=True).raise_for_status()

    def configured(self, settings) -> FakeServer:
        """Clean for a new test (no faults, no delay, nothing stored, an empty call log), and
        the channel pointed at it through pytest-django's `settings` (the provider's class
        lists them in its `settings()`)."""
        self.reset()
        for name, value in self.settings().items():
            setattr(settings, name, value)
        return self

    def calls(self, path: str | None = None, **where) -> list[dict]:
        """The requests received whose path contains `path`, filtered by log fields."""
        lines = (self.state_dir / "calls.jsonl").read_text().splitlines()
        return [
            entry
            for entry in map(json.loads, lines)
            if (path is None or path in entry["path"])
            and all(entry.get(key) == value for key, value in where.items())
        ]


@contextmanager
def running(server_class: type[FakeServer], module: str, name: str, tmp_path_factory, api=""):
    """The provider `module` started for the session; yields its handle (`api`: the path of its
    API under the server's root, the value of its URL setting)."""
    state_dir = tmp_path_factory.mktemp(name.lower())
    with server_process(module, name, state_dir, CONTROL_PATH) as root:
        yield server_class(root + api, root, state_dir)
