"""Slow agency-wide counts kept a minute (core/figures.py); the pages: tests/appraisal/test_figures_pages.py.

The test settings count live (SLOW_FIGURES_SECONDS=0); these tests turn keeping on, and make every
count "slow" (SLOW_FIGURES_MS=0) or none (a large threshold).
"""

import pytest

from core.figures import new_generation, slow_figures

KEEP = {"SLOW_FIGURES_SECONDS": 60, "SLOW_FIGURES_MS": 0}


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return {"n": self.calls}


@pytest.fixture
def keeping(settings):
    for name, value in KEEP.items():
        setattr(settings, name, value)


def test_live_by_default_in_tests():
    count = Counter()
    assert slow_figures("t", (1,), count).value == {"n": 1}
    figures = slow_figures("t", (1,), count)
    assert figures.value == {"n": 2} and figures.as_of is None


def test_a_slow_count_is_kept_with_its_time_until_refreshed(keeping):
    count = Counter()
    first = slow_figures("t", (1,), count)
    again = slow_figures("t", (1,), count)
    assert again.value == first.value == {"n": 1} and again.as_of == first.as_of is not None
    assert slow_figures("t", (2,), count).value == {"n": 2}  # another key: its own count
    refreshed = slow_figures("t", (1,), count, refresh=True)
    assert refreshed.value == {"n": 3} and refreshed.as_of >= first.as_of
    assert slow_figures("t", (1,), count).value == {"n": 3}


def test_a_new_generation_drops_what_was_kept(keeping):
    count = Counter()
    slow_figures("t", (1,), count)
    new_generation()
    assert slow_figures("t", (1,), count).value == {"n": 2}
    new_generation()
    new_generation()
    assert slow_figures("t", (1,), count).value == {"n": 3}


def test_a_fast_count_is_never_kept(settings):
    settings.SLOW_FIGURES_SECONDS, settings.SLOW_FIGURES_MS = 60, 60_000
    count = Counter()
    slow_figures("t", (1,), count)
    figures = slow_figures("t", (1,), count)
    assert figures.value == {"n": 2} and figures.as_of is None


def test_each_language_keeps_its_own_counts(keeping):
    """Labels in kept figures are translated when counted: an English reader never gets the
    Indonesian ones."""
    from django.utils import translation

    count = Counter()
    with translation.override("id"):
        slow_figures("t", (1,), count)
    with translation.override("en"):
        assert slow_figures("t", (1,), count).value == {"n": 2}
    with translation.override("id"):
        assert slow_figures("t", (1,), count).value == {"n": 1}


def test_a_refresh_that_comes_back_fast_drops_the_kept_count(keeping, settings):
    """Else the page would show the live count once and the older kept one on the next load."""
    count = Counter()
    slow_figures("t", (1,), count)  # slow (SLOW_FIGURES_MS=0): kept
    settings.SLOW_FIGURES_MS = 60_000  # the next counts are fast
    assert slow_figures("t", (1,), count, refresh=True).value == {"n": 2}
    figures = slow_figures("t", (1,), count)
    assert figures.value == {"n": 3} and figures.as_of is None
