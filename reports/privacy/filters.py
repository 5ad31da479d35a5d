"""The access log's search (django-filter): whose data, who opened it, what, from and until when.

Every field is optional; a value that cannot be used is explained on the form in the reader's
language (Indonesian by default) and the search then shows nothing rather than everything.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.privacy.models import AccessKind, PersonalDataAccess
from core.filters import BootstrapFilterSet

# The log starts with this application; the bounds keep a day's start and end representable in
# every time zone (0001-01-01 or 9999-12-31 would overflow when shifted to UTC).
EARLIEST = dt.date(2000, 1, 1)
LATEST = dt.date(2999, 12, 31)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AccessLogForm(forms.Form):
    def clean_subject(self):
        nip = (self.cleaned_data.get("subject") or "").strip()
        if nip and not (nip.isascii() and nip.isdigit()):
            raise forms.ValidationError(_("A NIP is made of digits only."))
        return nip

    def _day(self, name):
        day = self.cleaned_data.get(name)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise forms.ValidationError(
                _("Choose a date between %(first)s and %(last)s.")
                % {"first": EARLIEST.year, "last": LATEST.year}
            )
        return day

    def clean_since(self):
        return self._day("since")

    def clean_until(self):
        return self._day("until")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date is before the start date."))
        return data


class AccessLogFilter(BootstrapFilterSet):
    subject = django_filters.CharFilter(
        label=_("Whose data (NIP)"), method="by_subject", max_length=18
    )
    who = django_filters.CharFilter(
        label=_("Opened by (username or NIP)"), method="by_user", max_length=150
    )
    kind = django_filters.ChoiceFilter(label=_("What"), choices=AccessKind.choices)
    since = django_filters.DateFilter(label=_("From"), method="from_day", widget=DATE)
    until = django_filters.DateFilter(label=_("Until"), method="until_day", widget=DATE)

    class Meta:
        model = PersonalDataAccess
        form = AccessLogForm
        fields = ["subject", "who", "kind", "since", "until"]

    @property
    def qs(self):
        # A search that could not be read shows nothing: the log's newest rows are not what the
        # reader asked for.
        if self.is_bound and not self.is_valid():
            return self.queryset.none()
        return super().qs

    def by_subject(self, queryset, name, value):
        return queryset.filter(subject__nip=value)

    def by_user(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(user__username__iexact=value) | Q(user__employee__nip=value))

    def from_day(self, queryset, name, value):
        return queryset.filter(at__gte=_start_of(value))

    def until_day(self, queryset, name, value):
        return queryset.filter(at__lt=_start_of(value + dt.timedelta(days=1)))
