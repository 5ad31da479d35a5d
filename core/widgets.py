"""A select whose options are searched on the server (htmx), for lists too long to render whole."""

from __future__ import annotations

from django import forms

RENDERED_OPTIONS = 200


class SearchableSelect(forms.Select):
    """Renders a search box above the select; typing replaces the options with server results.

    The field still validates against its whole queryset; only the rendered options are bounded
    (a province has 100,000 positions: the page must not carry them all).
    """

    template_name = "widgets/searchable_select.html"

    def __init__(self, search_url, attrs=None):
        super().__init__(attrs)
        self.search_url = search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = str(self.search_url)
        return context


def bound_choices(field: forms.ModelChoiceField, shown_queryset, selected=None) -> None:
    """Render only the first options of `shown_queryset` (plus the selected one) in the widget."""
    shown = list(shown_queryset[:RENDERED_OPTIONS])
    if selected is not None and selected not in shown:
        shown.insert(0, selected)
    field.widget.choices = [("", field.empty_label or "---------")] + [
        (obj.pk, field.label_from_instance(obj)) for obj in shown
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)
