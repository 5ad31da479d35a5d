"""The login backend of single sign-on: mozilla-django-oidc's, made stricter.

Why mozilla-django-oidc and not django-allauth: it is a thin authentication backend and two views
that fit our own login page and our NIP mapping, without allauth's account and e-mail model
(which would want to own sign-up, e-mail addresses and the login page itself). We keep the
library's code flow (state, nonce, PKCE S256, code exchange, JWKS lookup) and add what it leaves
to the application: ``iss``, ``aud``/``azp``, ``exp`` and ``iat`` are verified, nothing is created
from a token, and the account is found by NIP (services.sso_user_for_claims)."""

from __future__ import annotations

import httpx
import jwt
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.sso import discovery, services
from accounts.sso.policies import nip_from_claims

# Seconds of clock difference tolerated between us and the provider for exp/iat.
LEEWAY = 60


def _from_settings(name: str):
    return property(lambda self: self.get_settings(name))


class SsoBackend(OIDCAuthenticationBackend):
    """Used only by our callback view (views.sso_callback), which passes the state's nonce and
    PKCE verifier; a password login asks every backend and gets None from this one."""

    get_settings = staticmethod(discovery.sso_setting)

    OIDC_OP_TOKEN_ENDPOINT = _from_settings("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = _from_settings("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = _from_settings("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_CLIENT_ID = _from_settings("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = _from_settings("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = _from_settings("OIDC_RP_SIGN_ALGO")
    OIDC_RP_IDP_SIGN_KEY = None

    def __init__(self, *args, **kwargs):
        # The library reads its endpoints here; Django builds a backend for every login attempt,
        # password logins included, so ours are read lazily (above) and only in the SSO flow.
        self.UserModel = get_user_model()
        self.id_claims: dict = {}
        self.id_token = ""

    def get_user(self, user_id):
        # The library's returns any user; Django's ModelBackend refuses a disabled one, so an SSO
        # session of an account disabled by any path ends at its next request, like a password one.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def authenticate(self, request, **kwargs):
        if not discovery.configured() or "nonce" not in kwargs or "code_verifier" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def _verify_jws(self, payload, key):
        """Signature with the announced algorithm, and the claims the library leaves unchecked.
        PyJWT's errors (expired, wrong audience, bad signature…) propagate to the view."""
        alg = jwt.get_unverified_header(payload).get("alg")
        if alg != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {alg!r}, not {self.OIDC_RP_SIGN_ALGO}")
        claims = jwt.decode(
            payload,
            key,
            algorithms=[alg],
            audience=self.OIDC_RP_CLIENT_ID,
            issuer=discovery.document()["issuer"],
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
        audience = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        # OpenID Connect Core §3.1.3.7: with several audiences, azp must be us.
        if len(audience) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise jwt.InvalidAudienceError("azp is not this client")
        return claims

    def retrieve_matching_jwk(self, token):
        """The provider's key for this token. The library insists on a ``kid``; RFC 7517 lets a
        provider with a single signing key leave it out, so without one exactly one key of the
        token's algorithm must be on offer."""
        header = jwt.get_unverified_header(token)
        try:
            response = httpx.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=discovery.TIMEOUT)
            response.raise_for_status()
            keys = response.json().get("keys") or []
        except (httpx.HTTPError, ValueError, AttributeError) as error:
            raise discovery.ProviderUnavailable(f"JWKS: {error}") from error
        keys = [
            k
            for k in keys
            if k.get("use", "sig") == "sig" and k.get("alg", header.get("alg")) == header.get("alg")
        ]
        if "kid" in header:
            keys = [k for k in keys if k.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation("No single matching key in the provider's JWKS.")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        self.id_claims = dict(payload)
        return payload

    def store_tokens(self, access_token, id_token):
        # Kept for RP-initiated logout (the view stores it once the login is finished).
        self.id_token = id_token

    def get_or_create_user(self, access_token, id_token, payload):
        """The account of the NIP the claims name, or services.SsoRefused. The signed ID token
        is asked first; the userinfo endpoint only when the NIP claim is not in the token."""
        claims = dict(payload)
        if nip_from_claims(claims, self.get_settings("OIDC_NIP_CLAIM")) is None and (
            self.OIDC_OP_USER_ENDPOINT
        ):
            userinfo = self.get_userinfo(access_token, id_token, payload)
            # OpenID Connect Core §5.3.2: userinfo of another subject must not be used.
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo sub differs from the ID token's")
            claims = {**userinfo, **payload}
        return services.sso_user_for_claims(claims)
