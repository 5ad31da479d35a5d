from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.choices import EmailMode
from notifications.models import DeliveryPreference


class DeliveryPreferenceForm(forms.ModelForm):
    """`others`: the server has channels beside e-mail (only then may e-mail be switched off);
    `carried`: one of them, verified, carries this person's deadline reminders."""

    class Meta:
        model = DeliveryPreference
        fields = ["email_mode"]
        labels = {"email_mode": _("E-mail me")}
        widgets = {"email_mode": forms.RadioSelect}
        help_texts = {
            "email_mode": _(
                "Everything always stays in your inbox here. Deadline reminders cannot be switched "
                "off: they come by e-mail (perhaps in the daily e-mail) unless another channel "
                "below carries them."
            )
        }

    def __init__(self, *args, others: bool = False, carried: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.carried = carried
        if not others:
            field = self.fields["email_mode"]
            field.choices = [(v, label) for v, label in field.choices if v != EmailMode.OFF]

    def clean_email_mode(self):
        mode = self.cleaned_data["email_mode"]
        if mode == EmailMode.OFF and not self.carried:
            raise forms.ValidationError(
                _(
                    "Deadline reminders must reach you somewhere: first confirm a WhatsApp number "
                    "or link Telegram below and let it receive deadline reminders."
                )
            )
        return mode
