""" "Sesi aktif": one's own signed-in sessions, ending one or all the others; the password change
that ends the others too."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.logins import sessions
from accounts.logins.agents import describe_agent
from accounts.logins.forms import PasswordChangeWithOurTermsForm
from accounts.org.roles import actor_for


@login_required
def session_list(request):
    current = request.session.session_key
    rows = list(sessions.live_sessions(request.user))
    for row in rows:
        row.agent = describe_agent(row.user_agent)
        row.current = row.session_key == current
    others = sum(1 for row in rows if not row.current)
    return render(request, "accounts/sessions.html", {"rows": rows, "others": others})


@login_required
@require_POST
def session_end(request, public_id):
    sessions.session_end(public_id, request.session.session_key, actor=actor_for(request))
    messages.success(request, _("The session is ended: that device is signed out."))
    return redirect("account:sessions")


@login_required
@require_POST
def sessions_end_others(request):
    ended = sessions.sessions_end_others(
        request.user, request.session.session_key, actor=actor_for(request)
    )
    messages.success(request, _("Other sessions ended: %(n)s.") % {"n": ended})
    return redirect("account:sessions")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page; a new password also ends every other session (this one stays)."""

    form_class = PasswordChangeWithOurTermsForm

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)  # keeps this session, under a new key
        new_key = self.request.session.session_key
        sessions.session_rekey(old_key, new_key)
        sessions.sessions_end_others(self.request.user, new_key, actor=actor_for(self.request))
        return response
