"""List filters for the organisation screens (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import EmployeeStatus, EmploymentType, PositionKind
from accounts.models import Assignment, Employee, OrgUnit, Position
from accounts.selectors import held_on


class BootstrapFilterSet(django_filters.FilterSet):
    """Gives every filter widget Bootstrap's classes so the filter bar renders without crispy,
    and names the empty choice "All" rather than Django's dashes."""

    def __init__(self, *args, opds=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The OPD choices must be in place before the form is built (self.form is cached).
        if "opd" in self.filters:
            self.filters["opd"].queryset = opds if opds is not None else OrgUnit.objects.none()
        for field in self.form.fields.values():
            if hasattr(field, "empty_label"):
                field.empty_label = _("All")
                # The widget copied the choices, dashes included, when the field was made.
                field.widget.choices = field.choices
            elif getattr(field, "choices", None) and field.choices[0][0] == "":
                field.choices = [("", _("All")), *list(field.choices)[1:]]
            is_select = field.widget.__class__.__name__.endswith("Select")
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")


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
