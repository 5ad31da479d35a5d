"""Each IKI with its target (and its direction) and what was realised against it, per period."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import islice

from django.utils.translation import gettext_lazy as _

from appraisal import rules
from appraisal.choices import ANNUAL, Section, SkpStatus
from appraisal.plans.models import Iki
from appraisal.realisation.models import IkiRealisation
from indicators.choices import TARGET_SIGNS, TargetDirection, target_display
from reports.exporters.base import (
    DECIMAL_FORMAT,
    Column,
    Exporter,
    Sheet,
    full_name,
    period_label,
    register,
    unit_columns,
)

BATCH = 2000  # IKI per query of their realisations
# The direction as written in the sheet: its sign, and the range in words (the sign is "–").
DIRECTION_WORDS = {
    TargetDirection.AT_LEAST: "≥ paling sedikit",
    TargetDirection.AT_MOST: "≤ paling banyak",
    TargetDirection.EXACTLY: "= tepat",
    TargetDirection.RANGE: "rentang",
}
IKI_FIELDS = (
    "pk",
    "rhk__skp__employee__nip",
    "rhk__skp__employee__front_title",
    "rhk__skp__employee__name",
    "rhk__skp__employee__back_title",
    "rhk__skp__position__unit__name",
    "rhk__skp__position__unit__opd__name",
    "rhk__skp__position__unit__code",
    "rhk__skp__position__unit__opd__code",
    "rhk__section",
    "rhk__text",
    "aspek",
    "indicator",
    "target_direction",
    "target_value",
    "target_upper",
    "target_unit",
    "target_text",
)


@register
class IndicatorAchievementExporter(Exporter):
    identifier = "iki_achievement"
    order = 9
    label = _("Indicator targets and realisations")
    description = _(
        "Every IKI of the cycle's plans with its target and direction (≥ at least, ≤ at most, "
        "= exactly, or a range), the realisation of the period (every period for the year) and "
        "the capaian in percent: under a ceiling, lower is better."
    )

    def _ikis(self):
        return Iki.objects.filter(self.scope_q("rhk__skp__"), rhk__skp__cycle=self.cycle).exclude(
            rhk__skp__status=SkpStatus.SUPERSEDED
        )

    def estimate(self) -> int:
        return self._ikis().count()

    def _realised(self, iki_ids: list[int]) -> dict[int, list[tuple[int, Decimal | None, str]]]:
        """IKI id → (period, value, narrative) in period order. One query per batch."""
        values = IkiRealisation.objects.filter(iki_id__in=iki_ids)
        if self.period != ANNUAL:
            values = values.filter(realisation__period=self.period)
        found: dict[int, list] = defaultdict(list)
        for iki_id, period, value, narrative in values.order_by(
            "realisation__period", "pk"
        ).values_list("iki_id", "realisation__period", "value", "narrative"):
            found[iki_id].append((period, value, narrative))
        return found

    def _row(self, iki, realised) -> list:
        period, value, narrative = realised or (None, None, "")
        direction = iki.target_direction
        percent = rules.achievement_percent(
            rules.Direction(direction), iki.target_value, value, iki.target_upper
        )
        met = rules.target_met(percent)
        unit, opd = unit_columns(iki, "rhk__skp__position")
        return [
            iki.rhk__skp__employee__nip,
            full_name(
                iki.rhk__skp__employee__front_title,
                iki.rhk__skp__employee__name,
                iki.rhk__skp__employee__back_title,
            ),
            unit,
            opd,
            "A. Utama" if iki.rhk__section == Section.UTAMA else "B. Tambahan",
            iki.rhk__text,
            iki.aspek.capitalize(),
            iki.indicator,
            DIRECTION_WORDS.get(direction, TARGET_SIGNS.get(direction, "")),
            target_display(
                direction, iki.target_value, iki.target_upper, iki.target_unit, iki.target_text
            ),
            iki.target_value,
            iki.target_upper,
            iki.target_unit,
            period_label(self.cycle, period) if period is not None else "",
            value,
            narrative,
            percent,
            "" if met is None else ("Sesuai target" if met else "Belum sesuai target"),
        ]

    def rows(self):
        stream = (
            self._ikis()
            .order_by(
                "rhk__skp__employee__name",
                "rhk__skp__employee__nip",
                "rhk__skp__start_date",
                "rhk__section",
                "rhk__order",
                "order",
                "pk",
            )
            .values_list(*IKI_FIELDS, named=True)
            .iterator(chunk_size=BATCH)
        )
        while batch := list(islice(stream, BATCH)):
            realised = self._realised([iki.pk for iki in batch])
            for iki in batch:
                for item in realised.get(iki.pk) or [None]:
                    yield self._row(iki, item)

    def sheets(self):
        columns = [
            Column("NIP", 21),
            Column("Nama", 34),
            Column("Unit Kerja", 30),
            Column("OPD", 30),
            Column("Jenis", 12),
            Column("Rencana Hasil Kerja", 50),
            Column("Aspek", 12),
            Column("Indikator Kinerja Individu", 50),
            Column("Arah Target", 16),
            Column("Target", 18),
            Column("Nilai Target", 12, DECIMAL_FORMAT),
            Column("Batas Atas", 12, DECIMAL_FORMAT),
            Column("Satuan", 14),
            Column("Periode", 14),
            Column("Realisasi", 12, DECIMAL_FORMAT),
            Column("Realisasi Naratif", 40),
            Column("Capaian (%)", 12, "0.0"),
            Column("Keterangan", 18),
        ]
        yield Sheet("Capaian IKI", columns, self.rows())
