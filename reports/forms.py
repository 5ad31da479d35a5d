"""The filters of the reports page and the dashboard: year, OPD (in scope) and period."""

from django import forms
from django.utils.translation import gettext_lazy as _

from appraisal.choices import ANNUAL
from reports.exporters.base import period_label


class ReportFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    opd = forms.ChoiceField(label=_("OPD"), required=False)
    period = forms.TypedChoiceField(label=_("Period"), coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *, cycles, opds, cycle, period_blank=None):
        super().__init__(data)
        self.fields["year"].choices = [(c.year, str(c.year)) for c in cycles]
        self.fields["opd"].choices = [("", _("All OPDs in your scope"))] + [
            (o.code, o.label) for o in opds
        ]
        periods = [(p.number, p.label) for p in cycle.periods] if cycle else []
        self.fields["period"].choices = [
            ("", period_blank or _("As the report sets it")),
            *periods,
            (ANNUAL, period_label(cycle, ANNUAL) if cycle else "Tahunan"),
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
