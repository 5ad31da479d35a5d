"""The reporting-line diagnostics' check that only the SIASN connector can make: a PPK that
differs from the atasan SIASN's organisation gives the employee (SiasnPerson, kept by the pull).
Reported with the page that sets appraisers, never applied: who appraises is decided here."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.org.models import Employee
from appraisal.monitoring.diagnostics import OVERRIDE, Diagnosis, Finding, LineCheck
from interchange.siasn.models import SiasnPerson

SIASN_ATASAN = "siasn_atasan"


def atasan_differences(diagnosis: Diagnosis) -> Iterator[Finding]:
    """Everyone SIASN names an atasan for who is not their PPK here (two queries at most)."""
    siasn = dict(
        SiasnPerson.objects.filter(
            nip__in=Employee.objects.filter(pk__in=diagnosis.people_query()).values("nip")
        )
        .exclude(atasan_nip="")
        .values_list("nip", "atasan_nip")
    )
    if not siasn:
        return
    people = [p for p in diagnosis.people.values() if p.nip in siasn]
    ppk_ids = {p.id: diagnosis.ppk_id(p.id) for p in people}
    nips = dict(
        Employee.objects.filter(pk__in={i for i in ppk_ids.values() if i}).values_list("pk", "nip")
    )
    for person in people:
        ours = nips.get(ppk_ids[person.id], "")
        if ours != siasn[person.nip]:
            detail = _("SIASN names %(siasn)s as atasan; here the PPK is %(ours)s.") % {
                "siasn": siasn[person.nip],
                "ours": ours or _("the Kepala Daerah or nobody"),
            }
            yield diagnosis.finding(person, SIASN_ATASAN, detail, OVERRIDE, person.nip)


SIASN_CHECK = LineCheck(
    ((SIASN_ATASAN, gettext_lazy("PPK differs from SIASN's atasan")),), atasan_differences
)
