"""Forms of the organisation pages; they validate shape, the rules live in services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.choices import GOLONGAN_CHOICES, AdminRoleKind, AssignmentKind
from accounts.org.models import AgencyProfile, Employee, OrgUnit, Position
from accounts.org.nip import NipError, validate_nip_text
from core.dates import BoundedDateField
from core.forms import CapitalisedLabels
from core.widgets import DateInput, SearchableSelect, bound_choices


class UnitChoiceField(forms.ModelChoiceField):
    """A unit picked from a searchable list; validated against the whole allowed queryset."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("Choose a unit…"))
        kwargs.setdefault("widget", SearchableSelect(search_url=reverse_lazy("org:unit_options")))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.label


def _offer(form, name, allowed, preferred=None, selected=None, order=("pk",)) -> None:
    """Allow every object in `allowed`; render those in `preferred` (or the first ones) only,
    plus the one already chosen (typed input is never lost on a re-shown form)."""
    field = form.fields[name]
    field.queryset = allowed
    typed = form.data.get(form.add_prefix(name)) if form.is_bound else None
    if typed and str(typed).isdecimal():  # not isdigit: int() refuses "²"
        selected = field.queryset.filter(pk=typed).first() or selected
    shown = preferred if preferred is not None else allowed
    bound_choices(field, shown.order_by(*order), selected)


def _offer_units(form, name, allowed, preferred=None, selected=None) -> None:
    _offer(form, name, allowed, preferred, selected, order=("code",))


class UnitForm(forms.ModelForm):
    parent = UnitChoiceField(
        label=_("parent unit"), queryset=OrgUnit.objects.none(), required=False
    )

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "kind", "parent", "is_active"]

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = units if units is not None else OrgUnit.objects.all()
        opd_id = self.instance.opd_id if self.instance.pk else None
        preferred = allowed.filter(Q(opd_id=opd_id) | Q(pk=opd_id)) if opd_id else None
        _offer_units(self, "parent", allowed, preferred, self.instance.parent)
        self.fields["parent"].help_text = _("Leave empty for a top-level unit (an OPD).")


class PositionChoiceField(forms.ModelChoiceField):
    """A position picked from a searchable list; validated against the whole allowed queryset."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", _("Choose a position…"))
        kwargs.setdefault(
            "widget", SearchableSelect(search_url=reverse_lazy("org:position_options"))
        )
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Position) -> str:
        return f"{obj.name} — {obj.unit.label}"


def _offer_positions(form, name, allowed, preferred=None, selected=None) -> None:
    _offer(
        form,
        name,
        allowed.select_related("unit"),
        preferred.select_related("unit") if preferred is not None else None,
        selected,
        order=("unit__code", "name"),
    )


class PositionForm(CapitalisedLabels, forms.ModelForm):
    parent = PositionChoiceField(
        label=_("parent position"), queryset=Position.objects.none(), required=False
    )
    unit = UnitChoiceField(label=_("unit"), queryset=OrgUnit.objects.none())

    class Meta:
        model = Position
        fields = ["name", "kind", "jenjang", "unit", "parent", "is_active"]

    def __init__(self, *args, units=None, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else OrgUnit.objects.all()
        allowed = positions if positions is not None else Position.objects.all()
        unit = self.instance.unit if self.instance.pk else None
        _offer_units(self, "unit", units, units.filter(opd_id=unit.opd_id) if unit else None, unit)
        preferred = allowed.filter(unit__opd_id=unit.opd_id) if unit else None
        _offer_positions(self, "parent", allowed, preferred, self.instance.parent)
        self.fields["jenjang"].help_text = _("Only for functional positions.")


class EmployeeForm(CapitalisedLabels, forms.ModelForm):
    golongan = forms.ChoiceField(
        label=_("golongan"), choices=[("", "—"), *GOLONGAN_CHOICES], required=False
    )
    reason = forms.CharField(
        label=_("reason for the change"),
        required=False,
        max_length=255,
        help_text=_("Kept in the history; required when the status changes."),
    )

    class Meta:
        model = Employee
        fields = [
            "front_title",
            "name",
            "back_title",
            "employment_type",
            "golongan",
            "email",
            "phone",
            "nik",
            "status",
        ]

    def clean_nik(self):
        return "".join(self.cleaned_data.get("nik", "").split())

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "status" in self.changed_data and not cleaned.get("reason"):
            self.add_error("reason", _("Give a reason for the status change."))
        return cleaned


class EmployeeCreateForm(EmployeeForm):
    position = PositionChoiceField(
        label=_("position"), queryset=Position.objects.none(), required=False
    )
    start_date = BoundedDateField(label=_("in the position since"), widget=DateInput())

    class Meta(EmployeeForm.Meta):
        fields = ["nip", *EmployeeForm.Meta.fields]
        help_texts = {"nip": _("18 digits, as on the decree (spaces are ignored).")}

    def __init__(self, *args, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_positions(
            self, "position", positions if positions is not None else Position.objects.none()
        )
        self.fields["start_date"].initial = timezone.localdate()
        del self.fields["reason"]

    def clean_nip(self):
        try:
            return validate_nip_text(self.cleaned_data["nip"])
        except NipError as error:
            raise forms.ValidationError(str(error)) from None


class TransferForm(CapitalisedLabels, forms.Form):
    position = PositionChoiceField(label=_("new position"), queryset=Position.objects.none())
    start_date = BoundedDateField(label=_("effective date (TMT)"), widget=DateInput())
    note = forms.CharField(label=_("decree / note"), max_length=255)

    def __init__(self, *args, positions=None, employee=None, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = positions if positions is not None else Position.objects.none()
        opd_id = employee.position.unit.opd_id if employee and employee.position else None
        preferred = allowed.filter(unit__opd_id=opd_id) if opd_id else None
        _offer_positions(self, "position", allowed, preferred)
        self.fields["start_date"].initial = timezone.localdate()


class ActingForm(TransferForm):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[
            (AssignmentKind.PLT, AssignmentKind.PLT.label),
            (AssignmentKind.PLH, AssignmentKind.PLH.label),
        ],
    )
    end_date = BoundedDateField(label=_("until"), widget=DateInput(), required=False)
    field_order = ["kind", "position", "start_date", "end_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].label = _("Position to act in")
        self.fields["start_date"].label = _("From")


class EndForm(CapitalisedLabels, forms.Form):
    end_date = BoundedDateField(label=_("last day"), widget=DateInput())
    reason = forms.CharField(label=_("reason"), max_length=255, required=False)


class NipField(forms.CharField):
    """An employee picked by NIP."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        employee = Employee.objects.filter(nip="".join(value.split())).first()
        if employee is None:
            raise forms.ValidationError(_("No employee has NIP %(nip)s.") % {"nip": value})
        return employee


class OverrideForm(CapitalisedLabels, forms.Form):
    ppk = NipField(
        label=_("NIP of the appraising official (PPK)"),
        required=False,
        help_text=_("Leave empty to keep the PPK from the position tree."),
    )
    atasan_ppk = NipField(
        label=_("NIP of the superior of the appraising official"),
        required=False,
        help_text=_("Leave empty to derive it from the PPK."),
    )
    start_date = BoundedDateField(label=_("from"), widget=DateInput())
    end_date = BoundedDateField(label=_("until"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RoleGrantForm(CapitalisedLabels, forms.Form):
    account = forms.CharField(
        label=_("username or NIP"), max_length=150, help_text=_("The person must have an account.")
    )
    kind = forms.ChoiceField(label=_("role"), choices=AdminRoleKind.choices)
    opd = forms.ModelChoiceField(
        label=_("OPD"),
        queryset=OrgUnit.objects.filter(parent__isnull=True).order_by("code"),
        required=False,
        help_text=_("Required for an OPD administrator."),
    )
    reason = forms.CharField(label=_("reason"), max_length=255)

    def clean_account(self):
        from django.contrib.auth import get_user_model

        value = self.cleaned_data["account"].strip()
        User = get_user_model()
        user = User.objects.filter(username__iexact=value).first()
        if user is None and value.isdigit():
            user = User.objects.filter(employee__nip=value).first()
        if user is None:
            raise forms.ValidationError(_("No account has this username or NIP."))
        return user


class AgencyForm(forms.ModelForm):
    class Meta:
        model = AgencyProfile
        fields = ["name", "region_name", "head_name", "head_title"]
