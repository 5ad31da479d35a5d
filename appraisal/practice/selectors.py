"""Reads about the practice cycle: the one running, and how far its participants have got."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max

from appraisal.choices import EvaluationStatus, SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.evaluation.models import Evaluation
from appraisal.objections.models import Objection
from appraisal.plans.models import Skp


def practice_cycle() -> Cycle | None:
    """The practice cycle running now (there is at most one), with its participant count and
    the last day of its windows."""
    return (
        Cycle.objects.filter(practice=True)
        .annotate(
            participant_count=Count("participants", distinct=True),
            until=Max("windows__closes_on"),
        )
        .first()
    )


@dataclass(frozen=True)
class PracticeProgress:
    plans: dict[str, int]
    approved: int
    finalised: int
    objections: int


def practice_progress(cycle: Cycle) -> PracticeProgress:
    """How far the workshop has got: plans per status, results finalised, objections filed."""
    plans = dict(
        Skp.objects.filter(cycle=cycle).values_list("status").annotate(count=Count("pk")).order_by()
    )
    return PracticeProgress(
        plans={SkpStatus(status).label: count for status, count in sorted(plans.items())},
        approved=plans.get(SkpStatus.APPROVED, 0),
        finalised=Evaluation.objects.filter(
            skp__cycle=cycle, status=EvaluationStatus.FINALISED
        ).count(),
        objections=Objection.objects.filter(evaluation__skp__cycle=cycle).count(),
    )
