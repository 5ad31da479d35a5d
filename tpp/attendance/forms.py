"""The attendance pages' forms: a month's recap file (and how its columns are named), a
disciplinary penalty, an exemption. Shape only: the import and the services check the rest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tpp.attendance.importing import HEADERS
from tpp.choices import PENALTY_DEFAULTS, ExemptionKind, PenaltyKind

MONTHS = [(n, str(n)) for n in range(1, 13)]


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Year"), min_value=2000, max_value=2100, initial=timezone.localdate().year
    )


class RecapUploadForm(forms.Form):
    year = _year_field()
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int)
    opd = forms.ChoiceField(label="OPD", required=False)
    source = forms.CharField(label=_("Attendance system"), max_length=60, initial="Mesin absensi")
    file = forms.FileField(label=_("Recap file (.xlsx or .csv)"))

    def __init__(self, *args, opds=(), whole_agency: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(opd.code, opd.label) for opd in opds]
        self.fields["opd"].choices = (
            [("", _("The whole agency"))] if whole_agency else []
        ) + choices
        self.fields["opd"].required = not whole_agency
        for name, header in HEADERS.items():
            self.fields[f"column_{name}"] = forms.CharField(
                label=header, max_length=60, required=False, help_text=_("The header in your file")
            )

    @property
    def column_fields(self) -> list:
        return [self[name] for name in self.fields if name.startswith("column_")]

    def mapping(self) -> dict[str, str] | None:
        """The headers typed for this file (None: the kept mapping of the source)."""
        typed = {
            name.removeprefix("column_"): value.strip()
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value and value.strip()
        }
        return typed or None


FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class DatesInReason(forms.Form):
    """Every date of the form lies in this century: a year 1 or 9999 is a slip of the keyboard."""

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, dt.date) and not FIRST_DAY <= value <= LAST_DAY:
                self.add_error(name, _("Give a date between 2000 and 2100."))
        return data


class PenaltyForm(DatesInReason):
    nip = forms.CharField(label="NIP", max_length=18)
    level = forms.ChoiceField(label=_("Penalty (PP 94/2021)"), choices=PenaltyKind.choices)
    percent = forms.DecimalField(
        label=_("Cut of the TPP (percent)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
        localize=True,
        required=False,
        help_text=_("Empty for a moderate penalty: 25 percent, as PP 94/2021 sets it."),
    )
    first_month = forms.DateField(
        label=_("From month"), widget=forms.DateInput(attrs={"type": "date"})
    )
    months = forms.IntegerField(
        label=_("For months"),
        min_value=1,
        max_value=36,
        required=False,
        help_text=_("Empty where PP 94/2021 sets it (6, 9 or 12 months)."),
    )
    decree_number = forms.CharField(label=_("Decree number"), max_length=120)
    decree_date = forms.DateField(
        label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        percent, months = PENALTY_DEFAULTS.get(data.get("level"), (None, None))
        for name, default, message in (
            ("percent", percent, _("Give the TPP cut your Perkada sets for this penalty.")),
            ("months", months, _("Give for how many months the cut applies.")),
        ):
            if data.get(name) is None and name not in self.errors:
                if default is None:
                    self.add_error(name, message)
                else:
                    data[name] = Decimal(default) if name == "percent" else default
        return data


class ExemptionForm(DatesInReason):
    nip = forms.CharField(label="NIP", max_length=18)
    kind = forms.ChoiceField(label=_("Exemption"), choices=ExemptionKind.choices)
    first_month = forms.DateField(
        label=_("From month"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_month = forms.DateField(
        label=_("To month"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Reason or decree"), max_length=255)
