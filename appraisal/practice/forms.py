"""The admin BKD's form that opens a practice cycle, and the confirmation that wipes it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.org.selectors import active_opds
from appraisal.practice.services import MAX_DAYS
from core.forms import IdChoices


class OpdChoices(IdChoices):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} · {obj.name}"  # two OPDs may share a name: the code tells them apart


class PracticeOpenForm(forms.Form):
    title = forms.CharField(
        label=_("Workshop"),
        max_length=120,
        help_text=_("What the participants will see, e.g. “Bimtek SKP Dinas Kesehatan, 14 Dec”."),
    )
    opds = OpdChoices(
        label=_("Participants: the employees of these OPDs"),
        queryset=active_opds(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "required": _("Choose at least one OPD."),
            "invalid_pk_value": _("“%(pk)s” is not an OPD."),
            "invalid_choice": _("“%(value)s” is not an OPD."),
            "invalid_list": _("Choose OPDs from the list."),
        },
    )
    days = forms.IntegerField(
        label=_("Days open"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=14,
        help_text=_("Every step (plan, realisation, rating, objection) is open from today."),
    )


class PracticeWipeForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that everything done in the practice cycle will be deleted."),
        error_messages={"required": _("Tick the box to confirm the wipe.")},
    )
