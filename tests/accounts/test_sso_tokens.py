"""Each check the SSO backend adds to the library's ID token verification, one at a time.

The full code flow against the provider process (tests/accounts/test_sso.py) shows that a good
token gets in; here a token is signed with a key of ours and one claim at a time is wrong, so a
check that went missing fails its own test. No database, no provider: the discovery document is
put in the cache as if fetched.
"""

from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import SuspiciousOperation

from accounts.sso import discovery
from accounts.sso.backends import SsoBackend

ISSUER = "https://sso.example.go.id/realms/pemda"
CLIENT = "kinerja"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(autouse=True)
def provider(settings):
    settings.OIDC_ISSUER_URL = ISSUER
    settings.OIDC_CLIENT_ID = CLIENT
    settings.OIDC_CLIENT_SECRET = "secret"
    from django.core.cache import cache

    cache.set(
        discovery.cache_key(),
        {
            "issuer": ISSUER,
            "id_token_signing_alg_values_supported": ["RS256"],
            "jwks_uri": f"{ISSUER}/certs",
            "token_endpoint": f"{ISSUER}/token",
            "authorization_endpoint": f"{ISSUER}/auth",
        },
    )


def claims(**changes):
    now = int(time.time())
    base = {"iss": ISSUER, "aud": CLIENT, "sub": "u1", "iat": now, "exp": now + 300, "nonce": "n"}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def signed(payload, key=KEY, alg="RS256"):
    return jwt.encode(payload, key, algorithm=alg)


def verify(token):
    backend = SsoBackend()
    return backend._verify_jws(token, KEY.public_key())


def test_a_good_token_passes_and_gives_its_claims():
    assert verify(signed(claims()))["sub"] == "u1"


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"aud": "another-client"}, jwt.InvalidAudienceError),
        ({"aud": ["another-client", "third"]}, jwt.InvalidAudienceError),
        # Several audiences: azp must name us (OpenID Connect Core §3.1.3.7).
        ({"aud": [CLIENT, "third"]}, jwt.InvalidAudienceError),
        ({"aud": [CLIENT, "third"], "azp": "third"}, jwt.InvalidAudienceError),
        ({"iss": "https://evil.example/realms/pemda"}, jwt.InvalidIssuerError),
        ({"exp": int(time.time()) - 3600}, jwt.ExpiredSignatureError),
        ({"iat": int(time.time()) + 3600}, jwt.ImmatureSignatureError),
        ({"exp": None}, jwt.MissingRequiredClaimError),
        ({"iss": None}, jwt.MissingRequiredClaimError),
        ({"sub": None}, jwt.MissingRequiredClaimError),
    ],
)
def test_a_wrong_claim_is_refused(changes, error):
    with pytest.raises(error):
        verify(signed(claims(**changes)))


def test_several_audiences_pass_when_azp_is_us():
    assert verify(signed(claims(aud=[CLIENT, "third"], azp=CLIENT)))["sub"] == "u1"


def test_a_token_signed_by_another_key_is_refused():
    with pytest.raises(jwt.InvalidSignatureError):
        verify(signed(claims(), key=OTHER_KEY))


def test_a_token_signed_with_the_client_secret_is_refused():
    # Algorithm confusion: an HS256 token "signed" with a secret anyone might guess.
    with pytest.raises(SuspiciousOperation):
        verify(signed(claims(), key="s" * 32, alg="HS256"))


def test_an_unsigned_token_is_refused():
    with pytest.raises(SuspiciousOperation):
        verify(jwt.encode(claims(), None, algorithm="none"))


def test_a_wrong_nonce_is_refused(monkeypatch):
    backend = SsoBackend()
    monkeypatch.setattr(backend, "retrieve_matching_jwk", lambda token: KEY.public_key())
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(signed(claims(nonce="someone-elses")), nonce="n")
    assert backend.verify_token(signed(claims()), nonce="n")["sub"] == "u1"
