"""Query helpers that are not about any one model."""

from __future__ import annotations

from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_subquery(queryset: QuerySet, group: str) -> Coalesce:
    """How many rows of `queryset` (filtered on an OuterRef, grouped by `group`, the field that
    OuterRef matches) as a subquery, 0 for none. PostgreSQL runs it for the rows a page shows;
    a Count over a join groups every row before the page is cut."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )
