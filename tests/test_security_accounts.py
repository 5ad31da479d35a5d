"""Issue 9, "Security": login lockout, password rules, session expiry, CSRF on every change and
uploads never served from a public path — each checked through the real pages."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.test_permissions_matrix import MATRIX, POST_MATRIX, _kwargs, _url

pytestmark = pytest.mark.django_db
PASSWORD = "rahasia-uji-123"  # tests/factories.py


def _attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_lock_the_login_with_an_indonesian_message(org, settings):
    client, username = Client(), org.pegawai.user.username
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, username, "salah").status_code == 200  # the form, with an error
    locked = _attempt(client, username, "salah")
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in locked.content.decode()
    # Locked: even the right password does not get in until the cool-off.
    again = _attempt(client, username, PASSWORD)
    assert again.status_code == 429 and "_auth_user_id" not in client.session
    # Another account from the same client is not locked.
    assert _attempt(Client(), org.ppk.user.username, PASSWORD).status_code == 302


def test_a_weak_new_password_is_refused_in_indonesian(org, login):
    client = login("pegawai")
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "terlalu umum" in html or "seluruhnya angka" in html
    org.pegawai.user.refresh_from_db()
    assert org.pegawai.user.check_password(PASSWORD)


def test_a_session_expires(org, settings):
    client = Client()
    assert _attempt(client, org.pegawai.user.username, PASSWORD).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("appraisal:my_skp"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# Posted by another server, never by a browser with our session cookie: no CSRF token to check.
NOT_FROM_A_BROWSER = {
    # Telegram's updates: refused without the secret header the bot registered
    # (tests/notifications/test_channel_views.py::test_the_webhook_wants_the_secret).
    "notifications:telegram_webhook",
}
CHANGE_URLS = sorted(
    ({name for name, (method, *_rest) in MATRIX.items() if method == "post"} | set(POST_MATRIX))
    - NOT_FROM_A_BROWSER
)


@pytest.mark.parametrize("name", CHANGE_URLS)
def test_every_change_refuses_a_post_without_a_csrf_token(name, org):
    kind = MATRIX[name][1]
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.admin_bkd.user)
    response = client.post(_url(name, _kwargs(kind, org)), {})
    assert response.status_code == 403, f"{name}: {response.status_code}"
    assert "CSRF" in response.content.decode()  # refused by the CSRF check, not by a policy


def test_uploads_are_never_served_from_a_public_path(settings, client, org, login):
    for path in ("/media/", "/media/evidence/x.pdf", settings.MEDIA_URL + "imports/a.xlsx"):
        assert client.get(path).status_code == 404
        assert login("admin_bkd").get(path).status_code == 404
