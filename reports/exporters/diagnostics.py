"""The reporting-line diagnostics as a workbook: one row per employee and reason."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.org.models import OrgUnit, unit_label
from appraisal.monitoring import diagnostics
from reports.exporters.base import Column, Exporter, Sheet, register


@register
class LineDiagnosticsExporter(Exporter):
    identifier = "reporting_line_diagnostics"
    order = 9
    label = gettext_lazy("Reporting-line diagnostics")
    description = gettext_lazy(
        "Active employees whose SKP cannot proceed today and why (a missing or wrong appraiser, an "
        "expired Plt/Plh or override, a loop in the position tree, a PPK without an approved "
        "SKP, a broken RHK link), with the page that fixes it: one row per employee and reason."
    )
    uses_period = False
    admin_only = True

    def _findings(self) -> list[diagnostics.Finding]:
        """Found once per export (the estimate and the sheet read the same list)."""
        if not hasattr(self, "_found"):
            if self.params.opd is not None:
                opd_ids = [self.params.opd.pk]
            elif self.scope.opd_ids is not None:
                opd_ids = sorted(self.scope.opd_ids)
            else:
                opd_ids = list(
                    OrgUnit.objects.filter(parent__isnull=True).values_list("pk", flat=True)
                )
            self.today = timezone.localdate()
            self._found = diagnostics.diagnose(opd_ids, self.cycle, self.today)
        return self._found

    def estimate(self) -> int:
        return len(self._findings())

    def parameter_rows(self):
        rows = super().parameter_rows()
        self._findings()
        rows.insert(1, (_("As of"), self.today.strftime("%d-%m-%Y")))
        return rows

    def rows(self):
        found = self._findings()
        opds = {
            pk: unit_label(name, code)
            for pk, name, code in OrgUnit.objects.filter(
                pk__in={f.opd_id for f in found}
            ).values_list("pk", "name", "code")
        }
        labels = dict(diagnostics.reasons())
        site = settings.SITE_URL.rstrip("/")
        # The export is the admin's scope: the whole agency's is the admin BKD's, who sets
        # overrides; an admin OPD is sent to the employee's page instead (as on the page).
        may_override = self.scope.opd_ids is None
        for f in found:
            url, words = diagnostics.fix_link(f, may_override)
            yield [
                f.nip,
                f.name,
                opds.get(f.opd_id, ""),
                f.unit,
                f.post,
                str(labels.get(f.reason, f.reason)),
                f.detail,
                words,
                f"{site}{url}",
            ]

    def sheets(self):
        columns = [
            Column("NIP", 21),
            Column("Nama", 34),
            Column("OPD", 30),
            Column("Unit Kerja", 30),
            Column("Jabatan", 30),
            Column("Masalah", 28),
            Column("Keterangan", 60),
            Column("Perbaikan", 20),
            Column("Tautan", 50),
        ]
        yield Sheet("Diagnosis Pejabat Penilai", columns, self.rows())
