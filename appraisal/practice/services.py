"""Opening and wiping a practice cycle (issue 29.5): a workshop's cycle that works like a real one.

Opening it creates a cycle of this year marked as practice, every window open from today for the
workshop's days, and for each participant (every active employee of the chosen OPDs) a draft SKP
for their real post: their plan in force this year copied in, else an example plan for their
post, else an empty draft. Wiping it deletes everything done in it, its files and notifications
included; the cycle's own history keeps who opened and wiped it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee
from appraisal.choices import CycleStatus, Frequency, SkpStatus, WindowKind
from appraisal.cycles import calendar
from appraisal.cycles.models import Cycle, Window
from appraisal.cycles.selectors import real_open_cycle
from appraisal.evaluation.models import Evaluation
from appraisal.objections.models import Objection
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.selectors import post_names
from appraisal.plans.services.content import copy_content
from appraisal.plans.services.edit import skp_copy_example, skp_start
from appraisal.practice.policies import require_practice_manager
from appraisal.realisation.models import Evidence
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, save_with_reason
from indicators.selectors import examples_for_use, suits
from notifications.models import Notification
from notifications.services import PRACTICE_PARAM

MAX_DAYS = 60


@dataclass(frozen=True)
class Opened:
    cycle: Cycle
    participants: int
    from_own_plan: int
    from_example: int


@transaction.atomic
def practice_open(title: str, opd_ids: list[int], days: int, *, actor: Actor) -> Opened:
    """Open the practice cycle for the employees of `opd_ids`, its windows open for `days`."""
    require_practice_manager(actor)
    if not title.strip():
        raise DomainError(_("Name the workshop."))
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(_("A practice cycle lasts 1 to %(max)s days.") % {"max": MAX_DAYS})
    running = _("A practice cycle is already running. Wipe it before opening another.")
    if Cycle.objects.filter(practice=True).exists():
        raise DomainError(running)
    participants = list(
        Employee.objects.filter(
            Q(position__unit__opd_id__in=opd_ids) | Q(position__unit_id__in=opd_ids),
            status=EmployeeStatus.ACTIVE,
        ).select_related("position__unit__opd")
    )
    if not participants:
        raise DomainError(_("The chosen OPDs have no active employee in a post."))
    today = timezone.localdate()
    real = real_open_cycle()
    cycle = Cycle(
        year=today.year,
        practice=True,
        practice_title=title.strip(),
        frequency=real.frequency if real else Frequency.TRIWULANAN,
        objection_days=real.objection_days if real else 14,
        status=CycleStatus.OPEN,
        created_by=actor.user,
    )
    try:
        with transaction.atomic():
            save_with_reason(cycle, _("Practice cycle opened"), actor=actor)
    except IntegrityError:  # another admin opened one meanwhile (cycle_one_practice)
        raise DomainError(running) from None
    _open_every_window(cycle, today, today + dt.timedelta(days=days - 1))
    cycle.participants.set(participants)
    own, example = _draft_plans(cycle, participants, today)
    return Opened(cycle, len(participants), own, example)


def _open_every_window(cycle: Cycle, opens_on: dt.date, closes_on: dt.date) -> None:
    """A workshop does in days what a year does in months: every step is open at once."""
    kinds = [(WindowKind.SKP, 0), (WindowKind.ANNUAL, 0)] + [
        (WindowKind.PERIOD, p.number) for p in calendar.periods(cycle.year, cycle.frequency)
    ]
    Window.objects.bulk_create(
        Window(cycle=cycle, kind=kind, period=number, opens_on=opens_on, closes_on=closes_on)
        for kind, number in kinds
    )


def _draft_plans(cycle: Cycle, participants: list[Employee], today: dt.date) -> tuple[int, int]:
    """A draft SKP for each participant, for their real post; (copied from their own plan,
    copied from an example). Sample data, so the workshop starts from something familiar."""
    system = Actor.system(f"Practice cycle {cycle.pk}: a participant's draft plan")
    own_plans = _plans_in_force([p.pk for p in participants], today.year)
    _suiting, examples = examples_for_use([])
    copies: list[tuple[Skp, Skp]] = []
    from_example = 0
    for employee in participants:
        try:
            draft = skp_start(employee, cycle, today, actor=system)
        except DomainError:  # no definitive post this year: they join without a plan
            continue
        source = own_plans.get(employee.pk)
        if source is not None:
            copy_content(source, draft, keep_links=False, actor=system)
            copies.append((source, draft))
            continue
        example = next((e for e in examples if suits(e, post_names(draft))), None)
        if example is not None:
            skp_copy_example(draft, example, actor=system)
            from_example += 1
    _link_copies_as_their_sources(copies)
    return len(copies), from_example


def _link_copies_as_their_sources(copies: list[tuple[Skp, Skp]]) -> None:
    """Each copied RHK intervenes the copy of the RHK its source intervened, where the
    supervisor's plan was copied too: the practice cascades as the real year does."""
    by_source: dict[int, Rhk] = {}
    pairs: list[tuple[Rhk, Rhk]] = []
    for source, draft in copies:
        order = ("section", "order", "pk")
        for old, new in zip(source.rhks.order_by(*order), draft.rhks.order_by(*order), strict=True):
            by_source[old.pk] = new
            pairs.append((old, new))
    linked = []
    for old, new in pairs:
        if old.intervened_id in by_source:
            new.intervened = by_source[old.intervened_id]
            new.intervened_text = old.intervened_text
            linked.append(new)
    Rhk.objects.bulk_update(linked, ["intervened", "intervened_text"])


def _plans_in_force(employee_ids: list[int], year: int) -> dict[int, Skp]:
    """Each employee's approved real plan of `year` (the latest version), if any."""
    plans = (
        Skp.objects.filter(
            employee_id__in=employee_ids,
            cycle__year=year,
            cycle__practice=False,
            status=SkpStatus.APPROVED,
        )
        .select_related("position__unit__opd")
        .order_by("employee_id", "-start_date", "-version")
    )
    found: dict[int, Skp] = {}
    for plan in plans:
        found.setdefault(plan.employee_id, plan)
    return found


@dataclass(frozen=True)
class Wiped:
    plans: int
    evaluations: int
    files: int


@transaction.atomic
def practice_wipe(cycle: Cycle, *, actor: Actor) -> Wiped:
    """Delete the practice cycle and everything done in it: plans, realisations, evidence and
    their files, evaluations, objections, calibration, closures and the notifications it sent.
    The rows' own history goes with them (it was an exercise); the cycle's history keeps who
    opened it and who wiped it, with the counts."""
    require_practice_manager(actor)
    locked = Cycle.objects.select_for_update().filter(pk=cycle.pk, practice=True).first()
    if locked is None:
        raise DomainError(_("This practice cycle no longer exists."))
    plans = Skp.objects.filter(cycle=locked)
    evaluations = Evaluation.objects.filter(skp__cycle=locked)
    files = [
        name
        for name in Evidence.objects.filter(skp__cycle=locked).values_list("file", flat=True)
        if name
    ]
    counts = Wiped(plans.count(), evaluations.count(), len(files))
    deleted = _delete_with_their_history(
        Objection.objects.filter(evaluation__skp__cycle=locked), evaluations
    )
    plans.update(revision_of=None)  # a revision protects the version it came from
    deleted += _delete_with_their_history(plans)
    # Every other row kept per cycle (windows and their extensions, closures, calibration,
    # waivers; coaching sessions and 360 rounds of other apps), with its history.
    for relation in Cycle._meta.related_objects:
        if relation.many_to_many or relation.related_model is Skp:
            continue
        deleted += _delete_with_their_history(
            relation.related_model.objects.filter(**{relation.field.name: locked})
        )
    Notification.objects.filter(**{f"params__{PRACTICE_PARAM}": locked.pk}).delete()
    delete_with_reason(
        locked,
        _("Practice cycle wiped: %(plans)s plans, %(evaluations)s evaluations, %(files)s files")
        % {"plans": counts.plans, "evaluations": counts.evaluations, "files": counts.files},
        actor=actor,
    )
    storage = Evidence._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return counts


def _delete_with_their_history(*querysets) -> int:
    """Delete the rows and every row the deletion cascades to, then their history rows (the
    practice left no trace in the audit trail but the cycle's own)."""
    total = 0
    for queryset in querysets:
        collector = Collector(using=queryset.db)
        collector.collect(queryset)
        doomed = {model: [obj.pk for obj in objs] for model, objs in collector.data.items()}
        total += queryset.delete()[0]
        for model, ids in doomed.items():
            history = getattr(model, "history", None)
            if history is not None and ids:
                history.model.objects.filter(id__in=ids).delete()
    return total
