"""Which of our documents are signed, by whom, and where on the page (issue 23).

A `Signable` is one document as it would be served now (its record spec, HTML and filename) with
the person whose signature it awaits and the box of _signatures.html where that signature goes:

- the SKP: its PPK (as stored on approval), once approved;
- the Evaluasi Kinerja and the Dokumen Evaluasi: the PPK once finalised; after a decided
  objection, the Atasan PPK who decided it (the decision changed the document);
- the Penetapan predikat kinerja organisasi: whoever set it (the leader, or the admin on their
  behalf, which the document states).

`sign` issues the document (accounts.verification: the same record and bytes a download gets)
and has accounts.signatures sign exactly those bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.org.models import AgencyProfile, Employee
from accounts.signatures.backends import Placement, Secret, SigningError
from accounts.signatures.services import signer_identity
from accounts.verification.models import DocumentKind, DocumentRecord, SignStatus
from accounts.verification.services import DocumentSpec, document_issue
from accounts.verification.signing import ToSign, already_signed, documents_sign
from appraisal.calibration import selectors as cal_selectors
from appraisal.calibration.policies import target_for_calibration
from appraisal.choices import CycleStatus, EvaluationStatus, ObjectionStatus, SkpStatus
from appraisal.cycles.models import UnitPredicate
from appraisal.documents import evaluation as evaluation_documents
from appraisal.documents import predicate as predicate_documents
from appraisal.documents import rendering
from appraisal.documents import skp as skp_documents
from appraisal.evaluation.models import Evaluation
from appraisal.evaluation.policies import evaluation_for_view
from appraisal.objections.models import Objection
from appraisal.plans.models import Skp
from appraisal.plans.policies import skp_for_view
from appraisal.plans.selectors import skp_detail_queryset
from core.actor import Actor

PPK = "Pejabat Penilai Kinerja"
ATASAN = "Atasan Pejabat Penilai Kinerja"


@dataclass(frozen=True)
class Signable:
    key: str  # "<kind>:<public id>": how forms name it
    spec: DocumentSpec
    html: Callable[[], str]
    filename: str
    signer_id: int | None  # the Employee whose signature it awaits
    anchor: str  # the box id in the document's HTML
    signed_as: str
    reason: str
    title: str  # for the lists: "SKP 2026 · Nama"
    back_url: str
    # When the decision this document records was taken: a signature of a version issued
    # before it (an evaluation signed, then changed by an objection) does not count.
    decided_at: dt.datetime | None = None


# ----- the documents of an SKP and of an evaluation -----------------------------------------


def skp_signable(skp: Skp) -> Signable | None:
    # A practice cycle's documents (issue 29.5) are never signed: a signature is an act in law.
    if skp.status != SkpStatus.APPROVED or skp.cycle.practice:
        return None
    return Signable(
        key=f"skp:{skp.public_id}",
        spec=skp_documents.skp_spec(skp),
        html=lambda: skp_documents.render_skp_html(skp),
        filename=skp_documents.skp_pdf_filename(skp),
        signer_id=skp.ppk_employee_id,
        anchor="ttd-ppk",
        signed_as=PPK,
        reason=f"Persetujuan SKP {skp.cycle.year}",
        title=f"SKP {skp.cycle.year} · {skp.employee.full_name}",
        back_url=reverse("appraisal:skp_detail", args=[skp.public_id]),
        decided_at=skp.decided_at,
    )


def _decided_objection(evaluation: Evaluation) -> Objection | None:
    """Through the one-to-one relation: loaded with the evaluation by _evaluation_queryset."""
    try:
        objection = evaluation.objection
    except Objection.DoesNotExist:
        return None
    return objection if objection.status == ObjectionStatus.DECIDED else None


def evaluation_signables(evaluation: Evaluation) -> list[Signable]:
    if evaluation.status != EvaluationStatus.FINALISED or evaluation.skp.cycle.practice:
        return []
    objection = _decided_objection(evaluation)
    if objection is not None:
        signer_id, anchor, signed_as = objection.atasan_employee_id, "ttd-atasan", ATASAN
        reason = "Keputusan atas keberatan hasil evaluasi kinerja"
        decided_at = objection.decided_at
    else:
        signer_id, anchor, signed_as = evaluation.ppk_employee_id, "ttd-ppk", PPK
        reason = "Penetapan hasil evaluasi kinerja"
        decided_at = evaluation.finalised_at
    skp = evaluation.skp
    back = reverse("appraisal:evaluation", args=[evaluation.public_id])
    name = skp.employee.full_name
    period = evaluation_documents.evaluation_spec(evaluation, DocumentKind.EVALUATION).period
    return [
        Signable(
            key=f"evaluation:{evaluation.public_id}",
            spec=evaluation_documents.evaluation_spec(evaluation, DocumentKind.EVALUATION),
            html=lambda: evaluation_documents.render_evaluation_html(evaluation),
            filename=evaluation_documents.evaluation_pdf_filename(evaluation),
            signer_id=signer_id,
            anchor=anchor,
            signed_as=signed_as,
            reason=reason,
            title=f"Evaluasi Kinerja {period} · {name}",
            back_url=back,
            decided_at=decided_at,
        ),
        Signable(
            key=f"evaluation_document:{evaluation.public_id}",
            spec=evaluation_documents.evaluation_spec(evaluation, DocumentKind.EVALUATION_DOCUMENT),
            html=lambda: evaluation_documents.render_document_html(evaluation),
            filename=evaluation_documents.evaluation_pdf_filename(evaluation, "Dokumen-Evaluasi"),
            signer_id=signer_id,
            anchor=anchor,
            signed_as=signed_as,
            reason=reason,
            title=f"Dokumen Evaluasi Kinerja {period} · {name}",
            back_url=back,
            decided_at=decided_at,
        ),
    ]


def predicate_signable(target, period: int) -> Signable | None:
    """The Penetapan of a unit's predicate (`target`: calibration.selectors.target_for_calibration),
    signed by whoever set it: the leader, or the admin entering it on their behalf (a.n.)."""
    cycle, unit = target.cycle, target.unit
    if cycle.practice:
        return None
    org = UnitPredicate.objects.filter(cycle=cycle, unit=unit, period=period).first()
    if org is None or org.set_by_id is None:
        return None
    signer = Employee.objects.filter(user_id=org.set_by_id).only("pk").first()
    leader_title, _name = predicate_documents.leader_of(unit, AgencyProfile.current())
    period_name = cal_selectors.period_name(cycle, period)
    return Signable(
        key=f"org_predicate:{cycle.year}/{unit.code}/{period}",
        spec=predicate_documents.predicate_spec(cycle, unit, period),
        html=lambda: predicate_documents.render_predicate_html(cycle, unit, period, target.tree),
        filename=predicate_documents.predicate_filename(cycle, unit, period),
        signer_id=signer.pk if signer else None,
        anchor="ttd-pimpinan",
        signed_as=f"a.n. {leader_title}" if org.on_behalf else leader_title,
        reason=f"Penetapan predikat kinerja organisasi {period_name} {cycle.year}",
        title=f"Penetapan Predikat Kinerja {unit.name} · {period_name} {cycle.year}",
        back_url=reverse("appraisal:calibration", args=[cycle.year, unit.code, period]),
        decided_at=org.set_at,
    )


def _evaluation_queryset():
    return Evaluation.objects.select_related(
        "skp__cycle", "skp__employee", "skp__position", "objection"
    )


def signable_for_key(key: str, roles) -> Signable | None:
    """The document a form or panel names ("skp:<uuid>", "evaluation:<uuid>",
    "evaluation_document:<uuid>", "org_predicate:<year>/<code>/<period>"), as its own page
    checks `roles` (Http404 or PermissionDenied outside them); None when it awaits no signature
    (not approved, not finalised, not set)."""
    kind, _sep, rest = key.partition(":")
    try:
        if kind == "skp":
            skp_for_view(roles, rest)
            return skp_signable(skp_detail_queryset().get(public_id=rest))
        if kind in {"evaluation", "evaluation_document"}:
            evaluation_for_view(roles, rest)
            evaluation = _evaluation_queryset().get(public_id=rest)
            return next((s for s in evaluation_signables(evaluation) if s.key == key), None)
        if kind == "org_predicate":
            year, code, period = rest.split("/")
            target = target_for_calibration(roles, int(year), code, int(period))
            return predicate_signable(target, int(period))
    except (ValueError, ValidationError):  # not a UUID, not a year/code/period
        raise Http404 from None
    raise Http404


# ----- what awaits a person's signature ------------------------------------------------------


def is_signed(signable: Signable, record: DocumentRecord | None) -> bool:
    """A document counts as signed when its latest record is, and was issued after the decision
    it records (the version before an objection's decision, signed by the PPK, does not)."""
    if record is None or record.sign_status != SignStatus.SIGNED:
        return False
    return signable.decided_at is None or record.created_at >= signable.decided_at


def _unsigned(candidates: list[Signable]) -> list[Signable]:
    """Those of `candidates` not signed yet: one query for their latest signed records (the
    subjects are the specs' own, built in Python, so they match on every database)."""
    if not candidates:
        return []
    signed = DocumentRecord.objects.filter(
        subject__in={s.spec.subject for s in candidates},
        kind__in={s.spec.kind for s in candidates},
        sign_status=SignStatus.SIGNED,
        replaced_by__isnull=True,
    ).only("kind", "subject", "sign_status", "created_at")
    by_chain = {(r.kind, r.subject): r for r in signed}
    return [s for s in candidates if not is_signed(s, by_chain.get((s.spec.kind, s.spec.subject)))]


def _predicates_awaiting(employee: Employee, roles) -> list[Signable]:
    found = []
    predicates = (
        UnitPredicate.objects.filter(set_by_id=employee.user_id)
        .exclude(cycle__status=CycleStatus.CLOSED)
        .exclude(cycle__practice=True)
        .select_related("cycle", "unit")
        .order_by("cycle__year", "unit__code", "period")
    )
    for org in predicates:
        try:
            target = target_for_calibration(roles, org.cycle.year, org.unit.code, org.period)
        except (Http404, PermissionDenied):  # no longer theirs to see: not theirs to sign
            continue
        if (signable := predicate_signable(target, org.period)) is not None:
            found.append(signable)
    return found


def awaiting(employee: Employee, roles) -> list[Signable]:
    """The approved SKPs, finalised evaluations and unit predicates of years still open whose
    current document awaits `employee`'s signature. A closed year's documents are signed from
    their own page, not listed: a Pemda switching signatures on mid-way is not asked to sign its
    archive."""
    skps = (
        skp_detail_queryset()
        .filter(status=SkpStatus.APPROVED, ppk_employee=employee)
        .exclude(cycle__status=CycleStatus.CLOSED)
        .exclude(cycle__practice=True)  # a workshop's documents are never signed
        .order_by("employee__name")
    )
    candidates = [s for s in (skp_signable(skp) for skp in skps) if s is not None]
    evaluations = (
        _evaluation_queryset()
        .filter(status=EvaluationStatus.FINALISED)
        .exclude(skp__cycle__status=CycleStatus.CLOSED)
        .exclude(skp__cycle__practice=True)
        .filter(
            Q(ppk_employee=employee)
            | Q(objection__status=ObjectionStatus.DECIDED, objection__atasan_employee=employee)
        )
        .order_by("skp__employee__name", "period")
    )
    for evaluation in evaluations:
        candidates.extend(evaluation_signables(evaluation))
    if employee.user_id is not None:
        candidates.extend(_predicates_awaiting(employee, roles))
    return _unsigned([s for s in candidates if s.signer_id == employee.pk])


# ----- signing ----------------------------------------------------------------------------------


def may_sign(employee: Employee | None, signable: Signable) -> bool:
    return employee is not None and signable.signer_id == employee.pk


def prepare(signable: Signable, *, employee: Employee, actor: Actor) -> ToSign:
    """The document issued exactly as a download would be, and where its signature goes.
    SigningError when it does not await this person's signature or is signed already."""
    if not may_sign(employee, signable):
        raise SigningError(_("This document does not await your signature."))
    renderer = rendering.AnchoredPdf()
    record, content = document_issue(signable.spec, signable.html(), renderer, actor=actor)
    if is_signed(signable, record):
        raise already_signed()
    placement = Placement(
        box=renderer.boxes.get(signable.anchor),
        reason=signable.reason,
        location=rendering.place(AgencyProfile.current()),
        field_name=f"TTD-{signable.anchor.removeprefix('ttd-').upper()}",
    )
    return ToSign(record, content, placement, signable.signed_as)


def sign_all(
    documents: list[Signable], *, employee: Employee, secret: Secret, actor: Actor
) -> list[SigningError | None]:
    """Sign `documents` as `employee` with one secret, in one call to the signing service: per
    document None (signed) or why not. SigningError / SigningOutcomeUnknown for the whole call."""
    outcome: list[SigningError | None] = [None] * len(documents)
    prepared: dict[int, ToSign] = {}
    for index, signable in enumerate(documents):
        try:
            prepared[index] = prepare(signable, employee=employee, actor=actor)
        except SigningError as refusal:
            outcome[index] = refusal
    if prepared:
        refusals = documents_sign(
            list(prepared.values()), person=signer_identity(employee), secret=secret, actor=actor
        )
        for index, refusal in zip(prepared, refusals, strict=True):
            outcome[index] = refusal
    return outcome
