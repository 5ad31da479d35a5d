"""The month's TPP recap (export identifier `tpp`): one sheet per OPD, as the BKAD receives it,
with its totals and the signature block of the head of the OPD and of the BKD."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from accounts.choices import AssignmentKind
from accounts.org.models import Assignment, unit_label
from appraisal.rules import Predicate
from reports.exporters.base import Column, Exporter, Sheet, full_name, month_label, register
from tpp.choices import MonthState
from tpp.months.explain import percent_text
from tpp.months.models import Line, Month

RUPIAH = "#,##0"
HEADERS = (
    "NIP",
    "Nama",
    "Jabatan",
    "Kelas Jabatan",
    "Basis TPP",
    "Predikat",
    "Persentase Kinerja",
    "Potongan Disiplin",
    "TPP Bruto",
    "TPP Diterima",
)
WIDTHS = (21, 34, 34, 8, 14, 18, 12, 14, 14, 14)
LABELS = {p.name: p.label for p in Predicate}


@register
class TppExporter(Exporter):
    identifier = "tpp"
    order = 60
    label = gettext_lazy("TPP recap for a month")
    description = gettext_lazy(
        "Each OPD's TPP for the month on its own sheet: basis, predicate, performance percentage, "
        "discipline deductions, gross and received, with totals and the signature block. A month "
        "not yet locked is marked as a draft."
    )
    admin_only = True
    uses_period = False
    uses_month = True

    def _months(self):
        found = Month.objects.filter(year=self.cycle.year, month=self.params.month)
        ids = [self.params.opd.pk] if self.params.opd is not None else self.scope.opd_ids
        if ids is not None:
            found = found.filter(opd_id__in=sorted(ids))
        return found.select_related("opd").order_by("opd__code")

    def estimate(self) -> int:
        return Line.objects.filter(month__in=self._months()).count()

    def sheets(self):
        columns = [
            Column(
                h,
                w,
                RUPIAH
                if h in ("Basis TPP", "Potongan Disiplin", "TPP Bruto", "TPP Diterima")
                else None,
            )
            for h, w in zip(HEADERS, WIDTHS, strict=True)
        ]
        months = list(self._months())
        heads = _heads([m.opd_id for m in months])
        for month in months:
            totals = [0, 0, 0, 0]
            yield Sheet(
                month.opd.code,
                columns,
                self._rows(month, totals),
                footer=lambda month=month, totals=totals: self._footer(
                    month, totals, heads.get(month.opd_id)
                ),
            )

    def _rows(self, month: Month, totals: list[int]):
        lines = month.lines.order_by("employee__name").values_list(
            "employee__nip",
            "employee__front_title",
            "employee__name",
            "employee__back_title",
            "position_name",
            "kelas",
            "basis",
            "predicate",
            "performance_percent",
            "deduction_total",
            "gross",
            "received",
        )
        for (
            nip,
            front,
            name,
            back,
            post,
            kelas,
            basis,
            predicate,
            percent,
            cut,
            gross,
            received,
        ) in lines.iterator(chunk_size=2000):
            for index, amount in enumerate((basis, cut, gross, received)):
                totals[index] += amount
            yield [
                nip,
                full_name(front, name, back),
                post,
                kelas,
                basis,
                LABELS.get(predicate, "-"),
                f"{percent_text(percent)} %",
                cut,
                gross,
                received,
            ]

    def _footer(self, month: Month, totals: list[int], head: tuple[str, str] | None):
        basis, cut, gross, received = totals
        state = "" if month.state == MonthState.LOCKED else "DRAF: bulan belum dikunci"
        yield ["", "Jumlah", "", "", basis, "", "", cut, gross, received]
        yield []
        yield ["", state or f"TPP {month_label(month.month)} {month.year}"]
        yield []
        yield [
            "",
            f"Kepala {unit_label(month.opd.name, month.opd.code)}",
            "",
            "",
            "",
            "",
            "Kepala BKD",
        ]
        yield []
        yield []
        name, nip = head or ("(.................................)", "")
        yield ["", name, "", "", "", "", "(.................................)"]
        yield ["", f"NIP {nip}" if nip else "NIP", "", "", "", "", "NIP"]


def _heads(opd_ids: list[int]) -> dict[int, tuple[str, str]]:
    """The holder of each OPD's top post today (definitive, else acting): name and NIP."""
    heads: dict[int, tuple[str, str]] = {}
    holders = (
        Assignment.objects.filter(
            Q(position__parent__isnull=True) | ~Q(position__parent__unit_id__in=opd_ids),
            position__unit_id__in=opd_ids,
            end_date__isnull=True,
        )
        .exclude(kind=AssignmentKind.PLH)
        .order_by("kind")  # "definitif" before "plt"
        .values_list(
            "position__unit_id",
            "employee__front_title",
            "employee__name",
            "employee__back_title",
            "employee__nip",
        )
    )
    for opd_id, front, name, back, nip in holders:
        heads.setdefault(opd_id, (full_name(front, name, back), nip))
    return heads
