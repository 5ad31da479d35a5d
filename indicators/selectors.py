"""Reads of the indicator library: the search used while writing an SKP, and the entry to copy."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from indicators import coach
from indicators.choices import PositionGroup
from indicators.models import ExamplePlan, ExamplePlanItem, LibraryEntry, LibraryIndicator
from indicators.policies import parse_public_id

SEARCH_LIMIT = 20


def _with_indicators(queryset: QuerySet[LibraryEntry]) -> QuerySet[LibraryEntry]:
    return queryset.prefetch_related(
        Prefetch("indicators", queryset=LibraryIndicator.objects.order_by("order", "pk"))
    )


def matching_words(queryset: QuerySet[LibraryEntry], q: str) -> QuerySet[LibraryEntry]:
    """Entries where every word of `q` appears in the RHK or in one of its IKI (any case).

    Plain icontains per word (LIKE on SQLite, ILIKE on PostgreSQL): the library holds hundreds of
    rows, not millions, so no full-text index is worth its setup. Each word is an EXISTS on the
    indicators rather than a join, so an entry never comes back twice.
    """
    for word in q.split():
        in_indicator = LibraryIndicator.objects.filter(
            entry=OuterRef("pk"), indicator__icontains=word
        )
        queryset = queryset.filter(Q(rhk__icontains=word) | Exists(in_indicator))
    return queryset


def library_search(q: str = "", sector: str = "", group: str = "") -> QuerySet[LibraryEntry]:
    """Active entries matching all words of `q` (in the RHK or an IKI), optionally of one sector
    and suiting one position kind, with their indicators prefetched, ordered by sector then RHK.

    A position kind also finds the entries written for any position ("semua"): those suit
    everyone. Unknown sector or group values find nothing rather than everything.
    """
    entries = LibraryEntry.objects.filter(is_active=True)
    entries = matching_words(entries, q or "")
    if sector:
        entries = entries.filter(sector=sector)
    if group:
        entries = entries.filter(position_group__in=[group, PositionGroup.ANY])
    return _with_indicators(entries.order_by("sector", "rhk", "pk"))


def entry_for_use(public_id) -> LibraryEntry:
    """The active entry to copy into a draft SKP (its RHK and IKI, indicators prefetched).

    Inactive, unknown or malformed ids → Http404. Anyone allowed to write an SKP may use any
    active entry: the library is shared across the agency.
    """
    return get_object_or_404(
        _with_indicators(LibraryEntry.objects.filter(is_active=True)),
        public_id=parse_public_id(public_id),
    )


def entries_for_curation() -> QuerySet[LibraryEntry]:
    """Every entry, active or not, with its indicator count: the curator's list."""
    return (
        LibraryEntry.objects.annotate(indicator_count=Count("indicators"))
        .select_related("created_by")
        .order_by("sector", "rhk", "pk")
    )


SIMILAR_LIMIT = 5
SIMILAR_CANDIDATES = 200
SIMILAR_MIN = 0.2  # below this, two indicators share little more than common syllables


def similar_indicators(text: str, limit: int = SIMILAR_LIMIT) -> list[LibraryIndicator]:
    """Up to `limit` active library indicators most like `text` (indicators.coach.similarity).

    The candidates share a word of four letters or more with the text: on PostgreSQL found by
    full-text search (the "simple" configuration: no stemming, Indonesian is not among
    PostgreSQL's), elsewhere by a LIKE per word; then ranked by trigram similarity here."""
    words = sorted({w for w in coach.words_of(text) if len(w) >= 4}, key=len, reverse=True)[:8]
    if not words:
        return []
    active = LibraryIndicator.objects.filter(entry__is_active=True).select_related("entry")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(words[0], config="simple")
        for word in words[1:]:
            query |= SearchQuery(word, config="simple")
        rank = SearchRank(SearchVector("indicator", config="simple"), query)
        candidates = active.annotate(rank=rank).filter(rank__gt=0).order_by("-rank", "pk")
    else:
        matches = Q()
        for word in words:
            matches |= Q(indicator__icontains=word)
        candidates = active.filter(matches).order_by("pk")
    scored = [
        (coach.similarity(text, found.indicator), found)
        for found in candidates[:SIMILAR_CANDIDATES]
    ]
    ranked = sorted((s for s in scored if s[0] >= SIMILAR_MIN), key=lambda s: (-s[0], s[1].pk))
    return [found for _score, found in ranked[:limit]]


def _example_plans() -> QuerySet[ExamplePlan]:
    """Examples with their items in order; an entry since withdrawn from the library is left out
    of what employees see and copy (the curator's form still shows it)."""
    items = (
        ExamplePlanItem.objects.filter(entry__is_active=True)
        .select_related("entry")
        .prefetch_related(
            Prefetch("entry__indicators", queryset=LibraryIndicator.objects.order_by("order", "pk"))
        )
    )
    return ExamplePlan.objects.prefetch_related(
        Prefetch("items", queryset=items.order_by("additional", "order", "pk"))
    )


def suits(example: ExamplePlan, names: Iterable[str]) -> bool:
    """Whether one of the example's words occurs as whole words in one of `names` (a post's,
    its unit's and its OPD's name), whatever the case: "bidan" suits "Bidan Terampil", not
    "Kepala Bidang"."""
    text = " | ".join(name.lower() for name in names if name)
    return any(re.search(rf"\b{re.escape(term)}\b", text) for term in example.terms)


def examples_for_use(names: Iterable[str], q: str = "") -> tuple[list, list]:
    """The active example plans, with their RHK and IKI: (those suiting `names`, the others),
    each by title. `q` keeps the examples whose title or words contain each of its words."""
    names = list(names)
    examples = _example_plans().filter(is_active=True)
    for word in q.split():
        examples = examples.filter(Q(title__icontains=word) | Q(match_terms__icontains=word))
    suiting, others = [], []
    for example in examples.order_by("title", "pk"):
        (suiting if suits(example, names) else others).append(example)
    return suiting, others


def example_for_use(public_id) -> ExamplePlan:
    """The active example to copy into a draft (its items prefetched); else 404."""
    return get_object_or_404(
        _example_plans().filter(is_active=True), public_id=parse_public_id(public_id)
    )


def examples_for_curation() -> QuerySet[ExamplePlan]:
    """Every example, active or not, with its RHK count: the curator's list."""
    return ExamplePlan.objects.annotate(rhk_count=Count("items")).order_by("title", "pk")
