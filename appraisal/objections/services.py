"""Keberatan (domain §7): the employee objects, the Atasan PPK asks and decides.

One function per transition, each in one transaction with the row locked: filing locks the
evaluation (one objection per evaluation; the OneToOne constraint backs it up), messages and the
decision lock the objection (so a message cannot slip in after the decision, and a decision is
taken once). Notifications are written in the same transaction (notify's contract).

The deadline counts calendar days from the day the employee received the result: the local date
of `acknowledged_at`, or at the latest settings.RESULT_DEEMED_RECEIVED_DAYS after finalisation
(evaluation.services.result_received_on): with 14 days, a result received on 24 November may be
objected to until and including 8 December.

An objection filed in time is decided even after its period or the cycle was closed (the closing
records it as pending, appraisal.closing): its thread and decision ask no open cycle. Filing one
does: a closed period accepts no new objection."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import Roles
from appraisal import rules
from appraisal.choices import EvaluationStatus, ObjectionOutcome, ObjectionStatus
from appraisal.cycles.windows import require_cycle_not_closed
from appraisal.evaluation.models import Evaluation
from appraisal.evaluation.policies import is_the_employee
from appraisal.evaluation.services import is_received, objection_deadline, period_label
from appraisal.objections import policies
from appraisal.objections.models import Objection, ObjectionMessage
from appraisal.objections.policies import ATASAN, EMPLOYEE, PPK
from appraisal.plans.selectors import bkd_admin_user_ids
from core.actor import Actor
from core.errors import DomainError
from core.history import save_with_reason
from notifications.services import notify

# Whom the Atasan PPK addresses with a question.
ADDRESSEES = ("both", PPK, EMPLOYEE)


def objection_url(objection: Objection) -> str:
    return reverse("appraisal:objection_detail", kwargs={"public_id": objection.public_id})


def _date(day: dt.date) -> str:
    return formats.date_format(day, "j F Y")


def filing_refusal(
    evaluation: Evaluation, roles: Roles | None, today: dt.date | None = None
) -> str:
    """Why the person with these roles cannot object to this evaluation today ("" when they
    can), without the Atasan PPK check (that needs the org snapshot; objection_file does it).
    The employee alone objects (is_the_employee: the filing page's check too)."""
    today = today or timezone.localdate()
    if not is_the_employee(roles, evaluation):
        return _("Only the employee can object to their own evaluation.")
    if Objection.objects.filter(evaluation=evaluation).exists():
        return _("An objection to this evaluation has already been filed.")
    if evaluation.status != EvaluationStatus.FINALISED or not is_received(evaluation, today):
        return _(
            "You can object only to a finalised result that you have received: acknowledge "
            "receipt of the result first."
        )
    deadline = objection_deadline(evaluation)
    if today > deadline:
        return _("The time to object ended on %(date)s.") % {"date": _date(deadline)}
    return ""


def _atasan_employee(evaluation: Evaluation, today: dt.date) -> Employee | None:
    """Who decides: the Atasan PPK stored when the evaluation was finalised (a later transfer does
    not move the decision), else the one of today. None: the Kepala Daerah (outside the system)
    decides, and an admin BKD records it, as for a head of OPD's SKP."""
    if evaluation.atasan_employee_id:
        return evaluation.atasan_employee
    line = OrgSnapshot(today).reporting_line(evaluation.skp.employee_id)
    atasan = line.atasan_ppk
    if atasan is not None and atasan.is_external:
        return None
    if atasan is None:
        raise DomainError(
            _(
                "No Atasan PPK in this system can decide an objection for you. Contact your "
                "admin (admin OPD or BKD) to record who decides it."
            )
        )
    return Employee.objects.get(pk=atasan.employee_id)


@transaction.atomic
def objection_file(
    evaluation: Evaluation, reasons: str, *, actor: Actor, today: dt.date | None = None
) -> Objection:
    """The employee objects to a finalised, received result, within the cycle's objection days.

    The Atasan PPK who decides is the employee's Atasan PPK on the filing day (a person in the
    system); the original ratings and predicate are stored with the objection. The Atasan PPK and
    the PPK are notified.
    """
    today = today or timezone.localdate()
    reasons = (reasons or "").strip()
    locked = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("skp__cycle", "skp__employee", "ppk_employee")
        .get(pk=evaluation.pk)
    )
    require_cycle_not_closed(locked.skp.cycle, locked.period)
    refusal = filing_refusal(locked, actor.roles, today)
    if refusal:
        raise DomainError(refusal)
    if not reasons:
        raise DomainError(_("Write the reasons for your objection."))
    atasan = _atasan_employee(locked, today)
    objection = Objection(
        evaluation=locked,
        reasons=reasons,
        filed_at=timezone.now(),
        atasan_employee=atasan,
        original_rating_hasil=locked.rating_hasil,
        original_rating_perilaku=locked.rating_perilaku,
        original_predicate=locked.predicate,
    )
    try:
        # The evaluation row is locked, but a database without row locks (SQLite) or a second
        # path could still race: the OneToOne constraint is the last word, told in plain words.
        with transaction.atomic():
            save_with_reason(objection, _("Objection filed"), actor=actor)
    except IntegrityError:
        raise DomainError(_("An objection to this evaluation has already been filed.")) from None
    params = {"name": locked.skp.employee.full_name, "period": period_label(locked)}
    url = objection_url(objection)
    notify(
        [atasan.user_id] if atasan else bkd_admin_user_ids(),
        gettext_noop("%(name)s objects to the evaluation %(period)s. As Atasan PPK you decide it."),
        params,
        url=url,
        actor=actor,
    )
    notify(
        [getattr(locked.ppk_employee, "user_id", None)],
        gettext_noop(
            "%(name)s objects to the evaluation %(period)s you gave. The Atasan PPK decides it."
        ),
        params,
        url=url,
        actor=actor,
    )
    return objection


def _lock(objection: Objection) -> Objection:
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related(
            "evaluation__skp__cycle",
            "evaluation__skp__employee",
            "evaluation__ppk_employee",
            "atasan_employee",
        )
        .get(pk=objection.pk)
    )


@transaction.atomic
def objection_message(
    objection: Objection, text: str, *, actor: Actor, to: str = "both"
) -> ObjectionMessage:
    """A message in the thread while the objection is open: the Atasan PPK asks the PPK and/or
    the employee (`to`: "both", "ppk" or "employee"), they answer. Only those three write; the
    others of them are notified (a question only those it addresses)."""
    locked = _lock(objection)
    # No closed-cycle check: an objection filed in time is still heard after closing.
    party = policies.party_of(actor.roles, locked)
    if not policies.writes(party):
        raise DomainError(
            _("Only the employee, the PPK and the Atasan PPK can write about this objection.")
        )
    if locked.status != ObjectionStatus.OPEN:
        raise DomainError(_("This objection has been decided; its thread is closed."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write a message."))
    message = ObjectionMessage.objects.create(objection=locked, author=actor.user, text=text)
    evaluation = locked.evaluation
    users = {
        ATASAN: getattr(locked.atasan_employee, "user_id", None),
        PPK: getattr(evaluation.ppk_employee, "user_id", None),
        EMPLOYEE: evaluation.skp.employee.user_id,
    }
    if party == ATASAN and to in (PPK, EMPLOYEE):
        recipients = [users[to]]
    else:
        recipients = [user for key, user in users.items() if key != party]
    notify(
        recipients,
        gettext_noop("New message about the objection to the evaluation %(period)s of %(name)s."),
        {"period": period_label(evaluation), "name": evaluation.skp.employee.full_name},
        url=objection_url(locked),
        actor=actor,
    )
    return message


def _rating(value: str) -> rules.Rating:
    try:
        return rules.Rating[value]
    except KeyError:
        raise DomainError(_("Choose a rating from the list.")) from None


@transaction.atomic
def objection_decide(
    objection: Objection,
    outcome: str,
    rating_hasil: str,
    rating_perilaku: str,
    notes: str,
    *,
    actor: Actor,
) -> Objection:
    """The Atasan PPK's decision, dated and final: uphold the ratings, or change them (the
    evaluation then takes the new ratings and the predicate that follows from them). The employee
    and the PPK are notified."""
    locked = _lock(objection)
    # No closed-cycle check: an objection filed in time is still decided after closing (the
    # closing listed it as pending), and the evaluation takes the decided ratings.
    if not policies.may_decide(actor.roles, locked):
        raise DomainError(_("Only the Atasan PPK named on this objection can decide it."))
    if locked.status != ObjectionStatus.OPEN:
        raise DomainError(_("This objection has already been decided; the decision is final."))
    notes = (notes or "").strip()
    if outcome not in ObjectionOutcome.values:
        raise DomainError(_("Choose whether the ratings are upheld or changed."))
    if not notes:
        raise DomainError(_("Write the considerations for the decision."))
    locked.evaluation = (
        Evaluation.objects.select_for_update(of=("self",))
        .select_related("skp__cycle", "skp__employee", "ppk_employee")
        .get(pk=locked.evaluation_id)
    )
    if outcome == ObjectionOutcome.CHANGED:
        _change_ratings(locked, rating_hasil, rating_perilaku, actor)
    locked.outcome = outcome
    locked.decision_notes = notes
    locked.status = ObjectionStatus.DECIDED
    locked.decided_at = timezone.now()
    locked.decided_by = actor.user
    save_with_reason(locked, _("Decided"), actor=actor)
    _notify_decision(locked, actor)
    return locked


def _change_ratings(locked: Objection, rating_hasil: str, rating_perilaku: str, actor: Actor):
    """The evaluation (locked with the objection) takes the decided ratings and the predicate
    that follows from them."""
    if not rating_hasil or not rating_perilaku:
        raise DomainError(_("Choose both new ratings."))
    hasil, perilaku = _rating(rating_hasil), _rating(rating_perilaku)
    if (hasil.name, perilaku.name) == (
        locked.original_rating_hasil,
        locked.original_rating_perilaku,
    ):
        raise DomainError(
            _("The new ratings are the same as the original ones: choose “Ratings upheld”.")
        )
    evaluation = locked.evaluation
    evaluation.rating_hasil = hasil.name
    evaluation.rating_perilaku = perilaku.name
    evaluation.predicate = rules.employee_predicate(hasil, perilaku).name
    evaluation.version += 1
    save_with_reason(evaluation, _("Changed by the decision on the objection"), actor=actor)


def _notify_decision(decided: Objection, actor: Actor) -> None:
    evaluation = decided.evaluation
    params = {"period": period_label(evaluation), "name": evaluation.skp.employee.full_name}
    if decided.outcome == ObjectionOutcome.CHANGED:
        message = gettext_noop(
            "The objection to the evaluation %(period)s of %(name)s is decided: the ratings were "
            "changed; the predicate is now %(predicate)s."
        )
        params["predicate"] = evaluation.get_predicate_display()
    else:
        message = gettext_noop(
            "The objection to the evaluation %(period)s of %(name)s is decided: the ratings "
            "were upheld."
        )
    notify(
        [evaluation.skp.employee.user_id, getattr(evaluation.ppk_employee, "user_id", None)],
        message,
        params,
        url=objection_url(decided),
        actor=actor,
    )
