"""Single sign-on around the flow, against the real provider process: the provider down,
logging out of both, disabling an account, and LOCAL_LOGIN (who may still use a password, and
the reset and activation pages that follow it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.logins import services as account_services
from accounts.logins.models import TokenPurpose
from accounts.sso import discovery
from core.actor import Actor
from tests.accounts.sso_provider import (
    back_from,
    free_port,
    signed_in_as,
    sso_login,
    start,
)
from tests.factories import EmployeeFactory, place

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


# ----- provider down --------------------------------------------------------------------------
@pytest.mark.parametrize(("mode", "fallback"), [("all", True), ("admins", True), ("none", False)])
def test_provider_down_is_a_clear_page(client, settings, mode, fallback):
    settings.OIDC_ISSUER_URL = f"http://127.0.0.1:{free_port()}"
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "c", "s"
    settings.LOCAL_LOGIN = mode
    response = client.get("/accounts/sso/login/")
    assert response.status_code == 503
    assert b'id="sso-unavailable"' in response.content
    assert (b'href="/accounts/login/"' in response.content) is fallback


def test_token_endpoint_down_is_the_same_page(org, sso):
    client = Client()
    location = start(client)
    document = dict(discovery._fetch())
    document["token_endpoint"] = f"http://127.0.0.1:{free_port()}/token"
    cache.set(discovery.cache_key(), document, 60)
    sso.set_claims(org.pegawai.nip, nip=org.pegawai.nip)
    response = back_from(client, sso.approve(location, org.pegawai.nip))
    assert response.status_code == 503 and signed_in_as(client) is None


def test_a_document_naming_another_issuer_is_not_used(settings, sso):
    real = httpx.get(f"{sso.url}/.well-known/openid-configuration", timeout=5).json()

    class Impostor(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            data = json.dumps(real).encode()  # the real provider's document, served elsewhere
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Impostor)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        settings.OIDC_ISSUER_URL = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(discovery.ProviderUnavailable):
            discovery.document()
        assert Client().get("/accounts/sso/login/").status_code == 503
    finally:
        server.shutdown()
        server.server_close()


# ----- logout ---------------------------------------------------------------------------------
def test_logout_ends_both_sessions(org, sso, settings):
    settings.SITE_URL = "https://kinerja.example.go.id"
    client = Client()
    sso_login(client, sso, org.pegawai.nip)
    id_token = client.session["sso_id_token"]
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    query = parse_qs(target.query)
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{sso.url}/oauth2/end_session"
    assert query["id_token_hint"] == [id_token]
    assert query["client_id"] == [sso.settings()["OIDC_CLIENT_ID"]]
    assert query["post_logout_redirect_uri"] == ["https://kinerja.example.go.id/accounts/login/"]
    assert signed_in_as(client) is None
    # The provider's own page confirms and sends the browser back to our login page.
    form = httpx.get(response["Location"], timeout=5)
    assert form.status_code == 200
    done = httpx.post(
        f"{sso.url}/oauth2/end_session/confirm",
        data={"redirect_uri": query["post_logout_redirect_uri"][0]},
        timeout=5,
    )
    assert done.headers["location"] == "https://kinerja.example.go.id/accounts/login/"


def test_logout_of_a_password_session_stays_local(login, sso):
    client = login("pegawai")
    response = client.post("/accounts/logout/")
    assert response["Location"] == "/accounts/login/" and signed_in_as(client) is None
    assert client.get("/accounts/logout/").status_code == 405


def test_deactivating_ends_an_sso_session(org, sso, django_capture_on_commit_callbacks):
    client = Client()
    sso_login(client, sso, org.pegawai.nip)
    key = client.session.session_key
    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_deactivate(org.pegawai.user, "pensiun", actor=SYSTEM)
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302


def test_an_sso_session_of_an_account_disabled_by_any_path_ends(org, sso):
    # Not through the service (a repair, an admin's edit): the session row stays, the next
    # request finds the account disabled, as a password session would.
    client = Client()
    sso_login(client, sso, org.pegawai.nip)
    type(org.pegawai.user).objects.filter(pk=org.pegawai.user.pk).update(is_active=False)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_an_sso_login_held_for_a_code_keeps_its_id_token_aside(org, sso):
    from tests.accounts.twofactor_helpers import code_step, enrol

    phone, _codes = enrol(org.pegawai.user)
    client = Client()
    sso_login(client, sso, org.pegawai.nip)
    assert "sso_id_token" not in client.session  # not signed in yet: no SSO session to mark
    code_step(client, phone.code())
    assert client.session["sso_id_token"]
    response = client.post("/accounts/logout/")
    assert "id_token_hint=" in response["Location"]


# ----- LOCAL_LOGIN ----------------------------------------------------------------------------
def _error_codes(response) -> list[str]:
    return [e.code for e in response.context["form"].errors.as_data()["__all__"]]


def _password_login(persona_user, password="rahasia-uji-123"):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": persona_user.username, "password": password}
    )
    return client, response


@pytest.mark.parametrize(
    ("mode", "persona", "allowed"),
    [
        ("all", "pegawai", True),
        ("admins", "pegawai", False),
        ("admins", "ppk", False),
        ("admins", "admin_opd", True),
        ("admins", "admin_bkd", True),
        ("none", "admin_bkd", False),
    ],
)
def test_local_login_policy(org, sso, settings, mode, persona, allowed):
    settings.LOCAL_LOGIN = mode
    client, response = _password_login(getattr(org, persona).user)
    if allowed:
        assert response.status_code == 302
    else:
        assert response.status_code == 200 and signed_in_as(client) is None
        assert _error_codes(response) == ["sso_only"]


def test_a_wrong_password_says_nothing_about_sso(org, sso, settings):
    settings.LOCAL_LOGIN = "admins"
    _client, response = _password_login(org.pegawai.user, "salah-sama-sekali")
    assert _error_codes(response) == ["invalid_login"]


def test_superuser_counts_as_admin(org, sso, settings):
    settings.LOCAL_LOGIN = "admins"
    org.pegawai.user.is_superuser = True
    org.pegawai.user.save()
    assert _password_login(org.pegawai.user)[1].status_code == 302


def test_none_hides_the_password_form(client, sso, settings):
    settings.LOCAL_LOGIN = "none"
    page = client.get("/accounts/login/")
    assert b'id="sso-login"' in page.content and b'name="password"' not in page.content


def test_password_reset_follows_the_policy(
    org, sso, settings, client, django_capture_on_commit_callbacks
):
    settings.LOCAL_LOGIN = "admins"
    for employee in (org.pegawai, org.admin_opd):
        employee.user.email = f"{employee.user.username}@example.go.id"
        employee.user.save()
    for address in ("pegawai@example.go.id", "adminopd@example.go.id", "nobody@example.go.id"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/accounts/password/reset/", {"email": address})
        assert (
            response.status_code == 302 and response["Location"] == "/accounts/password/reset/done/"
        )
    assert [m.to for m in mail.outbox] == [["adminopd@example.go.id"]]
    settings.LOCAL_LOGIN = "none"
    page = client.get("/accounts/password/reset/")
    assert b'id="sso-only"' in page.content and b'name="email"' not in page.content
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": "adminopd@example.go.id"})
    assert len(mail.outbox) == 1


def test_reset_link_sent_before_the_policy_explains_sso(org, sso, settings, client):
    user = org.pegawai.user
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    settings.LOCAL_LOGIN = "admins"
    url = f"/accounts/password/reset/{uid}/{default_token_generator.make_token(user)}/"
    page = client.get(url, follow=True)
    assert b'id="sso-only"' in page.content and b'name="new_password1"' not in page.content
    response = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": "Baru-sekali-987", "new_password2": "Baru-sekali-987"},
    )
    assert b'id="sso-only"' in response.content
    user.refresh_from_db()
    assert user.check_password("rahasia-uji-123")


def test_activation_code_explains_sso_and_stays_unspent(org, sso, settings, client):
    settings.LOCAL_LOGIN = "admins"
    employee = place(EmployeeFactory(name="Pegawai Kode"), org.staff_pos)
    user = account_services.account_provision(employee, actor=SYSTEM)
    token, code = account_services.token_issue_code(user, TokenPurpose.ACTIVATION, actor=SYSTEM)
    response = client.post("/akun/aktivasi/", {"nip": employee.nip, "code": code}, follow=True)
    assert b'id="sso-only"' in response.content and b'name="new_password1"' not in response.content
    token.refresh_from_db()
    assert token.used_at is None


def test_settings_let_the_logout_form_reach_the_provider():
    """config/settings/base.py adds the issuer's origin to the CSP form-action: browsers apply it
    to the redirect that answers the logout form (the browser journey fails without it)."""
    env = {
        **os.environ,
        "OIDC_ISSUER_URL": "https://sso.example.go.id/realms/asn/",
        "OIDC_CLIENT_ID": "kinerja",
        "OIDC_CLIENT_SECRET": "s",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
    }
    code = (
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], "
        "settings.OIDC_ISSUER_URL)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert (
        out.strip()
        == "[\"'self'\", 'https://sso.example.go.id'] https://sso.example.go.id/realms/asn"
    )
