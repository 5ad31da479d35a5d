"""Pure rules of single sign-on: which claim holds the NIP, and whether the provider already did a
multi-factor login. No database, no settings: tests/rules/test_sso_rules.py."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from accounts.org.nip import NipError, validate_nip_text

# The OpenID PAPE policies that name a multi-factor login; an operator adds their provider's own
# levels (Keycloak's step-up levels, "2") with OIDC_MFA_ACR_VALUES.
PAPE_MULTI_FACTOR = (
    "http://schemas.openid.net/pape/policies/2007/06/multi-factor",
    "http://schemas.openid.net/pape/policies/2007/06/multi-factor-physical",
)


def nip_from_claims(claims: Mapping[str, object], claim_name: str) -> str | None:
    """The 18-digit NIP the claims name: the configured claim (default ``nip``); failing that
    ``preferred_username`` when it is itself a valid NIP (Keycloak realms that use the NIP as
    the username). None when neither holds a valid NIP."""
    for name in (claim_name, "preferred_username"):
        value = claims.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            continue
        try:
            return validate_nip_text(value)
        except NipError:
            continue
    return None


def provider_did_mfa(
    claims: Mapping[str, object], mfa_acr_values: Iterable[str] = PAPE_MULTI_FACTOR
) -> bool:
    """True when the ID token says the provider asked for more than one factor.

    ``amr`` (RFC 8176) lists the methods used: "mfa" says so outright, and two different methods
    (Keycloak's AMR mapper gives ["pwd", "otp"]) are two factors. One method alone is one factor,
    whatever it is: an SMS code or a hardware key without a password is still a single factor.
    ``acr`` counts only when it equals one of ``mfa_acr_values`` exactly: the meaning of a level
    is the provider's, so it is configured, never guessed from its spelling. Anything else is a
    single factor, and our own second factor is asked: never skipped by mistake."""
    amr = claims.get("amr")
    if isinstance(amr, str):
        amr = [amr]
    if isinstance(amr, list | tuple):
        methods = {m.strip().lower() for m in amr if isinstance(m, str) and m.strip()}
        if "mfa" in methods or len(methods) >= 2:
            return True
    acr = claims.get("acr")
    if isinstance(acr, int) and not isinstance(acr, bool):
        acr = str(acr)
    if not isinstance(acr, str) or not acr.strip():
        return False
    return acr.strip() in {value.strip() for value in mfa_acr_values}
