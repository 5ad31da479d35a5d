"""Public account pages: redeeming a one-time link or code, choosing a password, a reset request."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetConfirmView, PasswordResetView
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from accounts.logins import services as account_services
from accounts.logins import sessions
from accounts.logins.forms import CodeForm, ResetRequestForm
from accounts.logins.models import AccountToken, TokenPurpose
from accounts.logins.policies import local_password_allowed, password_form_shown
from accounts.logins.tasks import send_password_resets
from core.actor import Actor
from core.errors import DomainError
from core.queueing import enqueue_on_commit

SESSION_KEY = "account_token_id"


BACKEND = "accounts.backends.NipOrUsernameBackend"


def _rate(group, request):
    # Read at request time so tests and deployments can change ACCOUNT_RATE.
    return settings.ACCOUNT_RATE


def _too_many(request) -> str:
    return _("Too many attempts from this device. Wait 15 minutes and try again.")


@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def redeem_code(request):
    """NIP + printed code → choose a password. One answer for every failure (no NIP probing)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(None, _too_many(request))
        elif form.is_valid():
            token = account_services.token_for_code(
                form.cleaned_data["nip"], form.cleaned_data["code"]
            )
            if token is not None:
                request.session[SESSION_KEY] = token.pk
                return redirect("account:set_password")
            form.add_error(
                None, _("The NIP and code do not match an open activation or reset code.")
            )
    return render(request, "accounts/account_redeem_code.html", {"form": form})


@ratelimit(key="ip", rate=_rate, block=False)
def redeem_link(request, secret):
    """An e-mailed link: remember the credential in the session and drop the secret from the URL
    (so it does not leak through history or Referer headers)."""
    token = None if getattr(request, "limited", False) else account_services.token_for_link(secret)
    if token is None:
        return render(request, "accounts/account_link_invalid.html", status=400)
    request.session[SESSION_KEY] = token.pk
    return redirect("account:set_password")


def set_password(request):
    token = (
        AccountToken.objects.filter(pk=request.session.get(SESSION_KEY))
        .select_related("user__employee")
        .first()
    )
    if token is None or token.used_at or token.revoked_at:
        return render(request, "accounts/account_link_invalid.html", status=400)
    if not local_password_allowed(token.user):
        # LOCAL_LOGIN: this account signs in through SSO only; the credential stays unspent.
        return render(request, "accounts/sso/use_sso.html", {"sso_only": True})
    form = SetPasswordForm(token.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The owner is not signed in yet: the credential speaks for them.
            user = account_services.token_redeem(
                token.pk,
                form.cleaned_data["new_password1"],
                actor=Actor.system("one-time credential redeemed"),
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            request.session.pop(SESSION_KEY, None)
            login(request, user, backend=BACKEND)
            _end_other_sessions(request, user)
            messages.success(
                request,
                _("Your account is active. Welcome!")
                if token.purpose == TokenPurpose.ACTIVATION
                else _("Your password has been changed."),
            )
            return redirect("home")
    return render(
        request,
        "accounts/account_set_password.html",
        {"form": form, "token": token, "activation": token.purpose == TokenPurpose.ACTIVATION},
    )


@method_decorator(ratelimit(key="ip", rate=_rate, method="POST", block=False), name="post")
class RateLimitedPasswordResetView(PasswordResetView):
    """Django's forgot-password flow, rate-limited; it never says whether an address is known,
    neither in its answer nor in its timing: the e-mail is sent by a task after the response."""

    form_class = ResetRequestForm

    def form_valid(self, form):
        # The same path for every address: one lookup, one task enqueued (with no ids for an
        # unknown address), the same redirect. Sending inside the request (Django's
        # form.save) would make a known address answer measurably slower.
        # Accounts that may not use a local password (LOCAL_LOGIN) get no link: the page says
        # so to everyone alike, so it tells nothing about the address.
        user_ids = [
            user.pk
            for user in form.get_users(form.cleaned_data["email"])
            if local_password_allowed(user)
        ]
        enqueue_on_commit(send_password_resets, user_ids)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, password_form_shown=password_form_shown())

    def post(self, request, *args, **kwargs):
        if not password_form_shown():
            return self.get(request, *args, **kwargs)
        if getattr(request, "limited", False):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _too_many(request))
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)


class LocalPasswordResetConfirmView(PasswordResetConfirmView):
    """Django's page behind the e-mailed reset link; for an account that may not use a local
    password (LOCAL_LOGIN, a link sent before the setting changed) it explains SSO instead. The
    token is checked first, so only the link's holder learns it."""

    def _sso_only(self) -> bool:
        return bool(getattr(self, "validlink", False)) and not local_password_allowed(self.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, sso_only=self._sso_only())

    def post(self, request, *args, **kwargs):
        if self._sso_only():
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        response = super().form_valid(form)
        # The new password already locks out the other sessions (their hash no longer matches);
        # ending them also takes them off "Sesi aktif".
        _end_other_sessions(self.request, form.user)
        return response


def _end_other_sessions(request, user) -> None:
    sessions.sessions_end_others(
        user, request.session.session_key, actor=Actor.system("password set anew")
    )
