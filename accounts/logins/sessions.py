"""The signed-in sessions each person sees on "Sesi aktif" (LoginSession rows beside Django's).

A row is written when Django logs someone in (the user_logged_in signal, whatever the path: the
login form, SSO, activation, a password reset) and deleted when they log out. "Last seen" is kept
by LoginSessionSeenMiddleware at most once per SEEN_EVERY, from a time stamp in the session
itself, so a page costs no write. Ending a session deletes Django's Session row (the browser is
signed out at its next request) and the LoginSession row.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from accounts.logins.models import LoginMethod, LoginSession
from core.actor import Actor
from core.clients import client_ip

SEEN_EVERY = dt.timedelta(minutes=5)
SEEN_KEY = "_login_session_seen"  # epoch seconds of the last "last seen" write, in the session
USER_AGENT_LENGTH = 300


def _user_agent(request) -> str:
    return (request.META.get("HTTP_USER_AGENT") or "")[:USER_AGENT_LENGTH]


def _address(request) -> str | None:
    return client_ip(request) or None


def record_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: remember this session for its owner (see the module docstring). The flow
    that proved who it is may say how (`request.login_method`, SSO); the default is the password."""
    if request is None or not hasattr(request, "session"):
        return
    if request.session.session_key is None:
        request.session.save()
    now = timezone.now()
    LoginSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": _user_agent(request),
            "ip_address": _address(request),
            "method": getattr(request, "login_method", LoginMethod.PASSWORD),
            "last_seen_at": now,
        },
    )
    request.session[SEEN_KEY] = int(now.timestamp())


def forget_logout(sender, request, user, **kwargs) -> None:
    """user_logged_out: the session is over (Django flushes it right after)."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        LoginSession.objects.filter(session_key=key).delete()


def seen(request) -> None:
    """A signed-in request: write "last seen" when the last write is SEEN_EVERY old. A session
    from before the table existed gets its row here (created at its first write)."""
    now = timezone.now()
    last = request.session.get(SEEN_KEY, 0)
    if now.timestamp() - last < SEEN_EVERY.total_seconds():
        return
    key = request.session.session_key
    if key is None:
        return
    updated = LoginSession.objects.filter(session_key=key, user_id=request.user.pk).update(
        last_seen_at=now
    )
    if not updated:
        LoginSession.objects.update_or_create(
            session_key=key,
            defaults={
                "user_id": request.user.pk,
                "user_agent": _user_agent(request),
                "ip_address": _address(request),
                "last_seen_at": now,
            },
        )
    request.session[SEEN_KEY] = int(now.timestamp())


def live_sessions(user):
    """The user's sessions still open (their Django session exists and has not expired), the
    most recently seen first: one query."""
    alive = Session.objects.filter(expire_date__gt=timezone.now()).values("session_key")
    return LoginSession.objects.filter(user=user, session_key__in=alive).order_by(
        "-last_seen_at", "-pk"
    )


def _end(keys: list[str]) -> int:
    Session.objects.filter(session_key__in=keys).delete()
    return LoginSession.objects.filter(session_key__in=keys).delete()[0]


@transaction.atomic
def session_end(public_id, current_key: str, *, actor: Actor) -> None:
    """The owner ends one of their other sessions from "Sesi aktif" (someone else's is not
    found; this one is ended by logging out)."""
    if actor.is_system:
        raise PermissionDenied
    row = LoginSession.objects.filter(public_id=public_id, user_id=actor.user_id).first()
    if row is None or row.session_key == current_key:
        raise Http404
    _end([row.session_key])


@transaction.atomic
def sessions_end_others(user, current_key: str | None, *, actor: Actor) -> int:
    """End every session of `user` but the one making the request (`current_key`): the owner on
    "Sesi aktif", a password change or reset, a second factor set up. Returns how many."""
    if not actor.is_system and not actor.is_user(user.pk):
        raise PermissionDenied
    keys = list(
        LoginSession.objects.filter(user=user)
        .exclude(session_key=current_key or "")
        .values_list("session_key", flat=True)
    )
    return _end(keys)


def session_rekey(old_key: str | None, new_key: str | None) -> None:
    """Django gave the session a new key (a password change keeps its owner signed in): the row
    follows it."""
    if old_key and new_key and old_key != new_key:
        LoginSession.objects.filter(session_key=old_key).update(session_key=new_key)
