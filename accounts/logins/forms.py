"""Forms of signing in and of activating or resetting an account."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.logins.policies import local_password_allowed


class ResetRequestForm(PasswordResetForm):
    """Django's form, with the field named as everywhere else in the app."""

    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class CodeForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric"}),
    )
    code = forms.CharField(
        label=_("Code from your slip"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}
        ),
    )


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("NIP or username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The NIP/username or password is wrong. Both fields may be case-sensitive."
        ),
        "inactive": _("This account is not active."),
        "sso_only": _(
            "Your account signs in through single sign-on (SSO), not with a password here. "
            "Use the “%(button)s” button above."
        ),
    }

    def confirm_login_allowed(self, user):
        """LOCAL_LOGIN, checked after the password like "inactive": a wrong password stays the
        same answer and the same failure counted toward the lockout, so the SSO hint is only
        ever shown to someone who typed the right password. Checking the identifier before the
        password instead would tell anyone which NIPs are accounts without a local password."""
        super().confirm_login_allowed(user)
        if not local_password_allowed(user):
            raise ValidationError(
                self.error_messages["sso_only"],
                code="sso_only",
                params={"button": settings.OIDC_BUTTON_LABEL or _("Log in with SSO")},
            )


class PasswordChangeWithOurTermsForm(PasswordChangeForm):
    """Django's form with the labels our catalogue words consistently ("kata sandi")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Old password")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("New password confirmation")
