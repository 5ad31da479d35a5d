"""Forms of cycles, windows, extensions and waivers."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.org.models import Employee, OrgUnit
from appraisal.choices import ExtensionScope, Frequency
from core.dates import BoundedDateField
from core.forms import CapitalisedLabels
from core.widgets import DateInput


class CycleForm(CapitalisedLabels, forms.Form):
    year = forms.IntegerField(label=_("year"), min_value=2020, max_value=2100)
    frequency = forms.ChoiceField(
        label=_("periodic evaluation"), choices=Frequency.choices, initial=Frequency.TRIWULANAN
    )
    objection_days = forms.IntegerField(
        label=_("days to object after receiving a result"), min_value=1, max_value=90, initial=14
    )


class WindowForm(CapitalisedLabels, forms.Form):
    opens_on = BoundedDateField(label=_("opens on"), widget=DateInput())
    closes_on = BoundedDateField(label=_("closes on (last day)"), widget=DateInput())
    reason = forms.CharField(label=_("reason for the change"), max_length=255)

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", _("A window cannot close before it opens."))
        return data


class ExtensionForm(CapitalisedLabels, forms.Form):
    scope = forms.ChoiceField(
        label=_("extend for"), choices=ExtensionScope.choices, widget=forms.RadioSelect
    )
    opd = forms.ModelChoiceField(
        label=_("OPD"), queryset=OrgUnit.objects.filter(parent=None), required=False
    )
    nip = forms.CharField(label=_("employee NIP"), max_length=18, required=False)
    closes_on = BoundedDateField(label=_("new closing date (last day)"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), max_length=255)

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == ExtensionScope.OPD and not data.get("opd"):
            self.add_error("opd", _("Choose the OPD."))
        if scope == ExtensionScope.EMPLOYEE:
            nip = (data.get("nip") or "").strip()
            data["employee"] = Employee.objects.filter(nip=nip).first() if nip else None
            if data["employee"] is None:
                self.add_error("nip", _("No employee has this NIP."))
        return data


class WaiverForm(CapitalisedLabels, forms.Form):
    nip = forms.CharField(label=_("employee NIP"), max_length=18)
    reason = forms.CharField(label=_("reason"), max_length=255)

    def clean_nip(self):
        nip = self.cleaned_data["nip"].strip()
        self.employee = Employee.objects.filter(nip=nip).first()
        if self.employee is None:
            raise forms.ValidationError(_("No employee has this NIP."))
        return nip


def default_cycle_year(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year + 1 if today.month >= 10 else today.year
