"""The decisions of two-factor login, pure (no Django, no database): which state a signed-in
session is in, who must enrol, what a typed code is."""

from __future__ import annotations

import re
from collections.abc import Iterable

# A session's state, kept in the session (SESSION_STATE): the gate reads it without a query.
DONE = "done"  # no second factor owed: given, satisfied by the provider, or none to give
CODE = "code"  # the account has an authenticator: its code is owed
ENROL = "enrol"  # the account's role requires an authenticator and it has none yet

TOTP = "totp"
RECOVERY = "recovery"
RECOVERY_LENGTH = 8  # django-otp's static tokens: 8 base32 characters
_BASE32 = re.compile(rf"[a-z2-7]{{{RECOVERY_LENGTH}}}")


def held_role_kinds(*, is_admin_bkd: bool, admin_opd: bool) -> frozenset[str]:
    """The AdminRoleKind values a person holds (a superuser counts as admin BKD upstream)."""
    return frozenset(
        kind for kind, held in (("admin_bkd", is_admin_bkd), ("admin_opd", admin_opd)) if held
    )


def enrolment_required(required: Iterable[str], held: Iterable[str]) -> bool:
    """MFA_REQUIRED_ROLES names one of the roles the person holds."""
    return bool(set(required) & set(held))


def session_state(*, has_device: bool, verified: bool, provider_mfa: bool, must_enrol: bool) -> str:
    """What a signed-in session still owes. A code given here or the identity provider's own
    multi-factor login settles it; otherwise an authenticator asks for its code, and a role that
    requires one without having it must enrol first."""
    if verified or provider_mfa:
        return DONE
    if has_device:
        return CODE
    if must_enrol:
        return ENROL
    return DONE


def may_remove(*, must_enrol: bool) -> bool:
    """A person removes their own second factor only when their role does not require one."""
    return not must_enrol


def read_code(typed: str) -> tuple[str, str] | None:
    """(TOTP, "123456") for six digits, (RECOVERY, "abcd2345") for a recovery code typed in any
    case with spaces or a dash, None for anything else."""
    text = "".join((typed or "").split()).replace("-", "")
    if re.fullmatch(r"\d{6}", text):
        return TOTP, text
    if _BASE32.fullmatch(text.lower()):
        return RECOVERY, text.lower()
    return None


def recovery_display(token: str) -> str:
    """A recovery code as printed: two groups of four ("abcd-2345")."""
    return f"{token[:4]}-{token[4:]}"
