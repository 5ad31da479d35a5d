"""The one way a login finishes, whatever proved the password: the login form, SSO's callback.

Contract shared by the login view (accounts.twofactor) and SSO (accounts.sso): call
``finish_login`` once the first factor is proven; it either signs the user in and sends them to
``next_url``, or holds the login until the second factor is given (or enrolled).

A held login is not a login: the session keeps only who proved their password, how, where to go
next and until when (PENDING_SECONDS); the code page signs them in. Every signed-in session
carries its state (rules.DONE, CODE, ENROL) under SESSION_STATE, written when Django logs someone
in, whatever the path (activation and password-reset pages log in directly): the gate middleware
reads it without a query.
"""

from __future__ import annotations

import time

from django.contrib.auth import login
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django_otp import login as otp_login

from accounts.twofactor import rules, selectors

PENDING = "twofactor_pending"
SESSION_STATE = "twofactor_state"
PENDING_SECONDS = 5 * 60


def finish_login(
    request,
    user,
    *,
    backend: str,
    method: str,
    next_url: str,
    second_factor_done: bool = False,
    session_data: dict | None = None,
) -> HttpResponse:
    """``method`` is "password" or "sso"; ``second_factor_done`` is True when the identity
    provider reports its own multi-factor login (acr/amr). ``next_url`` is already checked local.
    ``session_data`` goes into the session once the login is complete (SSO's ID token)."""
    if not second_factor_done and selectors.has_second_factor(user):
        request.session[PENDING] = {
            "user": user.pk,
            "backend": backend,
            "method": method,
            "next": next_url,
            "until": int(time.time()) + PENDING_SECONDS,
            "session_data": session_data or {},
        }
        return HttpResponseRedirect(resolve_url("twofactor:verify"))
    return complete_login(
        request,
        user,
        backend=backend,
        method=method,
        next_url=next_url,
        provider_mfa=second_factor_done,
        session_data=session_data,
    )


def complete_login(
    request,
    user,
    *,
    backend,
    method,
    next_url,
    device=None,
    provider_mfa=False,
    session_data=None,
) -> HttpResponse:
    """Sign the user in (Django's login, then django-otp's when a device gave a code) and go on:
    to the enrolment page first when their role requires a second factor they lack."""
    request.session.pop(PENDING, None)
    request.login_method = method
    request.twofactor_state = selectors.state_after_login(
        user, verified=device is not None, provider_mfa=provider_mfa
    )
    login(request, user, backend=backend)
    if device is not None:
        otp_login(request, device)
    request.session.update(session_data or {})
    if request.session[SESSION_STATE] == rules.ENROL:
        return HttpResponseRedirect(resolve_url("twofactor:enrol"))
    return HttpResponseRedirect(next_url)


def pending_login(request) -> dict | None:
    """The held login of this browser, or None (none, or expired)."""
    pending = request.session.get(PENDING)
    if not pending or pending.get("until", 0) < time.time():
        return None
    return pending


def mark_on_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: every new session starts with its state; a path that did not decide it
    (activation, password reset, a test's force_login) owes what the account has."""
    if request is None or not hasattr(request, "session"):
        return
    state = getattr(request, "twofactor_state", None)
    if state is None:
        state = selectors.state_after_login(user, verified=False, provider_mfa=False)
    request.session[SESSION_STATE] = state
