"""The decision document of a unit's organisational predicate (PDF)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from accounts.choices import PPK_ELIGIBLE_KINDS
from accounts.org import selectors as org_selectors
from accounts.org.models import AgencyProfile, Employee, OrgUnit, Position
from accounts.org.roles import roles_for
from accounts.verification.models import DocumentKind
from accounts.verification.services import DocumentSpec
from appraisal import rules
from appraisal.calibration import policies, services
from appraisal.calibration import selectors as cal
from appraisal.choices import (
    ANNUAL,
)
from appraisal.cycles.models import Cycle, UnitPredicate
from appraisal.documents import rendering
from core.throttling import limit_documents

PDF_TEMPLATE = "appraisal/pdf/unit_predicate.html"


# ---------------------------------------------------------------- Format Penetapan (PDF)
def leader_of(unit: OrgUnit, agency: AgencyProfile) -> tuple[str, str]:
    """The leader one level up, whose decision the Penetapan records: (post, holder's name).
    The parent unit's head post and its holder today, else the Kepala Daerah."""
    if unit.parent_id is None:
        return agency.head_title, agency.head_name
    posts = Position.objects.filter(unit_id=unit.parent_id).select_related("parent")
    for post in posts:
        if post.kind in PPK_ELIGIBLE_KINDS and (
            post.parent_id is None or post.parent.unit_id != post.unit_id
        ):
            holder = post.current_holders.order_by("pk").first()
            return post.name, holder.full_name if holder else ""
    return agency.head_title, agency.head_name


def predicate_document_context(
    cycle: Cycle, unit: OrgUnit, period: int, tree, today: dt.date | None = None
) -> dict:
    """Everything the Format Penetapan Predikat Kinerja shows (a constant number of queries)."""
    org = get_object_or_404(
        UnitPredicate.objects.select_related("set_by"), cycle=cycle, unit=unit, period=period
    )
    agency = AgencyProfile.objects.first() or AgencyProfile()
    org_predicate = rules.OrgPredicate[org.predicate]
    pattern = services.limits_for(cycle).get(org_predicate, ())
    counts = services.counts_of(
        cal.unit_evaluations(cycle, org_selectors.subtree_ids(unit.pk, tree), period)
    )
    signer = Employee.objects.filter(user_id=org.set_by_id).select_related("position").first()
    if period == ANNUAL:
        start, end = dt.date(cycle.year, 1, 1), dt.date(cycle.year, 12, 31)
    else:
        found = cycle.period(period)
        start, end = found.start, found.end
    on_behalf = org.on_behalf
    leader_title, leader_name = leader_of(unit, agency)
    return {
        "agency": agency,
        "cycle": cycle,
        "unit_name": rendering.unit_name(unit),
        "period_title": "TAHUNAN" if period == ANNUAL else cal.period_name(cycle, period).upper(),
        "period_start": start,
        "period_end": end,
        "predicate": org_predicate.label,
        "pattern": [services.limit_sentence(limit, "%(count)s pegawai") for limit in pattern],
        "counts": [(p.label, counts.get(p, 0)) for p in rules.Predicate],
        "total": sum(counts.values()),
        "place": rendering.place(agency),
        "signed_on": timezone.localdate(org.set_at) if org.set_at else today,
        "leader_title": leader_title,
        "leader_name": leader_name,
        "on_behalf": on_behalf,
        "reason": org.reason,
        "signer_name": signer.full_name
        if signer
        else (org.set_by.get_full_name() if org.set_by else "-"),
        "signer_nip": signer.nip if signer else "",
        "signer_title": signer.position.name if signer and signer.position else "",
        "footer": (
            f"Penetapan Predikat Kinerja Organisasi · {unit.name} · "
            f"{cal.period_name(cycle, period)} {cycle.year}"
        ),
    }


def render_predicate_html(cycle, unit, period, tree) -> str:
    with translation.override(rendering.OFFICIAL_LANGUAGE):
        return render_to_string(PDF_TEMPLATE, predicate_document_context(cycle, unit, period, tree))


@login_required
@require_GET
@limit_documents
def unit_predicate_pdf(request, year, code, period):
    """The Format Penetapan Predikat Kinerja for anyone who may see the unit's calibration."""
    target = policies.target_for_calibration(roles_for(request), year, code, period)
    cycle, unit = target.cycle, target.unit
    html = render_predicate_html(cycle, unit, period, target.tree)
    return rendering.issued_pdf(
        request, predicate_spec(cycle, unit, period), html, predicate_filename(cycle, unit, period)
    )


def predicate_spec(cycle: Cycle, unit: OrgUnit, period: int) -> DocumentSpec:
    return DocumentSpec(
        kind=DocumentKind.ORG_PREDICATE,
        subject=f"{unit.pk}:{cycle.pk}:{period}",
        name=rendering.unit_name(unit),
        period=f"{cal.period_name(cycle, period)} {cycle.year}",
    )


def predicate_filename(cycle: Cycle, unit: OrgUnit, period: int) -> str:
    return f"Penetapan-Predikat-{unit.code}-{cycle.year}-{period}.pdf"
