"""Redis stopped while people work: pages keep working and nothing is lost (issue 9, "Faults").

A real redis-server of the test's own is the cache (config.cache.FailOpenRedisCache, as
production uses with REDIS_URL) and the Celery broker (not eager). People work, Redis stops, they
go on working: logging in, submitting and approving a work plan, the public feedback form with
its rate limit, a password reset. Every page answers, every change is in the database, and the
e-mails the broker could not take wait as PENDING. Redis comes back: the hourly catch-up sends
each of them once, and the cache is used again.
"""

import datetime as dt
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import config.cache
from appraisal.choices import SkpStatus
from config.celery import app as celery_app
from feedback.public.models import PublicFeedback
from notifications.choices import EmailStatus
from notifications.models import Notification
from notifications.tasks import catch_up_reminders
from tests.appraisal.conftest import Plan, open_cycle_for
from tests.feedback import fixtures_public
from tests.feedback.fixtures_public import form_data

# The shared fixtures, made visible to pytest in this module.
no_wait = fixtures_public.no_wait
surv_channel = fixtures_public.surv_channel


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    """A redis-server only this test talks to, which it can stop and start again."""

    def __init__(self, tmp_path):
        self.port, self.dir, self.process = _free_port(), tmp_path, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@contextmanager
def celery_broker(url: str):
    """Publish to a real broker instead of running tasks eagerly, as production does."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.broker_url, conf.task_always_eager = url, False
    celery_app._after_fork()  # forget pooled connections to the previous broker
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        celery_app._after_fork()


@pytest.fixture
def redis(tmp_path, settings, monkeypatch):
    if not shutil.which("redis-server"):
        pytest.skip("needs the redis-server program (CI installs it)")
    server = PrivateRedis(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {"BACKEND": "config.cache.FailOpenRedisCache", "LOCATION": server.url}
    }
    monkeypatch.setattr(config.cache, "RETRY_SECONDS", 0)  # try Redis again on every call
    with celery_broker(server.url):
        yield server
    if server.process.poll() is None:
        server.stop()


def _login_with_password(user) -> Client:
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "rahasia-uji-123"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_redis_stopped_while_people_work_breaks_no_page_and_loses_nothing(
    redis,
    org,
    surv_channel,
    no_wait,
):
    for person in (org.pegawai, org.ppk):
        person.user.email = f"{person.user.username}@example.go.id"
        person.user.save(update_fields=["email"])
    plan = Plan(org, open_cycle_for(timezone.localdate().year))
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    public_url = reverse("public:form", kwargs={"code": surv_channel.code})

    # Redis up: the rate limit counts in Redis.
    response = Client().post(public_url, form_data(surv_channel), REMOTE_ADDR="10.0.0.1")
    assert response.status_code == 302
    assert cache.get("probe", "miss") == "miss" and cache.add("probe", 1) is True
    assert cache.get("probe") == 1

    redis.stop()

    # Signing in, the home page and the work plan pages.
    pegawai = _login_with_password(org.pegawai.user)
    for url in (reverse("home"), reverse("appraisal:my_skp")):
        assert pegawai.get(url).status_code == 200
    response = pegawai.post(reverse("appraisal:skp_submit", kwargs={"public_id": skp.public_id}))
    assert response.status_code == 302
    ppk = _login_with_password(org.ppk.user)
    response = ppk.post(
        reverse("appraisal:skp_approve", kwargs={"public_id": skp.public_id}),
        {"confirm_no_expectations": "on"},
    )
    assert response.status_code == 302
    skp.refresh_from_db()
    assert skp.status == SkpStatus.APPROVED

    # The public form: saved although the rate limit cannot count (it fails open).
    for n in range(3):
        response = Client().post(
            public_url,
            form_data(surv_channel, comment=f"Saat Redis mati {n}"),
            REMOTE_ADDR="10.0.0.2",
        )
        assert response.status_code == 302
    assert PublicFeedback.objects.filter(comment__startswith="Saat Redis mati").count() == 3

    # A password reset (rate-limited, e-mail through the broker) still answers.
    response = Client().post(reverse("password_reset"), {"email": "siapa@example.go.id"})
    assert response.status_code == 302, response.context["form"].errors

    # The notifications are in the inbox; their e-mails wait for the broker.
    waiting = Notification.objects.filter(email_status=EmailStatus.PENDING)
    recipients = set(waiting.values_list("recipient_id", flat=True))
    assert {org.ppk.user.pk, org.pegawai.user.pk} <= recipients
    assert not mail.outbox or all("Saat Redis" not in m.body for m in mail.outbox)

    # Redis is back; an hour later the catch-up sends each waiting e-mail once.
    redis.start()
    assert cache.add("probe-again", 2) is True and cache.get("probe-again") == 2
    pending = list(waiting.values_list("pk", flat=True))
    waiting.update(created_at=timezone.now() - dt.timedelta(hours=1))
    mail.outbox.clear()
    catch_up_reminders.apply()
    assert not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()
    assert Notification.objects.filter(
        pk__in=pending, email_status=EmailStatus.SENT
    ).count() == len(pending)
    assert len(mail.outbox) == len(pending)  # each once
    addressed = {m.to[0] for m in mail.outbox}
    assert {org.pegawai.user.email, org.ppk.user.email} <= addressed


def test_the_cache_answers_as_an_empty_cache_while_redis_cannot_be_reached(monkeypatch):
    from config.cache import FailOpenRedisCache

    monkeypatch.setattr(config.cache, "RETRY_SECONDS", 60)
    unreachable = FailOpenRedisCache(f"redis://127.0.0.1:{_free_port()}/0", {})
    assert unreachable.get("key", "default") == "default"
    assert unreachable.get("key", default="default") == "default"
    assert unreachable.add("key", 1) is True  # a rate-limit counter starts afresh
    assert unreachable.incr("key", 5) == 5
    assert unreachable.get_or_set("key", 7) == 7
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert unreachable.has_key("key") is False
    unreachable.set("key", 1)
    unreachable.delete("key")
