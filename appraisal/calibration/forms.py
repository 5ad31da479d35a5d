"""Forms of the calibration pages: the organisational predicate, finalising, the distribution pattern."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from appraisal.choices import (
    ORG_PREDICATE_CHOICES,
    PREDICATE_CHOICES,
    BreachPolicy,
    LimitBound,
)
from core.forms import CapitalisedLabels
from core.glossary import add_term_help


# ------------------------------------------------------------------------------------- forms
class PredicateForm(CapitalisedLabels, forms.Form):
    predicate = forms.ChoiceField(
        label=gettext_lazy("organisational predicate"), choices=ORG_PREDICATE_CHOICES
    )
    reason = forms.CharField(
        label=gettext_lazy("reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Required when you set it on behalf of the leader one level up."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_term_help(self, {"predicate": "kurva"})  # the unit's predicate sets its curve


class FinaliseForm(CapitalisedLabels, forms.Form):
    justification = forms.CharField(
        label=gettext_lazy("justification"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    unrated_reason = forms.CharField(
        label=gettext_lazy("reason for finalising without every result"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Admin BKD only: finalise although the employees listed have no finalised result."
        ),
    )


class ReopenUnitForm(CapitalisedLabels, forms.Form):
    # Blank is the service's to refuse, in its own words.
    reason = forms.CharField(
        label=gettext_lazy("reason for reopening"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LimitRowForm(forms.Form):
    predicates = forms.MultipleChoiceField(
        label=gettext_lazy("employee predicates"),
        choices=PREDICATE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    bound = forms.ChoiceField(label=gettext_lazy("bound"), choices=LimitBound.choices)
    percent = forms.DecimalField(
        label=gettext_lazy("percent"), min_value=0, max_value=100, decimal_places=2, initial=0
    )
    # The column is a PositiveSmallIntegerField: a larger number would fail in the database.
    minimum = forms.IntegerField(
        label=gettext_lazy("at least (people)"), min_value=0, max_value=32767, initial=0
    )


class PatternForm(CapitalisedLabels, forms.Form):
    breach_policy = forms.ChoiceField(
        label=gettext_lazy("when a unit breaches its distribution pattern"),
        choices=BreachPolicy.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
