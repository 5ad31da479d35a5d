from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import DeliveryPreference


class DeliveryPreferenceForm(forms.ModelForm):
    class Meta:
        model = DeliveryPreference
        fields = ["email_mode"]
        labels = {"email_mode": _("E-mail me")}
        widgets = {"email_mode": forms.RadioSelect}
        help_texts = {
            "email_mode": _(
                "Everything always stays in your inbox here. Deadline reminders are also "
                "e-mailed whatever you choose: they can come in the daily e-mail, not be "
                "switched off."
            )
        }
