"""The curator's list filter (django-filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import BootstrapFilterSet
from indicators.choices import PositionGroup, Sector
from indicators.models import LibraryEntry
from indicators.selectors import matching_words


class LibraryEntryFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search RHK or indicator"), method="search")
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=Sector.choices)
    group = django_filters.ChoiceFilter(
        label=_("Position kind"), field_name="position_group", choices=PositionGroup.choices
    )
    active = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("yes", _("Active")), ("no", _("Inactive"))],
        empty_label=_("All"),
        method="filter_active",
    )

    class Meta:
        model = LibraryEntry
        fields = ["q", "sector", "group", "active"]

    def search(self, queryset, name, value):
        return matching_words(queryset, value)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "yes")
