"""Form helpers shared by every app: labels, and a refused change shown on its form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils.text import capfirst


def show_domain_error(request, form, error) -> None:
    """A refused change: say why at the top of the form, keeping everything typed."""
    form.add_error(None, str(error))
    messages.error(request, str(error))


class CapitalisedLabels:
    """Labels written in lower case (shared with model field names) start with a capital."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=255)
