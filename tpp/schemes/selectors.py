"""Reads of the scheme: which version governs a month."""

from __future__ import annotations

from tpp.schemes.models import SchemeVersion


def version_in_force(year: int, month: int) -> SchemeVersion | None:
    """The latest version of the year's scheme that applies from `month` or earlier."""
    return (
        SchemeVersion.objects.filter(cycle__year=year, effective_month__lte=month)
        .order_by("-effective_month")
        .first()
    )
