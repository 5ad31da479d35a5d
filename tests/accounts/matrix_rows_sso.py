"""Permission-matrix rows for single sign-on. The matrix runs without OIDC_ISSUER_URL, where the
SSO addresses do not exist for anyone (404); with SSO configured they are public pages of the
login flow, tested against a real provider in tests/accounts/test_sso.py."""

from tests.matrix import row

ROWS = {
    "sso:login": ("get", None, row(*[404] * 8)),
    "sso:callback": ("get", None, row(*[404] * 8)),
}
