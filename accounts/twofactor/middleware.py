"""The gate: a signed-in session that still owes its second factor (rules.CODE) or its enrolment
(rules.ENROL) reaches only the pages that settle it, logging out, the language switch and static
files. Whatever signed it in (the login form, SSO, an activation link, a password reset) passes
here, so no path into a session skips the second factor.

The state is read from the session (accounts.twofactor.flow.SESSION_STATE): no query per request.
A session from before two-factor login existed has none; its state is decided once and kept.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from accounts.twofactor import rules, selectors
from accounts.twofactor.flow import SESSION_STATE

OPEN = {"logout", "set_language", "healthz"}
SETTLING = {rules.CODE: {"twofactor:verify"}, rules.ENROL: {"twofactor:enrol"}}


def _page(request) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def _wants_fragment(request) -> bool:
    accept = request.headers.get("Accept", "")
    return bool(request.headers.get("HX-Request")) or (
        "application/json" in accept and "text/html" not in accept
    )


class SecondFactorGateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            state = request.session.get(SESSION_STATE)
            if state is None:
                # A session from before two-factor login: it proved no code.
                state = selectors.state_after_login(user, verified=False, provider_mfa=False)
                request.session[SESSION_STATE] = state
            if state != rules.DONE:
                refused = self._refuse(request, state)
                if refused is not None:
                    return refused
        return self.get_response(request)

    def _refuse(self, request, state: str):
        if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        page = _page(request)
        if page in OPEN or page in SETTLING.get(state, ()):
            return None
        if _wants_fragment(request):
            return HttpResponseForbidden()
        target = "twofactor:verify" if state == rules.CODE else "twofactor:enrol"
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
