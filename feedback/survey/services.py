"""360 input (domain §4): the PPK asks peers and subordinates about an employee's BerAKHLAK values
for a period; respondents answer once, before the deadline; the PPK reads the aggregate.

Anonymity is the point of the design:
- answers are stored per round, not per respondent (models/survey.py), and answering writes the
  answers and marks the request answered in one transaction, so a request is answered at most once;
- the PPK sees who was asked (they chose them) and how many answered, never who answered;
- nothing at all is shown (not even counts per value) until MIN_ANSWERS answered
  (models.survey.answers_visible); comments are shown in alphabetical order, which carries no
  trace of who wrote first;
- the employee is never told of a round (no notification, no page).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import EmployeeStatus
from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from appraisal.choices import ANNUAL, RATING_CHOICES
from appraisal.cycles.models import Cycle
from appraisal.cycles.selectors import open_cycle
from appraisal.cycles.windows import require_cycle_not_closed
from core.actor import Actor
from core.errors import DomainError
from feedback.choices import Relation360
from feedback.survey import policies
from feedback.survey.models import MIN_ANSWERS, Answer360, Respondent360, Round360, answers_visible
from indicators.choices import BerakhlakValue
from notifications.services import notify

MAX_COMMENT = 2000
FEWER_THAN_MIN = gettext_noop(
    "Choose at least %(count)s respondents: results are shown only once %(count)s have "
    "answered, so that nobody's answer can be recognised."
)
RATINGS = [name for name, _label in RATING_CHOICES]


def min_answers() -> int:
    return getattr(settings, "FEEDBACK_360_MIN_ANSWERS", MIN_ANSWERS)


def answer_url(request: Respondent360) -> str:
    return reverse("feedback:survey_answer", kwargs={"public_id": request.public_id})


def round_url(round_: Round360) -> str:
    return reverse("feedback:survey_round", kwargs={"public_id": round_.public_id})


def period_label(cycle: Cycle, period: int) -> str:
    if period == ANNUAL:
        return f"Tahunan {cycle.year}"
    found = cycle.period(period)
    return f"{found.label} {cycle.year}" if found else str(period)


def period_choices(cycle: Cycle) -> list[tuple[int, str]]:
    """The periods of the cycle, then the year (period 0)."""
    return [(p.number, period_label(cycle, p.number)) for p in cycle.periods] + [
        (ANNUAL, period_label(cycle, ANNUAL))
    ]


# ----- who may be asked ---------------------------------------------------------------------------
def candidates(ppk_id: int, employee_id: int, on: dt.date | None = None) -> list[Employee]:
    """Whom the PPK may ask about the employee: the employee's peers (others under the same PPK)
    and the employee's own subordinates, with an active login (they answer in the app); never the
    employee or the PPK. Each carries `.relation` (Relation360). Ordered by name."""
    snapshot = OrgSnapshot(on or timezone.localdate())
    relation = dict.fromkeys(snapshot.subordinate_ids(ppk_id), Relation360.PEER)
    relation.update(dict.fromkeys(snapshot.subordinate_ids(employee_id), Relation360.SUBORDINATE))
    relation.pop(employee_id, None)
    relation.pop(ppk_id, None)
    people = list(
        Employee.objects.filter(
            pk__in=relation,
            status=EmployeeStatus.ACTIVE,
            user__isnull=False,
            user__is_active=True,
        )
        .select_related("position__unit")
        .order_by("name", "pk")
    )
    for person in people:
        person.relation = relation[person.pk]
    return people


# ----- opening a round ----------------------------------------------------------------------------
def round_open(
    employee: Employee,
    *,
    actor: Actor,
    period: int,
    deadline: dt.date,
    respondent_ids: list[int],
    today: dt.date | None = None,
) -> Round360:
    """The PPK asks the chosen respondents for 360 input on the employee for a period of the open
    cycle (0: the year), answered by the deadline. Refuses with a DomainError: someone not the
    employee's PPK today, no open cycle, an unknown period, a past deadline, fewer than
    MIN_ANSWERS respondents, the employee or the PPK among them, a duplicate, anyone outside the
    employee's peers and subordinates, a second round for the same period. The respondents are
    notified in the same transaction; the employee is not."""
    today = today or timezone.localdate()
    # The same predicate as the pages (policies.employee_for_new_round).
    if not policies.is_ppk_of(actor.roles, employee.pk, today):
        raise DomainError(_("Only the employee's PPK may ask for 360 input."))
    ppk = actor.employee
    cycle = open_cycle()
    if cycle is None:
        raise DomainError(_("No appraisal cycle is open."))
    if period not in {number for number, _label in period_choices(cycle)}:
        raise DomainError(_("Choose a period of the %(year)s cycle.") % {"year": cycle.year})
    require_cycle_not_closed(cycle, period)
    if deadline < today:
        raise DomainError(_("The deadline cannot be in the past."))
    _check_respondents(employee, ppk, respondent_ids, today)
    allowed = {person.pk: person for person in candidates(ppk.pk, employee.pk, today)}
    outside = [pk for pk in respondent_ids if pk not in allowed]
    if outside:
        raise DomainError(
            _("Only the employee's peers and subordinates with an account can be asked.")
        )
    with transaction.atomic():
        round_ = _round_create(cycle, period, employee, ppk, deadline)
        requests = Respondent360.objects.bulk_create(
            Respondent360(round=round_, respondent_id=pk, relation=allowed[pk].relation)
            for pk in respondent_ids
        )
        _notify_respondents(round_, requests, allowed, actor)
    return round_


def _round_create(
    cycle: Cycle, period: int, employee: Employee, ppk: Employee, deadline: dt.date
) -> Round360:
    if Round360.objects.filter(cycle=cycle, period=period, employee=employee).exists():
        raise _round_exists(cycle, period)
    try:
        with transaction.atomic():
            return Round360.objects.create(
                cycle=cycle, period=period, employee=employee, requested_by=ppk, deadline=deadline
            )
    except IntegrityError as error:  # a second tab created it meanwhile
        raise _round_exists(cycle, period) from error


def _notify_respondents(
    round_: Round360, requests: list[Respondent360], people: dict[int, Employee], actor: Actor
) -> None:
    label = period_label(round_.cycle, round_.period)
    for request in requests:
        notify(
            [people[request.respondent_id].user_id],
            gettext_noop(
                "%(ppk)s asks for your 360 input on the work behaviour of %(name)s "
                "(%(period)s), by %(deadline_date)s."
            ),
            {
                "ppk": actor.employee.full_name,
                "name": round_.employee.full_name,
                "period": label,
                "deadline_date": round_.deadline,
            },
            answer_url(request),
            actor=actor,
        )


def _round_exists(cycle: Cycle, period: int) -> DomainError:
    return DomainError(
        _("A 360 round for %(period)s already exists for this employee.")
        % {"period": period_label(cycle, period)}
    )


def _check_respondents(employee: Employee, ppk: Employee, ids: list[int], today) -> None:
    if len(set(ids)) != len(ids):
        raise DomainError(_("Each respondent can be chosen only once."))
    if employee.pk in ids:
        raise DomainError(_("The employee cannot give 360 input on themself."))
    if ppk.pk in ids:
        raise DomainError(
            _("As the PPK you rate the employee yourself; choose peers and subordinates.")
        )
    needed = min_answers()
    if len(ids) < needed:
        raise DomainError(_(FEWER_THAN_MIN) % {"count": needed})


# ----- answering ----------------------------------------------------------------------------------
def answer_submit(
    request: Respondent360,
    answers: dict[str, tuple[str, str]],
    *,
    actor: Actor,
    today: dt.date | None = None,
) -> None:
    """The respondent's answers ({value: (rating name, comment)} for every BerAKHLAK value),
    once, by the deadline (inclusive). The request row is locked and marked answered by a
    conditional UPDATE in the same transaction as the answers, so a double submit (two tabs, a
    double click) writes nothing the second time."""
    today = today or timezone.localdate()
    # The same predicate as the page (policies.request_for_respondent).
    if not policies.is_respondent(actor.roles, request):
        raise DomainError(_("This request was sent to someone else."))
    round_ = request.round
    if today > round_.deadline:
        raise DomainError(
            _("The deadline for this request passed on %(date)s; answers are no longer accepted.")
            % {"date": formats.date_format(round_.deadline, "DATE_FORMAT")}
        )
    require_cycle_not_closed(round_.cycle, round_.period)
    rows = []
    for value in BerakhlakValue.values:
        rating, comment = answers.get(value, ("", ""))
        if rating not in RATINGS:
            raise DomainError(_("Give a rating for every BerAKHLAK value."))
        comment = (comment or "").strip()
        if len(comment) > MAX_COMMENT:
            raise DomainError(
                _("A comment may hold at most %(count)d characters.") % {"count": MAX_COMMENT}
            )
        rows.append(Answer360(round=round_, value=value, rating=rating, comment=comment))
    with transaction.atomic():
        Respondent360.objects.select_for_update().filter(pk=request.pk).first()
        marked = Respondent360.objects.filter(pk=request.pk, answered_at__isnull=True).update(
            answered_at=timezone.now()
        )
        if not marked:
            raise DomainError(_("You have already answered this request."))
        Answer360.objects.bulk_create(rows)


# ----- reads --------------------------------------------------------------------------------------
@dataclass
class ValueResult:
    value: str
    label: str
    counts: list[tuple[str, str, int]]  # (rating name, label, count), best first
    comments: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(count for _name, _label, count in self.counts)


@dataclass
class Results:
    asked: int
    answered: int
    needed: int
    values: list[ValueResult]  # empty unless visible

    @property
    def visible(self) -> bool:
        return bool(self.values)

    def by_value(self) -> dict[str, ValueResult]:
        return {result.value: result for result in self.values}


def round_results(round_: Round360) -> Results:
    """What the PPK may see of a round: how many were asked and answered and, only once enough
    answered, the counts per rating and the comments of each value (two queries)."""
    tally = round_.respondents.aggregate(
        asked=Count("pk"), answered=Count("pk", filter=Q(answered_at__isnull=False))
    )
    results = Results(tally["asked"], tally["answered"], min_answers(), [])
    if not answers_visible(tally["answered"]):
        return results
    counts: Counter = Counter()
    comments: dict[str, list[str]] = {value: [] for value in BerakhlakValue.values}
    for value, rating, comment in Answer360.objects.filter(round=round_).values_list(
        "value", "rating", "comment"
    ):
        counts[(value, rating)] += 1
        if comment:
            comments.setdefault(value, []).append(comment)
    for value, label in BerakhlakValue.choices:
        results.values.append(
            ValueResult(
                value=value,
                label=label,
                counts=[(name, text, counts[(value, name)]) for name, text in RATING_CHOICES],
                comments=sorted(comments.get(value, []), key=str.casefold),
            )
        )
    return results


def pending_requests(employee: Employee, today: dt.date | None = None) -> list[Respondent360]:
    """The respondent's requests still to answer (deadline today or later), soonest first."""
    today = today or timezone.localdate()
    return list(
        Respondent360.objects.filter(
            respondent=employee, answered_at__isnull=True, round__deadline__gte=today
        )
        .select_related("round__cycle", "round__employee__position")
        .order_by("round__deadline", "pk")
    )


def team_rounds(ppk: Employee, today: dt.date | None = None) -> tuple[list[Employee], list]:
    """The PPK's subordinates today and the rounds about them (newest first), each round with
    `asked` and `answered` counts, in three queries past the organisation snapshot."""
    today = today or timezone.localdate()
    ids = OrgSnapshot(today).subordinate_ids(ppk.pk)
    team = list(
        Employee.objects.filter(pk__in=ids).select_related("position__unit").order_by("name")
    )
    rounds = list(
        Round360.objects.filter(employee_id__in=ids)
        .select_related("cycle", "employee")
        .annotate(
            asked=Count("respondents"),
            answered=Count("respondents", filter=Q(respondents__answered_at__isnull=False)),
        )
        .order_by("-created_at", "-pk")
    )
    return team, rounds


def round_for_period(employee_id: int, cycle: Cycle, period: int) -> Round360 | None:
    return Round360.objects.filter(cycle=cycle, period=period, employee_id=employee_id).first()
