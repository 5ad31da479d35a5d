"""The indicator library: reusable RHK with their IKI, by sector and position kind (domain §3).

Curated by the BKD administrator (indicators/services.py); anyone writing an SKP searches it
(indicators/selectors.py) and copies an entry into their draft. The library never links to an SKP:
a copied RHK is the employee's own text from then on, so editing an entry changes no SKP.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.choices import (
    TARGET_SIGNS,
    Aspek,
    PositionGroup,
    Sector,
    TargetDirection,
    target_display,
)


def target_direction_constraints(*, known: str, range_only: str) -> list[models.CheckConstraint]:
    """The constraints of a target with a direction (a library indicator, an IKI of a plan): the
    direction is known; a range has both bounds, the upper one not below the lower; nothing else
    has an upper bound."""
    return [
        models.CheckConstraint(
            name=known, condition=Q(target_direction__in=TargetDirection.values)
        ),
        models.CheckConstraint(
            name=range_only,
            condition=(
                Q(
                    target_direction=TargetDirection.RANGE,
                    target_value__isnull=False,
                    target_upper__gte=F("target_value"),
                )
                | (~Q(target_direction=TargetDirection.RANGE) & Q(target_upper__isnull=True))
            ),
        ),
    ]


class LibraryEntry(models.Model):
    """One example RHK (Rencana Hasil Kerja) with guidance, for a sector and a kind of position."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    position_group = models.CharField(
        _("position kind"), max_length=20, choices=PositionGroup.choices, default=PositionGroup.ANY
    )
    rhk = models.TextField(_("work result plan (RHK)"))
    description = models.TextField(_("guidance"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("library entry")
        verbose_name_plural = _("library entries")
        ordering = ["sector", "rhk"]
        constraints = [
            models.CheckConstraint(
                name="library_entry_sector_known",
                condition=Q(sector__in=Sector.values),
            ),
            models.CheckConstraint(
                name="library_entry_position_group_known",
                condition=Q(position_group__in=PositionGroup.values),
            ),
            models.CheckConstraint(name="library_entry_rhk_not_empty", condition=~Q(rhk="")),
            # The demo seed keys on (sector, rhk); two identical examples would only confuse.
            models.UniqueConstraint(
                fields=["sector", "rhk"],
                name="library_entry_unique_rhk",
                violation_error_message=_("This RHK is already in the library for this sector."),
            ),
        ]

    def __str__(self) -> str:
        return self.rhk


class LibraryIndicator(models.Model):
    """An example IKI of a library entry: its aspek and target (a number with a unit, or, under
    the qualitative approach, a narrative)."""

    entry = models.ForeignKey(
        LibraryEntry,
        verbose_name=_("library entry"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    aspek = models.CharField(_("aspect"), max_length=20, choices=Aspek.choices)
    indicator = models.TextField(_("individual performance indicator (IKI)"))
    target_value = models.DecimalField(
        _("target value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_unit = models.CharField(_("target unit"), max_length=50, blank=True)
    target_text = models.CharField(_("narrative target"), max_length=255, blank=True)
    target_direction = models.CharField(
        _("target direction"),
        max_length=10,
        choices=TargetDirection.choices,
        default=TargetDirection.AT_LEAST,
    )
    # The "to" of a range target (target_value is its "from"), copied into a plan with it.
    target_upper = models.DecimalField(
        _("upper bound"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("library indicator")
        verbose_name_plural = _("library indicators")
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                name="library_indicator_aspek_known", condition=Q(aspek__in=Aspek.values)
            ),
            models.CheckConstraint(
                name="library_indicator_text_not_empty", condition=~Q(indicator="")
            ),
            models.CheckConstraint(
                name="library_indicator_target_not_negative",
                condition=Q(target_value__isnull=True) | Q(target_value__gte=0),
            ),
            *target_direction_constraints(
                known="library_indicator_direction_known",
                range_only="library_indicator_upper_only_for_range",
            ),
        ]

    def __str__(self) -> str:
        return self.indicator

    @property
    def target_sign(self) -> str:
        """≥, ≤ or = before a number target; a range shows its two bounds instead."""
        return TARGET_SIGNS.get(self.target_direction, "")

    @property
    def target_display(self) -> str:
        return target_display(
            self.target_direction,
            self.target_value,
            self.target_upper,
            self.target_unit,
            self.target_text,
        )


class ExamplePlan(models.Model):
    """A complete example SKP for a common post (perawat, guru, pranata komputer…): RHK taken
    from the library, with the three Lampiran lists. An employee starting a draft sees the
    examples whose `match_terms` occur in their post's, unit's or OPD's name and copies one in;
    the copy is theirs from then on (the plan only remembers which example it was adapted from).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=120)
    # Comma-separated words of the posts it suits ("perawat", "pranata komputer").
    match_terms = models.CharField(_("suits posts named"), max_length=255)
    description = models.TextField(_("guidance"), blank=True)
    entries = models.ManyToManyField(
        LibraryEntry, through="ExamplePlanItem", related_name="example_plans"
    )
    dukungan = models.TextField(_("Dukungan Sumber Daya"), blank=True)
    skema = models.TextField(_("Skema Pertanggungjawaban"), blank=True)
    konsekuensi = models.TextField(_("Konsekuensi"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("example plan")
        verbose_name_plural = _("example plans")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(name="example_plan_title_not_empty", condition=~Q(title="")),
            models.CheckConstraint(
                name="example_plan_terms_not_empty", condition=~Q(match_terms="")
            ),
            models.UniqueConstraint(
                fields=["title"],
                name="example_plan_unique_title",
                violation_error_message=_("An example plan with this title already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def terms(self) -> list[str]:
        return [t.strip().lower() for t in self.match_terms.split(",") if t.strip()]

    def lampiran_lines(self) -> dict[str, list[str]]:
        """The three Lampiran lists, one line each, keyed as appraisal's LampiranKind."""
        return {
            kind: [line.strip() for line in getattr(self, kind).splitlines() if line.strip()]
            for kind in ("dukungan", "skema", "konsekuensi")
        }


class ExamplePlanItem(models.Model):
    """One RHK of an example plan: a library entry, as an RHK utama or tambahan, in order."""

    plan = models.ForeignKey(ExamplePlan, on_delete=models.CASCADE, related_name="items")
    # PROTECT: an entry in an example is deactivated, not deleted (entries are never deleted).
    entry = models.ForeignKey(LibraryEntry, on_delete=models.PROTECT, related_name="+")
    additional = models.BooleanField(_("additional RHK (tambahan)"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("example plan RHK")
        verbose_name_plural = _("example plan RHK")
        ordering = ["additional", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "entry"], name="example_plan_item_unique")
        ]

    def __str__(self) -> str:
        return str(self.entry)
