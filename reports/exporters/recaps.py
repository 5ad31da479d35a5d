"""Recaps for administrators: predicates against the distribution pattern (domain §6) and who has
filled in what (domain §2, §10), per OPD and unit, with names.

Both reuse the appraisal app's own reads (the cycle's pattern, the breach sentences, the
monitoring counts and the completeness report), so a recap says what the calibration and closing
pages say.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.org.models import OrgUnit
from accounts.org.selectors import ancestor_ids
from appraisal import rules
from appraisal.calibration.services import breach_sentence, limit_sentence, limits_for
from appraisal.choices import EvaluationStatus
from appraisal.closing.completeness import GAP_KINDS, annotated_employees, completeness
from appraisal.cycles.models import UnitFinalisation, UnitPredicate
from appraisal.evaluation.models import Evaluation
from appraisal.monitoring.selectors import monitored_employees, opd_progress
from reports.exporters.base import (
    DATETIME_FORMAT,
    Column,
    Exporter,
    Sheet,
    local_naive,
    period_label,
    register,
)
from reports.scope import scope_opds

PREDICATES = list(rules.Predicate)  # best first (by value, descending, as declared)


@register
class PredicateRecapExporter(Exporter):
    identifier = "predicate_recap"
    order = 4
    label = gettext_lazy("Predicate recap against the distribution pattern")
    description = gettext_lazy(
        "Per OPD and unit (with its subunits): employee predicates against the pattern allowed "
        "by the unit's organisational predicate, with breaches and the justification recorded."
    )
    admin_only = True

    def _units(self):
        opds = scope_opds(self.scope)
        if self.params.opd is not None:
            opds = opds.filter(pk=self.params.opd.pk)
        ids = list(opds.values_list("pk", flat=True))
        return list(
            OrgUnit.objects.filter(Q(opd_id__in=ids) | Q(pk__in=ids), is_active=True)
            .select_related("opd")
            .order_by("opd__code", "code", "pk")
        )

    def estimate(self) -> int:
        return len(self._units())

    def _counts(self, units) -> dict[int, Counter]:
        """Per unit, predicates of its employees and of its subunits' (key None: not final)."""
        tree = {u.pk: u.parent_id for u in units}
        direct: dict[int, Counter] = defaultdict(Counter)
        rows = (
            Evaluation.objects.filter(self.scope_q(), skp__cycle=self.cycle, period=self.period)
            .order_by("skp__employee_id", "-skp__start_date", "-pk")
            .values_list("skp__employee_id", "skp__position__unit_id", "status", "predicate")
        )
        previous = None
        for employee_id, unit_id, status, predicate in rows.iterator(chunk_size=5000):
            if employee_id == previous:
                continue
            previous = employee_id
            final = status == EvaluationStatus.FINALISED and predicate
            direct[unit_id][rules.Predicate[predicate] if final else None] += 1
        totals: dict[int, Counter] = defaultdict(Counter)
        for unit_id, counts in direct.items():
            for ancestor in ancestor_ids(unit_id, tree):
                totals[ancestor].update(counts)
        return totals

    def rows(self):
        units = self._units()
        ids = [u.pk for u in units]
        org_predicates = {
            p.unit_id: rules.OrgPredicate[p.predicate]
            for p in UnitPredicate.objects.filter(
                cycle=self.cycle, period=self.period, unit_id__in=ids
            )
        }
        finalised = {
            f.unit_id: f
            for f in UnitFinalisation.objects.filter(
                cycle=self.cycle, period=self.period, unit_id__in=ids, reopened_at__isnull=True
            )
        }
        limits = limits_for(self.cycle)
        totals = self._counts(units)
        for unit in units:
            counts = totals.get(unit.pk, Counter())
            final_counts = Counter({p: n for p, n in counts.items() if p is not None})
            org = org_predicates.get(unit.pk)
            finalisation = finalised.get(unit.pk)
            pattern = limits.get(org, ()) if org else ()
            if finalisation is not None and org is not None:
                breaches = [breach_sentence(org.label, b) for b in finalisation.breaches]
            elif org is not None:
                breaches = [
                    breach_sentence(org.label, b)
                    for b in rules.distribution_breaches(org, final_counts, limits)
                ]
            else:
                breaches = []
            yield [
                unit.opd.label if unit.opd else unit.label,
                unit.code,
                unit.name,
                org.label if org else "",
                sum(final_counts.values()),
                *[final_counts.get(p, 0) for p in PREDICATES],
                counts.get(None, 0),
                "; ".join(limit_sentence(limit) for limit in pattern),
                "\n".join(breaches),
                local_naive(finalisation.finalised_at) if finalisation else None,
                finalisation.justification if finalisation else "",
            ]

    def sheets(self):
        columns = [
            Column("OPD", 30),
            Column("Kode Unit", 16),
            Column("Unit Kerja", 34),
            Column("Predikat Organisasi", 18),
            Column("Jumlah Pegawai (Final)", 12),
            *[Column(p.label, 12) for p in PREDICATES],
            Column("Belum Final", 12),
            Column("Pola Distribusi", 40),
            Column("Pelanggaran", 60),
            Column("Difinalisasi", 18, DATETIME_FORMAT),
            Column("Justifikasi", 60),
        ]
        yield Sheet("Rekap Predikat", columns, self.rows())


@register
class CompletionRecapExporter(Exporter):
    identifier = "completion_recap"
    order = 5
    label = gettext_lazy("SKP and evaluation completion recap")
    description = gettext_lazy(
        "Per OPD: SKPs by status, realisations submitted and evaluations finalised per period, "
        "and the names of who has not filled in yet (retired and transferred employees left out)."
    )
    admin_only = True

    def _opds(self) -> list[OrgUnit]:
        opds = scope_opds(self.scope)
        if self.params.opd is not None:
            opds = opds.filter(pk=self.params.opd.pk)
        return list(opds)

    def _periods(self) -> list[int]:
        every = [p.number for p in self.cycle.periods] + [0]
        return every if self.params.period is None else [self.params.period]

    def parameter_rows(self):
        rows = super().parameter_rows()
        if self.params.period is None:
            rows = [
                (label, _("Every period and the annual evaluation"))
                if label == _("Period")
                else (label, value)
                for label, value in rows
            ]
        return rows

    def estimate(self) -> int:
        # The names sheet is the long one: about one row per employee and period.
        people = monitored_employees([o.pk for o in self._opds()]).count()
        return people * len(self._periods())

    def summary_rows(self, opds):
        progress, _total = opd_progress(
            OrgUnit.objects.filter(pk__in=[o.pk for o in opds]).order_by("name", "pk"),
            self.cycle,
        )
        numbers = [p.number for p in self.cycle.periods] + [0]
        done: dict[tuple[int, int], tuple[int, int]] = {}
        for number in numbers:
            grouped = (
                annotated_employees(self.cycle, number, [o.pk for o in opds])
                .values("opd_key")
                .annotate(
                    evaluated=Count("pk", filter=Q(has_evaluation=True)),
                    **({"realised": Count("pk", filter=Q(has_realisation=True))} if number else {}),
                )
                .order_by()
            )
            for item in grouped:
                done[(item["opd_key"], number)] = (item.get("realised", 0), item["evaluated"])
        for row in progress:
            cells = [row.opd.label, row.total, row.none, row.draft, row.submitted, row.approved]
            for number in numbers:
                realised, evaluated = done.get((row.opd.pk, number), (0, 0))
                cells += [realised, evaluated] if number else [evaluated]
            yield cells

    def gap_rows(self, opds):
        for number in self._periods():
            label = period_label(self.cycle, number)
            for row in completeness(self.cycle, number, [o.pk for o in opds]):
                for kind, kind_label in GAP_KINDS.items():
                    for person in row.gaps[kind]:
                        yield [
                            row.opd.label,
                            person.nip,
                            person.name,
                            person.unit,
                            label,
                            str(kind_label),
                        ]

    def sheets(self):
        opds = self._opds()
        columns = [
            Column("OPD", 34),
            Column("Jumlah Pegawai", 12),
            Column("Belum Ada SKP", 12),
            Column("Draft/Dikembalikan", 14),
            Column("Diajukan", 12),
            Column("Disetujui", 12),
        ]
        for period in self.cycle.periods:
            columns += [
                Column(f"Realisasi {period.label}", 14),
                Column(f"Evaluasi {period.label}", 14),
            ]
        columns.append(Column("Evaluasi Tahunan", 14))
        yield Sheet("Rekap per OPD", columns, self.summary_rows(opds))
        yield Sheet(
            "Belum Mengisi",
            [
                Column("OPD", 34),
                Column("NIP", 21),
                Column("Nama", 34),
                Column("Unit Kerja", 30),
                Column("Periode", 14),
                Column("Kekurangan", 32),
            ],
            self.gap_rows(opds),
        )
