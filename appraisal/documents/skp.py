"""The SKP as an official A4 PDF (domain §8): HTML rendered by WeasyPrint.

The document is official Indonesian whatever the reader's UI language, so it is rendered under
``translation.override("id")`` (month names, choice labels). Building the context and the HTML is
separate from WeasyPrint so tests can read the document without paying for a PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from accounts.org.models import AgencyProfile, Employee
from accounts.org.reporting import reporting_line
from accounts.org.roles import roles_for
from accounts.verification.models import DocumentKind
from accounts.verification.services import DocumentSpec
from appraisal.choices import LampiranKind, LinkKind, Section, SkpStatus
from appraisal.documents import rendering
from appraisal.plans.models import Skp
from appraisal.plans.policies import skp_for_view
from appraisal.plans.selectors import skp_detail_queryset
from core.throttling import limit_documents
from indicators.choices import GUIDE_BEHAVIOURS, BerakhlakValue

TEMPLATE = "appraisal/pdf/skp.html"
# Statuses in which the plan was ditetapkan: the PPK block comes from the snapshot taken then.
DECIDED = (SkpStatus.APPROVED, SkpStatus.SUPERSEDED)


@dataclass(frozen=True)
class Party:
    """One header column and signature: nama, NIP, pangkat/gol. ruang, jabatan, unit kerja."""

    name: str
    nip: str = ""
    rank: str = ""
    title: str = ""
    unit: str = ""


def employee_party(skp: Skp) -> Party:
    employee = skp.employee
    return Party(
        name=employee.full_name,
        nip=employee.nip,
        rank=employee.pangkat_golongan,
        title=skp.position.name,
        unit=rendering.unit_name(skp.position.unit),
    )


def _ppk_party(skp: Skp) -> Party | None:
    """The PPK as stored on approval; before that, today's PPK from the reporting line."""
    if skp.status in DECIDED and skp.ppk_name:
        return Party(
            name=skp.ppk_name,
            nip=skp.ppk_nip,
            rank=skp.ppk_rank,
            title=skp.ppk_title,
            unit=skp.ppk_unit,
        )
    ppk = reporting_line(skp.employee).ppk
    if ppk is None:
        return None
    rank = ""
    if ppk.employee_id:
        person = Employee.objects.filter(pk=ppk.employee_id).first()
        rank = person.pangkat_golongan if person else ""
    return Party(
        name=ppk.name, nip=ppk.nip, rank=rank, title=ppk.title_with_acting, unit=ppk.unit_name
    )


def result_sections(skp: Skp) -> list[dict]:
    """A. Utama and B. Tambahan, each a list of RHK with their IKI rows (numbered per section)."""
    periods = {p.number: p.label for p in skp.cycle.periods}
    rhks = sorted(skp.rhks.all(), key=lambda r: (r.order, r.pk))
    sections = []
    for section in Section:
        items = []
        for number, rhk in enumerate((r for r in rhks if r.section == section), start=1):
            ikis = list(rhk.ikis.all())
            intervened = rhk.intervened.text if rhk.intervened_id else rhk.intervened_text
            items.append(
                {
                    "number": number,
                    "rhk": rhk,
                    "intervened": intervened,
                    "indirect": bool(intervened) and rhk.link_kind == LinkKind.INDIRECT,
                    "perspektif": rhk.get_perspektif_display() if rhk.perspektif else "",
                    "ikis": ikis or [None],
                    "span": max(len(ikis), 1),
                    "plans": [
                        (periods.get(plan.period, str(plan.period)), plan.text)
                        for plan in sorted(rhk.rencana_aksi.all(), key=lambda p: p.period)
                    ],
                }
            )
        sections.append({"label": section.label, "items": items})
    return sections


def perilaku_rows(skp: Skp) -> list[dict]:
    expectations = {e.value: e.text for e in skp.expectations.all()}
    return [
        {
            "number": number,
            "label": value.label,
            "behaviours": GUIDE_BEHAVIOURS[value],
            "expectation": expectations.get(value.value, ""),
        }
        for number, value in enumerate(BerakhlakValue, start=1)
    ]


def _lampiran_lists(skp: Skp) -> list[dict]:
    lines = sorted(skp.lampiran.all(), key=lambda item: (item.order, item.pk))
    return [
        {"label": kind.label, "lines": [item.text for item in lines if item.kind == kind]}
        for kind in LampiranKind
    ]


def party_rows(employee: Party, ppk: Party | None) -> list[tuple[int, str, str, str]]:
    """(no, label, employee's value, PPK's value): the two header blocks side by side."""
    ppk = ppk or Party(name="-")
    fields = (
        ("NAMA", "name"),
        ("NIP", "nip"),
        ("PANGKAT/GOL. RUANG", "rank"),
        ("JABATAN", "title"),
        ("UNIT KERJA", "unit"),
    )
    return [
        (number, label, getattr(employee, attr) or "-", getattr(ppk, attr) or "-")
        for number, (label, attr) in enumerate(fields, start=1)
    ]


def skp_document_context(skp: Skp, today: dt.date | None = None) -> dict:
    """Everything the SKP template shows. `skp` should come from selectors.skp_detail_queryset."""
    today = today or timezone.localdate()
    agency = AgencyProfile.objects.first() or AgencyProfile()
    decided = skp.status in DECIDED
    signed_on = timezone.localdate(skp.decided_at) if decided and skp.decided_at else today
    employee, ppk = employee_party(skp), _ppk_party(skp)
    footer = f"SKP {skp.cycle.year} · {employee.name} · NIP {employee.nip} · versi {skp.version}"
    return {
        "skp": skp,
        "agency": agency,
        "approach": skp.get_approach_display().upper(),
        "employee": employee,
        "ppk": ppk,
        "party_rows": party_rows(employee, ppk),
        "decided": decided,
        "draft": not decided,
        "superseded": skp.status == SkpStatus.SUPERSEDED,
        "sections": result_sections(skp),
        "perilaku": perilaku_rows(skp),
        "lampiran": _lampiran_lists(skp),
        "place": rendering.place(agency),
        "signed_on": signed_on,
        "footer": footer,
    }


def render_skp_html(skp: Skp, today: dt.date | None = None) -> str:
    with translation.override(rendering.OFFICIAL_LANGUAGE):
        return render_to_string(TEMPLATE, skp_document_context(skp, today))


def render_skp_pdf(skp: Skp, today: dt.date | None = None) -> bytes:
    return rendering.pdf_bytes(render_skp_html(skp, today))


def skp_spec(skp: Skp) -> DocumentSpec:
    """The SKP's record: one version chain per employee, year, post and start (a revision is the
    next version of the same plan; the plan after a mutasi is another document)."""
    start, end = skp.start_date, skp.end_date
    return DocumentSpec(
        kind=DocumentKind.SKP,
        subject=f"{skp.employee_id}:{skp.cycle_id}:{skp.position_id}:{start.isoformat()}",
        owner_id=skp.employee_id,
        name=skp.employee.full_name,
        nip=skp.employee.nip,
        period=f"{skp.cycle.year} ({start:%d-%m-%Y} s.d. {end:%d-%m-%Y})",
    )


def skp_pdf_filename(skp: Skp) -> str:
    return f"SKP-{skp.cycle.year}-{skp.employee.nip}-v{skp.version}.pdf"


@login_required
@require_GET
@limit_documents
def skp_pdf(request, public_id):
    """The SKP as a PDF for anyone who may see it (404 outside their scope)."""
    skp_for_view(roles_for(request), public_id)
    skp = skp_detail_queryset().get(public_id=public_id)
    rendering.record_opening(request, skp.employee_id)
    return rendering.issued_pdf(request, skp_spec(skp), render_skp_html(skp), skp_pdf_filename(skp))
