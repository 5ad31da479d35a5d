"""The public page's check of a file: uploaded to the server, or its SHA-256 computed in the
browser (static/js/verification.js) so the file never leaves the device. Shape only."""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

PDF_MAGIC = b"%PDF-"
CHUNK = 64 * 1024


def max_upload_bytes() -> int:
    # Read at call time so tests and deployments can change it.
    return int(settings.VERIFY_MAX_UPLOAD_MB) * 1024 * 1024


class CheckForm(forms.Form):
    file = forms.FileField(label=_("PDF file"), required=False)
    sha256 = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"\A[0-9a-fA-F]{64}\Z", _("This is not a SHA-256 value."))],
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB: none of our documents is that large."),
                params={"mb": settings.VERIFY_MAX_UPLOAD_MB},
            )
        upload.seek(0)
        if upload.read(len(PDF_MAGIC)) != PDF_MAGIC:
            raise forms.ValidationError(_("This file is not a PDF."))
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("sha256"):
            raise forms.ValidationError(_("Choose the PDF file to check."))
        return data

    def digest(self) -> str:
        """The SHA-256 (hex) of the uploaded file, read in chunks and never stored; else the one
        the browser computed."""
        upload = self.cleaned_data.get("file")
        if upload is None:
            return self.cleaned_data["sha256"].lower()
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks(CHUNK):
            digest.update(chunk)
        return digest.hexdigest()
