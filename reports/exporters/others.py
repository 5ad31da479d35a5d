"""Objections, credit points for functional positions, and the BKN e-Kinerja style export."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db.models import F, FilteredRelation, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.choices import FUNGSIONAL_KINDS, Jenjang
from accounts.org.models import unit_label
from appraisal import rules
from appraisal.choices import ObjectionOutcome, ObjectionStatus, SkpStatus
from appraisal.objections.models import Objection
from appraisal.plans.models import Skp
from reports.exporters.base import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    DECIMAL_FORMAT,
    Column,
    Exporter,
    Sheet,
    full_name,
    local_naive,
    period_label,
    register,
    unit_columns,
)
from reports.selectors import PREDICATE_LABELS, RATING_LABELS, finalised_results


@register
class ObjectionsExporter(Exporter):
    identifier = "objections"
    order = 6
    label = _("Objections recap")
    description = _(
        "Every objection (keberatan) of the cycle, or of one period: who objected, when, the "
        "Atasan PPK's decision and the predicate before and after."
    )

    def _queryset(self):
        queryset = Objection.objects.filter(
            self.scope_q("evaluation__skp__"), evaluation__skp__cycle=self.cycle
        )
        if self.params.period is not None:
            queryset = queryset.filter(evaluation__period=self.params.period)
        return queryset

    def estimate(self) -> int:
        return self._queryset().count()

    def rows(self):
        statuses = dict(ObjectionStatus.choices)
        outcomes = dict(ObjectionOutcome.choices)
        rows = (
            self._queryset()
            .order_by("filed_at", "pk")
            .values_list(
                "evaluation__skp__employee__nip",
                "evaluation__skp__employee__front_title",
                "evaluation__skp__employee__name",
                "evaluation__skp__employee__back_title",
                "evaluation__skp__position__unit__name",
                "evaluation__skp__position__unit__opd__name",
                "evaluation__skp__position__unit__code",
                "evaluation__skp__position__unit__opd__code",
                "evaluation__period",
                "filed_at",
                "reasons",
                "atasan_employee__name",
                "evaluation__atasan_name",
                "status",
                "outcome",
                "original_predicate",
                "evaluation__predicate",
                "decided_at",
                "decision_notes",
            )
        )
        for (
            nip, front, name, back, unit, opd, unit_code, opd_code, period, filed_at, reasons,
            atasan, atasan_stored, status, outcome, original, final, decided_at, notes,
        ) in rows.iterator(chunk_size=2000):  # fmt: skip
            unit = unit_label(unit, unit_code)
            yield [
                nip,
                full_name(front, name, back),
                unit,
                unit_label(opd, opd_code) if opd else unit,
                period_label(self.cycle, period),
                local_naive(filed_at),
                reasons,
                atasan or atasan_stored or "Kepala Daerah",
                str(statuses.get(status, status)),
                str(outcomes.get(outcome, "")) if outcome else "",
                PREDICATE_LABELS.get(original, ""),
                PREDICATE_LABELS.get(final, "") if status == ObjectionStatus.DECIDED else "",
                local_naive(decided_at),
                notes,
            ]

    def sheets(self):
        columns = [
            Column("NIP", 21),
            Column("Nama", 34),
            Column("Unit Kerja", 30),
            Column("OPD", 30),
            Column("Periode", 14),
            Column("Diajukan", 18, DATETIME_FORMAT),
            Column("Alasan Keberatan", 50),
            Column("Atasan Pejabat Penilai", 30),
            Column("Status", 18),
            Column("Keputusan", 18),
            Column("Predikat Semula", 18),
            Column("Predikat Akhir", 18),
            Column("Diputuskan", 18, DATETIME_FORMAT),
            Column("Pertimbangan", 50),
        ]
        yield Sheet("Keberatan", columns, self.rows())


# Annual coefficients of angka kredit per jenjang (PermenPANRB 1/2023, lampiran); an agency can
# set its own in settings.REPORTS_CREDIT_COEFFICIENTS (jenjang value → coefficient).
DEFAULT_COEFFICIENTS = {
    Jenjang.AHLI_UTAMA: Decimal("50"),
    Jenjang.AHLI_MADYA: Decimal("37.5"),
    Jenjang.AHLI_MUDA: Decimal("25"),
    Jenjang.AHLI_PERTAMA: Decimal("12.5"),
    Jenjang.PENYELIA: Decimal("25"),
    Jenjang.MAHIR: Decimal("12.5"),
    Jenjang.TERAMPIL: Decimal("5"),
    Jenjang.PEMULA: Decimal("3.75"),
}


def coefficients() -> dict[str, Decimal]:
    configured = getattr(settings, "REPORTS_CREDIT_COEFFICIENTS", None) or {}
    table = {str(k): v for k, v in DEFAULT_COEFFICIENTS.items()}
    table.update({str(k): Decimal(str(v)) for k, v in configured.items()})
    return table


@register
class CreditPointsExporter(Exporter):
    identifier = "credit_points"
    order = 7
    label = _("Credit points (functional positions)")
    description = _(
        "Angka kredit of employees in functional positions from their annual predicate: "
        "percentage × the annual coefficient of the jenjang × months / 12, one row per SKP."
    )
    uses_period = False

    def _results(self):
        return finalised_results(
            self.cycle, 0, self.scope_q(), fungsional=sorted(k.value for k in FUNGSIONAL_KINDS)
        )

    def estimate(self) -> int:
        return self._results().count()

    @staticmethod
    def _months(results: list) -> list[int]:
        """Each SKP's whole months (rules.months_served), in the order of `results`: a month split
        by a move counts once, for the post held on its 1st day, and one employee's year never
        passes 12 months."""
        by_employee: dict[int, list[int]] = defaultdict(list)
        for index, row in enumerate(results):
            by_employee[row.skp__employee_id].append(index)
        months = [0] * len(results)
        for indexes in by_employee.values():
            spans = [(results[i].skp__start_date, results[i].skp__end_date) for i in indexes]
            for index, served in zip(indexes, rules.months_served(spans), strict=True):
                months[index] = served
        return months

    def rows(self):
        table = coefficients()
        jenjang = dict(Jenjang.choices)
        results = list(self._results().iterator(chunk_size=2000))
        found = []
        for row, months in zip(results, self._months(results), strict=True):
            predicate = rules.Predicate[row.predicate]
            coefficient = table.get(row.skp__position__jenjang)
            points = (
                rules.credit_points(predicate, coefficient, months)
                if coefficient is not None
                else None
            )
            name = full_name(
                row.skp__employee__front_title,
                row.skp__employee__name,
                row.skp__employee__back_title,
            )
            found.append(
                [
                    row.skp__employee__nip,
                    name,
                    row.skp__position__name,
                    str(jenjang.get(row.skp__position__jenjang, "")),
                    *unit_columns(row, "skp__position"),
                    row.skp__start_date,
                    row.skp__end_date,
                    months,
                    predicate.label,
                    rules.CREDIT_PERCENTAGE[predicate],
                    coefficient,
                    points,
                ]
            )
        found.sort(key=lambda cells: (cells[1].casefold(), cells[6]))
        yield from found

    def sheets(self):
        columns = [
            Column("NIP", 21),
            Column("Nama", 34),
            Column("Jabatan", 34),
            Column("Jenjang", 14),
            Column("Unit Kerja", 30),
            Column("OPD", 30),
            Column("Mulai", 12, DATE_FORMAT),
            Column("Selesai", 12, DATE_FORMAT),
            Column("Masa Penilaian (Bulan)", 12),
            Column("Predikat", 18),
            Column("Persentase (%)", 12),
            Column("Koefisien Tahunan", 12, DECIMAL_FORMAT),
            Column("Angka Kredit", 12, DECIMAL_FORMAT),
        ]
        yield Sheet("Angka Kredit", columns, self.rows())


# skp_status as e-Kinerja writes it, whatever our own labels say or the UI language is (its SKP
# list: Draft, Diajukan, Disetujui, Ditolak). A plan we returned for changes is "Ditolak" there.
# To confirm against BKN's reference list: ../shared/integrations.md does not list these values.
EKINERJA_SKP_STATUS = {
    SkpStatus.DRAFT: "Draft",
    SkpStatus.SUBMITTED: "Diajukan",
    SkpStatus.RETURNED: "Ditolak",
    SkpStatus.APPROVED: "Disetujui",
}


@register
class BknExporter(Exporter):
    identifier = "bkn"
    order = 8
    label = _("BKN e-Kinerja format")
    description = _(
        "One row per SKP of the cycle with the period's evaluation, under the column names of "
        "BKN's e-Kinerja (hasil_akhir, skp_status, …), for reconciling with it."
    )
    admin_only = True

    def _queryset(self):
        return (
            Skp.objects.filter(self.scope_q(""), cycle=self.cycle)
            .exclude(status=SkpStatus.SUPERSEDED)
            .annotate(
                result=FilteredRelation("evaluations", condition=Q(evaluations__period=self.period))
            )
        )

    def estimate(self) -> int:
        return self._queryset().count()

    def rows(self):
        rows = (
            self._queryset()
            .annotate(
                shown_ppk_nip=Coalesce(F("result__ppk_nip"), F("ppk_nip")),
                shown_ppk_name=Coalesce(F("result__ppk_name"), F("ppk_name")),
            )
            .order_by("employee__name", "employee__nip", "start_date")
            .values_list(
                "employee__nip",
                "employee__front_title",
                "employee__name",
                "employee__back_title",
                "employee__golongan",
                "position__name",
                "position__unit__name",
                "position__unit__opd__name",
                "position__unit__code",
                "position__unit__opd__code",
                "start_date",
                "end_date",
                "status",
                "shown_ppk_nip",
                "shown_ppk_name",
                "result__status",
                "result__rating_hasil",
                "result__rating_perilaku",
                "result__predicate",
                "result__finalised_at",
            )
        )
        label = period_label(self.cycle, self.period)
        for (
            nip, front, name, back, golongan, position, unit, opd, unit_code, opd_code, start, end,
            status, ppk_nip, ppk_name, eval_status, hasil, perilaku, predicate, finalised_at,
        ) in rows.iterator(chunk_size=2000):  # fmt: skip
            final = eval_status == "finalised"
            unit = unit_label(unit, unit_code)
            yield [
                nip,
                full_name(front, name, back),
                golongan,
                position,
                unit,
                unit_label(opd, opd_code) if opd else unit,
                self.cycle.year,
                label,
                start,
                end,
                EKINERJA_SKP_STATUS.get(status, ""),
                ppk_nip or "",
                ppk_name or "",
                RATING_LABELS.get(hasil, "") if final else "",
                RATING_LABELS.get(perilaku, "") if final else "",
                PREDICATE_LABELS.get(predicate, "") if final else "",
                "Final" if final else ("Draft" if eval_status else "Belum Dinilai"),
                local_naive(finalised_at),
            ]

    def sheets(self):
        columns = [
            Column("nip", 21),
            Column("nama", 34),
            Column("golongan", 10),
            Column("jabatan", 34),
            Column("unit_kerja", 30),
            Column("instansi_unit", 30),
            Column("tahun", 8),
            Column("periode", 12),
            Column("tanggal_mulai", 12, DATE_FORMAT),
            Column("tanggal_selesai", 12, DATE_FORMAT),
            Column("skp_status", 14),
            Column("nip_pejabat_penilai", 21),
            Column("nama_pejabat_penilai", 30),
            Column("rating_hasil_kerja", 20),
            Column("rating_perilaku_kerja", 20),
            Column("hasil_akhir", 18),
            Column("status_penilaian", 14),
            Column("tanggal_penilaian", 18, DATETIME_FORMAT),
        ]
        yield Sheet("e-Kinerja", columns, self.rows())
