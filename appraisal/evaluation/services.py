"""The PPK scores a period or the year; the employee receives the result (domain §5).

Saving is optimistic: the caller passes the version it showed, and the UPDATE only happens while
the row still has that version (a conditional update, no lock held while the PPK thinks). A stale
tab gets a StaleEvaluation error naming who saved in between and when, and nothing is overwritten.
Finalising freezes the ratings, stores the PPK and Atasan PPK as of that day and notifies the
employee, whose acknowledgement starts the objection clock.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.choices import PPK_ELIGIBLE_KINDS
from appraisal import rules
from appraisal.choices import (
    ANNUAL,
    EvaluationStatus,
    SkpStatus,
    WindowKind,
)
from appraisal.cycles.models import UnitPredicate
from appraisal.cycles.windows import (
    finalisation_covering,
    require_cycle_not_closed,
    require_open,
    window_state,
)
from appraisal.evaluation import policies
from appraisal.evaluation.models import Evaluation, PerilakuFeedback, RhkAssessment
from appraisal.plans.models import Skp
from appraisal.plans.services.flow import record_appraisers
from core.actor import Actor
from core.errors import DomainError
from core.history import history_options, save_with_reason
from notifications.services import notify


class StaleEvaluation(DomainError):
    """Someone saved this evaluation after the page was loaded."""


def evaluation_url(evaluation: Evaluation) -> str:
    return reverse("appraisal:evaluation", kwargs={"public_id": evaluation.public_id})


def evaluation_window(skp: Skp, period: int):
    kind = WindowKind.ANNUAL if period == ANNUAL else WindowKind.PERIOD
    return window_state(
        skp.cycle,
        kind,
        period if period != ANNUAL else 0,
        employee_id=skp.employee_id,
        opd_id=skp.position.unit.opd_id or skp.position.unit_id,
    )


def headed_unit(skp: Skp):
    """The unit whose head post this SKP is for (a unit head), or None."""
    position = skp.position
    if position.kind not in PPK_ELIGIBLE_KINDS:
        return None
    if position.parent_id is None or position.parent.unit_id != position.unit_id:
        return position.unit
    return None


def unit_head_rating(skp: Skp, period: int) -> tuple[str, str]:
    """(rating hasil, org predicate) from the unit's organisational predicate, or ("", "")."""
    unit = headed_unit(skp)
    if unit is None:
        return "", ""
    found = UnitPredicate.objects.filter(cycle=skp.cycle, unit=unit, period=period).first()
    if found is None:
        return "", ""
    mapping = {
        rules.OrgPredicate[key]: rules.Rating[value]
        for key, value in settings.UNIT_HEAD_RATING.items()
    } or None
    rating = rules.unit_head_rating(rules.OrgPredicate[found.predicate], mapping)
    return rating.name, found.predicate


def predicate_for(rating_hasil: str, rating_perilaku: str) -> str:
    if not rating_hasil or not rating_perilaku:
        return ""
    return rules.employee_predicate(rules.Rating[rating_hasil], rules.Rating[rating_perilaku]).name


def period_covered(skp: Skp, period: int, cycle=None) -> bool:
    """Period 0 (the year) or a period of the cycle overlapping the SKP's dates."""
    if period == ANNUAL:
        return True
    found = (cycle or skp.cycle).period(period)
    return found is not None and found.start <= skp.end_date and found.end >= skp.start_date


def evaluation_for(skp: Skp, period: int, *, actor: Actor) -> Evaluation:
    """The evaluation of this SKP and period, created (empty) the first time the PPK opens it."""
    if not actor.is_system and not policies.may_score_plan(actor.roles, skp):
        raise DomainError(_("Only the employee's appraising official can score this evaluation."))
    if skp.status != SkpStatus.APPROVED:
        raise DomainError(_("Only the approved SKP in force can be evaluated."))
    if not period_covered(skp, period):
        raise DomainError(_("This SKP does not cover that period."))
    evaluation, _created = Evaluation.objects.get_or_create(skp=skp, period=period)
    return evaluation


def _refusal_if_closed(evaluation: Evaluation) -> None:
    if evaluation.status == EvaluationStatus.FINALISED:
        raise DomainError(_("This evaluation is finalised and can no longer be changed."))
    require_open(evaluation_window(evaluation.skp, evaluation.period))
    # Calibration guard: once the unit is finalised, its distribution must not move (domain §6).
    if finalisation_covering(evaluation.skp, evaluation.period) is not None:
        raise DomainError(
            _("The unit's predicates are finalised for this period; ratings can no longer change.")
        )


@transaction.atomic
def evaluation_save(
    evaluation: Evaluation,
    *,
    expected_version: int,
    rating_hasil: str,
    rating_perilaku: str,
    notes: str = "",
    rhk_notes: dict[int, tuple[str, str]] | None = None,
    perilaku_notes: dict[str, str] | None = None,
    actor: Actor,
) -> Evaluation:
    """The PPK saves their scoring of a draft (ratings, notes, feedback per RHK and BerAKHLAK
    value) if nobody saved since `expected_version`, the version their page showed; returns the
    new row. A stale page gets StaleEvaluation and overwrites nothing."""
    if not policies.may_score(actor.roles, evaluation):
        raise DomainError(_("Only the employee's appraising official can score this evaluation."))
    _refusal_if_closed(evaluation)
    rating_hasil, rating_perilaku, org_predicate = _ratings(
        evaluation, rating_hasil, rating_perilaku
    )
    updated = Evaluation.objects.filter(
        pk=evaluation.pk, version=expected_version, status=EvaluationStatus.DRAFT
    ).update(
        rating_hasil=rating_hasil,
        rating_perilaku=rating_perilaku,
        predicate=predicate_for(rating_hasil, rating_perilaku),
        org_predicate=org_predicate,
        notes=notes.strip(),
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    current = Evaluation.objects.select_related("skp__employee").get(pk=evaluation.pk)
    if not updated:
        raise StaleEvaluation(_stale_message(current))
    rhk_notes = rhk_notes or {}
    if any(label and label not in rules.Rating.__members__ for _f, label in rhk_notes.values()):
        raise DomainError(_("Choose a rating from the list."))
    _save_notes(
        current,
        RhkAssessment,
        "rhk_id",
        {
            rhk_id: {"feedback": feedback, "label": label}
            for rhk_id, (feedback, label) in rhk_notes.items()
        },
        actor,
    )
    _save_notes(
        current,
        PerilakuFeedback,
        "value",
        {value: {"feedback": feedback} for value, feedback in (perilaku_notes or {}).items()},
        actor,
    )
    # The conditional UPDATE wrote no history row: record one, as the row now is, with who did
    # it (written directly: saving the row again only to trigger it cost another UPDATE).
    Evaluation.history.bulk_history_create(
        [current], update=True, **history_options(_("Scored"), actor=actor)
    )
    return current


def _ratings(evaluation: Evaluation, rating_hasil: str, rating_perilaku: str):
    """(rating hasil, rating perilaku, organisational predicate) as they are saved: a unit head's
    result is the unit's (domain §3); a rating given must be one of the list."""
    forced, org_predicate = unit_head_rating(evaluation.skp, evaluation.period)
    if forced:
        rating_hasil = forced
    for value in (rating_hasil, rating_perilaku):
        if value and value not in rules.Rating.__members__:
            raise DomainError(_("Choose a rating from the list."))
    return rating_hasil, rating_perilaku, org_predicate


def _save_notes(current: Evaluation, model, key: str, wanted: dict, actor: Actor) -> None:
    """The evaluation's notes of one kind (per RHK, or per BerAKHLAK value): one read, then bulk
    writes of what is new or changed. update_or_create cost four queries per note on every save
    (the seven values and each RHK, bench/rush.py); a note that did not change is not written
    again, so its history shows real changes only. The evaluation row, updated just before in
    this transaction, keeps a concurrent save of the same evaluation waiting meanwhile."""
    if not wanted:
        return
    existing = {getattr(row, key): row for row in model.objects.filter(evaluation=current)}
    created, changed = [], []
    for name, fields in wanted.items():
        row = existing.get(name)
        if row is None:
            created.append(model(evaluation=current, **{key: name}, **fields))
        elif any(getattr(row, field) != value for field, value in fields.items()):
            for field, value in fields.items():
                setattr(row, field, value)
            changed.append(row)
    history = history_options(_("Scored"), actor=actor)
    if created:
        bulk_create_with_history(created, model, **history)
    if changed:
        names = list(next(iter(wanted.values())))
        bulk_update_with_history(changed, model, names, **history)


def _stale_message(current: Evaluation) -> str:
    last = current.history.select_related("history_user").order_by("-history_date").first()
    who = ""
    if last is not None and last.history_user is not None:
        who = last.history_user.get_full_name() or last.history_user.get_username()
    when = formats.date_format(timezone.localtime(current.updated_at), "j F Y H:i")
    if current.status == EvaluationStatus.FINALISED:
        return _(
            "This evaluation was finalised on %(when)s in another tab or by someone else. Your "
            "change was not saved; reload to see it."
        ) % {"when": when}
    return _(
        "Someone (%(who)s) saved this evaluation at %(when)s after you opened it. Your change "
        "was not saved, so nothing was overwritten: reload the row, check it and save again."
    ) % {"who": who or "?", "when": when}


@transaction.atomic
def evaluation_finalise(
    evaluation: Evaluation, *, actor: Actor, expected_version: int | None = None
) -> Evaluation:
    """Draft → finalised by the PPK: ratings complete, predicate from the matrix, appraisers
    stored as of today; the employee is notified and asked to acknowledge. For a head of OPD
    (the Kepala Daerah appraises) an admin BKD records it (plans.policies.may_decide)."""
    locked = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("skp__cycle", "skp__employee", "skp__position__unit")
        .get(pk=evaluation.pk)
    )
    _refusal_if_closed(locked)
    if expected_version is not None and locked.version != expected_version:
        raise StaleEvaluation(_stale_message(locked))  # finalise only what the PPK saw
    if not locked.rating_hasil or not locked.rating_perilaku:
        raise DomainError(_("Set both ratings before finalising."))
    if not policies.may_score(actor.roles, locked):  # a split year's earlier post: its PPK
        raise DomainError(
            _("Only the employee's appraising official can finalise this evaluation.")
        )
    line = policies.scoring_line(actor.roles, locked.skp)
    record_appraisers(locked, line)
    locked.predicate = predicate_for(locked.rating_hasil, locked.rating_perilaku)
    locked.status = EvaluationStatus.FINALISED
    locked.finalised_at = timezone.now()
    locked.finalised_by = actor.user
    locked.version += 1
    save_with_reason(locked, _("Finalised"), actor=actor)
    notify(
        [locked.skp.employee.user_id],
        gettext_noop("Your evaluation %(period)s is final: %(predicate)s. Open it to acknowledge."),
        {"period": period_label(locked), "predicate": locked.get_predicate_display()},
        url=evaluation_url(locked),
        actor=actor,
    )
    return locked


def period_label(evaluation: Evaluation) -> str:
    if evaluation.period == ANNUAL:
        return f"Tahunan {evaluation.skp.cycle.year}"
    period = evaluation.skp.cycle.period(evaluation.period)
    return f"{period.label} {evaluation.skp.cycle.year}" if period else str(evaluation.period)


@transaction.atomic
def evaluation_acknowledge(evaluation: Evaluation, *, actor: Actor) -> Evaluation:
    """The employee confirms receipt of a finalised result; this starts the objection clock.
    Acknowledging twice changes nothing."""
    if not policies.is_the_employee(actor.roles, evaluation):
        raise DomainError(_("Only the employee can acknowledge a finalised evaluation."))
    require_cycle_not_closed(evaluation.skp.cycle, evaluation.period)
    updated = Evaluation.objects.filter(
        pk=evaluation.pk, status=EvaluationStatus.FINALISED, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now())
    current = Evaluation.objects.get(pk=evaluation.pk)
    if not updated:
        if current.acknowledged_at:
            return current  # acknowledging twice changes nothing
        raise DomainError(_("Only the employee can acknowledge a finalised evaluation."))
    save_with_reason(
        current, _("Received by the employee"), actor=actor, update_fields=["updated_at"]
    )
    return current


def result_received_on(evaluation: Evaluation) -> dt.date | None:
    """The day the employee received the final result: when they confirmed it, or at the latest
    settings.RESULT_DEEMED_RECEIVED_DAYS after finalisation (rules.result_received_on); None
    while the evaluation is not final."""
    if evaluation.status != EvaluationStatus.FINALISED or evaluation.finalised_at is None:
        return None
    acknowledged = evaluation.acknowledged_at
    return rules.result_received_on(
        timezone.localdate(evaluation.finalised_at),
        timezone.localdate(acknowledged) if acknowledged else None,
        settings.RESULT_DEEMED_RECEIVED_DAYS,
    )


def is_received(evaluation: Evaluation, today: dt.date | None = None) -> bool:
    """Whether the result counts as received today (confirmed, or deemed received)."""
    received = result_received_on(evaluation)
    return received is not None and received <= (today or timezone.localdate())


def objection_deadline(evaluation: Evaluation) -> dt.date | None:
    """The last day (inclusive) to object: the cycle's objection days after the result was
    received (confirmed or deemed, result_received_on), so it always exists once the result is
    final; None before."""
    received = result_received_on(evaluation)
    if received is None:
        return None
    return rules.objection_last_day(received, evaluation.skp.cycle.objection_days)


def evaluations_carry_over(carry) -> None:
    """An approved revision takes over the year's evaluations and their notes per RHK
    (appraisal.extensions.revision_approved; `carry` is a plans.services.flow.CarryOver)."""
    for old, new in carry.rhk_map.items():
        RhkAssessment.objects.filter(evaluation__skp=carry.previous, rhk_id=old).update(rhk_id=new)
    Evaluation.objects.filter(skp=carry.previous).update(skp=carry.revision)
