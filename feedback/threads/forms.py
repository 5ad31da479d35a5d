"""Forms of feedback threads: shape only (who may write, and on what, is the service's)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.choices import ThreadSubject
from feedback.threads.services import MAX_TEXT


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Message"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StartForm(MessageForm):
    subject = forms.ChoiceField(choices=ThreadSubject.choices)
    # An RHK's public id, an IKI realisation's id (checked against the SKP) or a BerAKHLAK value.
    target = forms.CharField(max_length=64)
