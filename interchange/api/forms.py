"""Issuing an API key: which system, what it may read, until when."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.org.models import OrgUnit
from core.forms import IdChoices

DEFAULT_DAYS = 365


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("System"),
        max_length=100,
        help_text=_("The system that will use the key, e.g. “SIMPEG BKPSDM” or “Aplikasi TPP”."),
    )
    whole_agency = forms.BooleanField(label=_("The whole agency"), required=False)
    opds = IdChoices(
        label=_("Or only these OPDs"),
        queryset=OrgUnit.objects.filter(parent__isnull=True).order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "invalid_pk_value": _("“%(pk)s” is not an OPD."),
            "invalid_choice": _("“%(value)s” is not an OPD."),
            "invalid_list": _("Choose OPDs from the list."),
        },
    )
    reads_tpp = forms.BooleanField(
        label=_("May read TPP (each employee's allowance: salary data)"), required=False
    )
    expires_on = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault(
                "expires_on", timezone.localdate() + dt.timedelta(days=DEFAULT_DAYS)
            )
