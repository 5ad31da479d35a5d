"""The practice cycle a request works in, if any (issue 29.5), activated like a time zone.

A workshop participant who enters a practice cycle ("Siklus latihan") sees that cycle wherever a
page or a service asks for "the cycle": appraisal's cycle selectors read the value set here by its
middleware for the length of the request. It lives in core, below every app, because more than the
appraisal needs to know: notifications keep a practice action in the application (never an e-mail,
WhatsApp or Telegram message). What must never see practice data (reports, exports, rankings,
reminders, TPP, the SIASN push) asks for real cycles explicitly and ignores this value.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_active: ContextVar[Any | None] = ContextVar("practice_cycle", default=None)


def active_cycle() -> Any | None:
    """The practice cycle (an appraisal Cycle) this request works in, else None."""
    return _active.get()


def follow(cycle: Any) -> None:
    """The object a request acts on decides, for the rest of the request: a practice plan opened
    from a notification outside the practice works in the practice (its notifications stay in
    the inbox), a real plan opened inside a practice works in the real year. The middleware's
    `working_in` around the request puts the value back when it ends."""
    _active.set(cycle if getattr(cycle, "practice", False) else None)


@contextmanager
def working_in(cycle: Any | None) -> Iterator[None]:
    """Work in `cycle` (a practice cycle, or None for the real ones) until the block ends."""
    token = _active.set(cycle)
    try:
        yield
    finally:
        _active.reset(token)
