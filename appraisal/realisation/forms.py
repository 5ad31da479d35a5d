"""Forms of the year's work: daily progress, the realisation of a period, evidence.

They validate shape only (a date, a number, a file or a link); the rules (no future day, the
window, the file's type by content) live in services.realisation and evidence.check_upload.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.validators import URLValidator
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from appraisal.choices import Approach, Section
from appraisal.plans.models import Iki, RencanaAksi, Rhk, Skp
from core.dates import BoundedDateField
from core.forms import CapitalisedLabels
from core.glossary import add_term_help
from core.widgets import DateInput

OPTION_LENGTH = 90  # long RHK texts are cut in the select; the full text shows in the list


def _short(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(OPTION_LENGTH)


class DailyLogForm(CapitalisedLabels, forms.Form):
    day = BoundedDateField(label=_("date"), widget=DateInput())
    target = forms.ChoiceField(label=_("for which RHK"))
    activity = forms.CharField(
        label=_("activity"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    output = forms.CharField(label=_("output"), max_length=255, required=False)
    file = forms.FileField(label=_("evidence file (optional)"), required=False)

    def __init__(self, *args, skp: Skp, today: dt.date, period: int | None, **kwargs):
        kwargs.setdefault("initial", {"day": today})
        super().__init__(*args, **kwargs)
        self.fields["day"].widget.attrs["max"] = today.isoformat()
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"
        self.fields["output"].widget.attrs["placeholder"] = _("e.g. a report, minutes, data")
        self._targets: dict[str, tuple[Rhk, RencanaAksi | None]] = {}
        groups: dict[str, list[tuple[str, str]]] = {s.value: [] for s in Section}
        plans: list[tuple[str, str]] = []
        for rhk in skp.rhks.all():
            key = f"rhk:{rhk.public_id}"
            self._targets[key] = (rhk, None)
            groups.setdefault(rhk.section, []).append((key, _short(rhk.text)))
            for plan in rhk.rencana_aksi.all():
                if plan.period == period:
                    key = f"aksi:{rhk.public_id}"
                    self._targets[key] = (rhk, plan)
                    plans.append((key, _short(plan.text)))
        choices: list = [("", "—")]
        for section in Section:
            if groups[section.value]:
                choices.append((section.label, groups[section.value]))
        if plans:
            period_label = skp.cycle.period(period).label if period else ""
            choices.append((_("Rencana aksi %(period)s") % {"period": period_label}, plans))
        self.fields["target"].choices = choices

    def clean_target(self):
        key = self.cleaned_data["target"]
        if key not in self._targets:
            raise forms.ValidationError(_("Choose one of your RHK."))
        return key

    @property
    def rhk(self) -> Rhk:
        return self._targets[self.cleaned_data["target"]][0]

    @property
    def rencana_aksi(self) -> RencanaAksi | None:
        return self._targets[self.cleaned_data["target"]][1]


def value_field(iki: Iki) -> str:
    return f"value_{iki.pk}"


def narrative_field(iki: Iki) -> str:
    return f"narrative_{iki.pk}"


def shows_value(iki: Iki) -> bool:
    """A number is asked for every indicator with a numeric target."""
    return iki.target_value is not None


def shows_narrative(skp: Skp, iki: Iki) -> bool:
    """A narrative under the qualitative approach, and for a target written in words."""
    return skp.approach == Approach.KUALITATIF or iki.target_value is None


class RealisationForm(forms.Form):
    """One value and/or narrative per IKI, then kendala and rencana tindak lanjut.

    The inputs sit inside the RHK cards beside the evidence forms, which cannot be nested in
    this one: each input names its form with the HTML `form` attribute instead.
    """

    FORM_ID = "realisation-form"

    kendala = forms.CharField(
        label=_("Obstacles"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label=_("Follow-up plan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, skp: Skp, ikis: list[Iki], **kwargs):
        super().__init__(*args, **kwargs)
        self.ikis = ikis
        for iki in ikis:
            if shows_value(iki):
                field = forms.DecimalField(
                    label=_("Realisation"),
                    required=False,
                    min_value=Decimal(0),
                    max_digits=12,
                    decimal_places=2,
                )
                field.widget.attrs.update({"inputmode": "decimal", "step": "any"})
                self.fields[value_field(iki)] = field
            if shows_narrative(skp, iki):
                self.fields[narrative_field(iki)] = forms.CharField(
                    label=_("Narrative realisation"),
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        for field in self.fields.values():
            field.widget.attrs["form"] = self.FORM_ID
            field.widget.attrs.setdefault("class", "form-control")

    def mark_invalid(self) -> None:
        """Inputs rendered by hand get Bootstrap's error style."""
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def values(self) -> dict[int, tuple[Decimal | None, str]]:
        """What realisation_save takes: iki id → (number or None, narrative)."""
        data = self.cleaned_data
        return {
            iki.pk: (data.get(value_field(iki)), data.get(narrative_field(iki)) or "")
            for iki in self.ikis
        }


class EvidenceForm(forms.Form):
    """A file or a link for one RHK of the period."""

    rhk = forms.UUIDField(widget=forms.HiddenInput, required=False)
    file = forms.FileField(label=_("File"), required=False)
    link = forms.URLField(
        label=_("or a link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        # Served as a redirect later: only web addresses, never javascript: or file:.
        validators=[URLValidator(schemes=["http", "https"])],
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"
        self.fields["link"].widget.attrs["placeholder"] = "https://"
        self.fields["description"].widget.attrs["placeholder"] = _("What does it show?")
        add_term_help(self, {"file": "bukti_dukung"})

    def clean(self):
        data = super().clean()
        has_file, has_link = bool(data.get("file")), bool(data.get("link"))
        if not self.errors and has_file == has_link:
            raise forms.ValidationError(_("Choose a file or give a link (one of them)."))
        return data
