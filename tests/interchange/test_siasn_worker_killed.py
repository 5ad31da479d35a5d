"""A Celery worker killed while SIASN is storing a result: nothing lost, nothing sent twice.

Issue 21, item 7, against a real worker (CI provides PostgreSQL and Redis) and the loopback SIASN
server. The save is slowed down by the server (a "timeout" fault that sleeps, then stores), and
the worker is killed with SIGKILL while it waits for the answer: SIASN stores the result, our
database never hears of it. The claim the worker committed before sending stays behind; once it
is older than push.SENDING_CLAIM (a dead worker's), a second worker reads SIASN's list first and
updates the record it finds, so SIASN holds the result once.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from interchange.siasn import payloads
from interchange.siasn.models import PushState, ResultPush
from tests.celery_workers import celery_workers, wait_for
from tests.interchange.siasn_server import (
    siasn_fixture,  # noqa: F401 (the fixture `siasn`)
    siasn_server_fixture,  # noqa: F401 (the fixture `siasn_server`)
)
from tests.interchange.test_siasn_push import result, server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(server, tmp_path):  # noqa: F811 (the imported fixture)
    """(start a worker, push a result through it, the log folder), for the server."""
    env = {**server.settings(SIASN_TIMEOUT=20), "MEDIA_ROOT": tmp_path / "media"}
    with celery_workers(tmp_path, **env) as workers:

        def push(evaluation_id: int) -> None:
            workers.send("interchange.siasn.tasks.push_result", evaluation_id)

        yield workers.start, push, tmp_path


def test_a_worker_killed_while_siasn_stores_never_sends_twice(server, result, worker):  # noqa: F811
    start, push, folder = worker
    records = lambda: server.stored()["records"][payloads.PERIODIC]  # noqa: E731
    # SIASN takes 4 seconds to answer the save, and stores it whatever happens to the caller.
    server.fail("timeout", path="kinerjaperiodik/save", seconds=4)

    first = start("first")
    push(result.pk)
    claimed = wait_for(
        lambda: (
            ResultPush.objects.filter(evaluation=result, sending_since__isnull=False).exists()
            and server.calls("upload-dok")
        ),
        seconds=60,
    )
    assert claimed, (folder / "first.log").read_text()[-3000:]
    time.sleep(1.0)  # the save follows the upload at once, and SIASN sleeps 4 s on it
    first.kill()
    first.wait(timeout=10)
    assert wait_for(lambda: len(records()) == 1, seconds=10)  # SIASN stored it
    pushed = ResultPush.objects.get(evaluation=result)
    assert pushed.sending_since is not None and not pushed.siasn_id  # we never heard back

    # A second worker while the claim is young leaves it to its owner…
    second = start("second")
    push(result.pk)
    log = (folder / "second.log").read_text
    assert wait_for(lambda: "succeeded" in log(), seconds=60), log()[-3000:]
    assert len(records()) == 1 and not server.calls("rw-kinerjaperiodik")
    assert ResultPush.objects.get(pk=pushed.pk).sending_since == pushed.sending_since
    # …and once the claim is a dead worker's, reads SIASN's list and updates what it finds.
    ResultPush.objects.filter(pk=pushed.pk).update(
        sending_since=pushed.sending_since - dt.timedelta(hours=1)
    )
    push(result.pk)
    sent = wait_for(
        lambda: ResultPush.objects.filter(pk=pushed.pk, state=PushState.SENT).exists(),
        seconds=60,
    )
    assert sent, (folder / "second.log").read_text()[-3000:]
    assert second.poll() is None
    [stored_id] = records()
    pushed.refresh_from_db()
    assert pushed.siasn_id == stored_id and pushed.sending_since is None
    assert server.calls("rw-kinerjaperiodik")  # SIASN's list was read before sending again
