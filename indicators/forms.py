"""Forms of the library: an entry and its indicators (an inline formset). Shape only; the rules
(at least one indicator, who may save) are enforced again in indicators/services.py."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from core.forms import CapitalisedLabels, IdChoices
from indicators.choices import TargetDirection
from indicators.models import ExamplePlan, LibraryEntry, LibraryIndicator

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


def clean_target_direction(form: forms.Form, data: dict) -> None:
    """The direction of a target needs its numbers: a range both bounds (the upper not below the
    lower), a ceiling or an exact target a number; an upper bound belongs to a range only.
    Shared by the library's indicator form and the plan's IKI form."""
    direction = data.get("target_direction") or TargetDirection.AT_LEAST
    data["target_direction"] = direction
    value, upper = data.get("target_value"), data.get("target_upper")
    if direction != TargetDirection.RANGE:
        data["target_upper"] = None
        if direction != TargetDirection.AT_LEAST and value is None:
            form.add_error("target_value", _("Give the target as a number for this direction."))
        return
    if value is None:
        form.add_error("target_value", _("Give the lower bound of the range."))
    if upper is None:
        form.add_error("target_upper", _("Give the upper bound of the range."))
    elif value is not None and upper < value:
        form.add_error("target_upper", _("The upper bound cannot be below the lower bound."))


def direction_defaults_to_at_least(form: forms.Form) -> None:
    """A row posted without a direction (an older client, a script) is an "at least" target, and
    a blank row with the default direction stays blank (unchanged) for its formset."""
    field = form.fields["target_direction"]
    field.required = False
    field.empty_value = TargetDirection.AT_LEAST


DIRECTION_HELP = _(
    "≤ for a ceiling, where lower is better (stunting, complaints); a range needs both bounds."
)


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
    target_upper = forms.DecimalField(
        label=_("Upper bound (range)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    class Meta:
        model = LibraryIndicator
        fields = [
            "aspek",
            "indicator",
            "target_direction",
            "target_value",
            "target_upper",
            "target_unit",
            "target_text",
        ]
        labels = {
            "aspek": _("Aspect"),
            "indicator": _("Indicator (IKI)"),
            "target_direction": _("Direction"),
            "target_unit": _("Target unit"),
            "target_text": _("Narrative target"),
        }
        help_texts = {"target_direction": DIRECTION_HELP}
        widgets = {"indicator": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-select" if name in ("aspek", "target_direction") else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.fields["target_unit"].widget.attrs.setdefault("placeholder", "%")
        self.fields["target_text"].widget.attrs.setdefault("placeholder", _("for qualitative"))
        direction_defaults_to_at_least(self)

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("DELETE"):
            clean_target_direction(self, data)
        return data


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


class EntryChoices(IdChoices):
    def label_from_instance(self, entry):
        return f"{entry.rhk} ({entry.get_sector_display()})"


class ExamplePlanForm(CapitalisedLabels, forms.ModelForm):
    """An example plan: its texts and its RHK, chosen from the library (active entries, and
    those already in the example)."""

    utama = EntryChoices(
        label=_("RHK utama"),
        queryset=LibraryEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    tambahan = EntryChoices(
        label=_("RHK tambahan"),
        queryset=LibraryEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = ExamplePlan
        fields = ["title", "match_terms", "description", "dukungan", "skema", "konsekuensi"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "dukungan": forms.Textarea(attrs={"rows": 3}),
            "skema": forms.Textarea(attrs={"rows": 3}),
            "konsekuensi": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "title": _("The post or job family, as employees know it: “Perawat Terampil”."),
            "match_terms": _(
                "Words separated by commas; the example is offered to whoever's post, unit or "
                "OPD name contains one of them: “perawat, keperawatan”."
            ),
            "description": _("Optional: when this example fits and what to adapt."),
            "dukungan": _("One line per item of the Lampiran, copied with the plan."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = list(self.instance.items.order_by("order")) if self.instance.pk else []
        chosen = [item.entry_id for item in items]
        self.initial.setdefault("utama", [i.entry_id for i in items if not i.additional])
        self.initial.setdefault("tambahan", [i.entry_id for i in items if i.additional])
        # The example's own entries first (inactive ones included), where the curator sees them.
        entries = LibraryEntry.objects.filter(Q(is_active=True) | Q(pk__in=chosen)).annotate(
            chosen=Case(When(pk__in=chosen, then=Value(0)), default=Value(1))
        )
        for name in ("utama", "tambahan"):
            self.fields[name].queryset = entries.order_by("chosen", "sector", "rhk", "pk")

    def clean(self):
        data = super().clean()
        both = {e.pk for e in data.get("utama") or ()} & {e.pk for e in data.get("tambahan") or ()}
        if both:
            self.add_error("tambahan", _("An RHK can be in the example only once."))
        return data
