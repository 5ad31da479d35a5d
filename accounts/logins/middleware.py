"""Keeps "last seen" of the signed-in session (accounts.logins.sessions.seen): at most one UPDATE
per session every few minutes, decided from the session's own data (no query per request)."""

from __future__ import annotations

from accounts.logins.sessions import seen


class LoginSessionSeenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # After the view: a login or logout inside it already wrote or removed the row.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            seen(request)
        return response
