"""The admin BKD's page of signing certificates for the local backend: who can sign, until when,
and the upload of a PKCS#12 per signer or for the institution's seal. Only with
ESIGN_BACKEND=local (BSrE keeps its own keys)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from accounts.org.models import Employee
from accounts.org.nip import NipError, validate_nip_text
from accounts.org.policies import require_admin_bkd
from accounts.org.roles import actor_for, roles_for
from accounts.signatures.forms import CredentialUploadForm
from accounts.signatures.models import SigningCredential
from accounts.signatures.services import credential_upload, credential_withdraw
from core.errors import DomainError
from core.pagination import paginate, query_without_page


def _only_local_admin_bkd(request):
    if settings.ESIGN_BACKEND != "local":
        raise Http404
    require_admin_bkd(roles_for(request))


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def certificates(request):
    _only_local_admin_bkd(request)
    form = CredentialUploadForm(request.POST or None, request.FILES or None)
    nip = request.POST.get("nip", "").strip()
    if request.method == "POST" and form.is_valid():
        employee = None
        try:
            if nip:
                validate_nip_text(nip)
                employee = Employee.objects.filter(nip=nip).first()
                if employee is None:
                    raise DomainError(_("No employee has NIP %(nip)s.") % {"nip": nip})
            credential = credential_upload(
                employee,
                form.cleaned_data["file"],
                form.cleaned_data["password"],
                actor=actor_for(request),
            )
        except (DomainError, NipError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Certificate of %(name)s kept (valid until %(date)s).")
                % {"name": credential.common_name, "date": f"{credential.not_after:%d-%m-%Y}"},
            )
            return redirect("org:signing_certificates")
    active = SigningCredential.objects.filter(active=True).select_related("employee")
    search = request.GET.get("q", "").strip()
    if search:
        active = active.filter(
            Q(employee__nip__startswith=search) | Q(common_name__icontains=search)
        )
    # The seal first, then by name: one seal beside a province's signers.
    active = active.order_by(F("employee").asc(nulls_first=True), "employee__name", "pk")
    return render(
        request,
        "accounts/signatures/certificates.html",
        {
            "form": form,
            "nip": nip,
            "search": search,
            "page": paginate(request, active),
            "query": query_without_page(request),
        },
    )


@login_required
@require_POST
def withdraw(request, public_id):
    _only_local_admin_bkd(request)
    credential = get_object_or_404(SigningCredential, public_id=public_id, active=True)
    credential_withdraw(credential, actor=actor_for(request))
    messages.success(
        request, _("Certificate of %(name)s withdrawn.") % {"name": credential.common_name}
    )
    return redirect("org:signing_certificates")
