"""Single sign-on against a real provider process (oidc-provider-mock, tests/accounts/sso_provider):
the whole code flow through the app's views — login page → /accounts/sso/login/ → the provider's
authorize form → /accounts/sso/callback/ — and who is let in or refused, and why. Logout,
provider outages and LOCAL_LOGIN: test_sso_fallback.py."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from accounts.choices import EmployeeStatus
from accounts.logins import services as account_services
from accounts.logins.models import AccountToken, TokenPurpose
from accounts.sso import discovery
from core.actor import Actor
from tests.accounts.sso_provider import (
    TokenProxy,
    back_from,
    signed_in_as,
    sso_login,
    start,
)
from tests.factories import EmployeeFactory, place

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def new_employee(org, **kwargs):
    """An employee registered with an account not activated yet, and an open printed code."""
    employee = place(EmployeeFactory(name="Pegawai Baru", **kwargs), org.staff_pos)
    user = account_services.account_provision(employee, actor=SYSTEM)
    account_services.token_issue_code(user, TokenPurpose.ACTIVATION, actor=SYSTEM)
    return employee


# ----- without OIDC_ISSUER_URL nothing changes ------------------------------------------------
def test_without_sso_no_button_and_no_urls(client, settings):
    settings.OIDC_ISSUER_URL = ""
    page = client.get("/accounts/login/")
    assert b'id="sso-login"' not in page.content
    assert b'name="password"' in page.content
    assert client.get("/accounts/sso/login/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404


def test_login_page_shows_the_button_with_next(client, sso):
    page = client.get("/accounts/login/?next=/kotak-masuk/")
    assert b'href="/accounts/sso/login/?next=%2Fkotak-masuk%2F"' in page.content
    location = start(client, "/kotak-masuk/")
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{sso.url}/oauth2/authorize?")
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["nonce"][0] and query["state"][0]
    assert query["scope"] == ["openid profile email"]


# ----- who may come in ------------------------------------------------------------------------
def test_first_sso_login_activates_audits_and_keeps_next(org, sso):
    employee = new_employee(org)
    client = Client()
    response = sso_login(client, sso, employee.nip, next_url="/kotak-masuk/")
    assert response.status_code == 302 and response["Location"] == "/kotak-masuk/"
    user = get_user_model().objects.get(pk=employee.user_id)
    assert signed_in_as(client) == user.pk
    assert user.has_usable_password() and user.last_login is not None
    assert account_services.account_status(user) == account_services.AccountStatus.ACTIVE
    assert not AccountToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    with translation.override("id"):  # the reason is written in the request's language
        reason = translation.gettext("Account activated through single sign-on")
    assert user.history.first().history_change_reason == reason
    assert AccessLog.objects.filter(username=user.username).count() == 1
    assert client.session["sso_id_token"]
    # A second login changes nothing more.
    changes = user.history.count()
    sso_login(Client(), sso, employee.nip)
    assert user.history.count() == changes


def test_next_that_leaves_the_site_is_dropped(org, sso):
    response = sso_login(Client(), sso, org.pegawai.nip, next_url="https://evil.example/")
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize(
    "claims", [{"nip": "199001012015031999"}, {"nip": "bukan-nip", "preferred_username": "x"}]
)
def test_unknown_nip_is_refused_and_nothing_created(org, sso, claims):
    users = get_user_model().objects.count()
    client = Client()
    sso.set_claims("someone", **claims)
    response = back_from(client, sso.approve(start(client), "someone"))
    assert response.status_code == 403
    assert (
        b'data-reason="unknown"' in response.content or b'data-reason="no_nip"' in response.content
    )
    assert signed_in_as(client) is None
    assert get_user_model().objects.count() == users


def test_preferred_username_holding_a_nip_is_used(org, sso):
    client = Client()
    sso.set_claims("kc-uuid-1", preferred_username=org.pegawai.nip)
    response = back_from(client, sso.approve(start(client), "kc-uuid-1"))
    assert response.status_code == 302 and signed_in_as(client) == org.pegawai.user_id


def test_the_mock_as_in_the_readme_subject_typed_as_nip(org, sso, settings):
    """README's local try: OIDC_NIP_CLAIM=sub and the NIP typed into the mock's one field."""
    settings.OIDC_NIP_CLAIM = "sub"
    client = Client()
    response = back_from(client, sso.approve(start(client), org.ppk.nip))
    assert response.status_code == 302 and signed_in_as(client) == org.ppk.user_id


def test_retired_employee_is_refused(org, sso):
    org.pegawai.status = EmployeeStatus.RETIRED
    org.pegawai.save()
    client = Client()
    response = sso_login(client, sso, org.pegawai.nip)
    assert response.status_code == 403 and b'data-reason="left"' in response.content
    assert signed_in_as(client) is None


def test_disabled_account_is_refused(org, sso, caplog):
    account_services.account_deactivate(org.pegawai.user, "uji", actor=SYSTEM)
    client = Client()
    with caplog.at_level("WARNING", logger="accounts.sso"):
        response = sso_login(client, sso, org.pegawai.nip)
    assert response.status_code == 403 and b'data-reason="disabled"' in response.content
    assert signed_in_as(client) is None
    assert f"reason=disabled nip={org.pegawai.nip}" in caplog.text


def test_wrong_state_is_refused(org, sso):
    client = Client()
    sso.set_claims(org.pegawai.nip, nip=org.pegawai.nip)
    location = sso.approve(start(client), org.pegawai.nip)
    forged = location.replace("state=", "state=x")
    response = client.get(forged.removeprefix("http://testserver"))
    assert response.status_code == 403 and b'data-reason="state"' in response.content
    assert signed_in_as(client) is None
    # The real state was not spent by the forgery... but a replay after use is refused.
    assert back_from(client, location).status_code == 302
    assert back_from(Client(), location).status_code == 403


def _through_proxy(sso, alter):
    document = dict(discovery._fetch())
    proxy = TokenProxy(document["token_endpoint"], alter)
    document["token_endpoint"] = proxy.url
    cache.set(discovery.cache_key(), document, 60)
    return proxy


def _tampered(id_token: str) -> str:
    header, payload, signature = id_token.split(".")
    claims = json.loads(jwt.utils.base64url_decode(payload))
    claims["nip"] = "196001011985031001"
    forged = jwt.utils.base64url_encode(json.dumps(claims).encode()).decode()
    return f"{header}.{forged}.{signature}"


def test_tampered_id_token_is_refused(org, sso, caplog):
    client = Client()
    with _through_proxy(sso, _tampered), caplog.at_level("WARNING", logger="accounts.sso"):
        response = sso_login(client, sso, org.pegawai.nip)
    assert response.status_code == 403 and b'data-reason="token"' in response.content
    assert "reason=token" in caplog.text and "InvalidSignatureError" in caplog.text
    assert signed_in_as(client) is None


def test_a_wrong_client_secret_is_refused_and_logged(org, sso, settings, caplog):
    registered = httpx.post(
        f"{sso.url}/oauth2/clients",
        json={"redirect_uris": ["http://testserver/accounts/sso/callback/"]},
        timeout=5,
    ).json()
    settings.OIDC_CLIENT_ID = registered["client_id"]
    settings.OIDC_CLIENT_SECRET = "not-" + registered["client_secret"]
    client = Client()
    sso.set_claims(org.pegawai.nip, nip=org.pegawai.nip)
    back = sso.approve(start(client), org.pegawai.nip)
    with caplog.at_level("WARNING", logger="accounts.sso"):
        response = back_from(client, back)
    assert response.status_code == 403 and signed_in_as(client) is None
    assert "reason=token" in caplog.text and "status: 401" in caplog.text


def test_id_token_not_for_us_is_refused(org, sso, settings):
    client = Client()
    location = start(client)
    # The provider signs a token for whatever client asks; ours must be the audience.
    settings.OIDC_CLIENT_ID = "another-client"
    sso.set_claims(org.pegawai.nip, nip=org.pegawai.nip)
    response = back_from(client, sso.approve(location, org.pegawai.nip))
    assert response.status_code == 403 and signed_in_as(client) is None


def test_expired_id_token_is_refused(org, sso, monkeypatch):
    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.now(tz) + dt.timedelta(hours=2)

    client = Client()
    sso.set_claims(org.pegawai.nip, nip=org.pegawai.nip)
    location = sso.approve(start(client), org.pegawai.nip)
    # Our clock two hours on: the provider's one-hour ID token has expired when it arrives.
    monkeypatch.setattr(jwt.api_jwt, "datetime", Later)
    response = back_from(client, location)
    assert response.status_code == 403 and b'data-reason="token"' in response.content
    assert signed_in_as(client) is None


def test_cancelled_at_the_provider(org, sso):
    client = Client()
    location = start(client)
    denied = httpx.post(location, data={"action": "deny"}, timeout=5)
    response = back_from(client, denied.headers["location"])
    assert response.status_code == 403 and b'data-reason="cancelled"' in response.content
