"""What the help keeps per person: which first-login tours they have seen."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TourSeen(models.Model):
    """A tour shown to a user and closed (finished, or dismissed before its last step); it does
    not start by itself again. The help menu replays it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tours_seen"
    )
    tour = models.CharField(_("tour"), max_length=20)
    completed = models.BooleanField(_("followed to the end"), default=False)
    seen_at = models.DateTimeField(_("seen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tour seen")
        constraints = [
            models.UniqueConstraint(fields=["user", "tour"], name="guide_one_tour_seen_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.tour}"
