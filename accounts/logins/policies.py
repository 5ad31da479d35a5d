"""Who may sign in with a local password (LOCAL_LOGIN), once single sign-on is configured.

Here rather than in accounts.sso because the login form, the password reset and the activation
pages (all in logins, below sso) ask it. ``local_password_rule`` is the pure rule (tests/rules);
``local_password_allowed`` reads whether the user is an administrator.
"""

from __future__ import annotations

from django.conf import settings

from accounts.org.models import AdminRole

ALL = "all"
ADMINS = "admins"
NONE = "none"


def local_password_rule(mode: str, *, sso_configured: bool, is_admin: bool) -> bool:
    """True when a local password may be used. Without SSO every account keeps its password
    (there is no other way in); with SSO, ``all`` keeps them all, ``admins`` only admin BKD and
    admin OPD (a fallback when the provider is down), ``none`` nobody."""
    if not sso_configured or mode == ALL:
        return True
    if mode == ADMINS:
        return is_admin
    return False


def sso_configured() -> bool:
    return bool(settings.OIDC_ISSUER_URL)


def password_form_shown() -> bool:
    """The login page shows the password form unless SSO is the only way in."""
    return local_password_rule(settings.LOCAL_LOGIN, sso_configured=sso_configured(), is_admin=True)


def local_password_allowed(user) -> bool:
    """May this account use (or set, or reset) a local password? Superusers count as admin BKD.
    Asks the database only when the answer depends on the role."""
    mode = settings.LOCAL_LOGIN
    if local_password_rule(mode, sso_configured=sso_configured(), is_admin=False):
        return True
    if not local_password_rule(mode, sso_configured=True, is_admin=True):
        return False
    return bool(user.is_superuser) or AdminRole.objects.filter(user=user).exists()
