"""Scoped reads for the exports and dashboards, each a fixed number of queries.

An employee counts once per period, by the evaluation of their latest SKP (as on the calibration
page): rows come ordered by employee and latest SKP first, and `latest_per_employee` keeps the
first of each employee while they stream past.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from appraisal import rules
from appraisal.choices import EvaluationStatus
from appraisal.cycles.models import Cycle
from appraisal.evaluation.models import Evaluation, RhkAssessment
from appraisal.plans.models import Rhk
from core.queries import count_subquery

ABOVE = rules.Rating.DI_ATAS_EKSPEKTASI.name
RATING_LABELS = {r.name: r.label for r in rules.Rating}
PREDICATE_LABELS = {p.name: p.label for p in rules.Predicate}

# Fields of one result row, in the order of values_list (named tuples).
RESULT_FIELDS = (
    "pk",
    "skp_id",
    "skp__employee_id",
    "skp__employee__nip",
    "skp__employee__front_title",
    "skp__employee__name",
    "skp__employee__back_title",
    "skp__position__name",
    "skp__position__kind",
    "skp__position__jenjang",
    "skp__position__unit__name",
    "skp__position__unit__opd__name",
    "skp__position__unit__code",
    "skp__position__unit__opd__code",
    "skp__start_date",
    "skp__end_date",
    "ppk_name",
    "skp__ppk_name",
    "rating_hasil",
    "rating_perilaku",
    "predicate",
    "notes",
)


def finalised_results(
    cycle: Cycle,
    period: int,
    scope_q: Q,
    *,
    predicates: Iterable[str] | None = None,
    fungsional: Iterable[str] | None = None,
    with_rhk_counts: bool = False,
) -> QuerySet:
    """Finalised evaluations of the period in the scope, as named tuples of RESULT_FIELDS (plus
    `opd_key`, and `above`/`rhks` with `with_rhk_counts`), ordered by employee, latest SKP first.
    One query: the RHK counts are correlated subqueries on indexed keys."""
    queryset = Evaluation.objects.filter(
        scope_q, skp__cycle=cycle, period=period, status=EvaluationStatus.FINALISED
    )
    if predicates is not None:
        queryset = queryset.filter(predicate__in=list(predicates))
    if fungsional is not None:
        queryset = queryset.filter(skp__position__kind__in=list(fungsional))
    annotations = {
        "opd_key": Coalesce(F("skp__position__unit__opd_id"), F("skp__position__unit_id"))
    }
    fields = [*RESULT_FIELDS, "opd_key"]
    if with_rhk_counts:
        annotations["rhks"] = count_subquery(Rhk.objects.filter(skp=OuterRef("skp_id")), "skp")
        annotations["above"] = count_subquery(
            RhkAssessment.objects.filter(evaluation=OuterRef("pk"), label=ABOVE), "evaluation"
        )
        fields += ["rhks", "above"]
    return (
        queryset.annotate(**annotations)
        .order_by("skp__employee_id", "-skp__start_date", "-pk")
        .values_list(*fields, named=True)
    )


def latest_per_employee(rows: Iterable) -> Iterator:
    """Keep each employee's first row (their latest SKP's) from rows ordered by employee."""
    previous = None
    for row in rows:
        if row.skp__employee_id != previous:
            previous = row.skp__employee_id
            yield row


def ppk_of(row) -> str:
    """The PPK as stored on finalising; before that, as stored on the SKP's approval."""
    return row.ppk_name or row.skp__ppk_name
