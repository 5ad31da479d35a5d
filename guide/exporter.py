"""The adoption recap (export identifier `adoption`): per OPD of the scope, the figures of the
adoption page (guide.adoption), with the agency's total."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from guide import adoption
from reports.exporters.base import Column, Exporter, Sheet, register

HEADERS = (
    ("Kode OPD", 14),
    ("OPD", 40),
    ("Pegawai aktif", 12),
    ("Pernah masuk", 12),
    ("Menyelesaikan tur", 12),
    ("Memulai SKP", 12),
    ("Mengajukan SKP", 12),
    ("Mencatat realisasi", 12),
)


@register
class AdoptionExporter(Exporter):
    identifier = "adoption"
    order = 90
    label = gettext_lazy("Adoption per OPD")
    description = gettext_lazy(
        "Per OPD, of its active employees: logged in, finished the tour, started and submitted "
        "the SKP, recorded a realisation; with the total. To aim the next workshop."
    )
    admin_only = True
    uses_period = False

    def _rows(self) -> list[adoption.OpdAdoption]:
        ids = [self.params.opd.pk] if self.params.opd is not None else self.scope.opd_ids
        return adoption.by_opd(self.cycle, None if ids is None else frozenset(ids))

    def estimate(self) -> int:
        return len(self._rows())

    def sheets(self):
        rows = self._rows()
        # The total is the last row of the table (no footer: the filter covers every line).
        lines = [_line(row) for row in rows] + [_line(adoption.total(rows), "Jumlah")]
        yield Sheet("Adopsi", [Column(h, w) for h, w in HEADERS], lines)


def _line(row: adoption.OpdAdoption, name: str = "") -> list:
    return [
        row.code,
        name or row.name,
        row.employees,
        *(getattr(row, measure) for measure in adoption.MEASURES),
    ]
