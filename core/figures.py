"""Agency-wide counts that are slow at province scale, counted at most once a minute.

A grouped count over a whole province (100,000 employees) costs PostgreSQL 100-250 ms, and the
admin pages that show one (monitoring, the closing report, the dashboard, account overview, the
BKD home) are opened again and again at a deadline. A count that took longer than
SLOW_FIGURES_MS is kept in the cache for SLOW_FIGURES_SECONDS and the page says when it was made,
with a link to count again now. A fast count (a small agency, one OPD) is never kept: those pages
stay live and show no time. The admin actions that change many counts at once (an import, the
account bulk actions and the links they send) start a new generation, so the admin who acted sees
fresh counts; other changes show within SLOW_FIGURES_SECONDS. Without Redis the cache is each
process's own, and so is the generation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

T = TypeVar("T")
GENERATION_KEY = "figures:generation"
REFRESH_PARAM = "refresh"


@dataclass(frozen=True)
class Figures(Generic[T]):
    value: T
    # When the counts were made, if the page may show them again later (a slow count); None for
    # a count made for this request alone.
    as_of: dt.datetime | None = None


def _generation() -> int:
    return cache.get(GENERATION_KEY) or 0


def new_generation() -> None:
    """Counts kept so far no longer apply (called after an admin action that changes them)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet (or the cache was emptied)
        cache.set(GENERATION_KEY, 1, None)


def slow_figures(name: str, key: tuple, count: Callable[[], T], *, refresh=False) -> Figures[T]:
    """`count()`, or what it returned less than SLOW_FIGURES_SECONDS ago for the same `key`
    (plain values: ids, years, periods) when it was slow. `refresh`: count again now.

    `count` should return plain values (numbers, strings, dicts, lists): model instances kept in
    the cache cost more to read back than a query (each looks its model up on unpickling)."""
    seconds = settings.SLOW_FIGURES_SECONDS
    if seconds <= 0:
        return Figures(count())
    # The language too: labels in the figures are translated when counted.
    digest = hashlib.sha256(repr((key, get_language())).encode()).hexdigest()[:32]
    cache_key = f"figures:{name}:{_generation()}:{digest}"
    if not refresh:
        kept = cache.get(cache_key)
        if kept is not None:
            as_of, value = kept
            return Figures(value, as_of)
    started = time.perf_counter()
    value = count()
    if (time.perf_counter() - started) * 1000 < settings.SLOW_FIGURES_MS:
        if refresh:
            cache.delete(cache_key)  # else the older kept count would come back on the next load
        return Figures(value)
    as_of = timezone.now()
    cache.set(cache_key, (as_of, value), seconds)
    return Figures(value, as_of)


def wants_refresh(request) -> bool:
    return request.GET.get(REFRESH_PARAM) == "1"


def figures_context(request, *figures: Figures) -> dict:
    """For templates/partials/figures_as_of.html: the time of the oldest kept count shown on the
    page (nothing when every count is live) and the page's address that counts again."""
    kept = [f.as_of for f in figures if f.as_of is not None]
    if not kept:
        return {}
    query = request.GET.copy()
    query[REFRESH_PARAM] = "1"
    return {
        "figures_as_of": min(kept),
        "figures_seconds": settings.SLOW_FIGURES_SECONDS,
        "figures_refresh_url": f"{request.path}?{query.urlencode()}",
    }


def admin_scope(roles) -> tuple:
    """The part of a cache key that tells one admin's scope from another's."""
    return (roles.is_admin_bkd, tuple(sorted(roles.admin_opd_ids)))
