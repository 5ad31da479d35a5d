"""Enumerations of cycles and work plans, with the official Indonesian labels (domain §2–§3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from appraisal.rules import OrgPredicate, Predicate, Rating


class Frequency(models.TextChoices):
    BULANAN = "bulanan", _("Monthly (bulanan)")
    TRIWULANAN = "triwulanan", _("Quarterly (triwulanan)")
    SEMESTERAN = "semesteran", _("Half-yearly (semesteran)")


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    # A state, not the verb "Open" of buttons: "Dibuka" in Indonesian, not "Buka" (issue 20.15).
    OPEN = "open", pgettext_lazy("cycle status", "Open")
    CLOSED = "closed", _("Closed")


class WindowKind(models.TextChoices):
    SKP = "skp", _("SKP drafting and approval")
    PERIOD = "period", _("Realisation and evaluation")
    ANNUAL = "annual", _("Annual evaluation")


class ExtensionScope(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    OPD = "opd", _("One OPD")
    EMPLOYEE = "employee", _("One employee")


class Approach(models.TextChoices):
    KUANTITATIF = "kuantitatif", "Pendekatan Hasil Kerja Kuantitatif"
    KUALITATIF = "kualitatif", "Pendekatan Hasil Kerja Kualitatif"


class SkpStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Diajukan"
    RETURNED = "returned", "Dikembalikan"
    APPROVED = "approved", "Disetujui"
    SUPERSEDED = "superseded", _("Replaced by a revision")


# States in which the owner may still change the plan.
EDITABLE_STATUSES = (SkpStatus.DRAFT, SkpStatus.RETURNED)
# At most one SKP per employee and position period is in one of these at a time.
OPEN_STATUSES = (SkpStatus.DRAFT, SkpStatus.SUBMITTED, SkpStatus.RETURNED)


class Section(models.TextChoices):
    UTAMA = "utama", "A. Utama"
    TAMBAHAN = "tambahan", "B. Tambahan"


class LinkKind(models.TextChoices):
    DIRECT = "direct", _("Direct (a share of the supervisor's target)")
    INDIRECT = "indirect", _("Indirect (a supporting result)")


class LampiranKind(models.TextChoices):
    DUKUNGAN = "dukungan", "Dukungan Sumber Daya"
    SKEMA = "skema", "Skema Pertanggungjawaban"
    KONSEKUENSI = "konsekuensi", "Konsekuensi"


def _from_enum(enum_class) -> list[tuple[str, str]]:
    """Model choices built from a rules.py enum: stored by member name, shown by official label."""
    return [(member.name, member.label) for member in enum_class]


RATING_CHOICES = _from_enum(Rating)
PREDICATE_CHOICES = _from_enum(Predicate)
ORG_PREDICATE_CHOICES = _from_enum(OrgPredicate)


class RealisationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", _("Submitted")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Being scored")
    FINALISED = "finalised", _("Finalised")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the decision")
    DECIDED = "decided", _("Decided")


class ObjectionOutcome(models.TextChoices):
    UPHELD = "upheld", _("Ratings upheld")
    CHANGED = "changed", _("Ratings changed")


ANNUAL = 0  # the period number of the annual (tahunan) evaluation


def in_period_order(field: str = "period") -> tuple:
    """order_by() terms listing periods as the year runs: Triwulan I … IV, then Tahunan (the
    annual one is number 0, so a plain sort would put it first)."""
    return (
        models.Case(models.When(**{field: ANNUAL}, then=models.Value(1)), default=models.Value(0)),
        field,
    )


class LimitBound(models.TextChoices):
    AT_MOST = "at_most", _("at most")
    AT_LEAST = "at_least", _("at least")


class BreachPolicy(models.TextChoices):
    WARN = "warn", _("Warn, then allow finalising")
    JUSTIFY = "justify", _("Require a written justification")


class LineProblem(models.TextChoices):
    """Why an employee's SKP cannot proceed, as the reporting-line diagnostics name it
    (monitoring.diagnostics); a check registered from above may add its own codes."""

    NO_PPK = "no_ppk", _("No appraising official (PPK)")
    PPK_BELOW_PENGAWAS = "ppk_below_pengawas", _("PPK below pengawas level")
    EXPIRED_ACTING = "expired_acting", _("Expired Plt/Plh")
    EXPIRED_OVERRIDE = "expired_override", _("Appraiser override past its end date")
    POSITION_LOOP = "position_loop", _("Loop in the position tree")
    PPK_WITHOUT_SKP = "ppk_without_skp", _("PPK without an approved SKP")
    BROKEN_LINK = "broken_link", _("Broken RHK link")
