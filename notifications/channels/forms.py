from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from notifications.choices import ChannelMode


class PhoneForm(forms.Form):
    number = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        help_text=_("The number you use on WhatsApp, e.g. 0812 3456 7890. A code is sent to it."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code received"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
        validators=[RegexValidator(r"^[0-9]{6}$", _("The code has 6 digits."))],
        error_messages={"min_length": _("The code has 6 digits.")},
    )


class ModeForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Receive here"), choices=ChannelMode.choices, widget=forms.RadioSelect
    )
