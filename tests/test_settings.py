"""Settings run with zero environment and switch on environment variables."""

import json
import os
import subprocess
import sys

from django.conf import settings

PROBE = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'], "
    "'name': str(settings.DATABASES['default']['NAME']), 'eager': settings.CELERY_TASK_ALWAYS_EAGER, "
    "'broker': settings.CELERY_BROKER_URL, 'email': settings.EMAIL_BACKEND, "
    "'tz': settings.TIME_ZONE, 'lang': settings.LANGUAGE_CODE, 'debug': settings.DEBUG, "
    "'media': str(settings.MEDIA_ROOT), 'hosts': settings.ALLOWED_HOSTS, "
    "'storage': settings.STORAGES['default'], 'cache': settings.CACHES['default']['BACKEND'], "
    "'sessions': settings.SESSION_ENGINE}))"
)
PASSTHROUGH = ("PATH", "HOME", "LANG", "SYSTEMROOT")
KEY = "a-test-only-secret-key-" + "x" * 40  # DEBUG off needs a key of its own


def _settings_with(env: dict) -> dict:
    clean = {k: v for k, v in os.environ.items() if k in PASSTHROUGH}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", **env})
    output = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def test_zero_environment_runs_embedded():
    probe = _settings_with({})
    assert probe["engine"] == "django.db.backends.sqlite3"
    assert probe["eager"] is True and probe["broker"] == "memory://"
    assert probe["email"] == "django.core.mail.backends.console.EmailBackend"
    assert probe["tz"] == "Asia/Jakarta" and probe["lang"] == "id"


def test_environment_switches_to_the_real_services():
    probe = _settings_with(
        {
            "DATABASE_URL": "postgres://app:app@db.example:5432/kinerja",
            "REDIS_URL": "redis://redis.example:6379/0",
            "EMAIL_HOST": "smtp.example.go.id",
            "TIME_ZONE": "Asia/Makassar",
            "DEBUG": "false",
            "SECRET_KEY": KEY,
            "MEDIA_ROOT": "/data/media",
            "ALLOWED_HOSTS": "kinerja.example.go.id",
        }
    )
    assert probe["engine"] == "django.db.backends.postgresql"
    assert probe["name"] == "kinerja"
    assert probe["eager"] is False and probe["broker"] == "redis://redis.example:6379/0"
    assert probe["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert probe["tz"] == "Asia/Makassar" and probe["debug"] is False
    assert probe["media"] == "/data/media" and probe["hosts"] == ["kinerja.example.go.id"]
    # Stateless web processes: sessions in the database, a cache that survives Redis stopping.
    assert probe["sessions"] == "django.contrib.sessions.backends.db"
    assert probe["cache"] == "config.cache.FailOpenRedisCache"


def test_uploads_can_go_to_an_object_store():
    storage = _settings_with(
        {
            "FILE_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
            "FILE_STORAGE_OPTIONS": '{"bucket_name": "kinerja", "location": "media"}',
        }
    )["storage"]
    assert storage == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "kinerja", "location": "media"},
    }
    default = _settings_with({})["storage"]
    assert default["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_sqlite_url_is_accepted():
    assert _settings_with({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"})["name"] == "/tmp/x.sqlite3"


def test_a_mistyped_yes_no_value_stops_the_app_with_a_clear_message():
    clean = {k: v for k, v in os.environ.items() if k in PASSTHROUGH}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", "DEBUG": "ture"})
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "DEBUG='ture' bukan nilai ya/tidak" in run.stderr


def test_yes_no_values_are_read_in_every_usual_spelling():
    assert _settings_with({"DEBUG": "False", "SECRET_KEY": KEY})["debug"] is False
    assert _settings_with({"DEBUG": " off ", "SECRET_KEY": KEY})["debug"] is False
    assert _settings_with({"DEBUG": "1"})["debug"] is True
    assert _settings_with({"DEBUG": "Yes"})["debug"] is True
