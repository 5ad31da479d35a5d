"""List filters for the organisation screens (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import EmployeeStatus, EmploymentType, PositionKind
from accounts.org.models import Assignment, Employee, OrgUnit, Position
from accounts.org.selectors import held_on
from core.filters import BootstrapFilterSet


class EmployeeFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search name or NIP"), method="search")
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), field_name="position__unit__opd", queryset=OrgUnit.objects.none()
    )
    kind = django_filters.ChoiceFilter(
        label=_("Position type"), field_name="position__kind", choices=PositionKind.choices
    )
    employment_type = django_filters.ChoiceFilter(
        label=_("Employment type"), choices=EmploymentType.choices
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=EmployeeStatus.choices)

    class Meta:
        model = Employee
        fields = ["q", "opd", "kind", "employment_type", "status"]

    def search(self, queryset, name, value):
        value = value.strip()
        if value.isdigit():
            return queryset.filter(nip__startswith=value)
        return queryset.filter(name__icontains=value)


class PositionFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(
        label=_("Search position"), field_name="name", lookup_expr="icontains"
    )
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), field_name="unit__opd", queryset=OrgUnit.objects.none()
    )
    kind = django_filters.ChoiceFilter(label=_("Position type"), choices=PositionKind.choices)
    occupancy = django_filters.ChoiceFilter(
        label=_("Occupancy"),
        choices=[("vacant", _("Vacant")), ("filled", _("Filled"))],
        empty_label=_("All"),
        method="filter_occupancy",
    )

    class Meta:
        model = Position
        fields = ["q", "opd", "kind", "occupancy"]

    def filter_occupancy(self, queryset, name, value):
        # Held (definitively or acting) today; EXISTS lets PostgreSQL anti-join on the index.
        held = Exists(
            Assignment.objects.filter(held_on(timezone.localdate()), position=OuterRef("pk"))
        )
        return queryset.filter(held if value == "filled" else ~held)


class UnitFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search unit name or code"), method="search")

    class Meta:
        model = OrgUnit
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
