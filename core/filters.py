"""The django-filter base every list filter uses: Bootstrap widgets, 'Semua' as the empty choice."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.dates import BoundedDateField


class BootstrapFilterSet(django_filters.FilterSet):
    """Gives every filter widget Bootstrap's classes so the filter bar renders without crispy,
    and names the empty choice "All" rather than Django's dashes."""

    def __init__(self, *args, opds=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The OPD choices must be in place before the form is built (self.form is cached).
        if "opd" in self.filters:
            opd = self.filters["opd"]
            opd.queryset = opds if opds is not None else opd.queryset.none()
        for field in self.form.fields.values():
            if hasattr(field, "empty_label"):
                field.empty_label = _("All")
                # The widget copied the choices, dashes included, when the field was made.
                field.widget.choices = field.choices
            elif getattr(field, "choices", None) and field.choices[0][0] == "":
                field.choices = [("", _("All")), *list(field.choices)[1:]]
            is_select = field.widget.__class__.__name__.endswith("Select")
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")


class BoundedDateFilter(django_filters.DateFilter):
    """A date filter that refuses days outside 1900–2100 (core.dates) as malformed."""

    field_class = BoundedDateField
