"""Forms of filing, discussing and deciding an objection."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from appraisal.choices import RATING_CHOICES, ObjectionOutcome
from appraisal.objections import policies
from core.forms import CapitalisedLabels
from core.glossary import add_term_help


class ObjectionForm(CapitalisedLabels, forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("reasons for your objection"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "Say which rating you disagree with and why; refer to your results and evidence."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_term_help(self, {"reasons": "keberatan"})


class MessageForm(CapitalisedLabels, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Read only for the Atasan PPK: whom the question is for (the others always answer to all).
    to = forms.ChoiceField(
        label=gettext_lazy("question for"),
        choices=[
            ("both", gettext_lazy("the PPK and the employee")),
            (policies.PPK, gettext_lazy("the PPK")),
            (policies.EMPLOYEE, gettext_lazy("the employee")),
        ],
        required=False,
        initial="both",
    )


RATING_OPTIONS = [("", "—"), *RATING_CHOICES]


class DecisionForm(CapitalisedLabels, forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("decision"), choices=ObjectionOutcome.choices, widget=forms.RadioSelect
    )
    rating_hasil = forms.ChoiceField(
        label=gettext_lazy("new work results rating"),
        choices=RATING_OPTIONS,
        required=False,
        help_text=gettext_lazy("Only used when the ratings are changed."),
    )
    rating_perilaku = forms.ChoiceField(
        label=gettext_lazy("new work behaviour rating"),
        choices=RATING_OPTIONS,
        required=False,
        help_text=gettext_lazy(
            "Only used when the ratings are changed. The predicate follows from the two ratings."
        ),
    )
    notes = forms.CharField(
        label=gettext_lazy("considerations"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
