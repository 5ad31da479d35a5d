"""Test settings: only what makes tests faster. DATABASE_URL / REDIS_URL still apply (CI uses them)."""

from config.settings.base import *  # noqa: F401,F403
from config.settings.base import DATABASES, env

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
# Counts are live in tests (a test that changes data and reloads a page sees the change); the
# tests of core/figures.py turn keeping on, and bench/bench_scale.py runs as in production.
SLOW_FIGURES_SECONDS = env.int("SLOW_FIGURES_SECONDS", default=0)
DEBUG = False
# Tests render pages without collectstatic: serve from the source folders.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}
# Rate-limit counters live in the cache: each test process gets its own, cleared per test
# (tests/conftest.py), so counts from one test or a parallel worker never leak into another.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
