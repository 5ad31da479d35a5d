"""Pushing final results to SIASN (issue 21, item 4): each finalised evaluation's result goes to
`skp22/save` (the year, period 0) or `kinerjaperiodik/save` (a period), with its Dokumen
Evaluasi (the signed file when signed) uploaded first through `upload-dok`.

Idempotent: the id SIASN gives a result is kept (ResultPush) and sent back with the next push, so
a re-push updates; the fingerprint of what was sent says whether the result changed since (an
objection decided) and must be pushed again. A new save whose answer was lost is marked unknown
and not resent blindly: SIASN's own list of the employee's results is read first.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.org.models import AgencyProfile
from accounts.verification.models import DocumentKind
from accounts.verification.services import document_issue
from appraisal.choices import ANNUAL as ANNUAL_PERIOD
from appraisal.choices import EvaluationStatus
from appraisal.documents import evaluation as evaluation_documents
from appraisal.documents import rendering
from appraisal.evaluation.models import Evaluation
from core.actor import Actor
from interchange.siasn import payloads
from interchange.siasn.client import (
    SiasnClient,
    SiasnError,
    SiasnOutcomeUnknown,
    SiasnRefused,
    SiasnUnavailable,
)
from interchange.siasn.models import PushState, ReferenceCheck, ResultPush, SiasnPerson

PUSHER = Actor.system("SIASN push")
# A claim older than this was left by a worker that died: a send (upload and save, each with
# SIASN_RETRIES tries of SIASN_TIMEOUT seconds) is over long before.
SENDING_CLAIM = dt.timedelta(minutes=15)
GOLONGAN = re.compile(r"\b(I{1,3}V?|IV)/[a-e]\b")


def results_queryset() -> QuerySet[Evaluation]:
    """Evaluations with what their payload reads; never a practice cycle's (issue 29.5)."""
    return Evaluation.objects.filter(skp__cycle__practice=False).select_related(
        "skp__cycle", "skp__employee", "skp__position__unit__opd"
    )


def results(year: int, *, period: int | None = None, opd_code: str = "") -> QuerySet[Evaluation]:
    """The finalised evaluations of a year (a period, an OPD)."""
    found = results_queryset().filter(status=EvaluationStatus.FINALISED, skp__cycle__year=year)
    if period is not None:
        found = found.filter(period=period)
    if opd_code:
        found = found.filter(skp__position__unit__opd__code=opd_code)
    return found.order_by("skp__employee__nip", "period")


def endpoint_of(evaluation: Evaluation) -> str:
    return payloads.ANNUAL if evaluation.period == ANNUAL_PERIOD else payloads.PERIODIC


def facts_of(evaluation: Evaluation, *, path=(), siasn_id: str = "") -> payloads.ResultFacts:
    """The result as SIASN takes it: the appraiser as recorded at finalisation; no NIP means
    the Kepala Daerah (statusPenilai "NON ASN")."""
    skp, cycle = evaluation.skp, evaluation.skp.cycle
    months = {}
    if evaluation.period != ANNUAL_PERIOD:
        found = cycle.period(evaluation.period)
        months = {
            "start_month": found.start.month,
            "end_month": found.end.month,
            "start_year": found.start.year,
            "end_year": found.end.year,
        }
    golongan = GOLONGAN.search(evaluation.ppk_rank or "")
    post, unit = evaluation.ppk_title, evaluation.ppk_unit
    if not evaluation.ppk_nip:  # the Kepala Daerah: their post, and the Pemda as their unit
        agency = AgencyProfile.current()
        post, unit = post or agency.head_title, unit or agency.name
    return payloads.ResultFacts(
        siasn_employee_id=skp.employee.siasn_id or _pulled_id(skp.employee.nip),
        year=cycle.year,
        rating_hasil=evaluation.rating_hasil,
        rating_perilaku=evaluation.rating_perilaku,
        appraiser_name=evaluation.ppk_name,
        appraiser_nip=evaluation.ppk_nip,
        appraiser_post=post,
        appraiser_golongan=payloads.golongan_code(golongan.group(0)) if golongan else "",
        appraiser_unit=unit,
        appraiser_is_kepala_daerah=not evaluation.ppk_nip,
        path=tuple(path),
        siasn_id=siasn_id,
        **months,
    )


def _pulled_id(nip: str) -> str:
    """SIASN's id of someone a pull added (their record gets it at the next pull)."""
    found = SiasnPerson.objects.filter(nip=nip).values_list("siasn_id", flat=True).first()
    return found or ""


def payload_of(evaluation: Evaluation, *, path=(), siasn_id: str = "") -> dict:
    facts = facts_of(evaluation, path=path, siasn_id=siasn_id)
    if evaluation.period == ANNUAL_PERIOD:
        return payloads.annual_payload(facts)
    return payloads.periodic_payload(facts)


def fingerprint(payload: dict) -> str:
    """What identifies a result as sent: the payload without the document and the id."""
    kept = {k: v for k, v in payload.items() if k not in ("path", "id")}
    return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()


def dry_run(evaluations: Iterable[Evaluation]) -> list[dict]:
    """What a push would send, sending nothing: one entry per result, with the schema's verdict
    (`errors`, empty when the payload fits)."""
    entries = []
    for evaluation in evaluations:
        payload = payload_of(evaluation)
        endpoint = endpoint_of(evaluation)
        entries.append(
            {
                "endpoint": endpoint,
                "nip": evaluation.skp.employee.nip,
                "payload": payload,
                "errors": payloads.validate_payload(endpoint, payload),
            }
        )
    return entries


def _document(evaluation: Evaluation) -> tuple[bytes, str]:
    """The Dokumen Evaluasi as a user downloads it: the signed file when it is signed."""
    spec = evaluation_documents.evaluation_spec(evaluation, DocumentKind.EVALUATION_DOCUMENT)
    html = evaluation_documents.render_document_html(evaluation)
    _record, content = document_issue(spec, html, rendering.pdf_bytes, actor=PUSHER)
    return content, evaluation_documents.evaluation_pdf_filename(evaluation, "Dokumen-Evaluasi")


def _existing_id(client: SiasnClient, evaluation: Evaluation) -> str:
    """After a lost answer: SIASN's own record of this result, if the save was stored."""
    nip, year = evaluation.skp.employee.nip, evaluation.skp.cycle.year
    if evaluation.period == ANNUAL_PERIOD:
        rows = client.rw_skp22(nip)
    else:
        rows = client.rw_kinerja_periodik(nip)
    for row in rows or []:
        if str(row.get("tahun")) == str(year) and row.get("id"):
            if evaluation.period == ANNUAL_PERIOD:
                return str(row["id"])
            start = cycle_period_start(evaluation)
            if str(row.get("bulanMulaiPenilaian")) == str(start):
                return str(row["id"])
    return ""


REFERENCE_LISTS = ("perilakuDanKinerja", "kuadranNilai")


def reference_check(client: SiasnClient) -> ReferenceCheck:
    """Fetch SIASN's reference lists and compare them with the codes we send (kept, so the
    status page says which code differs)."""
    differences = []
    for name in REFERENCE_LISTS:
        differences += payloads.compare_reference(name, client.reference(name))
    return ReferenceCheck.objects.create(checked_at=timezone.now(), differences=differences)


def cycle_period_start(evaluation: Evaluation) -> int:
    return evaluation.skp.cycle.period(evaluation.period).start.month


def result_push(evaluation: Evaluation, client: SiasnClient, *, force: bool = False) -> ResultPush:
    """Send one result (upload, then save) unless it was sent unchanged, and record how it ended:
    sent (with SIASN's id), failed (BKN's message; sent again by the next push) or unknown.

    The claim (sending_since) is committed before anything leaves, and the requests are made
    outside any transaction: a worker killed mid-send leaves the claim, so the next push reads
    SIASN's list first and updates what it finds instead of adding it twice; a claim younger than
    SENDING_CLAIM belongs to a worker still sending, and is left to it."""
    with transaction.atomic():
        push, _created = ResultPush.objects.select_for_update().get_or_create(
            evaluation=evaluation, defaults={"endpoint": endpoint_of(evaluation)}
        )
        payload = payload_of(evaluation, siasn_id=push.siasn_id)
        now = timezone.now()
        if push.sending_since and now - push.sending_since < SENDING_CLAIM:
            return push
        if (
            not force
            and not push.sending_since
            and push.state == PushState.SENT
            and push.payload_sha256 == fingerprint(payload)
        ):
            push.checked_at = now
            push.save(update_fields=["checked_at"])
            return push
        lost = push.sending_since or push.state == PushState.UNKNOWN
        push.attempts += 1
        push.sending_since = push.checked_at = now
        push.save(update_fields=["attempts", "sending_since", "checked_at"])
    try:
        _send(push, evaluation, client, lost=lost)
    finally:
        push.sending_since = None
        push.save(
            update_fields=[
                "siasn_id",
                "state",
                "message",
                "payload_sha256",
                "sent_at",
                "sending_since",
                "updated_at",
            ]
        )
    return push


def _send(push: ResultPush, evaluation: Evaluation, client: SiasnClient, *, lost) -> None:
    """Upload the document and save the result, the outcome on `push` (saved by the caller);
    after a lost answer (`lost`), SIASN's own record is looked for first."""
    try:
        if lost and not push.siasn_id:
            push.siasn_id = _existing_id(client, evaluation)
        content, filename = _document(evaluation)
        kind = (
            payloads.DOCUMENT_ANNUAL
            if evaluation.period == ANNUAL_PERIOD
            else payloads.DOCUMENT_PERIODIC
        )
        uploaded = client.upload_dok(content, filename, kind)
        payload = payload_of(evaluation, path=(uploaded,), siasn_id=push.siasn_id)
        if evaluation.period == ANNUAL_PERIOD:
            push.siasn_id = client.save_skp22(payload)
        else:
            push.siasn_id = client.save_kinerja_periodik(payload)
    except SiasnRefused as refusal:
        push.state, push.message = PushState.FAILED, refusal.message
    except SiasnOutcomeUnknown as error:
        push.state, push.message = PushState.UNKNOWN, str(error)
    except SiasnUnavailable as error:
        # Recorded by the caller, then raised: the task tries again later and the command stops,
        # rather than going through every result while SIASN is down.
        push.state, push.message = PushState.FAILED, str(error)
        raise
    except SiasnError as error:
        push.state, push.message = PushState.FAILED, str(error)
    else:
        push.state, push.message = PushState.SENT, ""
        push.payload_sha256 = fingerprint(payload)
        push.sent_at = timezone.now()
