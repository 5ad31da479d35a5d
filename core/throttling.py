"""A per-user limit on generating documents: every PDF and every Excel export.

A PDF costs WeasyPrint one to two seconds of CPU and an export reads a whole OPD, so a script or a
held-down reload key could keep every worker busy. `limit_documents` counts each request for a
document against the signed-in user, in one shared count for all PDF and export views, at most
settings.DOCUMENT_RATE (django-ratelimit syntax, "30/m" by default; empty: no limit). Past it, the
user gets HTTP 429 with a page saying how long to wait, and nothing is generated. The count lives
in the cache: if the cache is down, no limit applies (config/cache.py fails open).

Place it under @login_required (an anonymous request is sent to log in first, uncounted).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

GROUP = "documents"  # one count for every document view: the cost is the same CPU


def _rate(group, request) -> str | None:
    # Read at request time so tests and deployments can change it.
    return getattr(settings, "DOCUMENT_RATE", "") or None


def _wait(seconds: int) -> str:
    if seconds <= 90:
        return ngettext(
            "Wait %(count)s second, then try again.",
            "Wait %(count)s seconds, then try again.",
            seconds,
        ) % {"count": seconds}
    minutes = -(-seconds // 60)  # rounded up: "wait 2 minutes" must be enough
    return ngettext(
        "Wait %(count)s minute, then try again.", "Wait %(count)s minutes, then try again.", minutes
    ) % {"count": minutes}


def too_many_documents(request, seconds: int):
    """The answer once a user has asked for too many documents: 429 with how long to wait."""
    seconds = max(int(seconds), 1)
    busy = _("You have created many PDF and Excel files in a short time.")
    response = render(
        request, "errors/429.html", {"message": f"{busy} {_wait(seconds)}"}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


def limit_documents(view):
    """Count this view's requests in the user's document budget; past it, answer 429."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        usage = get_usage(request, group=GROUP, key="user_or_ip", rate=_rate, increment=True)
        if usage is not None and usage["should_limit"]:
            return too_many_documents(request, usage["time_left"])
        return view(request, *args, **kwargs)

    return wrapper
