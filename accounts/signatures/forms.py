"""The signing form's fields (a passphrase or one-time code for BSrE; a confirmation for local
certificates) and the admin's certificate upload. The secret is never rendered back."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.signatures.backends import Secret, get_signer, not_configured

MAX_PKCS12_BYTES = 64 * 1024


class SignForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Signing passphrase"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    totp = forms.CharField(
        label=_("or the one-time code"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    confirm = forms.BooleanField(
        label=_("I sign this document electronically with my certificate."), required=False
    )

    def clean(self):
        cleaned = super().clean()
        signer = get_signer()
        if signer is None:
            raise forms.ValidationError(str(not_configured()))
        if signer.asks_secret:
            passphrase, totp = cleaned.get("passphrase", ""), cleaned.get("totp", "").strip()
            if bool(passphrase) == bool(totp):
                raise forms.ValidationError(
                    _("Type your signing passphrase, or the one-time code: one of the two.")
                )
            cleaned["totp"] = totp
        elif not cleaned.get("confirm"):
            raise forms.ValidationError(_("Tick the box to confirm that you sign."))
        return cleaned

    def secret(self) -> Secret:
        return Secret(
            passphrase=self.cleaned_data.get("passphrase", ""),
            totp=self.cleaned_data.get("totp", ""),
        )


class CredentialUploadForm(forms.Form):
    file = forms.FileField(label=_("Certificate file (.p12 / .pfx)"))
    password = forms.CharField(
        label=_("Certificate password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PKCS12_BYTES:
            raise forms.ValidationError(
                _("A certificate file is a few kilobytes: this one is too large.")
            )
        return upload.read()
