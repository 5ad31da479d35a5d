"""The PPK's scoring form: two ratings, notes, feedback and an optional label per RHK, feedback per
BerAKHLAK value; plus the version the page showed (optimistic locking)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from appraisal.choices import RATING_CHOICES
from core.glossary import add_term_help
from indicators.choices import BerakhlakValue

BLANK = [("", "—")]


class EvaluationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    rating_hasil = forms.ChoiceField(
        label=_("Work results rating"), choices=BLANK + RATING_CHOICES, required=False
    )
    rating_perilaku = forms.ChoiceField(
        label=_("Work behaviour rating"), choices=BLANK + RATING_CHOICES, required=False
    )
    notes = forms.CharField(
        label=_("Catatan/Rekomendasi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm_no_realisation = forms.BooleanField(
        label=_("I rate this employee without a realisation for the period"), required=False
    )

    def __init__(self, *args, rhks=(), evaluation=None, **kwargs):
        super().__init__(*args, **kwargs)
        existing = {}
        perilaku = {}
        if evaluation is not None:
            existing = {n.rhk_id: n for n in evaluation.rhk_notes.all()}
            perilaku = {n.value: n.feedback for n in evaluation.perilaku_notes.all()}
        self.rhk_ids = []
        for rhk in rhks:
            note = existing.get(rhk.pk)
            self.fields[f"rhk_{rhk.pk}_feedback"] = forms.CharField(
                label=_("Umpan balik berkelanjutan"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=note.feedback if note else "",
            )
            self.fields[f"rhk_{rhk.pk}_label"] = forms.ChoiceField(
                label=_("Label (optional)"),
                choices=BLANK + RATING_CHOICES,
                required=False,
                initial=note.label if note else "",
            )
            self.rhk_ids.append(rhk.pk)
        for value in BerakhlakValue:
            self.fields[f"perilaku_{value.value}"] = forms.CharField(
                label=value.label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=perilaku.get(value.value, ""),
            )
        add_term_help(self, {"rating_hasil": "rating_hasil", "rating_perilaku": "rating_perilaku"})

    def rhk_field(self, rhk_id: int, name: str):
        return self[f"rhk_{rhk_id}_{name}"]

    def perilaku_field(self, value: str):
        return self[f"perilaku_{value}"]

    def rhk_notes(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {
            pk: (data[f"rhk_{pk}_feedback"].strip(), data[f"rhk_{pk}_label"]) for pk in self.rhk_ids
        }

    def perilaku_notes(self) -> dict[str, str]:
        return {v.value: self.cleaned_data[f"perilaku_{v.value}"].strip() for v in BerakhlakValue}


class RowForm(forms.Form):
    """One row of the team scoring page."""

    version = forms.IntegerField()
    rating_hasil = forms.ChoiceField(choices=BLANK + RATING_CHOICES, required=False)
    rating_perilaku = forms.ChoiceField(choices=BLANK + RATING_CHOICES, required=False)
    confirm_no_realisation = forms.BooleanField(required=False)
