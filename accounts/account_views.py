"""Public account pages (activation and reset by link or printed code) and the admin actions on
one employee's account. Public endpoints are rate-limited per client IP and answer the same way
whether or not a NIP exists."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts import account_services, policies
from accounts.account_forms import CodeForm, ReasonForm, ResetRequestForm
from accounts.account_models import AccountToken, TokenPurpose
from accounts.account_sheets import issue_slips, render_slips_pdf
from accounts.errors import DomainError
from accounts.queueing import enqueue_on_commit
from accounts.roles import roles_for
from accounts.tasks import send_account_links

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
    form = SetPasswordForm(token.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.token_redeem(token.pk, form.cleaned_data["new_password1"])
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            request.session.pop(SESSION_KEY, None)
            login(request, user, backend=BACKEND)
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
    """Django's forgot-password flow, rate-limited; it never says whether an address is known."""

    form_class = ResetRequestForm

    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _too_many(request))
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)


# ----- admin actions on one employee's account -------------------------------------------------
def _purpose_for(user) -> str:
    return TokenPurpose.RESET if user.has_usable_password() else TokenPurpose.ACTIVATION


@login_required
@require_POST
def account_send_link(request, nip):
    """E-mail a fresh activation link (inactive account) or reset link (active account)."""
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    user = account_services.account_provision(employee)
    if not employee.email:
        messages.error(request, _("This employee has no e-mail address: print a code instead."))
    elif not user.is_active:
        messages.error(request, _("This account is deactivated. Reactivate it first."))
    else:
        purpose = _purpose_for(user)
        user_id, actor_id = user.pk, request.user.pk
        enqueue_on_commit(send_account_links, [user_id], purpose, actor_id)
        messages.success(
            request,
            (
                _("An activation link is on its way to %(email)s.")
                if purpose == TokenPurpose.ACTIVATION
                else _("A password reset link is on its way to %(email)s.")
            )
            % {"email": employee.email},
        )
    return redirect("org:employee_detail", nip=employee.nip)


@login_required
@require_POST
def account_print_code(request, nip):
    """A one-person slip with a new activation or reset code (the admin never sees a password)."""
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    user = account_services.account_provision(employee)
    try:
        slips = issue_slips([employee], _purpose_for(user), request.user)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("org:employee_detail", nip=employee.nip)
    response = HttpResponse(render_slips_pdf(slips), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kode-akun-{employee.nip}.pdf"'
    return response


@login_required
@require_POST
def account_deactivate(request, nip):
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    form = ReasonForm(request.POST)
    if not form.is_valid() or employee.user is None:
        messages.error(request, _("Give a reason for deactivating the account."))
    else:
        account_services.account_deactivate(employee.user, form.cleaned_data["reason"])
        messages.success(request, _("The account is deactivated and its sessions are ended."))
    return redirect("org:employee_detail", nip=employee.nip)


@login_required
@require_POST
def account_reactivate(request, nip):
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Give a reason for reactivating the account."))
        account_services.account_reactivate(employee, form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The account is active again."))
    return redirect("org:employee_detail", nip=employee.nip)
