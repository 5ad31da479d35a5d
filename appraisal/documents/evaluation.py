"""The evaluation as official A4 PDFs (domain §8), rendered by WeasyPrint like the SKP (pdf.py).

Two documents per evaluation (a period, or the year = period 0):
- *Evaluasi Kinerja Pegawai*: the plan with the period's *realisasi berdasarkan bukti dukung*, the
  PPK's *umpan balik*, both ratings and the predicate;
- *Dokumen Evaluasi Kinerja Pegawai*: one page with the three parties, the organisational result,
  the predicate, the notes and, when the employee objected, the objection, the PPK's explanation and
  the Atasan PPK's decision.

Fixed Indonesian whatever the UI language (``translation.override("id")``). The PPK and the Atasan
PPK are shown as stored when the evaluation was finalised; before that, as stored on the SKP's
approval. The HTML is built from a constant number of queries, apart from WeasyPrint, so tests read
it without paying for a PDF. The SKP document's helpers, partials and stylesheet are shared.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from accounts.org import selectors as org_selectors
from accounts.org.models import AgencyProfile
from accounts.org.roles import roles_for
from accounts.verification.models import DocumentKind
from accounts.verification.services import DocumentSpec
from appraisal import rules
from appraisal.calibration import selectors as calibration_selectors
from appraisal.calibration import services as calibration_services
from appraisal.choices import ANNUAL, EvaluationStatus, ObjectionOutcome, ObjectionStatus
from appraisal.cycles.models import UnitPredicate
from appraisal.documents import rendering
from appraisal.documents.skp import (
    Party,
    employee_party,
    party_rows,
    perilaku_rows,
    result_sections,
)
from appraisal.evaluation.models import Evaluation
from appraisal.evaluation.policies import evaluation_for_view
from appraisal.evaluation.selectors import split_year
from appraisal.objections.models import Objection, ObjectionMessage
from appraisal.plans.models import Iki, Rhk
from appraisal.realisation.models import Evidence, IkiRealisation
from core.throttling import limit_documents
from indicators.choices import BerakhlakValue

EVALUATION_TEMPLATE = "appraisal/pdf/evaluation.html"
DOCUMENT_TEMPLATE = "appraisal/pdf/evaluation_document.html"
NONE = "—"  # shown where there is nothing (yet): no organisational predicate, no realisation
OUTCOME_TEXT = {
    ObjectionOutcome.UPHELD: "Keberatan tidak diterima; rating dan predikat kinerja dikukuhkan.",
    ObjectionOutcome.CHANGED: "Keberatan diterima; rating dan predikat kinerja diubah.",
}
PARTY_FIELDS = (
    ("NAMA", "name"),
    ("NIP", "nip"),
    ("PANGKAT/GOL. RUANG", "rank"),
    ("JABATAN", "title"),
    ("UNIT KERJA", "unit"),
)


# ---------------------------------------------------------------------------------------- loading
def _queryset(with_plan: bool):
    related = (
        "skp__cycle",
        "skp__employee",
        "skp__position__unit__opd",
        "skp__ppk_employee",
        "ppk_employee",
        "objection__atasan_employee",
    )
    queryset = Evaluation.objects.select_related(*related)
    if with_plan:
        queryset = queryset.prefetch_related(
            Prefetch(
                "skp__rhks",
                queryset=Rhk.objects.select_related("intervened").prefetch_related(
                    Prefetch("ikis", queryset=Iki.objects.order_by("order", "pk")),
                    "rencana_aksi",
                ),
            ),
            "skp__expectations",
            "rhk_notes",
            "perilaku_notes",
        )
    return queryset


def _objection(evaluation: Evaluation) -> Objection | None:
    try:
        return evaluation.objection
    except Objection.DoesNotExist:
        return None


# ------------------------------------------------------------------------------ shared building
def period_title(evaluation: Evaluation) -> str:
    """ "TRIWULAN I" … for a period, "AKHIR" for the year (the official PERIODE line)."""
    if evaluation.period == ANNUAL:
        return "AKHIR"
    period = evaluation.skp.cycle.period(evaluation.period)
    return period.label.upper() if period else str(evaluation.period)


def _period_name(evaluation: Evaluation) -> str:
    """ "Triwulan III" or "Akhir": the period as written in running text (the footer)."""
    if evaluation.period == ANNUAL:
        return "Akhir"
    period = evaluation.skp.cycle.period(evaluation.period)
    return period.label if period else str(evaluation.period)


def period_dates(evaluation: Evaluation) -> tuple[dt.date, dt.date]:
    """The evaluated dates: the period clipped to the SKP's own start and end."""
    skp = evaluation.skp
    period = skp.cycle.period(evaluation.period) if evaluation.period != ANNUAL else None
    if period is None:
        return skp.start_date, skp.end_date
    return max(period.start, skp.start_date), min(period.end, skp.end_date)


def _snapshot_party(source, prefix: str) -> Party | None:
    name = getattr(source, f"{prefix}_name")
    if not name:
        return None
    return Party(
        name=name,
        nip=getattr(source, f"{prefix}_nip"),
        rank=getattr(source, f"{prefix}_rank"),
        title=getattr(source, f"{prefix}_title"),
        unit=getattr(source, f"{prefix}_unit"),
    )


def _appraiser(evaluation: Evaluation, prefix: str) -> Party | None:
    """PPK or Atasan PPK as stored on finalising; before that, as stored on the SKP's approval."""
    finalised = evaluation.status == EvaluationStatus.FINALISED
    source = evaluation if finalised and getattr(evaluation, f"{prefix}_name") else evaluation.skp
    return _snapshot_party(source, prefix)


def _unit_predicate(evaluation: Evaluation) -> UnitPredicate | None:
    """The predikat kinerja organisasi that governs the evaluation's period: the unit's own, else
    its parent's, else its OPD's. One query."""
    unit = evaluation.skp.position.unit
    candidates = [pk for pk in (unit.pk, unit.parent_id, unit.opd_id) if pk]
    found = {
        p.unit_id: p
        for p in UnitPredicate.objects.filter(
            cycle_id=evaluation.skp.cycle_id, period=evaluation.period, unit_id__in=candidates
        ).select_related("unit__opd")
    }
    return next((found[pk] for pk in candidates if pk in found), None)


def _org_predicate(evaluation: Evaluation, nearest: UnitPredicate | None) -> str:
    """The organisational predicate as a label: the one stored on the evaluation (a unit head's),
    else the unit's; "" when none was set."""
    if evaluation.org_predicate:
        return _org_label(evaluation.org_predicate)
    return nearest.get_predicate_display() if nearest else ""


@dataclass(frozen=True)
class CurveBar:
    """One predicate of the unit's actual distribution: how many, their share, the bar's width."""

    label: str
    count: int
    share: str  # "33,3 %"
    width: int  # percent of the widest bar


def _percent_text(part: int, whole: int) -> str:
    share = (Decimal(part) * 100 / whole).quantize(Decimal("0.1")) if whole else Decimal(0)
    return f"{share:f} %".replace(".", ",")


def distribution(evaluation: Evaluation, nearest: UnitPredicate | None) -> dict | None:
    """The POLA DISTRIBUSI block: the pattern the unit's organisational predicate allows (the
    cycle's limits, SE MenPANRB 3/2023) and the unit's actual curve, the finalised predicates of
    its employees in the period, with the limits it breaks. None without an organisational
    predicate. Three queries (the pattern, the OPD's tree, the evaluations)."""
    if nearest is None:
        return None
    cycle = evaluation.skp.cycle
    org_predicate = rules.OrgPredicate[nearest.predicate]
    limits = calibration_services.limits_for(cycle)
    unit_ids = org_selectors.subtree_ids(nearest.unit_id, org_selectors.opd_tree(nearest.unit))
    counts = calibration_services.counts_of(
        calibration_selectors.unit_evaluations(cycle, unit_ids, evaluation.period)
    )
    total = sum(counts.values())
    widest = max(counts.values(), default=0)
    label = nearest.get_predicate_display()
    return {
        "unit": rendering.unit_name(nearest.unit),
        "predicate": label,
        "limits": [
            calibration_services.limit_sentence(limit, "%(count)s pegawai")
            for limit in limits.get(org_predicate, ())
        ],
        "curve": [
            CurveBar(
                p.label,
                counts.get(p, 0),
                _percent_text(counts.get(p, 0), total),
                round(counts.get(p, 0) * 100 / widest) if widest else 0,
            )
            for p in rules.Predicate
        ],
        "total": total,
        "breaches": [
            calibration_services.breach_sentence(label, breach)
            for breach in rules.distribution_breaches(org_predicate, counts, limits)
        ],
    }


def _org_label(name: str) -> str:
    field = UnitPredicate._meta.get_field("predicate")
    return str(dict(field.choices).get(name, name))


def _label(evaluation: Evaluation, field: str) -> str:
    return getattr(evaluation, f"get_{field}_display")() if getattr(evaluation, field) else "-"


def _signed_on(evaluation: Evaluation, today: dt.date) -> dt.date:
    if evaluation.status == EvaluationStatus.FINALISED and evaluation.finalised_at:
        return timezone.localdate(evaluation.finalised_at)
    return today


def _common(evaluation: Evaluation, today: dt.date | None) -> dict:
    today = today or timezone.localdate()
    agency = AgencyProfile.objects.first() or AgencyProfile()
    skp = evaluation.skp
    start, end = period_dates(evaluation)
    title = period_title(evaluation)
    employee = employee_party(skp)
    finalised = evaluation.status == EvaluationStatus.FINALISED
    nearest = _unit_predicate(evaluation)
    org_predicate = _org_predicate(evaluation, nearest)
    return {
        "evaluation": evaluation,
        "skp": skp,
        "agency": agency,
        "approach": skp.get_approach_display().upper(),
        "period_title": title,
        "period_start": start,
        "period_end": end,
        "employee": employee,
        "ppk": _appraiser(evaluation, "ppk"),
        "atasan": _appraiser(evaluation, "atasan"),
        "finalised": finalised,
        "draft": not finalised,
        "org_predicate": org_predicate or NONE,
        "unit_predicate": nearest,
        "rating_hasil": _label(evaluation, "rating_hasil"),
        "rating_perilaku": _label(evaluation, "rating_perilaku"),
        "predicate": _label(evaluation, "predicate"),
        "place": rendering.place(agency),
        "signed_on": _signed_on(evaluation, today),
        "objection": _objection(evaluation),
        "footer": (
            f"Evaluasi Kinerja {_period_name(evaluation)} {skp.cycle.year} · {employee.name} · "
            f"NIP {employee.nip}"
        ),
    }


# ------------------------------------------------------------------- Evaluasi Kinerja Pegawai
def _number(value: Decimal, unit: str) -> str:
    """12 laporan, 80,5 % (the Indonesian decimal comma)."""
    return f"{f'{value.normalize():f}'.replace('.', ',')} {unit}".strip()


def _realisation_lines(evaluation: Evaluation) -> dict[int, list[str]]:
    """IKI id → what was realised: the period's value, or every period's for the year. One query."""
    values = IkiRealisation.objects.filter(realisation__skp_id=evaluation.skp_id).select_related(
        "realisation", "iki"
    )
    annual = evaluation.period == ANNUAL
    if not annual:
        values = values.filter(realisation__period=evaluation.period)
    labels = {p.number: p.label for p in evaluation.skp.cycle.periods}
    lines: dict[int, list[str]] = defaultdict(list)
    for item in sorted(values, key=lambda v: (v.realisation.period, v.pk)):
        parts = []
        if item.value is not None:
            percent = item.iki.achievement(item.value)
            capaian = f" (capaian {_number(percent, '%')})" if percent is not None else ""
            parts.append(_number(item.value, item.iki.target_unit) + capaian)
        if item.narrative:
            parts.append(item.narrative)
        if not parts:
            continue
        text = "; ".join(parts)
        if annual:
            text = f"{labels.get(item.realisation.period, item.realisation.period)}: {text}"
        lines[item.iki_id].append(text)
    return lines


def _evidence(evaluation: Evaluation) -> dict[int | None, list[str]]:
    """RHK id (None: the whole period) → the names of the evidence of the period. One query."""
    found = Evidence.objects.filter(realisation__skp_id=evaluation.skp_id)
    if evaluation.period != ANNUAL:
        found = found.filter(realisation__period=evaluation.period)
    names: dict[int | None, list[str]] = defaultdict(list)
    for item in found.order_by("realisation__period", "created_at", "pk"):
        names[item.rhk_id].append(item.description or item.original_name or item.link)
    return names


def evaluation_context(evaluation: Evaluation, today: dt.date | None = None) -> dict:
    """Everything the Evaluasi Kinerja Pegawai shows; `evaluation` is reloaded with its plan."""
    evaluation = _queryset(with_plan=True).get(pk=evaluation.pk)
    context = _common(evaluation, today)
    skp = evaluation.skp
    realised = _realisation_lines(evaluation)
    evidence = _evidence(evaluation)
    notes = {note.rhk_id: note for note in evaluation.rhk_notes.all()}
    sections = result_sections(skp)
    for section in sections:
        for item in section["items"]:
            rhk = item["rhk"]
            note = notes.get(rhk.pk)
            item["feedback"] = note.feedback if note else ""
            item["label"] = note.get_label_display() if note and note.label else ""
            item["evidence"] = evidence.get(rhk.pk, [])
            item["rows"] = [(iki, realised.get(iki.pk, []) if iki else []) for iki in item["ikis"]]
    feedback = {note.value: note.feedback for note in evaluation.perilaku_notes.all()}
    perilaku = perilaku_rows(skp)
    for row, value in zip(perilaku, BerakhlakValue, strict=True):
        row["feedback"] = feedback.get(value.value, "")
    objection = context["objection"]
    context.update(
        {
            "distribution": distribution(evaluation, context["unit_predicate"]),
            "party_rows": party_rows(context["employee"], context["ppk"]),
            "sections": sections,
            "general_evidence": evidence.get(None, []),
            "perilaku": perilaku,
            "objection_open": objection is not None and objection.status == ObjectionStatus.OPEN,
            "changed_by_objection": (
                objection is not None
                and objection.status == ObjectionStatus.DECIDED
                and objection.outcome == ObjectionOutcome.CHANGED
            ),
        }
    )
    return context


def render_evaluation_html(evaluation: Evaluation, today: dt.date | None = None) -> str:
    with translation.override(rendering.OFFICIAL_LANGUAGE):
        return render_to_string(EVALUATION_TEMPLATE, evaluation_context(evaluation, today))


# --------------------------------------------------------- Dokumen Evaluasi Kinerja Pegawai
def _party_block(number: int, heading: str, party: Party | None) -> dict:
    party = party or Party(name="-")
    return {
        "number": number,
        "heading": heading,
        "rows": [
            (letter, label, getattr(party, attr) or "-")
            for letter, (label, attr) in zip("abcde", PARTY_FIELDS, strict=True)
        ],
    }


def _objection_context(evaluation: Evaluation, objection: Objection) -> dict:
    """Sections 6–8: the objection, the PPK's explanations in the thread, the decision."""
    ppk_employee = evaluation.ppk_employee or evaluation.skp.ppk_employee
    explanations = []
    if ppk_employee is not None and ppk_employee.user_id:
        explanations = list(
            ObjectionMessage.objects.filter(
                objection=objection, author_id=ppk_employee.user_id
            ).order_by("created_at", "pk")
        )
    decided = objection.status == ObjectionStatus.DECIDED
    decider = objection.atasan_employee
    atasan = _appraiser(evaluation, "atasan")
    if decider is not None and (atasan is None or atasan.nip != decider.nip):
        atasan = Party(name=decider.full_name, nip=decider.nip, rank=decider.pangkat_golongan)
    original = objection.get_original_predicate_display()
    return {
        "filed_on": timezone.localdate(objection.filed_at),
        "reasons": objection.reasons,
        "explanations": [
            (timezone.localdate(message.created_at), message.text) for message in explanations
        ],
        "decided": decided,
        "outcome": OUTCOME_TEXT.get(objection.outcome, "") if decided else "",
        "changed": decided and objection.outcome == ObjectionOutcome.CHANGED,
        "original_predicate": original,
        "predicate": _label(evaluation, "predicate") if decided else original,
        "notes": objection.decision_notes,
        "decided_on": timezone.localdate(objection.decided_at) if objection.decided_at else None,
        "atasan_signer": atasan or Party(name="-"),
    }


def document_context(evaluation: Evaluation, today: dt.date | None = None) -> dict:
    evaluation = _queryset(with_plan=False).get(pk=evaluation.pk)
    context = _common(evaluation, today)
    objection = context["objection"]
    context["blocks"] = [
        _party_block(1, "PEGAWAI YANG DINILAI", context["employee"]),
        _party_block(2, "PEJABAT PENILAI KINERJA", context["ppk"]),
        _party_block(3, "ATASAN PEJABAT PENILAI KINERJA", context["atasan"]),
    ]
    context["keberatan"] = _objection_context(evaluation, objection) if objection else None
    # A year split by a move: both SKPs, each with its PPK and result (issue 20, point 11).
    context["split_year"] = split_year(evaluation.skp)
    if objection is not None:
        keberatan = context["keberatan"]
        context["atasan_signer"] = keberatan["atasan_signer"]
        context["atasan_signed_on"] = keberatan["decided_on"]
    context["footer"] = (
        f"Dokumen Evaluasi Kinerja {_period_name(evaluation)} {evaluation.skp.cycle.year}"
        f" · {context['employee'].name} · NIP {context['employee'].nip}"
    )
    return context


def render_document_html(evaluation: Evaluation, today: dt.date | None = None) -> str:
    with translation.override(rendering.OFFICIAL_LANGUAGE):
        return render_to_string(DOCUMENT_TEMPLATE, document_context(evaluation, today))


# -------------------------------------------------------------------------------------- output
def render_evaluation_pdf(evaluation: Evaluation) -> bytes:
    return rendering.pdf_bytes(render_evaluation_html(evaluation))


def render_document_pdf(evaluation: Evaluation) -> bytes:
    return rendering.pdf_bytes(render_document_html(evaluation))


def evaluation_pdf_filename(evaluation: Evaluation, prefix: str = "Evaluasi") -> str:
    title = period_title(evaluation).replace(" ", "-")
    year, nip = evaluation.skp.cycle.year, evaluation.skp.employee.nip
    return f"{prefix}-{title}-{year}-{nip}.pdf"


def evaluation_spec(evaluation: Evaluation, kind: DocumentKind) -> DocumentSpec:
    """An evaluation's record: one version chain per evaluation and document (a decided objection
    or a re-rating makes the next version)."""
    employee = evaluation.skp.employee
    return DocumentSpec(
        kind=kind,
        subject=str(evaluation.public_id),
        owner_id=employee.pk,
        name=employee.full_name,
        nip=employee.nip,
        period=f"{_period_name(evaluation)} {evaluation.skp.cycle.year}",
    )


@login_required
@require_GET
@limit_documents
def evaluation_pdf(request, public_id):
    """The Evaluasi Kinerja Pegawai for anyone who may see the SKP (404 outside their scope)."""
    evaluation = evaluation_for_view(roles_for(request), public_id)
    rendering.record_opening(request, evaluation.skp.employee_id)
    return rendering.issued_pdf(
        request,
        evaluation_spec(evaluation, DocumentKind.EVALUATION),
        render_evaluation_html(evaluation),
        evaluation_pdf_filename(evaluation),
    )


@login_required
@require_GET
@limit_documents
def evaluation_document_pdf(request, public_id):
    """The one-page Dokumen Evaluasi Kinerja Pegawai (with the objection when there was one)."""
    evaluation = evaluation_for_view(roles_for(request), public_id)
    rendering.record_opening(request, evaluation.skp.employee_id)
    return rendering.issued_pdf(
        request,
        evaluation_spec(evaluation, DocumentKind.EVALUATION_DOCUMENT),
        render_document_html(evaluation),
        evaluation_pdf_filename(evaluation, "Dokumen-Evaluasi"),
    )
