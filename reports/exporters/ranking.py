"""The ranking of employees (domain §5, our rule) and the lists drawn from it (domain §9).

Order: predicate, rating hasil, rating perilaku, then the share of RHK labelled Di Atas
Ekspektasi (appraisal.rules.ranking_key); equal keys share a rank (1, 2, 2, 4), listed by name
within a tie (rules.shared_ranks). The agency-wide export also gives each employee's rank inside
their OPD, computed in the same pass over the sorted rows.

Built for 100,000 rows (bench/export_ranking.py): one query streamed with .iterator(), the sort
keys and the repeated strings (posts, units, PPKs) shared between rows instead of one object per
row, and a row of plain values handed to XlsxWriter as it is (reports.exporters.base).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter

from django.utils.translation import gettext_lazy as _

from appraisal import rules
from reports.exporters.base import Column, Exporter, Sheet, full_name, register, unit_columns
from reports.selectors import (
    PREDICATE_LABELS,
    RATING_LABELS,
    finalised_results,
    latest_per_employee,
    ppk_of,
)

SHARE_HEADER = "RHK Di Atas Ekspektasi (%)"
RANKING_COLUMNS = (
    Column("Peringkat", 10),
    Column("NIP", 21),
    Column("Nama", 34),
    Column("Jabatan", 34),
    Column("Unit Kerja", 30),
    Column("Pejabat Penilai", 30),
    Column("Rating Hasil Kerja", 20),
    Column("Rating Perilaku Kerja", 20),
    Column("Predikat", 18),
    Column(SHARE_HEADER, 14),
    Column("OPD", 30),
    Column("Peringkat di OPD", 10),
)
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


class _Shared:
    """Caches that make 100,000 rows cheap: one key tuple per distinct result, one string object
    per distinct post, unit or name."""

    def __init__(self):
        self.keys: dict[tuple, tuple] = {}
        self.shares: dict[tuple[int, int], Decimal] = {}
        self.strings: dict[str, str] = {}

    def key(self, row) -> tuple:
        raw = (row.predicate, row.rating_hasil, row.rating_perilaku, row.above, row.rhks)
        found = self.keys.get(raw)
        if found is None:
            found = self.keys[raw] = rules.ranking_key(
                rules.Predicate[row.predicate],
                rules.Rating[row.rating_hasil],
                rules.Rating[row.rating_perilaku],
                min(row.above, row.rhks),
                row.rhks,
            )
        return found

    def share(self, above: int, rhks: int) -> Decimal:
        found = self.shares.get((above, rhks))
        if found is None:
            value = Decimal(min(above, rhks)) * _HUNDRED / Decimal(rhks) if rhks else Decimal(0)
            found = self.shares[(above, rhks)] = value.quantize(_CENT, rounding=ROUND_HALF_UP)
        return found

    def text(self, value: str) -> str:
        return self.strings.setdefault(value, value) if value else ""


def ranked_rows(exporter: Exporter, predicates=None, extra=None):
    """The ranking as lists of cell values (RANKING_COLUMNS, then `extra(row)` if given)."""
    shared = _Shared()
    entries = []
    results = finalised_results(
        exporter.cycle,
        exporter.period,
        exporter.scope_q(),
        predicates=predicates,
        with_rhk_counts=True,
    )
    for row in latest_per_employee(results.iterator(chunk_size=5000)):
        name = full_name(
            row.skp__employee__front_title, row.skp__employee__name, row.skp__employee__back_title
        )
        unit, opd = unit_columns(row, "skp__position")
        values = [
            row.skp__employee__nip,
            name,
            shared.text(row.skp__position__name),
            shared.text(unit),
            shared.text(ppk_of(row)),
            RATING_LABELS[row.rating_hasil],
            RATING_LABELS[row.rating_perilaku],
            PREDICATE_LABELS[row.predicate],
            shared.share(row.above, row.rhks),
            shared.text(opd),
        ]
        if extra is not None:
            values.append(extra(row))
        entries.append((shared.key(row), name, values, row.opd_key))
    del results
    in_opd: dict[int, list] = {}  # opd → [employees seen, last key, last rank]
    for rank, (key, _name, values, opd) in rules.shared_ranks(
        entries, key=itemgetter(0), name=itemgetter(1)
    ):
        state = in_opd.setdefault(opd, [0, None, 0])
        state[0] += 1
        if key != state[1]:
            state[1], state[2] = key, state[0]
        values.insert(0, rank)
        values.insert(11, state[2])
        yield values


@register
class RankingExporter(Exporter):
    identifier = "ranking"
    order = 1
    label = _("Ranking of employees")
    description = _(
        "Finalised evaluations ordered by predicate, rating hasil, rating perilaku and the share "
        "of RHK above expectation; equal results share a rank, listed by name."
    )

    def _count(self, predicates=None) -> int:
        results = finalised_results(self.cycle, self.period, self.scope_q(), predicates=predicates)
        return results.values("skp__employee_id").distinct().count()

    def estimate(self) -> int:
        return self._count()

    def sheets(self):
        yield Sheet("Peringkat", RANKING_COLUMNS, ranked_rows(self))


@register
class TopPerformersExporter(Exporter):
    identifier = "top_performers"
    order = 2
    label = _("Top performers")
    description = _(
        "Employees with the predicate Sangat Baik, in ranking order, with the PPK's notes: for "
        "rewards."
    )
    PREDICATES = (rules.Predicate.SANGAT_BAIK.name,)

    def estimate(self) -> int:
        return RankingExporter._count(self, self.PREDICATES)

    def sheets(self):
        columns = (*RANKING_COLUMNS, Column("Catatan/Rekomendasi", 50))
        yield Sheet(
            "Kinerja Terbaik",
            columns,
            ranked_rows(self, self.PREDICATES, extra=lambda row: row.notes),
        )


DEVELOPMENT_PREDICATES = (
    rules.Predicate.BUTUH_PERBAIKAN,
    rules.Predicate.KURANG_MISCONDUCT,
    rules.Predicate.SANGAT_KURANG,
)


@register
class DevelopmentNeedsExporter(Exporter):
    identifier = "development_needs"
    order = 3
    label = _("Development needs")
    description = _(
        "Employees rated Butuh Perbaikan or worse, worst first, with the PPK's recommendation."
    )
    COLUMNS = (
        Column("NIP", 21),
        Column("Nama", 34),
        Column("Jabatan", 34),
        Column("Unit Kerja", 30),
        Column("OPD", 30),
        Column("Pejabat Penilai", 30),
        Column("Rating Hasil Kerja", 20),
        Column("Rating Perilaku Kerja", 20),
        Column("Predikat", 18),
        Column("Rekomendasi Pejabat Penilai", 50),
    )

    def _results(self):
        return finalised_results(
            self.cycle,
            self.period,
            self.scope_q(),
            predicates=[p.name for p in DEVELOPMENT_PREDICATES],
        )

    def estimate(self) -> int:
        return self._results().values("skp__employee_id").distinct().count()

    def rows(self):
        found = []
        for row in latest_per_employee(self._results().iterator(chunk_size=2000)):
            name = full_name(
                row.skp__employee__front_title,
                row.skp__employee__name,
                row.skp__employee__back_title,
            )
            found.append((rules.Predicate[row.predicate].value, name.casefold(), name, row))
        found.sort(key=itemgetter(0, 1))
        for _value, _folded, name, row in found:
            yield [
                row.skp__employee__nip,
                name,
                row.skp__position__name,
                *unit_columns(row, "skp__position"),
                ppk_of(row),
                RATING_LABELS[row.rating_hasil],
                RATING_LABELS[row.rating_perilaku],
                PREDICATE_LABELS[row.predicate],
                row.notes,
            ]

    def sheets(self):
        yield Sheet("Kebutuhan Pengembangan", self.COLUMNS, self.rows())
