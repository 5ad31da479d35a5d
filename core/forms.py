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


class IdChoices(forms.ModelMultipleChoiceField):
    """Several rows chosen by id (checkboxes, a multiple select). An empty option sent by a
    browser's empty list is no choice, not a wrong one; an id that is not a number a key can
    hold is refused before the query (past the key's range the database would fail instead)."""

    def clean(self, value):
        if isinstance(value, list | tuple):
            value = [str(item) for item in value if item not in ("", None)]
            for item in value:
                if not (item.isascii() and item.isdigit() and len(item) <= 9):
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], params={"pk": item}
                    )
        return super().clean(value)
