"""The SSO pages: start the flow, come back from the provider, log out of both.

Every way the flow can fail ends on one of two pages, never a 500: refused (403, what to do and
whom to ask) or the provider unreachable (503, with the password form where LOCAL_LOGIN allows).
"""

from __future__ import annotations

from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth import logout as auth_logout
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from accounts.logins.policies import password_form_shown
from accounts.sso import discovery
from accounts.sso.backends import SsoBackend
from accounts.sso.policies import provider_did_mfa
from accounts.sso.services import (
    Refusal,
    SsoRefused,
    sso_account_activate,
    sso_refusal_record,
)
from accounts.twofactor.flow import finish_login
from core.actor import Actor
from core.clients import client_ip

BACKEND = "accounts.sso.backends.SsoBackend"
# The ID token of an SSO session, sent back as id_token_hint at logout (and marking the session
# as an SSO one).
SESSION_ID_TOKEN = "sso_id_token"
NEXT_KEY = "oidc_login_next"


class _StartView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(discovery.sso_setting)


def _require_configured():
    if not discovery.configured():
        raise Http404


def _unavailable(request):
    return render(
        request,
        "accounts/sso/unavailable.html",
        {"password_form_shown": password_form_shown()},
        status=503,
    )


def _refused(request, reason: str, nip: str | None = None, detail: str = ""):
    sso_refusal_record(reason, nip=nip, client=client_ip(request) or "-", detail=detail)
    return render(request, "accounts/sso/refused.html", {"reason": reason}, status=403)


def _local(url: str | None, request) -> str | None:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@require_GET
def sso_login(request):
    """Send the browser to the provider with a fresh state, nonce and PKCE challenge."""
    _require_configured()
    try:
        return _StartView.as_view()(request)
    except discovery.ProviderUnavailable:
        return _unavailable(request)


def _authenticate(request, flow: dict):
    """The account the provider vouches for, or SsoRefused / ProviderUnavailable."""
    backend = SsoBackend()
    try:
        user = backend.authenticate(
            request, nonce=flow.get("nonce"), code_verifier=flow.get("code_verifier")
        )
    except (requests.ConnectionError, requests.Timeout) as error:
        raise discovery.ProviderUnavailable(str(error)) from error
    except requests.HTTPError as error:
        # 5xx: the provider is down; 4xx: it refused our code (replayed, expired, wrong client).
        status = error.response.status_code if error.response is not None else 500
        if status >= 500:
            raise discovery.ProviderUnavailable(str(error)) from error
        raise SsoRefused(Refusal.TOKEN, detail=str(error)) from error
    # PyJWTError: an invalid token, and also a key from the JWKS that cannot be used.
    except (jwt.PyJWTError, SuspiciousOperation, KeyError, ValueError) as error:
        raise SsoRefused(Refusal.TOKEN, detail=f"{type(error).__name__}: {error}") from error
    if user is None:
        raise SsoRefused(Refusal.TOKEN)
    return user, backend


@require_GET
def sso_callback(request):
    """Back from the provider: check the state, exchange the code, verify the ID token, find the
    employee's account, then finish the login like a password login does (twofactor.flow)."""
    _require_configured()
    flows = request.session.get("oidc_states") or {}
    state = request.GET.get("state", "")
    # The state is spent whatever happens next: a callback URL replayed is refused.
    flow = flows.pop(state, None) if isinstance(flows, dict) else None
    request.session.modified = True
    if request.GET.get("error"):
        return _refused(request, Refusal.CANCELLED, detail=request.GET["error"][:100])
    if flow is None or not request.GET.get("code"):
        return _refused(request, Refusal.STATE)
    try:
        user, backend = _authenticate(request, flow)
    except SsoRefused as refusal:
        return _refused(request, refusal.reason, refusal.nip, refusal.detail)
    except discovery.ProviderUnavailable:
        return _unavailable(request)
    sso_account_activate(user, actor=Actor.system("first login through single sign-on"))
    next_url = _local(request.session.pop(NEXT_KEY, None), request)
    response = finish_login(
        request,
        user,
        backend=BACKEND,
        method="sso",
        next_url=next_url or resolve_url(settings.LOGIN_REDIRECT_URL),
        second_factor_done=provider_did_mfa(backend.id_claims, settings.OIDC_MFA_ACR_VALUES),
        # Written only once the login is complete (a login held for a code keeps it aside), so
        # an abandoned SSO login never marks a later password session of this browser as SSO.
        session_data={SESSION_ID_TOKEN: backend.id_token},
    )
    return response


def _absolute(request, path: str) -> str:
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/") + path
    return request.build_absolute_uri(path)


def _provider_logout_url(request, id_token: str) -> str | None:
    try:
        endpoint = discovery.document().get("end_session_endpoint")
    except discovery.ProviderUnavailable:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_CLIENT_ID,
            "post_logout_redirect_uri": _absolute(request, reverse("login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


@require_POST
def logout(request):
    """End our session; a session that came through SSO also ends the provider's (RP-initiated
    logout), which sends the browser back to our login page."""
    id_token = request.session.get(SESSION_ID_TOKEN)
    auth_logout(request)
    target = None
    if id_token and discovery.configured():
        target = _provider_logout_url(request, id_token)
    return HttpResponseRedirect(target or resolve_url(settings.LOGOUT_REDIRECT_URL))
