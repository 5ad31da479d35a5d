"""Fixtures of the accounts tests: the OpenID Connect provider process (one per test session)
and the app configured for it (tests/accounts/sso_provider.py)."""

from tests.accounts.sso_provider import sso, sso_provider  # noqa: F401 (fixtures)
