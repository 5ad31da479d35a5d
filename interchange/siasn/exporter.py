"""The SIASN status as a workbook (issue 21, item 5): each final result of the year in scope,
whether it is in SIASN, changed since, failed with BKN's message, or waiting, and when the
employee was last read from SIASN (the pull)."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.org.models import unit_label
from appraisal.choices import EvaluationStatus
from appraisal.evaluation.models import Evaluation
from interchange.siasn.models import PushState, SiasnPerson
from reports.exporters.base import (
    DATETIME_FORMAT,
    Column,
    Exporter,
    Sheet,
    full_name,
    local_naive,
    period_label,
    register,
)


@register
class SiasnStatusExporter(Exporter):
    identifier = "siasn_status"
    order = 10
    label = gettext_lazy("Results in SIASN")
    description = gettext_lazy(
        "Every final result of the year (or of one period) and where it stands in BKN's SIASN: "
        "sent, changed since it was sent, failed with BKN's message, outcome unknown or waiting."
    )
    admin_only = True

    def _queryset(self):
        found = Evaluation.objects.filter(
            self.scope_q(), status=EvaluationStatus.FINALISED, skp__cycle=self.cycle
        )
        if self.params.period is not None:
            found = found.filter(period=self.params.period)
        return found

    def estimate(self) -> int:
        return self._queryset().count()

    def rows(self):
        states = dict(PushState.choices)
        pulled = SiasnPerson.objects.filter(nip=OuterRef("skp__employee__nip")).values("pulled_at")
        rows = (
            self._queryset()
            .annotate(pulled_at=Subquery(pulled[:1]))
            .order_by("skp__position__unit__opd__code", "skp__employee__name", "period")
            .values_list(
                "skp__employee__nip",
                "skp__employee__front_title",
                "skp__employee__name",
                "skp__employee__back_title",
                "skp__position__unit__opd__name",
                "skp__position__unit__opd__code",
                "period",
                "siasn_push__state",
                "siasn_push__siasn_id",
                "siasn_push__sent_at",
                "siasn_push__attempts",
                "siasn_push__message",
                "updated_at",
                "siasn_push__checked_at",
                "pulled_at",
            )
        )
        yes, no = _("Yes"), _("No")
        for (nip, front, name, back, opd, code, period, state, sid, sent_at, attempts, message,
             updated, checked, pulled_at) in rows.iterator(chunk_size=2000):  # fmt: skip
            is_changed = state == PushState.SENT and checked is not None and updated > checked
            yield [
                nip,
                full_name(front, name, back),
                unit_label(opd, code) if opd else "",
                period_label(self.cycle, period),
                str(states.get(state, _("Not sent yet"))),
                yes if is_changed else no,
                sid or "",
                local_naive(sent_at),
                attempts or 0,
                message or "",
                local_naive(pulled_at),
            ]

    def sheets(self):
        columns = [
            Column("NIP", 21),
            Column("Nama", 34),
            Column("OPD", 30),
            Column("Periode", 18),
            Column("Status SIASN", 22),
            Column("Berubah sejak dikirim", 12),
            Column("ID SIASN", 38),
            Column("Terakhir dikirim", 18, DATETIME_FORMAT),
            Column("Percobaan", 10),
            Column("Pesan BKN", 60),
            Column("Terakhir dibaca dari SIASN", 18, DATETIME_FORMAT),
        ]
        yield Sheet("Status SIASN", columns, self.rows())
