"""Protocol servers of ours (BSrE eSign, SIASN) run for the tests as separate processes on a free
loopback port: started once per session, waited for, their output kept in the state folder (shown
if they fail to start), stopped at the end."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server_process(module: str, name: str, state_dir: Path, probe_path: str = "/"):
    """`python -m <module> --port P --state-dir DIR`, running until the block ends; yields its
    base URL. Any HTTP answer at `probe_path` means it listens."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with open(state_dir / "server.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", module, "--port", str(port), "--state-dir", str(state_dir)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            httpx.get(url + probe_path, timeout=1)
            break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(
                f"the {name} test server did not start on {url}:\n"
                + (state_dir / "server.log").read_text(),
                pytrace=False,
            )
        time.sleep(0.1)
    try:
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


def serve_forever(server_class, handler, make_state, description: str, argv=None) -> None:
    """A protocol server's main: `--port P --state-dir DIR`, its state made from the folder."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--state-dir", type=Path, required=True)
    args = parser.parse_args(argv)
    server = server_class(("127.0.0.1", args.port), handler)
    server.state = make_state(args.state_dir)
    server.serve_forever()
