"""Settings for every environment.

With no environment variables at all the app runs embedded: SQLite next to manage.py, Celery tasks
eager in-process, e-mail printed to the console. Environment variables switch to the real services
(see .env.example).
"""

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

TRUE_WORDS = {"1", "true", "yes", "on", "y", "t", "ya"}
FALSE_WORDS = {"0", "false", "no", "off", "n", "f", "tidak", ""}


class StrictEnv(environ.Env):
    """django-environ, except that a yes/no value it does not know stops the app with a clear
    message: django-environ reads anything but a few words as False, so `DEBUG=ture` would
    quietly turn debugging off and `SECURE_COOKIES=yes please` would send cookies over http."""

    def bool(self, var, default=environ.Env.NOTSET):
        if var not in self.ENVIRON:
            return super().bool(var, default=default)
        word = str(self.ENVIRON[var]).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ImproperlyConfigured(
            f"{var}={self.ENVIRON[var]!r} bukan nilai ya/tidak: tulis true atau false "
            f"(juga dikenali: 1/0, yes/no, on/off)."
        )


env = StrictEnv()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=True)
# An embedded install (DEBUG on) has no secret to keep and uses this key, which is public: it is
# in this file. With DEBUG off the app refuses to start without a key of its own, since sessions,
# password-reset links, message cookies, the public form's stamps and the keyed hashes of client
# addresses could all be forged with a public one (docs/operations.md: "Secret key").
EMBEDDED_SECRET_KEY = "django-insecure-embedded-default-change-me-in-production"
# Published keys, refused in production: the one above and the placeholder of .env.example.
PUBLIC_SECRET_KEYS = {EMBEDDED_SECRET_KEY, "change-me-to-a-long-random-string"}
SECRET_KEY = env("SECRET_KEY", default=EMBEDDED_SECRET_KEY if DEBUG else "")
# Rotating the key: the old one here for a while keeps sessions, password-reset links and
# activation links and codes valid (docs/operations.md).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
if not DEBUG and (
    not SECRET_KEY.strip() or PUBLIC_SECRET_KEYS & {SECRET_KEY, *SECRET_KEY_FALLBACKS}
):
    raise ImproperlyConfigured(
        "SECRET_KEY belum diisi dengan kunci rahasia sendiri, padahal DEBUG=false: aplikasi tidak "
        "dijalankan dengan kunci bawaan yang diketahui umum. Buat kunci acak, misalnya dengan "
        '`python -c "import secrets; print(secrets.token_urlsafe(64))"`, lalu tulis di .env '
        'sebagai SECRET_KEY=... (lihat docs/operations.md, bagian "Secret key").'
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Two-factor login (accounts/twofactor): TOTP authenticator apps and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "notifications",
    "indicators",
    "appraisal",
    "feedback",
    "reports",
    "tpp",
    "interchange",
    "guide",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Indonesian unless the user chose English with the switcher (never the browser's wish).
    "core.languages.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Responses to a signed-in user: Cache-Control private, no-store (personal data).
    "core.cache_control.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside the ones above, so that its redirects are private and framed like any page.
    # A signed-in session that still owes its second factor (or its enrolment) reaches only the
    # code and enrolment pages (accounts/twofactor/middleware.py: the state is in the session, no
    # query; django-otp's OTPMiddleware is left out, it would load the device on every request);
    # the sessions page's "last seen" is kept (at most one write per 5 minutes).
    "accounts.twofactor.middleware.SecondFactorGateMiddleware",
    "accounts.logins.middleware.LoginSessionSeenMiddleware",
    # A workshop participant inside a practice cycle works in it on every page (issue 29.5).
    "appraisal.cycles.practice.PracticeCycleMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles",
                "accounts.context_processors.menu_section",
                "notifications.context_processors.unread_count",
                "accounts.sso.context_processors.sso",
                "accounts.signatures.context_processors.esign",
                "guide.context_processors.tour",
            ],
        },
    },
]

# Project templates may override form widgets (templates/widgets/).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections (seconds) save a connect per request under load; 0 closes after each one.
# Health checks drop a connection PostgreSQL closed meanwhile (a restart, a failover).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while a long import writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = "PRAGMA journal_mode=WAL;"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_JIT_OFF", default=True
):
    # No JIT: the agency-wide counts (monitoring, dashboards, account overview) cost over the JIT
    # threshold at 100,000 employees and PostgreSQL then spends 0.3-1 s compiling each of them
    # for a query that runs in 0.1 s (bench/bench_scale.py). PgBouncer refuses this startup
    # option: behind it, set DATABASE_JIT_OFF=false and `ALTER DATABASE … SET jit = off`.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.NipOrUsernameBackend",
    # Single sign-on (accounts/sso): inert unless OIDC_ISSUER_URL is set.
    "accounts.sso.backends.SsoBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Django's checks, with help texts worded as Indonesian sentences (accounts/logins/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.logins.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.logins.passwords.MinimumLengthValidator"},
    {"NAME": "accounts.logins.passwords.CommonPasswordValidator"},
    {"NAME": "accounts.logins.passwords.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)

# Login lockout (accounts/logins/lockout.py): AXES_FAILURE_LIMIT failures per account (whatever
# identifier was typed for it: the username in any case, or the NIP) and client address lock that
# pair for AXES_COOLOFF_HOURS; AXES_CLIENT_FAILURE_LIMIT failures from one client address across
# all accounts lock that client (password spraying). An office behind one NAT address shares it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_CLIENT_FAILURE_LIMIT = env.int("AXES_CLIENT_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.logins.lockout.account_key"
AXES_HANDLER = "accounts.logins.lockout.AccountLockoutHandler"
AXES_LOCKOUT_CALLABLE = "accounts.logins.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
# The switcher's choice is remembered for a year (Django's default forgets it with the browser).
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Uploads go through Django's storage API, so several web servers can share an object store:
# FILE_STORAGE_BACKEND=storages.backends.s3.S3Storage with FILE_STORAGE_OPTIONS as JSON (install
# django-storages[s3]); the default is the local MEDIA_ROOT (a volume shared by web and worker).
STORAGES = {
    "default": {
        "BACKEND": env(
            "FILE_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("FILE_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In development static files are served from the source folders; production serves the
# collected, fingerprinted copies (collectstatic runs in the image build).
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
# Uploaded files are private: MEDIA_ROOT is never served directly, only through permission-checked views.
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=20)
# An import preview nobody confirmed within this many hours was abandoned: it leaves the import
# history, cannot be confirmed any more, and the daily purge deletes it with its workbook.
IMPORT_PREVIEW_TTL_HOURS = env.int("IMPORT_PREVIEW_TTL_HOURS", default=24)
# Bukti dukung (evidence files): the size limit, in MB (domain §4).
EVIDENCE_MAX_UPLOAD_MB = env.int("EVIDENCE_MAX_UPLOAD_MB", default=10)
# A workbook is a zip: refuse one that unpacks to more than this (zip bombs, absurd sheets).
IMPORT_MAX_UNCOMPRESSED_MB = env.int("IMPORT_MAX_UNCOMPRESSED_MB", default=200)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: eager in-process unless a broker is configured.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# Several instances (or a test worker) can share one Redis by using their own queue.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Excel exports (reports): up to this many rows stream at once, more run as a task; a prepared
# file can be downloaded for this many hours.
REPORTS_STREAM_MAX_ROWS = env.int("REPORTS_STREAM_MAX_ROWS", default=5000)
REPORTS_EXPORT_TTL_HOURS = env.int("REPORTS_EXPORT_TTL_HOURS", default=24)
# Agency-wide counts on the admin pages (core/figures.py): one that took longer than
# SLOW_FIGURES_MS is shown again for up to SLOW_FIGURES_SECONDS, with its time (0: always live).
SLOW_FIGURES_SECONDS = env.int("SLOW_FIGURES_SECONDS", default=60)
SLOW_FIGURES_MS = env.int("SLOW_FIGURES_MS", default=20)
# Paginated lists count their matching rows up to this many, then say "more than" it.
LIST_COUNT_CAP = env.int("LIST_COUNT_CAP", default=10_000)

# Deadline reminders (notifications.reminders): when the daily run goes (agency time), how many
# days before a deadline, and how long after it the one "overdue" notice may still be sent.
REMINDER_TIME = env("REMINDER_TIME", default="07:00")
REMINDER_OFFSETS = [int(d) for d in env.list("REMINDER_OFFSETS", default=["7", "3", "1"])]
REMINDER_OVERDUE_WITHIN_DAYS = env.int("REMINDER_OVERDUE_WITHIN_DAYS", default=14)
# Days a pegawai has to confirm receiving a final result before being reminded as overdue.
REMINDER_ACKNOWLEDGE_DAYS = env.int("REMINDER_ACKNOWLEDGE_DAYS", default=7)
# A final result counts as received when the pegawai confirms it, or automatically this many days
# after it was finalised: the objection window (Cycle.objection_days) then always starts and ends.
RESULT_DEEMED_RECEIVED_DAYS = env.int("RESULT_DEEMED_RECEIVED_DAYS", default=5)
# Public feedback form (feedback/public/views.py): minimum seconds between serving and sending
# the form, and the per-client rate limit (django-ratelimit syntax).
PUBLIC_FEEDBACK_MIN_SECONDS = env.int("PUBLIC_FEEDBACK_MIN_SECONDS", default=3)
PUBLIC_FEEDBACK_RATE = env("PUBLIC_FEEDBACK_RATE", default="5/10m")
# A served form is accepted once, within this many hours (feedback/public/services.py stamp_use).
PUBLIC_FEEDBACK_FORM_HOURS = env.float("PUBLIC_FEEDBACK_FORM_HOURS", default=8)

# Retention of personal data (UU 27/2022; reports/privacy/services.py), in days; 0 keeps it for
# good. The daily purge (beat "purge-personal-data", or `manage.py purge_personal_data`) removes
# evidence files uploaded this long ago once their cycle is closed; the contact details citizens
# left with public feedback; the keyed hashes of client addresses and django-axes' login records;
# audit entries (history rows) and the access log of who opened personal data.
RETENTION_EVIDENCE_DAYS = env.int("RETENTION_EVIDENCE_DAYS", default=5 * 365)
RETENTION_PUBLIC_CONTACT_DAYS = env.int("RETENTION_PUBLIC_CONTACT_DAYS", default=180)
RETENTION_CLIENT_HASH_DAYS = env.int("RETENTION_CLIENT_HASH_DAYS", default=30)
RETENTION_AUDIT_DAYS = env.int("RETENTION_AUDIT_DAYS", default=5 * 365)
for _retention in (
    "RETENTION_EVIDENCE_DAYS",
    "RETENTION_PUBLIC_CONTACT_DAYS",
    "RETENTION_CLIENT_HASH_DAYS",
    "RETENTION_AUDIT_DAYS",
):
    if vars()[_retention] < 0:
        raise ImproperlyConfigured(
            f"{_retention} tidak boleh negatif: tulis jumlah hari, atau 0 untuk menyimpan selamanya."
        )

# A broker that is down must not hang the request that enqueues (core/queueing.py): give up
# fast, the scheduled catch-up runs find the work again in the database.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}

# Redis stopped while people work must not break pages: the cache fails open (config/cache.py).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "config.cache.FailOpenRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# E-mail: EMAIL_URL (smtp+tls://user:pass@host:587) or the individual EMAIL_HOST… variables.
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
if env("EMAIL_HOST", default=""):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Kinerja ASN <noreply@localhost>")
# Where links read outside the browser point (e-mails, slips, reminders, short URLs, QR posters):
# never the request's Host header. Embedded (DEBUG) the development server (`make run` sets it
# from PORT); production must set it, on a host of ALLOWED_HOSTS (core/checks.py, check --deploy).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000" if DEBUG else "")

# One-time credentials: e-mailed links expire sooner than printed codes handed out on paper.
ACCOUNT_LINK_TTL_HOURS = env.int("ACCOUNT_LINK_TTL_HOURS", default=72)
ACCOUNT_CODE_TTL_DAYS = env.int("ACCOUNT_CODE_TTL_DAYS", default=14)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 24)
# Rate limits for the public account endpoints (django-ratelimit, per client IP).
ACCOUNT_RATE = env("ACCOUNT_RATE", default="10/15m")
# The public verification page of documents (/v/<code>/, accounts.verification): requests per
# client IP (django-ratelimit syntax; a whole office may share one address), and the largest PDF
# a visitor may upload to compare (never stored; in the browser only its SHA-256 is sent).
VERIFY_RATE = env("VERIFY_RATE", default="60/10m")
VERIFY_MAX_UPLOAD_MB = env.int("VERIFY_MAX_UPLOAD_MB", default=20)
# Single sign-on through the Pemda's OpenID Connect provider (accounts/sso, README). Empty
# OIDC_ISSUER_URL: no SSO at all. The endpoints, keys and signing algorithm come from the issuer's
# discovery document; OIDC_NIP_CLAIM names the claim holding the 18-digit NIP.
OIDC_ISSUER_URL = env("OIDC_ISSUER_URL", default="").strip().rstrip("/")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_NIP_CLAIM = env("OIDC_NIP_CLAIM", default="nip")
OIDC_SCOPES = env("OIDC_SCOPES", default="openid profile email")
OIDC_BUTTON_LABEL = env("OIDC_BUTTON_LABEL", default="")
# The provider's acr values that mean a multi-factor login (no local code is then asked): exact
# values, comma-separated; amr claims with two methods or "mfa" count without this.
OIDC_MFA_ACR_VALUES = env.list(
    "OIDC_MFA_ACR_VALUES",
    default=[
        "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
        "http://schemas.openid.net/pape/policies/2007/06/multi-factor-physical",
    ],
)
# Who may still sign in with a local password once SSO is configured: all, admins (admin BKD and
# admin OPD keep a fallback for a provider outage) or none.
LOCAL_LOGIN = env("LOCAL_LOGIN", default="all").strip().lower()
if LOCAL_LOGIN not in {"all", "admins", "none"}:
    raise ImproperlyConfigured(
        f"LOCAL_LOGIN={LOCAL_LOGIN!r} tidak dikenal: tulis all, admins atau none."
    )
if OIDC_ISSUER_URL and not (OIDC_CLIENT_ID and OIDC_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "OIDC_ISSUER_URL diisi tanpa OIDC_CLIENT_ID dan OIDC_CLIENT_SECRET: isi keduanya dari "
        "klien yang didaftarkan di penyedia identitas (README, bagian Single sign-on)."
    )

# The read-only API for the Pemda's systems (interchange/api, README "API"): keys issued by the
# admin BKD, each limited to API_RATE requests (REST framework syntax, per key; empty: none).
API_RATE = env("API_RATE", default="120/m")
# How long the log of API calls (key, endpoint, status, rows) is kept.
API_CALL_RETENTION_DAYS = env.int("API_CALL_RETENTION_DAYS", default=365)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["interchange.api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["interchange.api.authentication.HasApiKey"],
    "DEFAULT_THROTTLE_CLASSES": ["interchange.api.authentication.ApiKeyThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "interchange.api.pagination.Cursor",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kinerja ASN API",
    "DESCRIPTION": (
        "Read-only data for the Pemda's own systems (SIMPEG, TPP, payroll, dashboards): units, "
        "employees, SKP status, finalised evaluations and organisational predicates. Every "
        "request carries `Authorization: Api-Key <prefix>.<secret>` issued by the admin BKD; a "
        "key reads only its OPDs."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Both ratings share one list of values: one name for it in the schema.
    "ENUM_NAME_OVERRIDES": {"RatingEnum": "appraisal.choices.RATING_CHOICES"},
}

# Electronic signatures (accounts/signatures, README "Tanda tangan elektronik"). ESIGN_BACKEND:
# empty (documents are not signed; still verifiable by hash), "bsre" (BSSN's eSign Client v2 in
# the Pemda network) or "local" (the Pemda's own PKCS#12 certificates, uploaded per signer).
ESIGN_BACKEND = env("ESIGN_BACKEND", default="").strip().lower()
if ESIGN_BACKEND not in {"", "bsre", "local"}:
    raise ImproperlyConfigured(
        f"ESIGN_BACKEND={ESIGN_BACKEND!r} tidak dikenal: kosongkan, atau tulis bsre atau local."
    )
BSRE_URL = env("BSRE_URL", default="").strip().rstrip("/")
BSRE_USER = env("BSRE_USER", default="")
BSRE_PASSWORD = env("BSRE_PASSWORD", default="")
# Seconds for a sign or seal call; past it the outcome is unknown (never retried by itself).
BSRE_TIMEOUT = env.float("BSRE_TIMEOUT", default=60.0)
# Verifying a PDF with several signatures can take tens of seconds at BSrE.
BSRE_VERIFY_TIMEOUT = env.float("BSRE_VERIFY_TIMEOUT", default=120.0)
# A file path: the BSrE calls are written there (secrets and files left out) instead of sent.
BSRE_DRY_RUN_FILE = env("BSRE_DRY_RUN_FILE", default="")
# The institution's BSrE subscriber id, sent as idSubscriber with seal/pdf when set.
BSRE_SEAL_SUBSCRIBER_ID = env("BSRE_SEAL_SUBSCRIBER_ID", default="")
if (
    ESIGN_BACKEND == "bsre"
    and not (BSRE_URL and BSRE_USER and BSRE_PASSWORD)
    and not BSRE_DRY_RUN_FILE
):
    raise ImproperlyConfigured(
        "ESIGN_BACKEND=bsre tanpa BSRE_URL, BSRE_USER dan BSRE_PASSWORD: isi ketiganya dari "
        "pengelola eSign Client di jaringan Pemda (README, bagian Tanda tangan elektronik)."
    )
# Documents signed in one request at most (one render each, one call to the service): the
# request must end within the web server's timeout (gunicorn --timeout in the Dockerfile).
SIGN_BATCH_MAX = env.int("SIGN_BATCH_MAX", default=20)
# The institutional seal of the local backend (a PKCS#12 file and its password).
ESIGN_LOCAL_SEAL_P12 = env("ESIGN_LOCAL_SEAL_P12", default="")
ESIGN_LOCAL_SEAL_PASSWORD = env("ESIGN_LOCAL_SEAL_PASSWORD", default="")
# Certificates (PEM files, comma-separated) whose signatures count as trusted when a PDF's
# signatures are checked: BSrE's root and intermediate CAs, the Pemda's own CA. The CA made by
# `esign_test_ca` (ESIGN_DIR/ca.pem) counts only with ESIGN_TRUST_TEST_CA (default: DEBUG, the
# demo): in production its key sits on the server, so its signatures prove nothing to others.
ESIGN_TRUST_ROOTS = env.list("ESIGN_TRUST_ROOTS", default=[])
ESIGN_DIR = env("ESIGN_DIR", default=str(BASE_DIR / "var" / "esign"))
ESIGN_TRUST_TEST_CA = env.bool("ESIGN_TRUST_TEST_CA", default=DEBUG)
# Encrypts uploaded signing certificates and their passwords at rest (a Fernet key: 32 url-safe
# base64 bytes). Empty: derived from SECRET_KEY, so changing SECRET_KEY then loses them.
ESIGN_ENCRYPTION_KEY = env("ESIGN_ENCRYPTION_KEY", default="")
# Previous keys, still read after a rotation (comma-separated, newest first).
ESIGN_ENCRYPTION_KEY_FALLBACKS = env.list("ESIGN_ENCRYPTION_KEY_FALLBACKS", default=[])

# SIASN, BKN's civil-service information system (interchange/siasn, README "SIASN"): every URL
# and credential comes from BKN's integration team for this instansi. All empty: nothing is sent
# (dry runs still work). The gateway's (WSO2) token URL: {gateway}/oauth2/token.
SIASN_TOKEN_URL = env("SIASN_TOKEN_URL", default="").strip()
# The SSO's (Keycloak) token URL: {sso}/auth/realms/public-siasn/protocol/openid-connect/token.
SIASN_SSO_TOKEN_URL = env("SIASN_SSO_TOKEN_URL", default="").strip()
# The data API's base on the gateway: {gateway}:8243/apisiasn/1.0 (training hosts differ).
SIASN_API_URL = env("SIASN_API_URL", default="").strip().rstrip("/")
SIASN_CONSUMER_KEY = env("SIASN_CONSUMER_KEY", default="")
SIASN_CONSUMER_SECRET = env("SIASN_CONSUMER_SECRET", default="")
SIASN_SSO_CLIENT_ID = env("SIASN_SSO_CLIENT_ID", default="")
# The integration account's login (never a person's own account).
SIASN_SSO_USERNAME = env("SIASN_SSO_USERNAME", default="")
SIASN_SSO_PASSWORD = env("SIASN_SSO_PASSWORD", default="")
# SIASN's id of our instansi: the pull keeps only its units.
SIASN_INSTANSI_ID = env("SIASN_INSTANSI_ID", default="").strip()
# Seconds for one call; transient failures (timeouts, 5xx, 429) are tried again this many times.
SIASN_TIMEOUT = env.float("SIASN_TIMEOUT", default=30.0)
SIASN_RETRIES = env.int("SIASN_RETRIES", default=3)
# Background push of final results (interchange/siasn/tasks.py): off until BKD has checked a dry
# run; at most SIASN_PUSH_BATCH results queued per pass, SIASN_PUSH_RATE sent per worker.
SIASN_PUSH_ENABLED = env.bool("SIASN_PUSH_ENABLED", default=False)
SIASN_PUSH_BATCH = env.int("SIASN_PUSH_BATCH", default=2000)
SIASN_PUSH_RATE = env("SIASN_PUSH_RATE", default="60/m")
# A nightly pull of SIASN's organisation into an import preview (never applied by itself).
SIASN_PULL_NIGHTLY = env.bool("SIASN_PULL_NIGHTLY", default=False)

# Channels beside e-mail (notifications/channels, README "Channels"): each is off, and shown
# nowhere, until every one of its settings is filled in. WhatsApp Cloud API: the Graph API base
# (e.g. https://graph.facebook.com/v21.0), the sending number's id, a system user's token, and
# three approved templates (reminder: name, what, deadline, link; notice: name, link; code: an
# authentication template) in WHATSAPP_TEMPLATE_LANGUAGE.
WHATSAPP_API_URL = env("WHATSAPP_API_URL", default="").strip().rstrip("/")
WHATSAPP_PHONE_NUMBER_ID = env("WHATSAPP_PHONE_NUMBER_ID", default="").strip()
WHATSAPP_TOKEN = env("WHATSAPP_TOKEN", default="")
WHATSAPP_TEMPLATE_REMINDER = env("WHATSAPP_TEMPLATE_REMINDER", default="pengingat_tenggat")
WHATSAPP_TEMPLATE_NOTICE = env("WHATSAPP_TEMPLATE_NOTICE", default="pemberitahuan_baru")
WHATSAPP_TEMPLATE_CODE = env("WHATSAPP_TEMPLATE_CODE", default="kode_verifikasi")
WHATSAPP_TEMPLATE_LANGUAGE = env("WHATSAPP_TEMPLATE_LANGUAGE", default="id")
# Telegram bot: its token and @username (for the deep link), and the secret our webhook expects
# back from Telegram (`manage.py telegram_webhook` registers both). The API base is for tests.
TELEGRAM_BOT_TOKEN = env("TELEGRAM_BOT_TOKEN", default="")
TELEGRAM_BOT_USERNAME = env("TELEGRAM_BOT_USERNAME", default="").strip().lstrip("@")
TELEGRAM_WEBHOOK_SECRET = env("TELEGRAM_WEBHOOK_SECRET", default="")
TELEGRAM_API_URL = env("TELEGRAM_API_URL", default="https://api.telegram.org").rstrip("/")
if TELEGRAM_WEBHOOK_SECRET and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", TELEGRAM_WEBHOOK_SECRET):
    raise ImproperlyConfigured(
        "TELEGRAM_WEBHOOK_SECRET hanya boleh berisi huruf, angka, _ dan - (1–256 karakter), "
        "seperti yang diterima Telegram."
    )
# A gateway service: POST GATEWAY_URL with a bearer GATEWAY_TOKEN and this JSON body ({phone} and
# {text} are filled in as JSON strings).
GATEWAY_URL = env("GATEWAY_URL", default="").strip()
GATEWAY_TOKEN = env("GATEWAY_TOKEN", default="")
GATEWAY_BODY_TEMPLATE = env(
    "GATEWAY_BODY_TEMPLATE", default='{"phone": {phone}, "message": {text}}'
)
try:  # filled in as notifications/channels/gateway.py does: each placeholder a JSON string
    _filled = GATEWAY_BODY_TEMPLATE.replace("{phone}", '"1"').replace("{text}", '"x"')
    if not isinstance(json.loads(_filled), dict):
        raise ValueError
except ValueError:
    raise ImproperlyConfigured(
        f"GATEWAY_BODY_TEMPLATE={GATEWAY_BODY_TEMPLATE!r} bukan badan JSON: tulis objek JSON dengan "
        '{phone} dan {text} tanpa tanda kutip di sekitarnya, misalnya {"phone": {phone}, '
        '"message": {text}}.'
    ) from None
# At most this many messages a second per worker through each channel (the providers' limits:
# Cloud API 80/s by default, a Telegram bot about 30/s).
WHATSAPP_PER_SECOND = env.float("WHATSAPP_PER_SECOND", default=20.0)
TELEGRAM_PER_SECOND = env.float("TELEGRAM_PER_SECOND", default=25.0)
GATEWAY_PER_SECOND = env.float("GATEWAY_PER_SECOND", default=5.0)
CHANNEL_TIMEOUT = env.float("CHANNEL_TIMEOUT", default=15.0)
# A file: every channel message is written there (one JSON line, no token) instead of sent.
CHANNEL_DRY_RUN_FILE = env("CHANNEL_DRY_RUN_FILE", default="")

# Two-factor login (accounts/twofactor): these roles must enrol an authenticator app at their next
# login (admin_bkd, admin_opd; a superuser counts as admin_bkd; empty: nobody must). Codes typed
# on the second step are limited per client like ACCOUNT_RATE, and each wrong one also counts
# toward the account's lockout (AXES_FAILURE_LIMIT).
MFA_REQUIRED_ROLES = env.list("MFA_REQUIRED_ROLES", default=["admin_bkd", "admin_opd"])
if set(MFA_REQUIRED_ROLES) - {"admin_bkd", "admin_opd"}:
    raise ImproperlyConfigured(
        f"MFA_REQUIRED_ROLES={','.join(MFA_REQUIRED_ROLES)!r}: tulis admin_bkd dan/atau admin_opd, "
        "dipisah koma (kosong: tidak ada peran yang wajib)."
    )
OTP_RATE = env("OTP_RATE", default="10/5m")
# The name an authenticator app shows beside the account.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Kinerja ASN")
# Documents per user (core/throttling.py): every PDF and Excel export a signed-in user asks for
# counts against one budget (a PDF costs 1–2 s of CPU); past it, HTTP 429. Empty: no limit.
DOCUMENT_RATE = env("DOCUMENT_RATE", default="30/m")
if DOCUMENT_RATE and not re.fullmatch(r"[1-9]\d*/(?:[1-9]\d*)?[smhd]", DOCUMENT_RATE):
    raise ImproperlyConfigured(
        f"DOCUMENT_RATE={DOCUMENT_RATE!r} tidak dapat dibaca: tulis jumlah/periode, misalnya 30/m "
        "(30 per menit), 100/h atau 500/d; kosongkan untuk tanpa batas."
    )

# Reverse proxies in front of the app that append the client's address to X-Forwarded-For
# (nginx: $proxy_add_x_forwarded_for). 0: none, the header is ignored. Every per-client count
# (lockout, rate limits, public-feedback counters) reads the address from core/clients.py.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "core.clients.client_ip"

# Production hardening, all switchable from the environment (documented in .env.example).
# Django's admin (/admin/, superusers only): one more login form to guess passwords at, so it is
# served only when asked for (default: with DEBUG on; config/urls.py).
ADMIN_ENABLED = env.bool("ADMIN_ENABLED", default=DEBUG)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", False) else None
)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): scripts only from our own static files, never inline
# (app.js does what inline handlers would); inline style attributes stay allowed (Bootstrap,
# Chart.js and htmx set them). Frames, plugins and foreign form targets are refused.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
if OIDC_ISSUER_URL:
    # Logging out of an SSO session is a form whose answer redirects to the provider's
    # end-session endpoint (RP-initiated logout); browsers apply form-action to that redirect.
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"].append(
        "{0.scheme}://{0.netloc}".format(urlsplit(OIDC_ISSUER_URL))
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    # httpx logs each request's URL at INFO, and the Telegram Bot API has the bot's token in its
    # path: never below WARNING, whatever LOG_LEVEL says.
    "loggers": {
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}

# History keeps a whole reason (a return note, an extension's reason), not its first 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# The history is the audit trail (reports/audit/selectors.py): nobody rewrites it, not even from Django admin.
SIMPLE_HISTORY_REVERT_DISABLED = True


# A unit head's Rating Hasil Kerja from the unit's organisational predicate (rules.UNIT_HEAD_RATING
# unless overridden here: {"ISTIMEWA": "DI_ATAS_EKSPEKTASI", ...}).
UNIT_HEAD_RATING = {}
