"""The admin BKD's page of API keys: issue one (its text shown once, on the answer to the form,
never stored or put in a message), see who used which key and when, revoke. Admins (BKD and
OPD) may read the API's documentation."""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts.org.policies import require_admin_bkd
from accounts.org.roles import actor_for, roles_for
from core.errors import DomainError
from interchange.api.forms import ApiKeyForm
from interchange.api.keys import api_key_issue, api_key_revoke
from interchange.api.models import ApiKey

RECENT_DAYS = 30


def admins_only(view):
    """The documentation pages: for a signed-in admin (BKD or OPD), who hands keys out."""

    @never_cache  # a signed-in page: never kept by a shared cache
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not roles_for(request).is_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def key_list(request):
    require_admin_bkd(roles_for(request))
    form = ApiKeyForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            key, text = api_key_issue(
                data["name"],
                whole_agency=data["whole_agency"],
                opds=list(data["opds"]),
                expires_on=data["expires_on"],
                actor=actor_for(request),
                reads_tpp=data["reads_tpp"],
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            issued = {"key": key, "text": text}
            form = ApiKeyForm()
    since = timezone.now() - dt.timedelta(days=RECENT_DAYS)
    keys = ApiKey.objects.prefetch_related("opds").annotate(
        recent_calls=Count("calls", filter=Q(calls__at__gte=since))
    )
    return render(
        request,
        "interchange/api_keys.html",
        {"form": form, "keys": keys, "issued": issued, "recent_days": RECENT_DAYS},
    )


@login_required
@require_POST
def key_revoke(request, public_id):
    require_admin_bkd(roles_for(request))
    key = get_object_or_404(ApiKey, public_id=public_id)
    api_key_revoke(key, actor=actor_for(request))
    messages.success(request, _("Key of %(name)s revoked.") % {"name": key.name})
    return redirect("interchange:api_keys")
