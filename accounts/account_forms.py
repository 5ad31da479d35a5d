from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _


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


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=255)
