"""Links that work where they are read (issue 20.6): SITE_URL builds them, `make run` sets it from
PORT, and production's checklist (`check --deploy`) refuses a missing SITE_URL or one on a host
the site does not serve."""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from core.checks import site_url_check
from scripts.check_deploy import production_environment

CHECK = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]


@pytest.mark.parametrize(
    ("site_url", "hosts", "error"),
    [
        ("https://kinerja.example.go.id", ["kinerja.example.go.id"], None),
        ("https://kinerja.example.go.id/", [".example.go.id"], None),
        ("http://127.0.0.1:8123", ["127.0.0.1", "localhost"], None),  # make run, PORT=8123
        ("http://[::1]:8000", ["[::1]"], None),
        ("", ["kinerja.example.go.id"], "kinerja.E001"),  # production without SITE_URL
        ("kinerja.example.go.id", ["kinerja.example.go.id"], "kinerja.E002"),  # no scheme
        ("https://kinerja.example.go.id", ["kinerja.lain.go.id"], "kinerja.E003"),
        ("http://127.0.0.1:8000", ["kinerja.example.go.id"], "kinerja.E003"),  # the dev default
    ],
)
def test_site_url_must_be_an_address_the_site_serves(site_url, hosts, error):
    with override_settings(SITE_URL=site_url, ALLOWED_HOSTS=hosts):
        errors = site_url_check()
    assert [e.id for e in errors] == ([error] if error else [])


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        CHECK, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_refuses_production_without_site_url():
    env = production_environment(secret_key=secrets.token_urlsafe(64))
    del env["SITE_URL"]  # .env.example's other values, SITE_URL forgotten

    run = _check_deploy(env)

    assert run.returncode != 0 and "kinerja.E001" in run.stderr + run.stdout


def test_check_deploy_refuses_a_site_url_on_another_host():
    env = production_environment(secret_key=secrets.token_urlsafe(64))
    env["SITE_URL"] = "https://kinerja.lama.go.id"

    run = _check_deploy(env)

    assert run.returncode != 0 and "kinerja.E003" in run.stderr + run.stdout


def test_make_run_points_links_at_its_own_port():
    run = subprocess.run(
        ["make", "-n", "run", "PORT=8123"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (
        "SITE_URL=http://127.0.0.1:8123 .venv/bin/python manage.py runserver 127.0.0.1:8123"
        in run.stdout
    )


def test_an_activation_e_mail_links_to_site_url_not_the_host_asked(
    org, login, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://kinerja.contoh.go.id"
    settings.ALLOWED_HOSTS = ["testserver", "10.0.0.5"]
    org.pegawai.email = org.pegawai.user.email = "pegawai@example.go.id"
    org.pegawai.save()
    org.pegawai.user.save()

    with django_capture_on_commit_callbacks(execute=True):
        login("admin_opd").post(
            reverse("org:account_send_link", kwargs={"nip": org.pegawai.nip}),
            HTTP_HOST="10.0.0.5",
        )

    (message,) = mail.outbox
    assert "https://kinerja.contoh.go.id/akun/" in message.body
    assert "10.0.0.5" not in message.body
