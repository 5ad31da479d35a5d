"""An admin's actions on one employee's login account: send a link, print a code, deactivate, reactivate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.logins import services as account_services
from accounts.logins.models import TokenPurpose
from accounts.logins.sheets import issue_slips, render_slips_pdf
from accounts.logins.tasks import send_account_links
from accounts.org import policies
from accounts.org.roles import actor_for, roles_for
from core.errors import DomainError
from core.forms import ReasonForm
from core.menus import Menu, menu
from core.queueing import enqueue_on_commit
from core.throttling import limit_documents


# ----- admin actions on one employee's account -------------------------------------------------
def _purpose_for(user) -> str:
    return TokenPurpose.RESET if user.has_usable_password() else TokenPurpose.ACTIVATION


@menu(Menu.ORGANISATION)
@login_required
@require_POST
def account_send_link(request, nip):
    """E-mail a fresh activation link (inactive account) or reset link (active account)."""
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    user = account_services.account_provision(employee, actor=actor_for(request))
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


@menu(Menu.ORGANISATION)
@login_required
@require_POST
@limit_documents
def account_print_code(request, nip):
    """A one-person slip with a new activation or reset code (the admin never sees a password)."""
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    actor = actor_for(request)
    user = account_services.account_provision(employee, actor=actor)
    try:
        slips = issue_slips([employee], _purpose_for(user), actor=actor)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("org:employee_detail", nip=employee.nip)
    response = HttpResponse(render_slips_pdf(slips, actor=actor), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kode-akun-{employee.nip}.pdf"'
    return response


@menu(Menu.ORGANISATION)
@login_required
@require_POST
def account_deactivate(request, nip):
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    form = ReasonForm(request.POST)
    if not form.is_valid() or employee.user is None:
        messages.error(request, _("Give a reason for deactivating the account."))
    else:
        account_services.account_deactivate(
            employee.user, form.cleaned_data["reason"], actor=actor_for(request)
        )
        messages.success(request, _("The account is deactivated and its sessions are ended."))
    return redirect("org:employee_detail", nip=employee.nip)


@menu(Menu.ORGANISATION)
@login_required
@require_POST
def account_reactivate(request, nip):
    roles = roles_for(request)
    employee = policies.employee_for_change(roles, nip)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Give a reason for reactivating the account."))
        account_services.account_reactivate(
            employee, form.cleaned_data["reason"], actor=actor_for(request)
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The account is active again."))
    return redirect("org:employee_detail", nip=employee.nip)
