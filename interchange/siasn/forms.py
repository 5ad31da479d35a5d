"""The admin BKD's form to read the organisation from SIASN."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.org.models import OrgUnit
from interchange.siasn.pull import NIP

MAX_NIPS = 500


class PullForm(forms.Form):
    opd = forms.ModelChoiceField(
        label=gettext_lazy("OPD"),
        queryset=OrgUnit.objects.filter(parent__isnull=True, is_active=True).order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=gettext_lazy("All OPDs"),
    )
    nips = forms.CharField(
        label=gettext_lazy("NIPs of new employees"),
        help_text=gettext_lazy(
            "SIASN gives no list of an instansi's employees: our employees are read by their "
            "NIP, and newcomers by the NIPs typed here (one per line)."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=MAX_NIPS * 20,
    )

    def clean_nips(self) -> list[str]:
        nips = [n for n in re.split(r"[\s,;]+", self.cleaned_data["nips"]) if n]
        wrong = [n for n in nips if not NIP.match(n)]
        if wrong:
            raise forms.ValidationError(
                _("A NIP has 18 digits: %(nips)s.") % {"nips": ", ".join(wrong[:5])},
                code="nip",
            )
        if len(nips) > MAX_NIPS:
            raise forms.ValidationError(
                _("At most %(max)d NIPs at a time.") % {"max": MAX_NIPS}, code="too_many"
            )
        return list(dict.fromkeys(nips))
