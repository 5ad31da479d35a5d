"""No public secret in production: with DEBUG off the app refuses to start without a key of its
own, and `make check-deploy` says that it generates one for its run instead of hiding it.

Each case starts Django in a subprocess with the production settings of .env.example (as
scripts/check_deploy.py reads them), as tests/test_settings.py does."""

from __future__ import annotations

import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from scripts.check_deploy import production_environment

CHECK = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
REFUSAL = "SECRET_KEY belum diisi dengan kunci rahasia sendiri, padahal DEBUG=false"


def _run(command: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def _own_env_file_sets_a_key() -> bool:
    env_file = settings.BASE_DIR / ".env"
    return env_file.exists() and any(
        line.strip().startswith("SECRET_KEY=") for line in env_file.read_text().splitlines()
    )


def test_the_production_settings_without_a_key_refuse_to_start():
    if _own_env_file_sets_a_key():
        pytest.skip("this checkout's .env sets SECRET_KEY, which the settings read when unset")
    env = production_environment()
    assert "SECRET_KEY" not in env and env["DEBUG"] == "false"
    run = _run(CHECK, env)
    assert run.returncode != 0
    assert REFUSAL in run.stderr and "ImproperlyConfigured" in run.stderr


@pytest.mark.parametrize(
    "key",
    [
        "",
        "   ",
        "change-me-to-a-long-random-string",  # .env.example copied without editing it
        "django-insecure-embedded-default-change-me-in-production",  # the embedded default
    ],
)
def test_an_empty_or_public_key_refuses_to_start_too(key):
    run = _run(CHECK, production_environment(secret_key=key))
    assert run.returncode != 0 and REFUSAL in run.stderr


def test_a_public_key_kept_as_a_fallback_refuses_to_start():
    env = production_environment(secret_key=secrets.token_urlsafe(64))
    env["SECRET_KEY_FALLBACKS"] = "django-insecure-embedded-default-change-me-in-production"
    run = _run(CHECK, env)
    assert run.returncode != 0 and REFUSAL in run.stderr


def test_with_a_generated_key_check_deploy_reports_no_issues():
    run = _run(CHECK, production_environment(secret_key=secrets.token_urlsafe(64)))
    assert run.returncode == 0, run.stderr
    assert "System check identified no issues" in run.stdout


def test_make_check_deploy_says_it_generates_a_key_for_its_own_run():
    env = {k: v for k, v in production_environment().items() if k in ("PATH", "HOME", "LANG")}
    run = _run([sys.executable, "scripts/check_deploy.py"], env)
    assert run.returncode == 0, run.stderr
    assert "without SECRET_KEY the production settings refuse to start" in run.stderr
    assert "random key generated for it alone" in run.stderr
    assert "System check identified no issues" in run.stdout


def test_with_debug_on_the_embedded_default_key_is_kept():
    if _own_env_file_sets_a_key():
        pytest.skip("this checkout's .env sets SECRET_KEY")
    env = {k: v for k, v in production_environment().items() if k in ("PATH", "HOME", "LANG")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.base", DEBUG="true")
    probe = "from django.conf import settings; print(settings.SECRET_KEY)"
    run = _run([sys.executable, "-c", probe], env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "django-insecure-embedded-default-change-me-in-production"


# ----- rotating the key (docs/operations.md, "Secret key") ---------------------------------------
@pytest.mark.django_db
def test_links_and_codes_issued_before_a_rotation_work_while_the_old_key_is_a_fallback(
    org, settings
):
    from accounts.logins.services import (
        token_for_code,
        token_for_link,
        token_issue_code,
        token_issue_link,
    )
    from tests.actors import actor

    admin = actor(org.admin_bkd)
    link_token, secret = token_issue_link(org.pegawai.user, "reset", actor=admin)
    code_token, code = token_issue_code(org.ppk.user, "reset", actor=admin)
    old = settings.SECRET_KEY
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "a-new-key-" + "n" * 50, [old]
    assert token_for_link(secret) == link_token
    assert token_for_code(org.ppk.user.username, code) == code_token
    # The rotation is over once the old key leaves the fallbacks: what it keyed is dead.
    settings.SECRET_KEY_FALLBACKS = []
    assert token_for_link(secret) is None
    assert token_for_code(org.ppk.user.username, code) is None
