"""Forms of writing, deciding and revising a work plan (SKP)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from appraisal.choices import Approach, LampiranKind, LinkKind, Section
from appraisal.plans.models import Iki, Rhk
from core.forms import CapitalisedLabels
from core.glossary import add_term_help
from indicators.choices import BerakhlakValue, Perspektif
from indicators.forms import (
    DIRECTION_HELP,
    clean_target_direction,
    direction_defaults_to_at_least,
)


class ApproachForm(forms.Form):
    approach = forms.ChoiceField(choices=Approach.choices)


class RhkForm(CapitalisedLabels, forms.ModelForm):
    """The RHK itself, plus one 'rencana aksi' text per period of the cycle (plan_<n>)."""

    class Meta:
        model = Rhk
        fields = ["section", "text", "intervened", "link_kind", "perspektif"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "link_kind": forms.RadioSelect,
        }

    def __init__(self, *args, skp, intervenable, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.skp = skp
        self.fields["section"].choices = Section.choices
        self.fields["link_kind"].choices = LinkKind.choices
        self.fields["link_kind"].required = False
        if skp.is_jpt:
            del self.fields["intervened"], self.fields["link_kind"]
            self.fields["perspektif"].required = True
            self.fields["perspektif"].choices = [("", "---------"), *Perspektif.choices]
        else:
            del self.fields["perspektif"]
            field = self.fields["intervened"]
            field.queryset = intervenable
            field.required = False
            field.label_from_instance = lambda rhk: rhk.text
            field.empty_label = _("— none —")
            field.help_text = _(
                "Only your appraising official's approved RHK are offered. Required for A. Utama "
                "before submitting."
            )
        existing = {}
        if self.instance.pk:
            existing = {p.period: p.text for p in self.instance.rencana_aksi.all()}
        for period in periods:
            self.fields[f"plan_{period.number}"] = forms.CharField(
                label=_("Rencana aksi – %(period)s") % {"period": period.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.get(period.number, ""),
            )
        self.period_numbers = [p.number for p in periods]
        add_term_help(
            self,
            {
                "text": "rhk",
                "intervened": "intervensi",
                "link_kind": "cascading",
                "perspektif": "perspektif",
                "plan_*": "rencana_aksi",
            },
        )

    def clean(self):
        # The link an Utama RHK needs is checked when submitting (services.skp_flow): the RHK can
        # be written before the appraising official's SKP is approved, and linked later.
        data = super().clean()
        if not data.get("link_kind") and "link_kind" in self.fields:
            data["link_kind"] = LinkKind.DIRECT
        return data

    @property
    def plan_fields(self):
        return [self[f"plan_{n}"] for n in self.period_numbers]

    def plans(self) -> dict[int, str]:
        return {n: self.cleaned_data.get(f"plan_{n}", "") for n in self.period_numbers}


class IkiForm(forms.ModelForm):
    class Meta:
        model = Iki
        fields = [
            "aspek",
            "indicator",
            "target_direction",
            "target_value",
            "target_upper",
            "target_unit",
            "target_text",
        ]
        widgets = {"indicator": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "target_direction": _("Direction"),
            "target_value": _("Target value"),
            "target_upper": _("Upper bound (range)"),
            "target_unit": _("Target unit"),
            "target_text": _("Narrative target"),
        }
        help_texts = {"target_direction": DIRECTION_HELP}

    def __init__(self, *args, approach=Approach.KUANTITATIF, **kwargs):
        super().__init__(*args, **kwargs)
        self.approach = approach
        direction_defaults_to_at_least(self)
        for name in ("target_value", "target_upper"):
            target = self.fields[name]
            # As in the library and the realisation: a target is never below zero.
            target.validators.append(MinValueValidator(Decimal(0)))
            target.widget.attrs.update({"inputmode": "decimal", "step": "any", "min": "0"})
        add_term_help(self, {"aspek": "aspek", "indicator": "iki"})

    def clean(self):
        data = super().clean()
        if self.cleaned_data.get("DELETE") or not self.has_changed():
            return data
        clean_target_direction(self, data)
        value, unit, text = (
            data.get("target_value"),
            data.get("target_unit"),
            data.get("target_text"),
        )
        if self.approach == Approach.KUANTITATIF:
            if value is None:
                self.add_error("target_value", _("Give the target as a number."))
            if not unit:
                self.add_error("target_unit", _("Give the unit of the target (e.g. dokumen, %)."))
        elif value is None and not (text or "").strip():
            self.add_error("target_text", _("Give a target: a number or a narrative."))
        return data


class BaseIkiFormSet(forms.BaseFormSet):
    def __init__(self, *args, approach=Approach.KUANTITATIF, **kwargs):
        self.approach = approach
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "approach": self.approach}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            approach=self.approach,
            renderer=self.renderer,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("Add at least one indicator (IKI)."))

    def rows(self) -> list[dict]:
        fields = IkiForm.Meta.fields
        initial = self.initial_form_count()
        kept = [
            (index, form)
            for index, form in enumerate(self.forms)
            # An existing indicator stays unless ticked for removal; a blank extra row is ignored.
            if (index < initial or form.has_changed()) and not form.cleaned_data.get("DELETE")
        ]
        # "source": which existing indicator (in order) the row edits, None for a new one.
        return [
            {name: form.cleaned_data.get(name) for name in fields}
            | {"target_unit": form.cleaned_data.get("target_unit") or ""}
            | {"target_text": form.cleaned_data.get("target_text") or ""}
            | {"source": index if index < initial else None}
            for index, form in kept
        ]


IkiFormSet = forms.formset_factory(IkiForm, formset=BaseIkiFormSet, extra=0, can_delete=True)


def iki_formset(data, rhk: Rhk | None, approach: str) -> BaseIkiFormSet:
    """The IKI rows of an RHK: its existing indicators, plus empty rows to fill in."""
    initial = []
    if rhk is not None and rhk.pk:
        initial = [{name: getattr(i, name) for name in IkiForm.Meta.fields} for i in rhk.ikis.all()]
    formset_class = forms.formset_factory(
        IkiForm, formset=BaseIkiFormSet, extra=max(3 - len(initial), 1), can_delete=True
    )
    return formset_class(data, initial=initial, prefix="iki", approach=approach)


class LampiranForm(forms.Form):
    """The three Lampiran lists, one item per line."""

    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in LampiranKind:
            lines = [item.text for item in skp.lampiran.all() if item.kind == kind]
            self.fields[kind.value] = forms.CharField(
                label=kind.label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial="\n".join(lines),
                help_text=_("One item per line."),
            )
        add_term_help(self, {LampiranKind.values[0]: "lampiran"})

    def lists(self) -> dict[str, list[str]]:
        return {kind: self.cleaned_data[kind].splitlines() for kind in LampiranKind.values}


class ExpectationsForm(forms.Form):
    def __init__(self, *args, skp, **kwargs):
        super().__init__(*args, **kwargs)
        current = {e.value: e.text for e in skp.expectations.all()}
        for value in BerakhlakValue:
            self.fields[value.value] = forms.CharField(
                label=value.label,
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=current.get(value.value, ""),
            )
        add_term_help(self, {BerakhlakValue.values[0]: "ekspektasi"})


class ReturnForm(forms.Form):
    notes = forms.CharField(
        label=_("What should be changed"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the revision"), max_length=255)
