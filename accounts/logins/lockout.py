"""The login lockout (django-axes): failures count per account, and per client across accounts.

Axes counts failed logins per (username, client address) (AXES_LOCKOUT_PARAMETERS). Here the
"username" is not the string typed but the account it names (`account_key`, set as
AXES_USERNAME_CALLABLE): `pegawai`, `PEGAWAI` and the NIP of the same employee are one count, so a
lockout holds whichever of them comes next. An identifier that names no account is counted under
its own spelling folded to lower case, with a "?" no username can hold: unknown names behave
exactly like known ones, so the lockout never tells which exist.

One client may also fail only AXES_CLIENT_FAILURE_LIMIT times across all accounts within the
cool-off (password spraying, guessing NIPs): `AccountLockoutHandler` (AXES_HANDLER) reads the same
failure rows axes keeps, summed over the client address. The address is core.clients.client_ip
(AXES_CLIENT_IP_CALLABLE): the client behind the trusted proxies, never the proxy.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.backends import user_for_identifier

UNKNOWN = "?"  # never in a username (Django allows letters, digits and @.+-_)


def _typed(request: HttpRequest | None, credentials: dict | None) -> str:
    if credentials:
        return credentials.get("username") or ""
    if request is not None:
        return getattr(request, "POST", {}).get("username") or ""
    return ""


def account_key(request: HttpRequest | None, credentials: dict | None) -> str:
    """What axes counts failures against: the username of the account the typed identifier
    names (any case, or the NIP), or "?" and the identifier in lower case when it names none.

    Axes asks several times per login; the answer is kept on the request."""
    typed = _typed(request, credentials).strip()
    known = getattr(request, "_lockout_keys", None)
    if known is None:
        known = {}
        if request is not None:
            request._lockout_keys = known
    if typed not in known:
        user = user_for_identifier(typed)
        known[typed] = user.get_username() if user else UNKNOWN + typed.casefold()
    return known[typed]


def client_failures(request: HttpRequest) -> int:
    """Failed logins from the request's client address within the cool-off, for every account."""
    attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def client_locked(request: HttpRequest) -> bool:
    return client_failures(request) >= settings.AXES_CLIENT_FAILURE_LIMIT


class AccountLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler, with the limit per client across accounts added to its own."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        return super().is_locked(request, credentials) or client_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if self.is_whitelisted(request, credentials) or not client_locked(request):
            return
        # This failure reached the client's limit: lock as axes does for an account.
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )


def lockout_response(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE): HTTP 429, saying whether this
    account or every account from this client is held, and for how long."""
    cool_off = get_cool_off(request)
    context = {
        "whole_client": client_locked(request),
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)
