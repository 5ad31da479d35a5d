"""Reads for the evaluation pages: what the PPK looks at, built from a few queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F
from django.utils import timezone

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import Roles
from appraisal.choices import ANNUAL, EvaluationStatus, RealisationStatus, Section, SkpStatus
from appraisal.cycles.windows import WindowState
from appraisal.evaluation import policies, services
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.selectors import approved_for_the_head, team_rows
from appraisal.realisation.models import DailyLog, Evidence, IkiRealisation, Realisation


def period_dates(skp: Skp, period: int) -> tuple[dt.date, dt.date]:
    if period == ANNUAL:
        return skp.start_date, skp.end_date
    found = skp.cycle.period(period)
    return max(found.start, skp.start_date), min(found.end, skp.end_date)


def evidence_context(skp: Skp, period: int) -> dict:
    """Realisation values per IKI, evidence and daily-log counts per RHK, for one period or all."""
    realisations = Realisation.objects.filter(skp=skp)
    if period != ANNUAL:
        realisations = realisations.filter(period=period)
    realisations = list(realisations.order_by("period"))
    values: dict[int, list[IkiRealisation]] = defaultdict(list)
    for value in IkiRealisation.objects.filter(realisation__in=realisations).select_related(
        "realisation"
    ):
        values[value.iki_id].append(value)
    evidence: dict[int | None, list[Evidence]] = defaultdict(list)
    # The period's evidence; files attached to daily-log entries are listed on the daily log.
    for item in Evidence.objects.filter(realisation__in=realisations, daily_log__isnull=True):
        evidence[item.rhk_id].append(item)
    start, end = period_dates(skp, period)
    logs = dict(
        DailyLog.objects.filter(skp=skp, day__range=(start, end))
        .values_list("rhk_id")
        .annotate(n=Count("pk"))
        .values_list("rhk_id", "n")
    )
    return {
        "realisations": realisations,
        "values": dict(values),
        "evidence": dict(evidence),
        "log_counts": logs,
    }


def team_scoring_rows(ppk: Employee, cycle, period: int, *, prepare: bool = True) -> list[dict]:
    """The PPK's subordinates with an approved SKP: their evaluation for the period (created
    empty when missing, in one statement; without `prepare`, as for a closed year that nothing
    may change, a missing one stays None) and their realisation status. Constant queries."""
    rows = team_rows(ppk, cycle) + former_post_rows(ppk, cycle)
    return scoring_rows(rows, cycle, period, prepare=prepare)


def former_post_rows(ppk: Employee, cycle) -> list[dict]:
    """Team rows (employee, SKP) for the plans of posts their holders left this year that this
    PPK scores (policies.scoring_line: the PPK recorded on the plan while they still appraise
    from the post above it, else their successor there). Few rows: only moved people's earlier
    plans are read, one query, then their posts' lines from one organisation snapshot."""
    snapshot = OrgSnapshot(timezone.localdate())
    earlier = (
        Skp.objects.filter(cycle=cycle, status=SkpStatus.APPROVED)
        .exclude(position_id=F("employee__position_id"))
        .select_related("employee__position__unit", "position__unit")
        .order_by("employee__name", "start_date")
    )
    rows = []
    for skp in earlier:
        if snapshot.definitive_position(skp.employee_id) == skp.position_id:
            continue  # the post is still theirs (the employee's post field lags): not a move
        ppk_today = snapshot.post_line(skp.position_id, skp.employee_id).ppk
        if ppk_today is not None and ppk_today.employee_id == ppk.pk:
            rows.append({"employee": skp.employee, "skp": skp, "revising": False, "former": True})
    return rows


def head_scoring_rows(cycle, period: int, *, prepare: bool = True) -> list[dict]:
    """The heads of OPD whose PPK is the Kepala Daerah, scored by the admin BKD on the Kepala
    Daerah's behalf: rows as team_scoring_rows gives the PPK. Constant queries."""
    return scoring_rows(approved_for_the_head(cycle), cycle, period, prepare=prepare)


def scoring_rows(rows: list[dict], cycle, period: int, *, prepare: bool = True) -> list[dict]:
    """Of team rows (employee, SKP), those with an approved SKP covering the period, with their
    evaluation (prepared when missing, unless not `prepare`) and realisation status."""
    rows = [
        r
        for r in rows
        if r["skp"]
        and r["skp"].status == SkpStatus.APPROVED
        and services.period_covered(r["skp"], period, cycle)
    ]
    skps = [r["skp"] for r in rows]
    evaluations = {e.skp_id: e for e in Evaluation.objects.filter(skp__in=skps, period=period)}
    missing = [s for s in skps if s.pk not in evaluations]
    if missing and prepare:  # the first visit of the period prepares the sheets
        Evaluation.objects.bulk_create(
            [Evaluation(skp=s, period=period) for s in missing], ignore_conflicts=True
        )
        evaluations = {e.skp_id: e for e in Evaluation.objects.filter(skp__in=skps, period=period)}
    realised = realisation_statuses(skps, period)
    for row in rows:
        row["evaluation"] = evaluations.get(row["skp"].pk)
        row["realisation_status"] = realised.get(row["skp"].pk, "")
    return rows


def realisation_statuses(skps: list[Skp], period: int) -> dict[int, str]:
    """SKP id -> the status of its realisation for the period (for the year: "submitted" once
    any period's is), one query."""
    realisations = Realisation.objects.filter(skp__in=skps)
    if period != ANNUAL:
        realisations = realisations.filter(period=period)
    statuses: dict[int, str] = {}
    for skp_id, status in realisations.values_list("skp_id", "status"):
        if statuses.get(skp_id) != RealisationStatus.SUBMITTED:
            statuses[skp_id] = status
    return statuses


def current_period(cycle, today: dt.date | None = None) -> int:
    """The period whose evaluation is due now: the latest one that has started by today."""
    today = today or timezone.localdate()
    started = [p.number for p in cycle.periods if p.start <= today]
    return started[-1] if started else 1


@dataclass(frozen=True)
class EvaluationPage:
    """One evaluation as the page shows it to `roles`: who may write is read at once, what only
    the rendering needs when it is first asked for (a saved form redirects without it)."""

    evaluation: Evaluation
    skp: Skp  # with its RHK, IKI and expectations
    is_ppk: bool
    is_owner: bool
    window: WindowState

    @cached_property
    def rhks(self) -> list[Rhk]:
        """A. Utama before B. Tambahan, each in the order the employee gave them."""
        return sorted(
            self.skp.rhks.all(), key=lambda r: (r.section != Section.UTAMA, r.order, r.pk)
        )

    @property
    def editable(self) -> bool:
        return (
            self.is_ppk and self.evaluation.status == EvaluationStatus.DRAFT and self.window.is_open
        )

    @cached_property
    def unit_head(self) -> tuple[str, str]:
        """(the rating hasil a unit head takes from the unit's predicate, that predicate)."""
        return services.unit_head_rating(self.skp, self.evaluation.period)

    @cached_property
    def objection_deadline(self) -> dt.date | None:
        return services.objection_deadline(self.evaluation)

    @cached_property
    def received_on(self) -> dt.date | None:
        """The day the result counts as received (confirmed, or deemed), None before final."""
        return services.result_received_on(self.evaluation)

    @property
    def may_object(self) -> bool:
        deadline = self.objection_deadline
        return (
            deadline is not None
            and self.received_on <= timezone.localdate() <= deadline
            and not hasattr(self.evaluation, "objection")
        )

    @property
    def objection_passed(self) -> bool:
        """The days to object are over (the page says since when)."""
        deadline = self.objection_deadline
        return deadline is not None and timezone.localdate() > deadline

    @cached_property
    def evidence(self) -> dict:
        return evidence_context(self.skp, self.evaluation.period)

    @cached_property
    def realisation_missing(self) -> bool:
        """No realisation was submitted for the period (for the year: for any period)."""
        return realisation_missing(self.skp, self.evaluation.period)


def realisation_missing(skp: Skp, period: int) -> bool:
    """Whether the owner submitted no realisation for the period (for the year: none at all):
    rating them then asks the PPK to confirm, and the evaluation says so."""
    submitted = Realisation.objects.filter(skp=skp, status=RealisationStatus.SUBMITTED)
    if period != ANNUAL:
        submitted = submitted.filter(period=period)
    return not submitted.exists()


def evaluation_page(roles: Roles, evaluation: Evaluation) -> EvaluationPage:
    """The page of an evaluation found by policies.evaluation_for_view, as `roles` sees it."""
    skp = (
        Skp.objects.select_related("cycle", "employee", "position__unit")
        .prefetch_related("rhks__ikis", "expectations")
        .get(pk=evaluation.skp_id)
    )
    return EvaluationPage(
        evaluation=evaluation,
        skp=skp,
        is_ppk=policies.may_score(roles, evaluation),
        is_owner=policies.is_the_employee(roles, evaluation),
        window=services.evaluation_window(skp, evaluation.period),
    )


# ----- a year split by a move (issue 20, point 11) ---------------------------------------------
@dataclass(frozen=True)
class SplitPlan:
    """One post's plan in a split year, with its annual result and who scores it."""

    skp: Skp
    annual: Evaluation | None

    @property
    def ppk_name(self) -> str:
        return (self.annual.ppk_name if self.annual else "") or self.skp.ppk_name


def split_year(skp: Skp) -> list[SplitPlan]:
    """The employee's plans in force in the cycle, by start date, when a move split the year
    (two or more); [] otherwise. Two queries."""
    plans = list(
        Skp.objects.filter(employee_id=skp.employee_id, cycle_id=skp.cycle_id)
        .filter(status=SkpStatus.APPROVED)
        .select_related("position__unit")
        .order_by("start_date", "pk")
    )
    if len(plans) < 2:
        return []
    annual = {
        e.skp_id: e
        for e in Evaluation.objects.filter(
            skp__in=plans, period=ANNUAL, status=EvaluationStatus.FINALISED
        )
    }
    return [SplitPlan(plan, annual.get(plan.pk)) for plan in plans]
