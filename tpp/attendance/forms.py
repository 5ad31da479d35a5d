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
from tpp.choices import ExemptionKind

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
    level = forms.CharField(label=_("Penalty"), max_length=120)
    percent = forms.DecimalField(
        label=_("TPP cut (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
        localize=True,
    )
    first_month = forms.DateField(
        label=_("From month"), widget=forms.DateInput(attrs={"type": "date"})
    )
    months = forms.IntegerField(label=_("For months"), min_value=1, max_value=36)
    decree_number = forms.CharField(label=_("Decree number"), max_length=120)
    decree_date = forms.DateField(
        label=_("Decree date"), widget=forms.DateInput(attrs={"type": "date"})
    )


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
