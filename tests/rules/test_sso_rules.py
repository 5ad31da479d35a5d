"""Pure rules of single sign-on and LOCAL_LOGIN, without the database: which claim gives the NIP,
whether the provider's login counts as a second factor, who may use a local password."""

import pytest

from accounts.sso.policies import nip_from_claims, provider_did_mfa

NIP = "198503302010011003"


@pytest.mark.parametrize(
    ("claims", "claim", "expected"),
    [
        ({"nip": NIP}, "nip", NIP),
        ({"nip": f" {NIP[:8]} {NIP[8:]} "}, "nip", NIP),
        ({"nip": int(NIP)}, "nip", NIP),
        ({"preferred_username": NIP}, "nip", NIP),
        ({"nip": "bukan", "preferred_username": NIP}, "nip", NIP),
        ({"preferred_username": "budi.santoso"}, "nip", None),
        ({"nip": "19850330201001100"}, "nip", None),  # 17 digits
        ({"nip": "198513302010011003"}, "nip", None),  # month 13
        ({"employee_id": NIP}, "employee_id", NIP),
        ({"employee_id": NIP}, "nip", None),
        ({"nip": True}, "nip", None),
        ({"nip": ["x"]}, "nip", None),
        ({}, "nip", None),
    ],
)
def test_nip_from_claims(claims, claim, expected):
    assert nip_from_claims(claims, claim) == expected


PAPE_MFA = "http://schemas.openid.net/pape/policies/2007/06/multi-factor"


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({}, False),
        ({"amr": ["pwd"]}, False),
        ({"amr": ["pwd", "otp"]}, True),  # Keycloak's AMR mapper after password + OTP
        ({"amr": ["pwd", "fpt"]}, True),
        ({"amr": "mfa"}, True),
        ({"amr": ["MFA"]}, True),
        # One method alone is one factor, however strong (RFC 8176).
        ({"amr": ["hwk"]}, False),
        ({"amr": ["SMS"]}, False),
        ({"amr": ["otp"]}, False),
        ({"amr": ["pwd", "pwd"]}, False),
        ({"amr": ["pwd", 3]}, False),
        ({"amr": None, "acr": "1"}, False),
        ({"acr": PAPE_MFA}, True),
        ({"acr": f" {PAPE_MFA} "}, True),
        # A level is the provider's to define: only configured values count, never a spelling.
        ({"acr": "2"}, False),
        ({"acr": 3}, False),
        ({"acr": "mfa-optional"}, False),
        ({"acr": "nomfa"}, False),
        ({"acr": "urn:example:passphrase"}, False),
        ({"acr": True}, False),
    ],
)
def test_provider_did_mfa(claims, expected):
    assert provider_did_mfa(claims) is expected


@pytest.mark.parametrize(
    ("acr", "configured", "expected"),
    [("2", ["2", "3"], True), (2, ["2"], True), ("1", ["2", "3"], False), ("2", [], False)],
)
def test_provider_levels_count_only_when_configured(acr, configured, expected):
    assert provider_did_mfa({"acr": acr}, configured) is expected
