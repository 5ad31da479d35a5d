"""The annual cycle, its windows and their extensions (domain §2)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.org.models import Employee, OrgUnit
from appraisal.choices import (
    ORG_PREDICATE_CHOICES,
    BreachPolicy,
    CycleStatus,
    ExtensionScope,
    Frequency,
    WindowKind,
)
from appraisal.cycles import calendar


class Cycle(models.Model):
    """One calendar year of performance management for the whole Pemda."""

    # One real cycle per year; a practice cycle (issue 29.5) takes the year it rehearses.
    year = models.PositiveSmallIntegerField(_("year"))
    frequency = models.CharField(
        _("periodic evaluation"),
        max_length=12,
        choices=Frequency.choices,
        default=Frequency.TRIWULANAN,
    )
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=CycleStatus.choices,
        default=CycleStatus.DRAFT,
        db_index=True,
    )
    breach_policy = models.CharField(
        _("when a unit breaches its distribution pattern"),
        max_length=8,
        choices=BreachPolicy.choices,
        default=BreachPolicy.JUSTIFY,
    )
    objection_days = models.PositiveSmallIntegerField(
        _("objection days"),
        default=14,
        help_text=_("Days an employee has to object after receiving a result."),
    )
    # A training cycle for a workshop ("Siklus latihan"): it works like a real one for its
    # participants and is left out of every report, export, ranking, reminder, TPP and SIASN push.
    practice = models.BooleanField(_("practice cycle"), default=False, db_index=True)
    practice_title = models.CharField(_("workshop"), max_length=120, blank=True)
    participants = models.ManyToManyField(
        Employee, verbose_name=_("participants"), blank=True, related_name="practice_cycles"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(practice=False), name="cycle_one_real_per_year"
            ),
            # One workshop at a time: a participant enters "the" practice cycle.
            models.UniqueConstraint(
                fields=["practice"], condition=Q(practice=True), name="cycle_one_practice"
            ),
        ]

    def __str__(self) -> str:
        if self.practice:
            return _("%(year)s (practice)") % {"year": self.year}
        return str(self.year)

    @property
    def periods(self) -> list[calendar.Period]:
        return calendar.periods(self.year, self.frequency)

    def period(self, number: int) -> calendar.Period | None:
        return next((p for p in self.periods if p.number == number), None)


class Window(models.Model):
    """A date range in which something may be done; closes_on is the last day (inclusive)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="windows")
    kind = models.CharField(_("window"), max_length=8, choices=WindowKind.choices)
    period = models.PositiveSmallIntegerField(
        _("period"), default=0, help_text=_("0 for the SKP and annual windows.")
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("window")
        verbose_name_plural = _("windows")
        ordering = ["cycle", "opens_on", "closes_on", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind", "period"], name="window_one_per_kind_and_period"
            ),
            models.CheckConstraint(
                name="window_closes_not_before_opening",
                condition=Q(closes_on__gte=models.F("opens_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle} – {self.label}"

    @property
    def label(self) -> str:
        if self.kind == WindowKind.PERIOD:
            period = self.cycle.period(self.period)
            return f"{self.get_kind_display()} – {period.label if period else self.period}"
        return str(self.get_kind_display())


class WindowExtension(models.Model):
    """A later closing date for everyone, one OPD or one employee, with the reason (audited)."""

    window = models.ForeignKey(Window, on_delete=models.CASCADE, related_name="extensions")
    scope = models.CharField(_("for"), max_length=8, choices=ExtensionScope.choices)
    opd = models.ForeignKey(
        OrgUnit, verbose_name=_("OPD"), null=True, blank=True, on_delete=models.PROTECT
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), null=True, blank=True, on_delete=models.PROTECT
    )
    closes_on = models.DateField(_("new closing date"))
    reason = models.CharField(_("reason"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("window extension")
        verbose_name_plural = _("window extensions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="extension_target_matches_scope",
                condition=(
                    Q(scope=ExtensionScope.EVERYONE, opd__isnull=True, employee__isnull=True)
                    | Q(scope=ExtensionScope.OPD, opd__isnull=False, employee__isnull=True)
                    | Q(scope=ExtensionScope.EMPLOYEE, opd__isnull=True, employee__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.window} → {self.closes_on}"


class PrerequisiteWaiver(models.Model):
    """An admin lets one employee submit before their PPK's own SKP is approved (domain §3)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="waivers")
    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="skp_waivers")
    reason = models.CharField(_("reason"), max_length=255)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission waiver")
        verbose_name_plural = _("submission waivers")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "employee"], name="waiver_one_per_employee_and_cycle"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} – {self.employee}"


class UnitPredicate(models.Model):
    """Predikat kinerja organisasi of a unit for a period (or the year, period 0), set by the
    leader one level up or by an admin BKD on their behalf (domain §6)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="unit_predicates")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="predicates")
    period = models.PositiveSmallIntegerField(_("period"))
    predicate = models.CharField(
        _("organisational predicate"), max_length=16, choices=ORG_PREDICATE_CHOICES
    )
    reason = models.TextField(_("reason"), blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # True when an admin BKD entered the leader's decision for them: the Penetapan is then signed
    # "a.n." the leader. Stored, not inferred from the reason (a leader may give one too).
    on_behalf = models.BooleanField(_("entered on behalf of the leader"), default=False)
    set_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisational predicate")
        verbose_name_plural = _("organisational predicates")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "period"], name="unit_predicate_one_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.cycle} – {self.get_predicate_display()}"


class UnitFinalisation(models.Model):
    """A unit's predicates declared final for a period (0 = the year), with the breaches found then
    and the justification written for them (kept; shown in exports)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="unit_finalisations")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="finalisations")
    period = models.PositiveSmallIntegerField(_("period"))
    breaches = models.JSONField(default=list, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    # Employees with an approved SKP but no finalised evaluation when the unit was finalised
    # anyway (NIP and name), and the admin BKD's reason for doing so.
    unrated = models.JSONField(default=list, blank=True)
    unrated_reason = models.TextField(_("reason for finalising without every result"), blank=True)
    finalised_at = models.DateTimeField(auto_now_add=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Reopened by the admin BKD with a reason: the ratings may change until finalised anew.
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit finalisation")
        verbose_name_plural = _("unit finalisations")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "unit", "period"],
                condition=Q(reopened_at__isnull=True),
                name="unit_finalised_once_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.cycle} – {self.period}"


class PeriodClosure(models.Model):
    """A period (or the annual evaluation, period 0) closed by the admin BKD: nothing in it may
    change until it is reopened with a reason. The gaps found when closing are kept."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="closures")
    period = models.PositiveSmallIntegerField(_("period"))
    closed_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    gaps = models.JSONField(default=dict, blank=True)
    gap_count = models.PositiveIntegerField(default=0)
    # Objections undecided and objection windows still running when it was closed (counts and
    # the first NIPs), and the admin BKD's written reason for closing anyway.
    rights = models.JSONField(default=dict, blank=True)
    rights_reason = models.TextField(_("reason for closing before the objections end"), blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("period closure")
        verbose_name_plural = _("period closures")
        ordering = ["cycle", "period", "-closed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "period"],
                condition=Q(reopened_at__isnull=True),
                name="closure_one_in_force_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} – {self.period}"
