"""Enumerations of the feedback app (domain §4), with their Indonesian labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadSubject(models.TextChoices):
    RHK = "rhk", _("A result (RHK)")
    IKI = "iki", _("An indicator's realisation")
    VALUE = "value", _("A BerAKHLAK value")


class SessionKind(models.TextChoices):
    DIALOG = "dialog", "Dialog kinerja"
    COACHING = "coaching", "Coaching"
    MENTORING = "mentoring", "Mentoring"
    KONSELING = "konseling", "Konseling"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")


# The employee's short rating of a coaching session: fixed Indonesian statements, 1–5 each.
SESSION_STATEMENTS = {
    "dipahami": "Saya merasa diperhatikan dan dipahami.",
    "jelas": "Tujuan dan tindak lanjut sesi ini jelas bagi saya.",
    "bermanfaat": "Sesi ini bermanfaat untuk pekerjaan saya.",
    "didukung": "Saya merasa didukung untuk meningkatkan kinerja.",
}
SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class Relation360(models.TextChoices):
    PEER = "peer", _("Peer")
    SUBORDINATE = "subordinate", _("Subordinate")


# Public feedback: the service aspects a citizen rates, 1–5 each.
class ServiceAspect(models.TextChoices):
    KERAMAHAN = "keramahan", "Keramahan"
    KECEPATAN = "kecepatan", "Kecepatan"
    KEJELASAN = "kejelasan", "Kejelasan informasi"


class DropReason(models.TextChoices):
    RATE_LIMIT = "rate_limit", _("Too many from one client")
    HONEYPOT = "honeypot", _("Hidden field filled (a robot)")
    TOO_FAST = "too_fast", _("Sent too fast after opening")
    DUPLICATE = "duplicate", _("Same feedback sent again")
    REUSED_FORM = "reused_form", _("A form already sent, sent again")
