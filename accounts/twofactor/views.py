"""Pages of two-factor login: the login form's second step, enrolment, the account's two-factor
page (recovery codes, turning it off) and an admin BKD's reset of someone's lost device."""

from __future__ import annotations

import base64

import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_ratelimit.decorators import ratelimit

from accounts.logins.forms import LoginForm
from accounts.logins.lockout import lockout_response
from accounts.org import policies
from accounts.org.roles import actor_for, roles_for
from accounts.twofactor import rules, selectors, services
from accounts.twofactor.flow import (
    PENDING,
    SESSION_STATE,
    complete_login,
    finish_login,
    pending_login,
)
from accounts.twofactor.forms import CodeForm, EnrolForm, ProofForm
from core.errors import DomainError
from core.forms import ReasonForm
from core.menus import Menu, menu

NEW_CODES = "twofactor_new_codes"


def _rate(group, request):
    return settings.OTP_RATE


class LoginView(auth_views.LoginView):
    """Django's login page; a right password goes on to the second step (flow.finish_login)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        return finish_login(
            self.request,
            user,
            backend=user.backend,
            method="password",
            next_url=self.get_success_url(),
        )


def _next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _failed(request, user) -> None:
    """A wrong code is a failed login of the account (django-axes counts it like a password)."""
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )


def _subject(request):
    """Whose code the page asks for: a held login's user, or the signed-in user who still owes
    it (signed in by an activation or reset link). None: nothing to ask."""
    if request.user.is_authenticated:
        if request.session.get(SESSION_STATE) == rules.CODE:
            return request.user, None
        return None, None
    pending = pending_login(request)
    if pending is None:
        return None, None
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    return user, pending


@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def verify(request):
    """The second step: an authenticator's code or a recovery code."""
    user, pending = _subject(request)
    if user is None:
        return redirect(_next(request) if request.user.is_authenticated else "login")
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        credentials = {"username": user.get_username()}
        if AxesProxyHandler.is_locked(request, credentials):
            request.session.pop(PENDING, None)
            return lockout_response(request, credentials=credentials)
        if getattr(request, "limited", False):
            form.add_error(None, _("Too many attempts from this device. Wait and try again."))
        elif form.is_valid():
            device = services.verify(user, form.cleaned_data["code"])
            if device is not None:
                return _verified(request, user, pending, device)
            _failed(request, user)
            if getattr(request, "axes_locked_out", False):
                request.session.pop(PENDING, None)
                return lockout_response(request, credentials=credentials)
            form.add_error("code", _("That code is not right, or it was used already."))
    return render(request, "accounts/twofactor_verify.html", {"form": form, "next": _next(request)})


def _verified(request, user, pending, device):
    if isinstance(device, StaticDevice):
        left = selectors.recovery_left(user)
        messages.warning(
            request,
            _("You used a recovery code; %(n)s are left. Make new ones on your account page.")
            % {"n": left},
        )
    if pending is not None:
        return complete_login(
            request,
            user,
            backend=pending["backend"],
            method=pending["method"],
            next_url=pending["next"],
            device=device,
            session_data=pending.get("session_data"),
        )
    otp_login(request, device)
    request.session[SESSION_STATE] = rules.DONE
    return redirect(_next(request))


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def _manual_key(device) -> str:
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
def enrol(request):
    """Set up an authenticator: the QR code and key are shown until its first code is typed."""
    actor = actor_for(request)
    try:
        device = services.enrolment_start(request.user, actor=actor)
    except DomainError as error:
        messages.info(request, str(error))
        return redirect("twofactor:manage")
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.enrolment_confirm(
                request.user, form.cleaned_data["code"], request.session.session_key, actor=actor
            )
        except DomainError as error:
            form.add_error("code", str(error))
        else:
            device.refresh_from_db()
            otp_login(request, device)
            request.session[SESSION_STATE] = rules.DONE
            request.session[NEW_CODES] = codes
            return redirect("twofactor:codes")
    context = {
        "form": form,
        "qr_svg": _qr_svg(device.config_url),
        "manual_key": _manual_key(device),
        "required": request.session.get(SESSION_STATE) == rules.ENROL,
    }
    return render(request, "accounts/twofactor_enrol.html", context)


@login_required
def codes(request):
    """New recovery codes, shown this once (a reload shows them no more)."""
    new_codes = request.session.pop(NEW_CODES, None)
    if not new_codes:
        return redirect("twofactor:manage")
    return render(request, "accounts/twofactor_codes.html", {"codes": new_codes})


@login_required
def manage(request):
    user = request.user
    enrolled = selectors.has_second_factor(user)
    context = {
        "enrolled": enrolled,
        "recovery_left": selectors.recovery_left(user) if enrolled else 0,
        "may_remove": rules.may_remove(must_enrol=selectors.must_enrol(user)),
        "form": ProofForm(),
    }
    return render(request, "accounts/twofactor_manage.html", context)


def _proven(request, form) -> bool:
    """The password, or a code of the person's own devices; a wrong one counts as a failure."""
    user = request.user
    proof = form.cleaned_data["proof"]
    if user.has_usable_password() and user.check_password(proof):
        return True
    if services.verify(user, proof) is not None:
        return True
    _failed(request, user)
    return False


def _with_proof(request, change):
    form = ProofForm(request.POST)
    if getattr(request, "limited", False):
        messages.error(request, _("Too many attempts from this device. Wait and try again."))
    elif not form.is_valid() or not _proven(request, form):
        messages.error(request, _("That password or code is not right."))
    else:
        try:
            return change()
        except DomainError as error:
            messages.error(request, str(error))
    return redirect("twofactor:manage")


@login_required
@require_POST
@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def regenerate(request):
    def change():
        request.session[NEW_CODES] = services.recovery_regenerate(
            request.user, actor=actor_for(request)
        )
        return redirect("twofactor:codes")

    return _with_proof(request, change)


@login_required
@require_POST
@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def remove(request):
    def change():
        services.second_factor_remove(request.user, actor=actor_for(request))
        messages.success(request, _("Two-factor login is turned off."))
        return redirect("twofactor:manage")

    return _with_proof(request, change)


@menu(Menu.ORGANISATION)
@login_required
@require_POST
def reset(request, nip):
    """An admin BKD resets an employee's lost authenticator (their page's account card)."""
    roles = roles_for(request)
    employee = policies.employee_for_view(roles, nip)
    policies.require_admin_bkd(roles)
    form = ReasonForm(request.POST)
    if employee.user is None:
        messages.error(request, _("This account has no two-factor login to reset."))
    elif not form.is_valid():
        messages.error(request, _("Give a reason for resetting two-factor login."))
    else:
        try:
            services.second_factor_reset(
                employee.user, form.cleaned_data["reason"], actor=actor_for(request)
            )
        except DomainError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "Two-factor login is reset and the employee's sessions are ended. They were told."
                ),
            )
    return redirect("org:employee_detail", nip=employee.nip)
