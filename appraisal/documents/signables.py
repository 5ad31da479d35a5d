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

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.org.models import AgencyProfile, Employee
from accounts.signatures.backends import Placement, Secret, SigningError
from accounts.signatures.services import signer_identity
from accounts.verification.models import DocumentKind, DocumentRecord, SignStatus
from accounts.verification.services import DocumentSpec, document_issue
from accounts.verification.signing import document_sign
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


# ----- the documents of an SKP and of an evaluation -----------------------------------------


def skp_signable(skp: Skp) -> Signable | None:
    if skp.status != SkpStatus.APPROVED:
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
    )


def _decided_objection(evaluation: Evaluation) -> Objection | None:
    return Objection.objects.filter(evaluation=evaluation, status=ObjectionStatus.DECIDED).first()


def evaluation_signables(evaluation: Evaluation) -> list[Signable]:
    if evaluation.status != EvaluationStatus.FINALISED:
        return []
    objection = _decided_objection(evaluation)
    if objection is not None:
        signer_id, anchor, signed_as = objection.atasan_employee_id, "ttd-atasan", ATASAN
        reason = "Keputusan atas keberatan hasil evaluasi kinerja"
    else:
        signer_id, anchor, signed_as = evaluation.ppk_employee_id, "ttd-ppk", PPK
        reason = "Penetapan hasil evaluasi kinerja"
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
        ),
    ]


def predicate_signable(target, period: int) -> Signable | None:
    """The Penetapan of a unit's predicate (`target`: calibration.selectors.target_for_calibration),
    signed by whoever set it: the leader, or the admin entering it on their behalf (a.n.)."""
    cycle, unit = target.cycle, target.unit
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
    )


def _evaluation_queryset():
    return Evaluation.objects.select_related("skp__cycle", "skp__employee", "skp__position")


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


def _signed(kind: str, subject) -> Exists:
    return Exists(
        DocumentRecord.objects.filter(
            kind=kind,
            subject=subject,
            sign_status=SignStatus.SIGNED,
            replaced_by__isnull=True,
        )
    )


def awaiting(employee: Employee, roles) -> list[Signable]:
    """The approved SKPs, finalised evaluations and unit predicates of years still open whose
    current document awaits `employee`'s signature (the latest record signed counts as done). A
    closed year's documents are signed from their own page, not listed: a Pemda switching
    signatures on mid-way is not asked to sign its archive."""
    skp_subject = Concat(
        Cast("employee_id", CharField()),
        Value(":"),
        Cast("cycle_id", CharField()),
        Value(":"),
        Cast("position_id", CharField()),
        Value(":"),
        Cast("start_date", CharField()),
    )
    skps = (
        skp_detail_queryset()
        .filter(status=SkpStatus.APPROVED, ppk_employee=employee)
        .exclude(cycle__status=CycleStatus.CLOSED)
        .annotate(subject_key=skp_subject)
        .annotate(done=_signed(DocumentKind.SKP, OuterRef("subject_key")))
        .filter(done=False)
        .order_by("employee__name")
    )
    found = [s for s in (skp_signable(skp) for skp in skps) if s is not None]
    evaluations = (
        _evaluation_queryset()
        .filter(status=EvaluationStatus.FINALISED)
        .exclude(skp__cycle__status=CycleStatus.CLOSED)
        .annotate(
            subject_key=Cast("public_id", CharField()),
            done=_signed(DocumentKind.EVALUATION_DOCUMENT, OuterRef("subject_key")),
        )
        .filter(done=False)
        .order_by("skp__employee__name", "period")
    )
    mine = evaluations.filter(ppk_employee=employee) | evaluations.filter(
        objection__status=ObjectionStatus.DECIDED, objection__atasan_employee=employee
    )
    for evaluation in mine.distinct():
        for signable in evaluation_signables(evaluation):
            if signable.signer_id == employee.pk:
                found.append(signable)
    if employee.user_id is None:
        return found
    predicate_subject = Concat(
        Cast("unit_id", CharField()),
        Value(":"),
        Cast("cycle_id", CharField()),
        Value(":"),
        Cast("period", CharField()),
    )
    predicates = (
        UnitPredicate.objects.filter(set_by_id=employee.user_id)
        .exclude(cycle__status=CycleStatus.CLOSED)
        .select_related("cycle", "unit")
        .annotate(subject_key=predicate_subject)
        .annotate(done=_signed(DocumentKind.ORG_PREDICATE, OuterRef("subject_key")))
        .filter(done=False)
        .order_by("cycle__year", "unit__code", "period")
    )
    for org in predicates:
        target = target_for_calibration(roles, org.cycle.year, org.unit.code, org.period)
        if (signable := predicate_signable(target, org.period)) is not None:
            found.append(signable)
    return found


# ----- signing ----------------------------------------------------------------------------------


def may_sign(employee: Employee | None, signable: Signable) -> bool:
    return employee is not None and signable.signer_id == employee.pk


def sign(signable: Signable, *, employee: Employee, secret: Secret, actor: Actor) -> DocumentRecord:
    """Issue the document and sign the issued bytes as `employee`. SigningError (with a message
    for them) when they may not, it is signed already, or the backend refuses."""
    if not may_sign(employee, signable):
        raise SigningError(_("This document does not await your signature."))
    renderer = rendering.AnchoredPdf()
    record, content = document_issue(signable.spec, signable.html(), renderer, actor=actor)
    if record.sign_status == SignStatus.SIGNED:
        raise SigningError(_("This document is already signed."))
    placement = Placement(
        box=renderer.boxes.get(signable.anchor),
        reason=signable.reason,
        location=rendering.place(AgencyProfile.current()),
        field_name=f"TTD-{signable.anchor.removeprefix('ttd-').upper()}",
    )
    return document_sign(
        record,
        content,
        person=signer_identity(employee),
        secret=secret,
        placement=placement,
        signed_as=signable.signed_as,
        actor=actor,
    )
