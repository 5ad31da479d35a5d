"""Two-factor login's decisions and the sessions page's device names, without a database."""

import pytest

from accounts.logins.agents import describe_agent
from accounts.twofactor import rules


@pytest.mark.parametrize(
    ("required", "held", "expected"),
    [
        (["admin_bkd", "admin_opd"], {"admin_bkd"}, True),
        (["admin_bkd", "admin_opd"], {"admin_opd"}, True),
        (["admin_bkd"], {"admin_opd"}, False),
        ([], {"admin_bkd"}, False),
        (["admin_bkd", "admin_opd"], set(), False),
    ],
)
def test_enrolment_is_required_only_for_a_listed_role_held(required, held, expected):
    assert rules.enrolment_required(required, held) is expected


def test_held_role_kinds():
    assert rules.held_role_kinds(is_admin_bkd=True, admin_opd=True) == {"admin_bkd", "admin_opd"}
    assert rules.held_role_kinds(is_admin_bkd=False, admin_opd=False) == frozenset()


@pytest.mark.parametrize(
    ("has_device", "verified", "provider_mfa", "must_enrol", "expected"),
    [
        (False, False, False, False, rules.DONE),  # nothing to give
        (True, False, False, False, rules.CODE),  # the authenticator's code is owed
        (True, True, False, True, rules.DONE),  # given
        (True, False, True, False, rules.DONE),  # the provider's own MFA counts
        (False, False, False, True, rules.ENROL),  # the role requires one
        (False, False, True, True, rules.DONE),  # ...unless the provider did MFA
    ],
)
def test_session_state(has_device, verified, provider_mfa, must_enrol, expected):
    state = rules.session_state(
        has_device=has_device, verified=verified, provider_mfa=provider_mfa, must_enrol=must_enrol
    )
    assert state == expected


def test_a_required_second_factor_cannot_be_removed():
    assert rules.may_remove(must_enrol=False) and not rules.may_remove(must_enrol=True)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("123456", (rules.TOTP, "123456")),
        (" 123 456 ", (rules.TOTP, "123456")),
        ("ABCD-2345", (rules.RECOVERY, "abcd2345")),
        ("abcd 2345", (rules.RECOVERY, "abcd2345")),
        ("12345", None),
        ("1234567", None),
        ("abcd-1890", None),  # 0, 1, 8, 9 are not base32
        ("", None),
    ],
)
def test_read_code(typed, expected):
    assert rules.read_code(typed) == expected


def test_recovery_codes_print_in_two_groups():
    assert rules.recovery_display("abcd2345") == "abcd-2345"


CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.6099.210 Mobile Safari/537.36"
)
EDGE_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/121.0.0.0 Safari/537.36 Edg/121.0.2277.83"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1"
)
FIREFOX_LINUX = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:122.0) Gecko/20100101 Firefox/122.0"
SAFARI_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.1 Safari/605.1.15"
)


@pytest.mark.parametrize(
    ("agent", "browser", "system", "mobile"),
    [
        (CHROME_ANDROID, "Chrome 120", "Android", True),
        (EDGE_WINDOWS, "Edge 121", "Windows", False),
        (SAFARI_IPHONE, "Safari 17", "iPhone", True),
        (FIREFOX_LINUX, "Firefox 122", "Linux", False),
        (SAFARI_MAC, "Safari 17", "macOS", False),
        ("curl/8.5.0", "", "", False),
        ("", "", "", False),
    ],
)
def test_a_browser_and_device_named_from_the_user_agent(agent, browser, system, mobile):
    assert describe_agent(agent) == (browser, system, mobile)
