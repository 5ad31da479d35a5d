"""The login page's SSO button and whether it shows the password form: settings only, no query
and no call to the provider (the button works even while the provider is down: it leads to the
page that says so)."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.logins.policies import password_form_shown
from accounts.sso import discovery


def sso(request):
    if not discovery.configured():
        return {"sso_enabled": False, "password_form_shown": True}
    return {
        "sso_enabled": True,
        "sso_button_label": settings.OIDC_BUTTON_LABEL or _("Log in with SSO"),
        "password_form_shown": password_form_shown(),
        "local_login": settings.LOCAL_LOGIN,
    }
