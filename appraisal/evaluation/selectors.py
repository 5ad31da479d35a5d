"""Reads for the evaluation pages: what the PPK looks at, built from a few queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count
from django.utils import timezone

from accounts.org.models import Employee
from accounts.org.roles import Roles
from appraisal.choices import ANNUAL, EvaluationStatus, Section, SkpStatus
from appraisal.cycles.windows import WindowState
from appraisal.evaluation import policies, services
from appraisal.evaluation.models import Evaluation
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.selectors import team_rows
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


def team_scoring_rows(ppk: Employee, cycle, period: int) -> list[dict]:
    """The PPK's subordinates with an approved SKP: their evaluation for the period (created
    empty when missing, in one statement) and their realisation status. Constant queries."""
    rows = [
        r
        for r in team_rows(ppk, cycle)
        if r["skp"]
        and r["skp"].status == SkpStatus.APPROVED
        and services.period_covered(r["skp"], period, cycle)
    ]
    skps = [r["skp"] for r in rows]
    evaluations = {e.skp_id: e for e in Evaluation.objects.filter(skp__in=skps, period=period)}
    missing = [s for s in skps if s.pk not in evaluations]
    if missing:  # the first visit of the period prepares the sheets
        Evaluation.objects.bulk_create(
            [Evaluation(skp=s, period=period) for s in missing], ignore_conflicts=True
        )
        evaluations = {e.skp_id: e for e in Evaluation.objects.filter(skp__in=skps, period=period)}
    realised = dict(
        Realisation.objects.filter(skp__in=skps, period=period).values_list("skp_id", "status")
    )
    for row in rows:
        row["evaluation"] = evaluations.get(row["skp"].pk)
        row["realisation_status"] = realised.get(row["skp"].pk, "")
    return rows


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

    @property
    def may_object(self) -> bool:
        deadline = self.objection_deadline
        return (
            deadline is not None
            and timezone.localdate() <= deadline
            and not hasattr(self.evaluation, "objection")
        )

    @cached_property
    def evidence(self) -> dict:
        return evidence_context(self.skp, self.evaluation.period)


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
