"""Security, second round (issue 19, point 5): the smaller holes an outside assessment got through.

Each test reproduces what the assessment did: dates at the ends of the calendar in the audit
search, a public form stamp sent twice or a day later, a reset request timed for a known address,
Django's admin reachable in production. (The daily log's weeks and the evidence are in
tests/appraisal/test_security_evidence.py.)"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from feedback.choices import DropReason
from feedback.public.forms import STAMP_SALT
from feedback.public.models import PublicDrop, PublicFeedback, PublicFormStamp
from tests.feedback import fixtures_public
from tests.feedback.fixtures_public import form_data

pytestmark = pytest.mark.django_db
surv_channel = fixtures_public.surv_channel
no_wait = fixtures_public.no_wait


# ----- dates at the ends of the calendar in the audit search -------------------------------------
@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01"},
        {"until": "9999-12-31"},
        {"since": "1899-12-31", "until": "2101-01-01"},
    ],
)
def test_the_audit_search_refuses_a_date_outside_the_years_of_any_record(login, query):
    response = login("admin_bkd").get(reverse("reports:audit"), query)
    assert response.status_code == 200
    errors = [str(e) for field in query for e in response.context["form"].errors[field]]
    assert errors == ["Masukkan tanggal antara 1 Januari 1900 dan 31 Desember 2100."] * len(query)


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00"])
def test_an_audit_page_link_at_the_ends_of_the_calendar_starts_from_the_newest(login, when):
    response = login("admin_bkd").get(reverse("reports:audit"), {"after": f"{when}|x|1"})
    assert response.status_code == 200
    assert response.context["first_page"] is False and response.context["searched"]


# ----- the public form's stamp: once, and not for ever -------------------------------------------
def _public(channel):
    return reverse("public:form", args=[channel.code])


def _drops(channel, reason) -> int:
    row = PublicDrop.objects.filter(channel=channel, reason=reason).first()
    return row.count if row else 0


def _stamp_served(channel, seconds_ago: float, nonce="n-" + "x" * 20) -> str:
    payload = {"c": channel.code, "t": time.time() - seconds_ago, "n": nonce}
    return signing.dumps(payload, salt=STAMP_SALT, compress=True)


def test_a_stamp_is_accepted_once(client, surv_channel, no_wait):
    data = form_data(surv_channel)
    assert client.post(_public(surv_channel), data, REMOTE_ADDR="10.1.0.1").status_code == 302
    again = client.post(
        _public(surv_channel), data | {"comment": "Kiriman kedua"}, REMOTE_ADDR="10.1.0.2"
    )
    # Thanked like every dropped submission (a robot learns nothing), but not saved.
    assert again.status_code == 302
    assert list(PublicFeedback.objects.values_list("comment", flat=True)) == [data["comment"]]
    assert _drops(surv_channel, DropReason.REUSED_FORM) == 1


def test_serving_the_form_stores_nothing_and_each_serving_has_its_own_stamp(client, surv_channel):
    first, second = (client.get(_public(surv_channel)) for _n in range(2))
    assert first.context["stamp"] != second.context["stamp"]
    assert "no-store" in first["Cache-Control"]
    assert not PublicFormStamp.objects.exists()


def test_an_expired_stamp_brings_the_form_back_with_a_fresh_one(client, surv_channel, settings):
    settings.PUBLIC_FEEDBACK_MIN_SECONDS = 0
    settings.PUBLIC_FEEDBACK_FORM_HOURS = 8
    old = _stamp_served(surv_channel, seconds_ago=8 * 3600 + 60)
    data = form_data(surv_channel, stamp=old, comment="Ditulis kemarin sore")
    response = client.post(_public(surv_channel), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formulir ini dibuka terlalu lama" in html and "Ditulis kemarin sore" in html
    fresh = response.context["stamp"]
    assert fresh != old and not PublicFeedback.objects.exists()
    assert client.post(_public(surv_channel), data | {"stamp": fresh}).status_code == 302
    assert PublicFeedback.objects.get().comment == "Ditulis kemarin sore"


def test_a_stamp_without_a_nonce_is_refused_as_forged(client, surv_channel, no_wait):
    payload = {"c": surv_channel.code, "t": time.time() - 60}
    stamp = signing.dumps(payload, salt=STAMP_SALT, compress=True)
    client.post(_public(surv_channel), form_data(surv_channel, stamp=stamp))
    assert not PublicFeedback.objects.exists()
    assert _drops(surv_channel, DropReason.TOO_FAST) == 1


def test_used_stamps_are_kept_until_they_expire_then_purged(client, surv_channel, no_wait):
    PublicFormStamp.objects.create(
        nonce="lama", channel=surv_channel, expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    client.post(_public(surv_channel), form_data(surv_channel))
    kept = PublicFormStamp.objects.get()
    assert kept.nonce != "lama" and kept.expires_at > timezone.now()


# ----- the reset e-mail leaves from the queue, for every address the same way ---------------------
def _reset_request(address, django_capture_on_commit_callbacks):
    """POST the forgot-password form; the SQL run (addresses masked), the answer, and the work
    left for after the commit."""
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks() as after_commit,
    ):
        response = Client().post(reverse("password_reset"), {"email": address})
    assert mail.outbox == [], "an e-mail was sent inside the request"
    sql = [re.sub(re.escape(address), "<address>", q["sql"], flags=re.I) for q in queries]
    return (response.status_code, response.url, sql, len(after_commit)), after_commit


def test_a_reset_request_does_the_same_work_for_a_known_and_an_unknown_address(
    org, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE = "100/m"
    org.pegawai.user.email = "pegawai@contoh.go.id"
    org.pegawai.user.save()
    known, known_work = _reset_request("pegawai@contoh.go.id", django_capture_on_commit_callbacks)
    unknown, unknown_work = _reset_request("siapa@contoh.go.id", django_capture_on_commit_callbacks)
    assert known == unknown
    assert known[3] == 1  # one task enqueued after the commit, for both
    for callback in unknown_work:
        callback()
    assert mail.outbox == []
    for callback in known_work:
        callback()
    assert [m.to for m in mail.outbox] == [["pegawai@contoh.go.id"]]
    # The link is built on SITE_URL, never on the Host header a client sends.
    assert f"{settings.SITE_URL}/accounts/password/reset/" in mail.outbox[0].body


def test_the_reset_link_ignores_a_forged_host_header(
    org, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_RATE = "100/m"
    settings.ALLOWED_HOSTS = ["*"]
    org.pegawai.user.email = "pegawai@contoh.go.id"
    org.pegawai.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        Client(HTTP_HOST="jahat.example").post(
            reverse("password_reset"), {"email": "pegawai@contoh.go.id"}
        )
    assert "jahat.example" not in mail.outbox[0].body


# ----- Django's admin: off in production unless asked for -----------------------------------------
PROBE = (
    "import django; django.setup(); from django.urls import resolve, Resolver404\n"
    "try:\n    resolve('/admin/'); print('on')\nexcept Resolver404:\n    print('off')"
)


def _admin_with(env: dict) -> str:
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.base", **env})
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=clean,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return run.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("env", "admin"),
    [
        ({"DEBUG": "false"}, "off"),
        ({"DEBUG": "false", "ADMIN_ENABLED": "true"}, "on"),
        ({"DEBUG": "true"}, "on"),
        ({"DEBUG": "true", "ADMIN_ENABLED": "false"}, "off"),
    ],
)
def test_django_admin_is_off_in_production_unless_asked_for(env, admin):
    assert _admin_with({"SECRET_KEY": "k-" + "x" * 60, **env}) == admin


@pytest.fixture
def admin_off(settings):
    """The URLs as production builds them with ADMIN_ENABLED off."""
    import config.urls

    enabled = settings.ADMIN_ENABLED
    settings.ADMIN_ENABLED = False
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.ADMIN_ENABLED = enabled
    importlib.reload(config.urls)
    clear_url_caches()


def test_without_the_admin_a_superuser_gets_pages_without_its_link(org, login, admin_off):
    org.admin_bkd.user.is_superuser = True
    org.admin_bkd.user.save()
    client = login("admin_bkd")
    home = client.get(reverse("home"))
    assert home.status_code == 200 and "/admin/" not in home.content.decode()
    assert client.get("/admin/").status_code == 404
