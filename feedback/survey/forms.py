"""Forms of 360 input: their shape only (the rules live in services/survey.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from appraisal.choices import RATING_CHOICES
from core.dates import BoundedDateField
from feedback.survey.services import MAX_COMMENT
from indicators.choices import BerakhlakValue


class RoundForm(forms.Form):
    period = forms.TypedChoiceField(label=_("Period"), coerce=int)
    deadline = BoundedDateField(
        label=_("Answer by"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    respondents = forms.MultipleChoiceField(
        label=_("Respondents"),
        widget=forms.CheckboxSelectMultiple,
        required=False,  # too few is refused by the service, with the reason
        help_text=_("Peers (under the same PPK) and the employee's own subordinates."),
    )

    def __init__(self, *args, periods, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = periods
        self.people = {person.nip: person for person in people}
        self.fields["respondents"].choices = [
            (person.nip, f"{person.full_name} ({person.relation.label})") for person in people
        ]

    def respondent_ids(self) -> list[int]:
        return [self.people[nip].pk for nip in self.cleaned_data["respondents"]]


class AnswerForm(forms.Form):
    """One rating (required) and one comment (optional) per BerAKHLAK value."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in BerakhlakValue.choices:
            self.fields[f"rating_{value}"] = forms.ChoiceField(
                label=label, choices=RATING_CHOICES, widget=forms.RadioSelect
            )
            self.fields[f"comment_{value}"] = forms.CharField(
                label=_("Comment (optional)"),
                required=False,
                max_length=MAX_COMMENT,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self):
        """(label, rating field, comment field) per value, for the template."""
        return [
            (label, self[f"rating_{value}"], self[f"comment_{value}"])
            for value, label in BerakhlakValue.choices
        ]

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            value: (data[f"rating_{value}"], data[f"comment_{value}"])
            for value in BerakhlakValue.values
        }
