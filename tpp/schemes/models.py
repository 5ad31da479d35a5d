"""A cycle's TPP scheme, kept as versions: each version holds every number of the Perkada and
applies from its month until a later version takes over. A version is never edited once a
month it governs is locked; a change then is a new version from the next open month."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Jenjang, PositionKind
from accounts.org.models import Position
from appraisal.cycles.models import Cycle
from appraisal.rules import Predicate
from tpp import rules
from tpp.choices import ActingRuleChoice, AttendanceBaseChoice, BasisKind, PerformanceMeasure

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


def _percent_field(label, default):
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, default=default, validators=PERCENT
    )


class SchemeVersion(models.Model):
    """Every number of one region's TPP rule, from `effective_month` of the cycle's year."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="tpp_versions")
    effective_month = models.PositiveSmallIntegerField(
        _("applies from month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    is_example = models.BooleanField(_("example values"), default=False)
    performance_share = _percent_field(_("performance share (%)"), Decimal(60))
    discipline_share = _percent_field(_("discipline share (%)"), Decimal(40))
    measure = models.CharField(
        _("performance measured by"),
        max_length=16,
        choices=PerformanceMeasure.choices,
        default=PerformanceMeasure.PREDICATE,
    )
    # {Predicate name: "percent"}; every predicate present (services.version_save checks).
    predicate_percent = models.JSONField(_("percentage per predicate"), default=dict)
    no_predicate_percent = _percent_field(_("percentage without a predicate"), Decimal(0))
    late_percent = models.JSONField(_("late bands TL1–TL4 (% per occurrence)"), default=list)
    early_percent = models.JSONField(
        _("early-leave bands PSW1–PSW4 (% per occurrence)"), default=list
    )
    absence_percent = _percent_field(_("absence without leave (% per day)"), Decimal(3))
    leave_percent = models.JSONField(_("leave that reduces (% per day, by kind)"), default=dict)
    deduction_cap = _percent_field(_("monthly cap on attendance deductions (%)"), Decimal(100))
    attendance_base = models.CharField(
        _("attendance deductions are taken from"),
        max_length=16,
        choices=AttendanceBaseChoice.choices,
        default=AttendanceBaseChoice.DISCIPLINE_SHARE,
    )
    acting_rule = models.CharField(
        _("a Plt is paid"),
        max_length=20,
        choices=ActingRuleChoice.choices,
        default=ActingRuleChoice.OWN_PLUS_PERCENT,
    )
    acting_percent = _percent_field(_("Plt: percentage of the acting post's basis"), Decimal(20))
    reason = models.CharField(_("reason for the change"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TPP scheme version")
        ordering = ["cycle", "effective_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "effective_month"], name="tpp_one_version_per_month"
            ),
            models.CheckConstraint(
                name="tpp_shares_make_100",
                condition=Q(performance_share=Decimal(100) - models.F("discipline_share")),
            ),
        ]

    def __str__(self) -> str:
        return f"TPP {self.cycle.year} ({self.effective_month})"

    def as_rules(self) -> rules.Scheme:
        """The pure scheme tpp.rules computes with."""
        return rules.Scheme(
            performance_share=self.performance_share,
            discipline_share=self.discipline_share,
            predicate_percent={
                Predicate[name]: Decimal(p) for name, p in self.predicate_percent.items()
            },
            no_predicate_percent=self.no_predicate_percent,
            late_percent=tuple(Decimal(p) for p in self.late_percent),
            early_percent=tuple(Decimal(p) for p in self.early_percent),
            absence_percent=self.absence_percent,
            leave_percent={kind: Decimal(p) for kind, p in self.leave_percent.items()},
            deduction_cap=self.deduction_cap,
            attendance_base=rules.AttendanceBase(self.attendance_base),
            acting_rule=rules.ActingRule(self.acting_rule),
            acting_percent=self.acting_percent,
        )


class Basis(models.Model):
    """One row of a version's basis table: an amount per post class, jenjang or named post."""

    version = models.ForeignKey(SchemeVersion, on_delete=models.CASCADE, related_name="bases")
    kind = models.CharField(_("keyed on"), max_length=8, choices=BasisKind.choices)
    kelas = models.PositiveSmallIntegerField(
        _("post class"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(17)],
    )
    position_kind = models.CharField(
        _("position type"), max_length=30, choices=PositionKind.choices, blank=True
    )
    jenjang = models.CharField(
        _("level (jenjang)"), max_length=20, choices=Jenjang.choices, blank=True
    )
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.PositiveBigIntegerField(_("TPP basis (Rp)"))
    # Each amount typed, imported, copied or removed, with its reason and who: the scheme page
    # lists them (tpp.schemes.selectors.basis_changes).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("TPP basis")
        constraints = [
            models.CheckConstraint(
                name="tpp_basis_keyed_by_its_kind",
                condition=(
                    Q(kind=BasisKind.CLASS, kelas__isnull=False, position__isnull=True, jenjang="")
                    | Q(kind=BasisKind.JENJANG, kelas__isnull=True, position__isnull=True)
                    & ~Q(jenjang="")
                    & ~Q(position_kind="")
                    | Q(kind=BasisKind.POST, kelas__isnull=True, position__isnull=False, jenjang="")
                ),
            ),
            models.UniqueConstraint(
                fields=["version", "kelas"],
                condition=Q(kind=BasisKind.CLASS),
                name="tpp_basis_one_per_class",
            ),
            models.UniqueConstraint(
                fields=["version", "position_kind", "jenjang"],
                condition=Q(kind=BasisKind.JENJANG),
                name="tpp_basis_one_per_jenjang",
            ),
            models.UniqueConstraint(
                fields=["version", "position"],
                condition=Q(kind=BasisKind.POST),
                name="tpp_basis_one_per_post",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount}"


class PostClass(models.Model):
    """A post's class (kelas jabatan, 1–17) from the region's Perbup on post classes."""

    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="tpp_class")
    kelas = models.PositiveSmallIntegerField(
        _("post class"), validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("post class")

    def __str__(self) -> str:
        return f"{self.position_id}: {self.kelas}"
