"""The scheme's form: every number of the Perkada on one page, grouped as the Perkada groups them."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from accounts.choices import JENJANG_BY_KIND, Jenjang, PositionKind
from appraisal.rules import Predicate
from tpp.choices import ActingRuleChoice, AttendanceBaseChoice, LeaveKind, PerformanceMeasure
from tpp.schemes.models import SchemeVersion

BANDS = range(1, 5)
# The functional levels a Perkada may pay by jenjang rather than by class.
JENJANG_KEYS = tuple(
    (str(kind), str(jenjang)) for kind, levels in JENJANG_BY_KIND.items() for jenjang in levels
)
CLASSES = range(1, 18)
MAX_BASIS = 1_000_000_000  # Rp per month: far above any Perkada's highest basis


def _percent(label) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        localize=True,
    )


class SchemeForm(forms.Form):
    performance_share = _percent(_("Performance share (%)"))
    discipline_share = _percent(_("Discipline share (%)"))
    measure = forms.ChoiceField(
        label=_("Performance measured by"), choices=PerformanceMeasure.choices
    )
    no_predicate_percent = _percent(_("Without a predicate (percent of the performance share)"))
    absence_percent = _percent(_("Absence without leave (% per day)"))
    deduction_cap = _percent(_("Monthly cap on attendance deductions (%)"))
    attendance_base = forms.ChoiceField(
        label=_("Attendance deductions are taken from"), choices=AttendanceBaseChoice.choices
    )
    acting_rule = forms.ChoiceField(label=_("A Plt is paid"), choices=ActingRuleChoice.choices)
    acting_percent = _percent(_("Plt: percent of the acting post's basis"))
    reason = forms.CharField(label=_("Reason for the change"), max_length=255)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for predicate in Predicate:
            self.fields[f"predicate_{predicate.name}"] = _percent(predicate.label)
        for band in BANDS:
            self.fields[f"late_{band}"] = _percent(f"TL{band}")
            self.fields[f"early_{band}"] = _percent(f"PSW{band}")
        for kind in LeaveKind:
            self.fields[f"leave_{kind.value}"] = _percent(kind.label)
        for kelas in CLASSES:
            self.fields[f"class_{kelas}"] = forms.IntegerField(
                label=_("Class %(kelas)s") % {"kelas": kelas},
                min_value=0,
                max_value=MAX_BASIS,
                required=False,
            )

        for kind, jenjang in JENJANG_KEYS:
            self.fields[f"jenjang_{kind}_{jenjang}"] = forms.IntegerField(
                label=Jenjang(jenjang).label,
                min_value=0,
                max_value=MAX_BASIS,
                required=False,
            )

    def _group(self, prefix: str) -> list:
        return [self[name] for name in self.fields if name.startswith(prefix)]

    # The template lays each group out as a row of small fields.
    predicate_fields = property(lambda self: self._group("predicate_"))
    late_fields = property(lambda self: self._group("late_"))
    early_fields = property(lambda self: self._group("early_"))
    leave_fields = property(lambda self: self._group("leave_"))
    class_fields = property(lambda self: self._group("class_"))
    expert_fields = property(
        lambda self: self._group(f"jenjang_{PositionKind.FUNGSIONAL_KEAHLIAN}_")
    )
    skilled_fields = property(
        lambda self: self._group(f"jenjang_{PositionKind.FUNGSIONAL_KETERAMPILAN}_")
    )

    def values(self) -> dict:
        """The cleaned data as SchemeVersion's fields."""
        data = self.cleaned_data
        return {
            "performance_share": data["performance_share"],
            "discipline_share": data["discipline_share"],
            "measure": data["measure"],
            "predicate_percent": {p.name: str(data[f"predicate_{p.name}"]) for p in Predicate},
            "no_predicate_percent": data["no_predicate_percent"],
            "late_percent": [str(data[f"late_{b}"]) for b in BANDS],
            "early_percent": [str(data[f"early_{b}"]) for b in BANDS],
            "absence_percent": data["absence_percent"],
            "leave_percent": {k.value: str(data[f"leave_{k.value}"]) for k in LeaveKind},
            "deduction_cap": data["deduction_cap"],
            "attendance_base": data["attendance_base"],
            "acting_rule": data["acting_rule"],
            "acting_percent": data["acting_percent"],
        }

    def class_bases(self) -> dict[int, int]:
        return {k: self.cleaned_data[f"class_{k}"] or 0 for k in CLASSES}

    def jenjang_bases(self) -> dict[tuple[str, str], int]:
        """(position kind, jenjang) → basis, for the levels given one (the rest: their class)."""
        values = {key: self.cleaned_data[f"jenjang_{key[0]}_{key[1]}"] for key in JENJANG_KEYS}
        return {key: amount for key, amount in values.items() if amount is not None}


def initial_from(version: SchemeVersion) -> dict:
    """The form's initial values: the version in force."""
    initial = {
        name: getattr(version, name)
        for name in (
            "performance_share",
            "discipline_share",
            "measure",
            "no_predicate_percent",
            "absence_percent",
            "deduction_cap",
            "attendance_base",
            "acting_rule",
            "acting_percent",
        )
    }
    for name, value in version.predicate_percent.items():
        initial[f"predicate_{name}"] = Decimal(value)
    for index, value in enumerate(version.late_percent, start=1):
        initial[f"late_{index}"] = Decimal(value)
    for index, value in enumerate(version.early_percent, start=1):
        initial[f"early_{index}"] = Decimal(value)
    for kind in LeaveKind:
        initial[f"leave_{kind.value}"] = Decimal(version.leave_percent.get(kind.value, "0"))
    for kelas, amount in version.bases.filter(kind="class").values_list("kelas", "amount"):
        initial[f"class_{kelas}"] = amount
    jenjang_rows = version.bases.filter(kind="jenjang")
    for kind, jenjang, amount in jenjang_rows.values_list("position_kind", "jenjang", "amount"):
        initial[f"jenjang_{kind}_{jenjang}"] = amount
    return initial


class PostsForm(forms.Form):
    file = forms.FileField(label=_("Workbook (.xlsx)"))
    reason = forms.CharField(label=_("Reason for the change"), max_length=255)
