"""Forms of dialog kinerja and coaching records: shape only (who may record is the service's)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.widgets import DateInput
from feedback.choices import SCORE_CHOICES, SESSION_STATEMENTS, SessionKind
from feedback.coaching.models import CoachingSession, FollowUp

FOLLOW_UP_ROWS = 3


class SessionForm(forms.ModelForm):
    class Meta:
        model = CoachingSession
        fields = ["kind", "held_on", "participants", "topic", "agreements"]
        widgets = {
            "held_on": DateInput(),
            "agreements": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"participants": _("Others who took part, if any.")}

    def __init__(self, *args, dialog_only: bool = False, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("held_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        if dialog_only:
            self.fields["kind"].choices = [(SessionKind.DIALOG, SessionKind.DIALOG.label)]
            self.fields["kind"].initial = SessionKind.DIALOG


class FollowUpForm(forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["text", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False


FollowUpFormSet = forms.formset_factory(FollowUpForm, extra=FOLLOW_UP_ROWS, max_num=10)


class RatingForm(forms.Form):
    """One 1–5 choice per statement of SESSION_STATEMENTS, and a comment."""

    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, statement in SESSION_STATEMENTS.items():
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=statement,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.order_fields([f"score_{key}" for key in SESSION_STATEMENTS] + ["comment"])

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"score_{key}"] for key in SESSION_STATEMENTS}
