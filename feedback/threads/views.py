"""Feedback thread pages: my threads, one thread with a reply form, and the actions the panels on
the realisation and evaluation pages call through htmx (POST only: a GET on an action is 405).

An htmx request gets the piece of page to swap (the thread, or a new thread and a fresh starter),
with the refusal shown inside it; a plain POST (the thread page's form) is redirected."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import actor_for, roles_for
from appraisal.cycles.selectors import in_view
from appraisal.plans.models import Rhk
from appraisal.realisation.models import IkiRealisation
from core.errors import DomainError
from feedback.choices import ThreadSubject
from feedback.threads import panels, services
from feedback.threads.forms import MessageForm, StartForm
from feedback.threads.models import FeedbackThread
from feedback.threads.policies import skp_for_party, takes_part, thread_for_party, thread_for_view
from indicators.choices import BerakhlakValue

LIST_LIMIT = 200


@login_required
def thread_list(request):
    """Threads on my own SKPs and on those of the employees I appraise today."""
    roles = roles_for(request)
    only_open = request.GET.get("status") == "terbuka"
    rows = []
    if roles.employee is not None:
        me = roles.employee.pk
        team = OrgSnapshot(timezone.localdate()).subordinate_ids(me)
        qs = (
            FeedbackThread.objects.filter(in_view("skp__cycle"), skp__employee_id__in=[me, *team])
            .select_related("skp__employee", "skp__cycle", "rhk", "iki_realisation__iki")
            .annotate(count=Count("messages"))
            .order_by("-last_message_at", "-pk")
        )
        if only_open:
            qs = qs.filter(followed_up_at__isnull=True)
        for thread in qs[:LIST_LIMIT]:
            thread.mine = thread.skp.employee_id == me
            thread.about = services.subject_label(thread)
            rows.append(thread)
    return render(request, "feedback/threads/list.html", {"threads": rows, "only_open": only_open})


def _full(thread: FeedbackThread) -> FeedbackThread:
    """The thread again with its messages and names (after a change, or for its page)."""
    return panels.threads_of(thread.skp, Q(pk=thread.pk))[0]


def _render_detail(request, thread, form=None):
    roles = roles_for(request)
    return render(
        request,
        "feedback/threads/detail.html",
        {
            "thread": _full(thread),
            "skp": thread.skp,
            "about": services.subject_label(thread),
            "may_write": takes_part(roles, thread.skp),
            "form": form or MessageForm(),
        },
    )


@login_required
def thread_detail(request, public_id):
    return _render_detail(request, thread_for_view(roles_for(request), public_id))


def _first_error(form) -> str:
    return next((str(e) for errors in form.errors.values() for e in errors), "")


@login_required
@require_POST
def thread_reply(request, public_id):
    thread = thread_for_party(roles_for(request), public_id)
    form = MessageForm(request.POST)
    error = "" if form.is_valid() else _first_error(form)
    if not error:
        try:
            services.thread_reply(thread, form.cleaned_data["text"], actor=actor_for(request))
        except DomainError as refusal:
            error = str(refusal)
    if request.htmx:
        text = request.POST.get("text", "") if error else ""
        return HttpResponse(panels.render_thread(request, _full(thread), True, error, text))
    if error:
        messages.error(request, error)
        return _render_detail(request, thread, form)
    messages.success(request, _("Reply sent."))
    return redirect("feedback:thread_detail", public_id=thread.public_id)


@login_required
@require_POST
def thread_follow_up(request, public_id):
    thread = thread_for_party(roles_for(request), public_id)
    error = ""
    try:
        services.thread_follow_up(thread, actor=actor_for(request))
    except DomainError as refusal:
        error = str(refusal)
    if request.htmx:
        return HttpResponse(panels.render_thread(request, _full(thread), True, error))
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Marked as followed up."))
    return redirect("feedback:thread_detail", public_id=thread.public_id)


def _target(skp, subject: str, target: str) -> dict:
    """What the new thread is about, looked up inside the SKP only (anything else: 404)."""
    if subject == ThreadSubject.RHK:
        try:
            key = uuid.UUID(target)
        except ValueError:
            raise Http404 from None
        rhk = Rhk.objects.filter(skp=skp, public_id=key).first()
        if rhk is None:
            raise Http404
        return {"rhk": rhk}
    if subject == ThreadSubject.IKI:
        found = (
            IkiRealisation.objects.select_related("realisation", "iki")
            # isdecimal, not isdigit: "²" is a digit that int() refuses.
            .filter(realisation__skp=skp, pk=int(target) if target.isdecimal() else 0)
            .first()
        )
        if found is None:
            raise Http404
        return {"iki_realisation": found}
    if target not in BerakhlakValue.values:
        raise Http404
    return {"value": target}


@login_required
@require_POST
def thread_start(request, public_id):
    skp = skp_for_party(roles_for(request), public_id)
    form = StartForm(request.POST)
    if "subject" in form.errors or "target" in form.errors:
        return HttpResponseBadRequest(_("Choose what the feedback is about."))
    subject, target = form.cleaned_data["subject"], form.cleaned_data["target"]
    about = _target(skp, subject, target)
    error = _first_error(form)
    thread = None
    if not error:
        try:
            thread = services.thread_start(
                skp, form.cleaned_data["text"], actor=actor_for(request), **about
            )
        except DomainError as refusal:
            error = str(refusal)
    start = panels.starter(skp, subject, target)
    if request.htmx:
        if error:
            return HttpResponse(
                panels.render_starter(request, start, error, request.POST.get("text", ""))
            )
        # The new thread, then an empty starter in the place of the one that was used.
        return HttpResponse(
            panels.render_thread(request, _full(thread), True)
            + panels.render_starter(request, start)
        )
    if error:
        messages.error(request, error)
        return redirect("appraisal:skp_detail", public_id=skp.public_id)
    messages.success(request, _("Feedback thread started."))
    return redirect("feedback:thread_detail", public_id=thread.public_id)
