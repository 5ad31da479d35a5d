"""Enumerations of cycles and work plans, with the official Indonesian labels (domain §2–§3)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    BULANAN = "bulanan", _("Monthly (bulanan)")
    TRIWULANAN = "triwulanan", _("Quarterly (triwulanan)")
    SEMESTERAN = "semesteran", _("Half-yearly (semesteran)")


class CycleStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    OPEN = "open", _("Open")
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
