"""Forms of public feedback: the citizens' form (shape only; the abuse checks are the service's),
the moderation reason, the channel form and the moderation filters."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import django_filters
from django import forms
from django.core import signing
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from accounts.org.models import OrgUnit
from core.filters import BootstrapFilterSet, BoundedDateFilter
from core.widgets import SearchableSelect, bound_choices
from feedback.choices import ServiceAspect
from feedback.public.models import PublicFeedback

STAMP_SALT = "feedback.public.form-stamp"
NONCE_LENGTH = 32  # PublicFormStamp.nonce; token_urlsafe(16) makes 22 characters
SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]
ASPECTS = [a.value for a in ServiceAspect]


@dataclass(frozen=True)
class FormStamp:
    """What a form's signed stamp says: when it was served, and its one-time nonce."""

    nonce: str
    served_at: float  # seconds since the epoch

    @property
    def elapsed(self) -> float:
        return time.time() - self.served_at


def make_stamp(code: str) -> str:
    """A signed "served at" time bound to the channel, with a random nonce: the minimum fill time
    cannot be faked by posting an old or a made-up value, and the service accepts each nonce
    once, within PUBLIC_FEEDBACK_FORM_HOURS (services.stamp_use). Serving the form writes
    nothing: only a used stamp is remembered, so requests for the page cannot fill a table."""
    payload = {"c": code, "t": time.time(), "n": secrets.token_urlsafe(16)}
    return signing.dumps(payload, salt=STAMP_SALT, compress=True)


def read_stamp(stamp: str, code: str) -> FormStamp | None:
    """The stamp's content, or None when it is missing, forged, for another channel or from
    before stamps had a nonce."""
    try:
        data = signing.loads(stamp or "", salt=STAMP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != code:
        return None
    try:
        nonce, served_at = str(data["n"]), float(data["t"])
    except (KeyError, TypeError, ValueError):
        return None
    return FormStamp(nonce, served_at) if 0 < len(nonce) <= NONCE_LENGTH else None


class ScoreRadio(forms.RadioSelect):
    template_name = "feedback/public/_score_radio.html"


class PublicFeedbackForm(forms.Form):
    keramahan = forms.TypedChoiceField(
        label=ServiceAspect.KERAMAHAN.label, choices=SCORE_CHOICES, coerce=int, widget=ScoreRadio
    )
    kecepatan = forms.TypedChoiceField(
        label=ServiceAspect.KECEPATAN.label, choices=SCORE_CHOICES, coerce=int, widget=ScoreRadio
    )
    kejelasan = forms.TypedChoiceField(
        label=ServiceAspect.KEJELASAN.label, choices=SCORE_CHOICES, coerce=int, widget=ScoreRadio
    )
    comment = forms.CharField(
        label=_("Comment or suggestion"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control form-control-lg"}),
    )
    contact = forms.CharField(
        label=_("Contact (optional)"),
        help_text=_("Phone or e-mail, only if you would like a reply."),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}),
    )
    # The honeypot: hidden from people (CSS and aria-hidden), filled by naive robots.
    website = forms.CharField(
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(required=False, widget=forms.HiddenInput)

    def scores(self) -> dict[str, int]:
        return {aspect: self.cleaned_data[aspect] for aspect in ASPECTS}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
    )


class EmployeeChannelForm(forms.Form):
    nip = forms.CharField(
        label=_("NIP of the front-line employee"),
        max_length=18,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric"}),
    )


HIDDEN_CHOICES = [("visible", _("Visible")), ("hidden", _("Hidden"))]
LOWEST_CHOICES = [(n, _("%(n)s or lower") % {"n": n}) for n in range(1, 5)]


class PublicFeedbackFilter(BootstrapFilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), field_name="channel__unit", queryset=OrgUnit.objects.none()
    )
    start = BoundedDateFilter(
        label=_("From"),
        field_name="submitted_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = BoundedDateFilter(
        label=_("Until"),
        field_name="submitted_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    lowest = django_filters.ChoiceFilter(
        label=_("Any aspect rated"),
        choices=LOWEST_CHOICES,
        method="filter_lowest",
        empty_label=_("All"),
    )
    hidden = django_filters.ChoiceFilter(
        label=_("Comment"), choices=HIDDEN_CHOICES, method="filter_hidden", empty_label=_("All")
    )

    class Meta:
        model = PublicFeedback
        fields = ["unit", "start", "end", "lowest", "hidden"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        # BootstrapFilterSet has built the form already: give both the filter and its field the
        # units in the user's scope.
        units = units if units is not None else OrgUnit.objects.none()
        self.filters["unit"].queryset = units
        field = self.form.fields["unit"]
        field.queryset = units
        # A province has thousands of units: render a searchable select with the first ones
        # (and the one chosen), not a 400 kB list of options.
        field.widget = SearchableSelect(
            search_url=reverse_lazy("org:unit_options"), attrs={"class": "form-select"}
        )
        typed = self.form.data.get("unit") if self.is_bound else None
        # isdecimal, not isdigit: a pk lookup refuses "²" with a ValueError.
        selected = units.filter(pk=typed).first() if str(typed or "").isdecimal() else None
        bound_choices(field, units.order_by("code"), selected)

    def filter_lowest(self, queryset, name, value):
        n = int(value)
        return queryset.filter(Q(keramahan__lte=n) | Q(kecepatan__lte=n) | Q(kejelasan__lte=n))

    def filter_hidden(self, queryset, name, value):
        return queryset.filter(hidden_at__isnull=value != "hidden")
