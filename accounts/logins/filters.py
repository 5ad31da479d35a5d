"""Filters of the account status overview (django-filter). The queryset must carry the
`account_state` annotation (account_selectors.account_rows / with_account_state)."""

import django_filters
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _

from accounts.logins.selectors import AccountState, account_state_condition
from accounts.org.models import Employee, OrgUnit
from core.filters import BootstrapFilterSet

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class AccountFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search name or NIP"), method="search")
    opd = django_filters.ModelChoiceFilter(
        label=_("OPD"), field_name="position__unit__opd", queryset=OrgUnit.objects.none()
    )
    state = django_filters.ChoiceFilter(
        label=_("Account status"),
        choices=AccountState.choices,
        empty_label=_("All"),
        method="filter_state",
    )
    has_email = django_filters.ChoiceFilter(
        label=_("Has an e-mail address"),
        choices=YES_NO,
        empty_label=_("All"),
        method="filter_has_email",
    )
    never_logged_in = django_filters.ChoiceFilter(
        label=_("Never logged in"),
        choices=YES_NO,
        empty_label=_("All"),
        method="filter_never_logged_in",
    )

    class Meta:
        model = Employee
        fields = ["q", "opd", "state", "has_email", "never_logged_in"]

    def __init__(self, *args, opds=None, **kwargs):
        super().__init__(*args, **kwargs)
        opds = opds if opds is not None else OrgUnit.objects.none()
        self.filters["opd"].queryset = opds
        # BootstrapFilterSet has already built the form (with the class's empty queryset).
        self.form.fields["opd"].queryset = opds

    def search(self, queryset, name, value):
        # A NIP is often written in groups ("19800101 200501 1 001"): ignore the spaces.
        compact = "".join(value.split())
        if compact.isdigit():
            return queryset.filter(nip__startswith=compact)
        return queryset.filter(name__icontains=value.strip())

    def filter_state(self, queryset, name, value):
        return queryset.filter(account_state_condition(value))

    def filter_has_email(self, queryset, name, value):
        return queryset.exclude(email="") if value == "yes" else queryset.filter(email="")

    def filter_never_logged_in(self, queryset, name, value):
        # No account at all also means never logged in (the LEFT JOIN yields a null last_login).
        if value == "yes":
            return queryset.filter(user__last_login__isnull=True)
        return queryset.filter(user__last_login__isnull=False)

    def described(self) -> list[tuple[str, str]]:
        """The filters in use as (label, shown value) pairs, for the export's cover sheet."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # invalid values are dropped from cleaned_data, as in .qs
        result = []
        for name, value in self.form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = self.form.fields[name]
            if isinstance(field, ModelChoiceField):
                shown = value
            else:
                shown = dict(getattr(field, "choices", [])).get(value, value)
            result.append((str(field.label), str(shown)))
        return result
