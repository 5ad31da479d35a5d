"""The work plan (Sasaran Kinerja Pegawai) and its parts (domain §3).

An SKP belongs to one employee, one cycle and one position, for a date range inside the year (a
mutasi ends it and starts another). Revising an approved SKP creates a new version; the approved
one stays readable until the revision is approved and then becomes SUPERSEDED. An RHK keeps a
``lineage`` across versions, so a subordinate's cascading link follows the supervisor's RHK
through revisions instead of breaking on every new version.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.org.models import Employee, Position
from appraisal import rules
from appraisal.choices import (
    EDITABLE_STATUSES,
    OPEN_STATUSES,
    Approach,
    LampiranKind,
    LinkKind,
    Section,
    SkpStatus,
)
from appraisal.cycles.models import Cycle
from indicators.choices import (
    TARGET_SIGNS,
    Aspek,
    BerakhlakValue,
    Perspektif,
    TargetDirection,
    target_display,
)
from indicators.models import ExamplePlan, target_direction_constraints


class AppraiserSnapshot(models.Model):
    """PPK and Atasan PPK as they were on the day of approval (name, NIP, rank, post, unit)."""

    ppk_employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ppk_name = models.CharField(max_length=250, blank=True)
    ppk_nip = models.CharField(max_length=18, blank=True)
    ppk_rank = models.CharField(max_length=80, blank=True)
    ppk_title = models.CharField(max_length=250, blank=True)
    ppk_unit = models.CharField(max_length=250, blank=True)
    atasan_employee = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    atasan_name = models.CharField(max_length=250, blank=True)
    atasan_nip = models.CharField(max_length=18, blank=True)
    atasan_rank = models.CharField(max_length=80, blank=True)
    atasan_title = models.CharField(max_length=250, blank=True)
    atasan_unit = models.CharField(max_length=250, blank=True)

    class Meta:
        abstract = True


class Skp(AppraiserSnapshot):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="skps")
    employee = models.ForeignKey(Employee, on_delete=models.PROTECT, related_name="skps")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="skps")
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    approach = models.CharField(
        _("approach"), max_length=12, choices=Approach.choices, default=Approach.KUANTITATIF
    )
    is_jpt = models.BooleanField(_("JPT work plan"), default=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SkpStatus.choices,
        default=SkpStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    revision_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    revision_reason = models.CharField(_("reason for revision"), max_length=255, blank=True)
    # The example plan this draft was started from (kept when the example is edited or retired).
    adapted_from = models.ForeignKey(
        ExamplePlan,
        verbose_name=_("adapted from the example"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    return_notes = models.TextField(_("notes from the appraising official"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SKP")
        verbose_name_plural = _("SKPs")
        ordering = ["-cycle__year", "-start_date", "-version"]
        indexes = [
            models.Index(fields=["cycle", "employee"], name="skp_cycle_employee_idx"),
            models.Index(fields=["ppk_employee", "status"], name="skp_ppk_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "cycle", "start_date", "version"],
                name="skp_unique_version",
            ),
            models.UniqueConstraint(
                fields=["employee", "cycle", "start_date"],
                condition=Q(status__in=OPEN_STATUSES),
                name="skp_one_open_per_employee_period",
            ),
            models.UniqueConstraint(
                fields=["employee", "cycle", "start_date"],
                condition=Q(status=SkpStatus.APPROVED),
                name="skp_one_approved_per_employee_period",
            ),
            models.CheckConstraint(
                name="skp_end_not_before_start", condition=Q(end_date__gte=models.F("start_date"))
            ),
        ]

    def __str__(self) -> str:
        return f"SKP {self.cycle.year} – {self.employee} (v{self.version})"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Rhk(models.Model):
    """A Rencana Hasil Kerja, in section A. Utama or B. Tambahan."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="rhks")
    section = models.CharField(_("section"), max_length=8, choices=Section.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("Rencana Hasil Kerja"))
    # Stable across versions of the same SKP: links follow the RHK through revisions.
    lineage = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    # The supervisor's RHK this one contributes to. SET_NULL on purpose: when the supervisor deletes
    # it, the link must show up as broken (intervened_text keeps what it pointed at), not vanish.
    intervened = models.ForeignKey(
        "self",
        verbose_name=_("RHK pimpinan yang diintervensi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supporting",
    )
    intervened_text = models.TextField(blank=True)
    link_kind = models.CharField(
        _("link"), max_length=8, choices=LinkKind.choices, default=LinkKind.DIRECT
    )
    perspektif = models.CharField(
        _("perspektif"), max_length=20, choices=Perspektif.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("RHK")
        verbose_name_plural = _("RHK")
        ordering = ["skp", "section", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Iki(models.Model):
    """An Indikator Kinerja Individu with its aspek and target."""

    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="ikis")
    order = models.PositiveSmallIntegerField(default=0)
    aspek = models.CharField(_("aspek"), max_length=10, choices=Aspek.choices)
    indicator = models.TextField(_("indicator"))
    target_value = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("unit"), max_length=60, blank=True)
    target_text = models.CharField(_("narrative target"), max_length=500, blank=True)
    target_direction = models.CharField(
        _("target direction"),
        max_length=10,
        choices=TargetDirection.choices,
        default=TargetDirection.AT_LEAST,
    )
    # The "to" of a range target (target_value is its "from"); empty for any other direction.
    target_upper = models.DecimalField(
        _("upper bound"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("IKI")
        verbose_name_plural = _("IKI")
        ordering = ["rhk", "order", "pk"]
        constraints = [
            *target_direction_constraints(
                known="iki_target_direction_known",
                range_only="iki_target_upper_only_for_range",
            ),
        ]

    def __str__(self) -> str:
        return self.indicator

    def achievement(self, realised) -> Decimal | None:
        """The capaian of a realised value against this target, in percent, by the target's
        direction (rules.achievement_percent: under a ceiling, lower is better)."""
        return rules.achievement_percent(
            rules.Direction(self.target_direction),
            self.target_value,
            realised,
            self.target_upper,
        )

    @property
    def target_sign(self) -> str:
        """≥, ≤ or = before a number target; a range shows its two bounds instead."""
        return TARGET_SIGNS.get(self.target_direction, "")

    @property
    def target_display(self) -> str:
        """The target with its sign: "≥ 12 dokumen", "≤ 14 %", "80–90 %", or the narrative."""
        return target_display(
            self.target_direction,
            self.target_value,
            self.target_upper,
            self.target_unit,
            self.target_text,
        )


class RencanaAksi(models.Model):
    rhk = models.ForeignKey(Rhk, on_delete=models.CASCADE, related_name="rencana_aksi")
    period = models.PositiveSmallIntegerField(_("period"))
    text = models.TextField(_("rencana aksi"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["rhk", "period"]
        constraints = [
            models.UniqueConstraint(fields=["rhk", "period"], name="rencana_aksi_one_per_period")
        ]

    def __str__(self) -> str:
        return self.text


class Lampiran(models.Model):
    """One numbered line of a Lampiran SKP list."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="lampiran")
    kind = models.CharField(_("list"), max_length=12, choices=LampiranKind.choices)
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["skp", "kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class PerilakuExpectation(models.Model):
    """The PPK's Ekspektasi Khusus Pimpinan for one BerAKHLAK value."""

    skp = models.ForeignKey(Skp, on_delete=models.CASCADE, related_name="expectations")
    value = models.CharField(_("value"), max_length=24, choices=BerakhlakValue.choices)
    text = models.TextField(_("Ekspektasi Khusus Pimpinan"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("special expectation")
        verbose_name_plural = _("special expectations")
        constraints = [
            models.UniqueConstraint(fields=["skp", "value"], name="expectation_one_per_value")
        ]

    def __str__(self) -> str:
        return f"{self.get_value_display()}: {self.text}"
