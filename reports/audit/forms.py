"""The audit trail's search form: what to look for, all optional; bad values are explained."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.logins.models import User
from core.dates import BoundedDateField
from reports.audit.selectors import Criteria, sources

ACTIONS = [("", _("Any change")), ("+", _("Created")), ("~", _("Changed")), ("-", _("Deleted"))]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditSearchForm(forms.Form):
    employee = forms.CharField(
        label=_("Concerning (NIP)"),
        required=False,
        max_length=18,
        help_text=_("The records of this employee: work plans, realisations, evaluations…"),
    )
    actor = forms.CharField(label=_("Done by (username or NIP)"), required=False, max_length=150)
    source = forms.ChoiceField(label=_("What"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=ACTIONS)
    reason = forms.CharField(label=_("Reason contains"), required=False, max_length=100)
    since = BoundedDateField(label=_("From"), required=False, widget=DATE)
    until = BoundedDateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("Everything"))] + [
            (label, source.name) for label, source in sources().items()
        ]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = css

    def clean_employee(self):
        nip = self.cleaned_data["employee"].strip()
        if nip and not nip.isdigit():
            raise forms.ValidationError(_("A NIP is made of digits only."))
        return nip

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        actor = data.get("actor", "").strip()
        user_ids = None
        if actor:
            user_ids = list(
                User.objects.filter(Q(username__iexact=actor) | Q(employee__nip=actor)).values_list(
                    "pk", flat=True
                )
            )
        return Criteria(
            source=data.get("source") or "",
            action=data.get("action") or "",
            user_ids=user_ids,
            employee_nip=data.get("employee", ""),
            reason=data.get("reason", "").strip(),
            since=data.get("since"),
            until=data.get("until"),
        )
