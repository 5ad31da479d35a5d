"""Dialog kinerja and bimbingan kinerja (coaching, mentoring, konseling): record a session with
its follow-ups, mark a follow-up done, and the employee's rating of the session (domain §4).

Each function checks who acts (feedback.coaching.policies), refuses a closed cycle, writes in one
transaction and notifies the other side in it. The session keeps its history (simple_history).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.org.models import Employee
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import real_cycles
from appraisal.cycles.windows import require_cycle_not_closed
from core.actor import Actor
from core.errors import DomainError
from core.practice import active_cycle
from feedback.choices import SESSION_STATEMENTS, FollowUpStatus, SessionKind
from feedback.coaching.models import CoachingSession, FollowUp, SessionRating
from feedback.coaching.policies import (
    is_party,
    is_rater,
    may_record_session,
    ppk_employee_id,
    records_own_dialog,
)
from notifications.services import notify


def session_url(session: CoachingSession) -> str:
    return reverse("feedback:session_detail", kwargs={"public_id": session.public_id})


def _cycle_of(day: dt.date) -> Cycle:
    practice = active_cycle()  # a session recorded inside a practice belongs to it (wiped with it)
    if practice is not None and practice.year == day.year:
        cycle = practice
    else:
        cycle = real_cycles().filter(year=day.year).first()
    if cycle is None:
        raise DomainError(_("There is no appraisal cycle for %(year)s.") % {"year": day.year})
    require_cycle_not_closed(cycle)
    return cycle


def _recording_ppk_id(employee: Employee, kind: str, actor: Actor) -> int:
    """The employee's PPK (who holds the session), once the actor may record this kind."""
    own = records_own_dialog(actor.roles, employee)
    if own and kind != SessionKind.DIALOG:
        raise DomainError(_("You may record a dialog kinerja; your PPK records coaching."))
    ppk_id = ppk_employee_id(employee, actor.roles)
    if not may_record_session(actor.roles, employee, ppk_id):
        if own:
            raise DomainError(_("Your appraising official is not in the system."))
        raise DomainError(_("Only the employee's appraising official records this session."))
    return ppk_id


@transaction.atomic
def session_record(
    employee: Employee,
    *,
    actor: Actor,
    kind: str,
    held_on: dt.date,
    topic: str,
    agreements: str,
    participants: str = "",
    follow_ups: list[tuple[str, dt.date | None]] = (),
) -> CoachingSession:
    """Record a held session: the PPK for an employee they appraise (any kind), or the employee
    for a dialog kinerja with their PPK. The other side is notified."""
    # Whoever records, the PPK holds the session: the employee's dialog is held with them.
    ppk_id = _recording_ppk_id(employee, kind, actor)
    if kind not in SessionKind.values:
        raise DomainError(_("Choose the kind of session."))
    if held_on > timezone.localdate():
        raise DomainError(_("Record a session once it has been held."))
    if not topic.strip() or not agreements.strip():
        raise DomainError(_("Write the topic and what was agreed."))
    session = CoachingSession.objects.create(
        cycle=_cycle_of(held_on),
        employee=employee,
        held_by_id=ppk_id,
        kind=kind,
        held_on=held_on,
        participants=participants.strip(),
        topic=topic.strip(),
        agreements=agreements.strip(),
        created_by=actor.user,
    )
    FollowUp.objects.bulk_create(
        FollowUp(session=session, text=text.strip(), due_on=due)
        for text, due in follow_ups
        if text.strip()
    )
    other = ppk_id if actor.is_employee(employee.pk) else employee.pk
    notify(
        Employee.objects.filter(pk=other).values_list("user_id", flat=True),
        gettext_noop("%(name)s recorded a %(kind)s session of %(date)s: “%(topic)s”."),
        {
            "name": actor.employee.full_name,
            "kind": session.get_kind_display(),
            "date": held_on.isoformat(),
            "topic": session.topic[:120],
        },
        url=session_url(session),
        actor=actor,
    )
    return session


@transaction.atomic
def follow_up_done(follow_up: FollowUp, *, actor: Actor) -> FollowUp:
    """Mark a follow-up done (the employee, the one who held the session, or the PPK today)."""
    session = follow_up.session
    if not is_party(actor.roles, session):
        raise DomainError(_("Only the people in this session update its follow-ups."))
    require_cycle_not_closed(session.cycle)
    # Conditional UPDATE: a second click (or tab) finds it done already.
    changed = FollowUp.objects.filter(pk=follow_up.pk, status=FollowUpStatus.OPEN).update(
        status=FollowUpStatus.DONE, done_at=timezone.now()
    )
    if not changed:
        raise DomainError(_("This follow-up is already done."))
    follow_up.refresh_from_db()
    return follow_up


@transaction.atomic
def session_rate(
    session: CoachingSession, scores: dict, comment: str = "", *, actor: Actor
) -> SessionRating:
    """The employee rates a session once it has been held: each statement 1–5, and a comment.
    Once only (the one-to-one row is the guard)."""
    if not is_rater(actor.roles, session):
        raise DomainError(_("Only the employee rates the session."))
    if session.held_on > timezone.localdate():
        raise DomainError(_("The session can be rated once it has been held."))
    if set(scores) != set(SESSION_STATEMENTS) or any(
        not isinstance(v, int) or not 1 <= v <= 5 for v in scores.values()
    ):
        raise DomainError(_("Give every statement a score from 1 to 5."))
    try:
        with transaction.atomic():
            rating = SessionRating.objects.create(
                session=session, scores=scores, comment=comment.strip()
            )
    except IntegrityError:
        raise DomainError(_("You have already rated this session.")) from None
    notify(
        [Employee.objects.filter(pk=session.held_by_id).values_list("user_id", flat=True).first()],
        gettext_noop("%(name)s rated the %(kind)s session of %(date)s."),
        {
            "name": session.employee.full_name,
            "kind": session.get_kind_display(),
            "date": session.held_on.isoformat(),
        },
        url=session_url(session),
        actor=actor,
    )
    return rating


def average(ratings) -> Decimal | None:
    """The mean of every score in the ratings, to one decimal (half up), or None."""
    values = [v for r in ratings for k, v in (r.scores or {}).items() if k in SESSION_STATEMENTS]
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def team_summary(employee_ids: list[int]) -> dict[int, dict]:
    """Per employee: sessions, the last date, open follow-ups and the ratings' average (three
    queries whatever the team's size)."""
    from django.db.models import Count, Max

    summary: dict[int, dict] = defaultdict(
        lambda: {"sessions": 0, "last": None, "open": 0, "average": None}
    )
    for row in (
        CoachingSession.objects.filter(employee_id__in=employee_ids)
        .values("employee_id")
        .annotate(n=Count("pk"), last=Max("held_on"))
    ):
        summary[row["employee_id"]].update(sessions=row["n"], last=row["last"])
    for row in (
        FollowUp.objects.filter(session__employee_id__in=employee_ids, status=FollowUpStatus.OPEN)
        .values("session__employee_id")
        .annotate(n=Count("pk"))
    ):
        summary[row["session__employee_id"]]["open"] = row["n"]
    ratings: dict[int, list] = defaultdict(list)
    for rating in SessionRating.objects.filter(
        session__employee_id__in=employee_ids
    ).select_related("session"):
        ratings[rating.session.employee_id].append(rating)
    for employee_id, items in ratings.items():
        summary[employee_id]["average"] = average(items)
    return summary


def sessions_of(employee_ids, cycle=None) -> list[CoachingSession]:
    """Sessions with who held them, their follow-ups and rating: two queries."""
    qs = CoachingSession.objects.filter(employee_id__in=employee_ids)
    if cycle is not None:
        qs = qs.filter(cycle=cycle)
    return list(
        qs.select_related("held_by", "employee", "rating").prefetch_related(
            Prefetch("follow_ups", queryset=FollowUp.objects.order_by("pk"))
        )
    )


def history_context(sessions) -> dict:
    """What a history shows: the sessions, open follow-ups and the average of the ratings."""
    ratings = [s.rating for s in sessions if hasattr(s, "rating")]
    return {
        "sessions": sessions,
        "open_follow_ups": sum(
            1 for s in sessions for f in s.follow_ups.all() if f.status == FollowUpStatus.OPEN
        ),
        "average": average(ratings),
        "rated": len(ratings),
    }
