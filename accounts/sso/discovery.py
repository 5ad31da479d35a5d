"""The provider's discovery document (``<issuer>/.well-known/openid-configuration``) and the
settings mozilla-django-oidc reads by name, answered from it.

The library reads its endpoints from settings (OIDC_OP_TOKEN_ENDPOINT…) when a view or the backend
runs; ours come from the document instead, fetched with httpx and kept in Django's cache for an
hour, so an operator configures only the issuer and the provider may move its endpoints or rotate
its keys (the JWKS is fetched at each login by the library)."""

from __future__ import annotations

import hashlib
import logging

import httpx
from django.conf import settings
from django.core.cache import cache
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger("accounts.sso")

CACHE_SECONDS = 60 * 60
# Seconds to wait for the provider, at connect and read: a login page must not hang.
TIMEOUT = 5
REQUIRED = ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
# Asymmetric algorithms only: the library verifies RS*/ES* against the JWKS, anything else with
# the client secret, which a provider's own keys should never be.
SUPPORTED_ALGORITHMS = ("RS256", "ES256", "RS384", "ES384", "RS512", "ES512")


class ProviderUnavailable(Exception):
    """The provider cannot be reached or answers nonsense: the login falls back per LOCAL_LOGIN."""


def configured() -> bool:
    return bool(settings.OIDC_ISSUER_URL)


def issuer() -> str:
    return settings.OIDC_ISSUER_URL.rstrip("/")


def cache_key() -> str:
    return "sso:discovery:" + hashlib.sha256(issuer().encode()).hexdigest()[:16]


def _fetch() -> dict:
    url = f"{issuer()}/.well-known/openid-configuration"
    try:
        response = httpx.get(url, timeout=TIMEOUT, follow_redirects=False)
        response.raise_for_status()
        document = response.json()
    except (httpx.HTTPError, ValueError) as error:
        logger.warning("SSO discovery document unreachable at %s: %s", url, error)
        raise ProviderUnavailable(str(error)) from error
    if not isinstance(document, dict) or any(not document.get(k) for k in REQUIRED):
        logger.error("SSO discovery document at %s lacks %s", url, ", ".join(REQUIRED))
        raise ProviderUnavailable("incomplete discovery document")
    # OpenID Connect Discovery §4.3: the document must name the very issuer it was read from,
    # or an attacker's document could send us to their own keys.
    if str(document["issuer"]).rstrip("/") != issuer():
        logger.error(
            "SSO issuer mismatch: %r announced, %r configured", document["issuer"], issuer()
        )
        raise ProviderUnavailable("issuer mismatch")
    return document


def document() -> dict:
    """The provider's discovery document (cached for an hour), or ProviderUnavailable."""
    cached = cache.get(cache_key())
    if cached is None:
        cached = _fetch()
        cache.set(cache_key(), cached, CACHE_SECONDS)
    return cached


def signing_algorithm(doc: dict) -> str:
    """The algorithm the provider announces for ID tokens, RS256 first when it offers it."""
    offered = doc.get("id_token_signing_alg_values_supported") or ["RS256"]
    for alg in SUPPORTED_ALGORITHMS:
        if alg in offered:
            return alg
    raise ProviderUnavailable(f"no supported ID token algorithm in {offered!r}")


def _uses_basic_auth(doc: dict) -> bool:
    # OpenID Connect Discovery: client_secret_basic is the default when the field is missing.
    methods = doc.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    return "client_secret_basic" in methods


_FROM_DOCUMENT = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# Fixed choices, not operator settings: every check on, nothing created from a token.
_FIXED = {
    "OIDC_USE_PKCE": True,
    "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
    "OIDC_USE_NONCE": True,
    "OIDC_CREATE_USER": False,
    "OIDC_ALLOW_UNSECURED_JWT": False,
    "OIDC_RP_IDP_SIGN_KEY": None,
    "OIDC_STORE_ACCESS_TOKEN": False,
    "OIDC_STORE_ID_TOKEN": False,
    "OIDC_VERIFY_SSL": True,
    "OIDC_TIMEOUT": (TIMEOUT, 10),
    "OIDC_AUTHENTICATION_CALLBACK_URL": "sso:callback",
    "OIDC_REDIRECT_FIELD_NAME": "next",
}


def sso_setting(name: str, *default):
    """mozilla-django-oidc's ``get_settings``: endpoints and algorithm from the discovery
    document, client and scopes from our OIDC_* settings, the security choices fixed."""
    if name in _FROM_DOCUMENT:
        return document().get(_FROM_DOCUMENT[name])
    if name == "OIDC_RP_SIGN_ALGO":
        return signing_algorithm(document())
    if name == "OIDC_TOKEN_USE_BASIC_AUTH":
        return _uses_basic_auth(document())
    if name == "OIDC_RP_CLIENT_ID":
        return settings.OIDC_CLIENT_ID
    if name == "OIDC_RP_CLIENT_SECRET":
        return settings.OIDC_CLIENT_SECRET
    if name == "OIDC_RP_SCOPES":
        return settings.OIDC_SCOPES
    if name in _FIXED:
        return _FIXED[name]
    return import_from_settings(name, *default)
