"""Real Celery workers for the tests that need one (PostgreSQL and Redis, as CI provides): each
on a queue of its own, logging to tmp_path/<name>.log, stopped and their queue forgotten after."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for(condition, seconds=60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


@dataclass
class Workers:
    publisher: Celery
    queue: str
    folder: Path
    env: dict
    processes: list = field(default_factory=list)

    def start(self, name: str = "worker") -> subprocess.Popen:
        log = (self.folder / f"{name}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
             "-Q", self.queue, "--without-heartbeat", "--without-gossip", "--without-mingle",
             "-l", "info", "-n", f"{name}-{self.queue}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.processes.append((process, log))
        return process

    def send(self, task: str, *args) -> None:
        self.publisher.send_task(task, args=list(args), queue=self.queue)

    def log(self, name: str = "worker") -> str:
        return (self.folder / f"{name}.log").read_text()


@contextmanager
def celery_workers(tmp_path: Path, **env):
    """Workers sharing a fresh queue and this test's database, with `env` added to theirs."""
    redis_url = os.environ.get("REDIS_URL")
    if connection.vendor != "postgresql" or not redis_url:
        pytest.skip("Needs PostgreSQL and Redis: CI runs it with both (make test with their URLs)")
    queue = f"test-{uuid.uuid4().hex[:8]}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": database_url(),
        "REDIS_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        **{name: str(value) for name, value in env.items()},
    }
    # Not the current app: shared tasks sent later in this process must still run eagerly.
    publisher = Celery("test-publisher", broker=redis_url, set_as_current=False)
    workers = Workers(publisher, queue, tmp_path, environment)
    try:
        yield workers
    finally:
        for process, log in workers.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()
        _forget_queue(redis_url, queue)


def _forget_queue(redis_url: str, queue: str) -> None:
    """A killed worker's task stays "unacked" in Redis (acks_late) and would come back to this
    queue after the visibility timeout: drop it and the queue, so nothing outlives the test."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for tag, raw in client.hgetall("unacked").items():
        try:
            _message, _exchange, routing_key = json.loads(raw)
        except (ValueError, TypeError):
            continue
        if routing_key == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)
    client.delete(queue)
