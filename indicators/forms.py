"""Forms of the library: an entry and its indicators (an inline formset). Shape only; the rules
(at least one indicator, who may save) are enforced again in indicators/services.py."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import CapitalisedLabels
from indicators.models import LibraryEntry, LibraryIndicator

EXTRA_INDICATOR_ROWS = 2


class LibraryEntryForm(CapitalisedLabels, forms.ModelForm):
    class Meta:
        model = LibraryEntry
        fields = ["sector", "position_group", "rhk", "description"]
        widgets = {
            "rhk": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "rhk": _("The result as an employee would write it in an SKP."),
            "description": _("Optional: when this example fits and how to adapt the targets."),
        }


class LibraryIndicatorForm(forms.ModelForm):
    target_value = forms.DecimalField(
        label=_("Target value"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        # Indonesian writes 95,5: accept the active language's decimal separator.
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    class Meta:
        model = LibraryIndicator
        fields = ["aspek", "indicator", "target_value", "target_unit", "target_text"]
        labels = {
            "aspek": _("Aspect"),
            "indicator": _("Indicator (IKI)"),
            "target_unit": _("Target unit"),
            "target_text": _("Narrative target"),
        }
        widgets = {"indicator": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-select" if name == "aspek" else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["target_unit"].widget.attrs.setdefault("placeholder", "%")
        self.fields["target_text"].widget.attrs.setdefault("placeholder", _("for qualitative"))


class BaseIndicatorFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if not kept:
            raise ValidationError(_("Add at least one indicator (IKI)."), code="too_few_forms")

    def indicator_rows(self) -> list[dict]:
        """The filled, undeleted rows in order, as the service expects them."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]


IndicatorFormSet = forms.inlineformset_factory(
    LibraryEntry,
    LibraryIndicator,
    form=LibraryIndicatorForm,
    formset=BaseIndicatorFormSet,
    extra=EXTRA_INDICATOR_ROWS,
    can_delete=True,
)
