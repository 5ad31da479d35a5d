"""Extension points: how a lower part of the code asks the parts above it, without importing them.

Dependencies point down (import-linter checks it): accounts cannot import appraisal, a work plan
cannot import the evaluations made on it. Where a lower part needs something from above (the home
page's tasks, evidence panels on an appraisal page, who must be reminded, the reaction to a
mutasi), it declares an ExtensionPoint in its app's `extensions.py`, and the part above registers
a callable on it in its AppConfig.ready(). One mechanism for all of them; ARCHITECTURE.md lists
every point with who fills it.

Callables run in registration order, which follows INSTALLED_APPS (ready() is called in that
order), so the order is the same on every start.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

F = TypeVar("F")

_DECLARED: list[ExtensionPoint] = []


class ExtensionPoint(Generic[F]):
    """A named list of callables (or small values holding one) that the apps above register."""

    def __init__(self, name: str, description: str):
        self.name = name
        self.description = description
        self._callables: list[F] = []
        _DECLARED.append(self)

    def register(self, item: F) -> F:
        """Add `item` (usable as a decorator); registering the same one twice keeps one."""
        if item not in self._callables:
            self._callables.append(item)
        return item

    def __iter__(self) -> Iterator[F]:
        return iter(tuple(self._callables))

    def __len__(self) -> int:
        return len(self._callables)

    def call(self, *args, **kwargs) -> list:
        """Every registered callable's answer, in registration order."""
        return [fn(*args, **kwargs) for fn in self]

    def __repr__(self) -> str:
        return f"<ExtensionPoint {self.name}: {len(self)} registered>"


def extension_points() -> list[ExtensionPoint]:
    """Every point declared so far (each app's `extensions.py` is imported by its ready())."""
    return list(_DECLARED)
