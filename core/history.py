"""Every recorded change says who and why: one place sets what django-simple-history reads.

simple-history takes a history row's reason and user from attributes on the instance being
saved (`_change_reason`, `_history_user`); nothing else in the code sets them, so a change's
reason is never left behind on an instance for a later save to pick up by accident.
"""

from __future__ import annotations

from contextlib import contextmanager

from core.actor import Actor


@contextmanager
def _marked(instance, reason: str, actor: Actor):
    instance._change_reason = reason
    # A person is recorded as the history user; otherwise simple-history falls back to the
    # request's user (HistoryRequestMiddleware), or none for a task.
    if actor.user is not None:
        instance._history_user = actor.user
    try:
        yield
    finally:
        for name in ("_change_reason", "_history_user"):
            instance.__dict__.pop(name, None)


def save_with_reason(instance, reason: str, *, actor: Actor, **save_kwargs) -> None:
    """Save `instance` with `reason` (and the acting person) on its history row."""
    with _marked(instance, reason, actor):
        instance.save(**save_kwargs)


def delete_with_reason(instance, reason: str, *, actor: Actor) -> None:
    """Delete `instance`, its history row saying why and who."""
    with _marked(instance, reason, actor):
        instance.delete()


def history_options(reason: str, *, actor: Actor) -> dict:
    """The keyword arguments of simple-history's bulk helpers (bulk_create_with_history,
    bulk_update_with_history) for one reason and actor."""
    return {
        "default_change_reason": reason,
        "default_user": actor.user,
    }
