"""List filters for the appraisal screens (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.org.models import Employee, OrgUnit
from appraisal.monitoring import selectors as monitoring
from appraisal.monitoring.diagnostics import Finding, filter_findings
from appraisal.plans.models import Rhk
from core.filters import BootstrapFilterSet


def _search_employee(queryset, prefix: str, value: str):
    value = value.strip()
    if value.isdigit():
        return queryset.filter(**{f"{prefix}nip__startswith": value})
    return queryset.filter(**{f"{prefix}name__icontains": value})


class CycleYearFilterSet(BootstrapFilterSet):
    """Adds a `year` choice (the cycles that exist; empty = the open cycle). The view resolves the
    cycle from it; the filter itself leaves the queryset alone."""

    year = django_filters.ChoiceFilter(label=_("Year"), choices=[], method="keep")

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.fields["year"]
        field.choices = [(y, y) for y in years]
        field.empty_label = _("Open cycle")  # django-filter adds the empty choice when rendering

    def keep(self, queryset, name, value):
        return queryset


class MonitoringEmployeeFilter(CycleYearFilterSet):
    """The employees of one OPD on the monitoring page; the queryset comes annotated with
    `skp_status` (monitoring.opd_employees)."""

    q = django_filters.CharFilter(label=_("Search name or NIP"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("SKP"), choices=monitoring.PROGRESS_CHOICES, method="filter_progress"
    )

    class Meta:
        model = Employee
        fields = ["q", "status", "year"]

    def search(self, queryset, name, value):
        return _search_employee(queryset, "", value)

    def filter_progress(self, queryset, name, value):
        if value == monitoring.NONE:
            return queryset.filter(skp_status__isnull=True)
        return queryset.filter(skp_status__in=monitoring.STATUSES_OF_PROGRESS[value])


class BrokenLinkFilter(CycleYearFilterSet):
    q = django_filters.CharFilter(label=_("Search name or NIP"), method="search")
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), queryset=OrgUnit.objects.none(), method="filter_opd"
    )

    class Meta:
        model = Rhk
        fields = ["q", "opd", "year"]

    def search(self, queryset, name, value):
        return _search_employee(queryset, "skp__employee__", value)

    def filter_opd(self, queryset, name, value):
        return queryset.filter(
            Q(skp__position__unit__opd_id=value.pk) | Q(skp__position__unit_id=value.pk)
        )


class LineDiagnosisFilter(forms.Form):
    """The filters of the reporting-line diagnostics, over a list of findings (not a queryset):
    a name or NIP, the reason, and the OPD and the year, which the view reads itself (an OPD
    outside the admin's scope and an unknown year are 404). A value that is not offered is left
    out, as django-filter does."""

    q = forms.CharField(label=_("Search name or NIP"), required=False, max_length=100)
    opd = forms.ChoiceField(label=_("OPD"), required=False)
    reason = forms.ChoiceField(label=_("Reason"), required=False)
    year = forms.ChoiceField(label=_("Year"), required=False)

    def __init__(self, *args, opds=(), reasons=(), years=(), **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["opd"].choices = every + [(opd.code, opd.label) for opd in opds]
        self.fields["reason"].choices = every + list(reasons)
        self.fields["year"].choices = [("", _("Open cycle"))] + [(y, y) for y in years]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("class", "form-control" if name == "q" else "form-select")

    @property
    def form(self):
        """Itself: partials/filter_form.html renders `filter.form`, as django-filter has it."""
        return self

    def filtered(self, findings: list[Finding]) -> list[Finding]:
        """The findings of the valid reason and search."""
        if not self.is_bound:
            return findings
        self.is_valid()  # cleaned_data then holds the valid fields only
        return filter_findings(
            findings,
            reason=self.cleaned_data.get("reason", ""),
            q=self.cleaned_data.get("q", ""),
        )
