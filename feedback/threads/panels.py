"""Feedback threads on the realisation, evaluation and objection pages (feedback/panels.py).

The HTML goes inside the pages' own forms, so it holds no <form>: replying, starting a thread and
marking it followed up are htmx buttons that post one detached textarea (form="fb-detached" keeps
it out of the page's form) and swap the thread or the starter in place. Only the owner and their
PPK today see the threads there (with the buttons); the Atasan PPK reads them on the objection page
while the objection is open. Everyone else sees nothing.
"""

from __future__ import annotations

import json

from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.org.roles import roles_for
from appraisal.choices import CycleStatus
from appraisal.plans.models import Rhk, Skp
from appraisal.realisation.models import Realisation
from appraisal.realisation.progress import FeedbackNote
from feedback.choices import ThreadSubject
from feedback.threads.models import FeedbackMessage, FeedbackThread
from feedback.threads.policies import atasan_reads, takes_part
from indicators.choices import BerakhlakValue

RECENT = 2  # messages shown in a compact thread; the thread page has them all
WRITE, READ = "write", "read"


def mode(request, skp: Skp) -> str | None:
    roles = roles_for(request)
    if takes_part(roles, skp):
        return WRITE if skp.cycle.status != CycleStatus.CLOSED else READ
    return READ if atasan_reads(roles, skp) else None


def threads_of(skp: Skp, *filters) -> list[FeedbackThread]:
    """The SKP's threads with their messages and authors: two queries whatever their number."""
    threads = list(
        FeedbackThread.objects.filter(*filters, skp=skp)
        .select_related("rhk", "iki_realisation__iki", "followed_up_by__employee")
        .prefetch_related(
            Prefetch(
                "messages",
                queryset=FeedbackMessage.objects.select_related("author__employee"),
            )
        )
        .order_by("created_at", "pk")
    )
    for thread in threads:
        thread.skp = skp  # the caller's object (and its reporting line), not a copy
        decorate(thread)
    return threads


def _name(user) -> str:
    if user is None:
        return "—"
    employee = getattr(user, "employee", None)
    return employee.full_name if employee else user.get_username()


def decorate(thread: FeedbackThread) -> FeedbackThread:
    """Names and roles on the messages, and the last few for the compact view."""
    owner_user = thread.skp.employee.user_id
    messages = list(thread.messages.all())
    for message in messages:
        message.author_name = _name(message.author)
        message.is_owner = message.author_id is not None and message.author_id == owner_user
    thread.all_messages = messages
    thread.recent = messages[-RECENT:]
    thread.earlier = max(0, len(messages) - RECENT)
    thread.followed_up_name = _name(thread.followed_up_by) if thread.followed_up_at else ""
    return thread


def starter(skp: Skp, subject: str, target) -> dict:
    dom = f"fb-start-{subject}-{target}"
    return {
        "dom_id": dom,
        "url": reverse("feedback:thread_start", kwargs={"public_id": skp.public_id}),
        "vals": json.dumps({"subject": subject, "target": str(target)}),
        "label": {
            ThreadSubject.RHK: _("Feedback on this RHK"),
            ThreadSubject.IKI: _("Feedback on this realisation"),
            ThreadSubject.VALUE: _("Feedback on this value"),
        }[subject],
    }


def render_thread(request, thread, may_write: bool, error: str = "", text: str = "") -> str:
    return render_to_string(
        "feedback/threads/_thread.html",
        {"thread": thread, "may_write": may_write, "error": error, "text": text},
        request=request,
    )


def render_starter(request, start: dict, error: str = "", text: str = "") -> str:
    return render_to_string(
        "feedback/threads/_starter.html",
        {"starter": start, "error": error, "text": text},
        request=request,
    )


def _block(request, threads, start: dict | None, may_write: bool) -> str:
    if not threads and start is None:
        return ""
    return render_to_string(
        "feedback/threads/_block.html",
        {"threads": threads, "starter": start, "may_write": may_write},
        request=request,
    )


def _rhks_of_page(request, realisation: Realisation | None) -> list[Rhk]:
    """The page's RHK with their SKP loaded in the same query (the page pins its query count).

    The realisation page passes None before the first save; its URL still names the SKP."""
    rhks = Rhk.objects.select_related("skp__cycle", "skp__employee", "skp__position__unit")
    if realisation is not None:
        rhks = rhks.filter(skp_id=realisation.skp_id)
    else:
        match = getattr(request, "resolver_match", None)
        public_id = match.kwargs.get("public_id") if match else None
        if public_id is None:
            return []
        rhks = rhks.filter(skp__public_id=public_id)
    found = list(rhks)
    for rhk in found[1:]:
        rhk.skp = found[0].skp  # one SKP object: its reporting line is computed once
    return found


def realisation(request, realisation: Realisation | None) -> dict:
    rhks = _rhks_of_page(request, realisation)
    if not rhks:
        return {}
    skp = rhks[0].skp
    access = mode(request, skp)
    if access is None:
        return {}
    write = access == WRITE
    scope = Q(subject=ThreadSubject.RHK)
    if realisation is not None:
        scope |= Q(iki_realisation__realisation=realisation)
    threads = threads_of(skp, scope)
    by_rhk: dict[int, list] = {}
    by_iki: dict[int, list] = {}
    for thread in threads:
        if thread.subject == ThreadSubject.RHK:
            by_rhk.setdefault(thread.rhk_id, []).append(thread)
        else:
            by_iki.setdefault(thread.iki_realisation_id, []).append(thread)
    rhk_html = {}
    for rhk in rhks:
        start = starter(skp, ThreadSubject.RHK, rhk.public_id) if write else None
        rhk_html[rhk.pk] = _block(request, by_rhk.get(rhk.pk, []), start, write)
    iki_html = {}
    for value in realisation.values.all() if realisation is not None else []:
        start = starter(skp, ThreadSubject.IKI, value.pk) if write else None
        iki_html[value.iki_id] = _block(request, by_iki.get(value.pk, []), start, write)
    return {"rhk": rhk_html, "iki": iki_html}


def evaluation(request, evaluation) -> dict:
    skp = evaluation.skp
    access = mode(request, skp)
    if access is None:
        return {}
    write = access == WRITE
    scope = Q(subject__in=[ThreadSubject.RHK, ThreadSubject.VALUE])
    if evaluation.period:
        scope |= Q(iki_realisation__realisation__period=evaluation.period)
    else:  # the annual evaluation draws on every period
        scope |= Q(subject=ThreadSubject.IKI)
    by_rhk: dict[int, list] = {}
    by_value: dict[str, list] = {}
    for thread in threads_of(skp, scope):
        if thread.subject == ThreadSubject.VALUE:
            by_value.setdefault(thread.value, []).append(thread)
        elif thread.subject == ThreadSubject.RHK:
            by_rhk.setdefault(thread.rhk_id, []).append(thread)
        else:  # an IKI's thread sits under its RHK
            by_rhk.setdefault(thread.iki_realisation.iki.rhk_id, []).append(thread)
    rhk_html = {}
    for rhk in skp.rhks.all():
        start = starter(skp, ThreadSubject.RHK, rhk.public_id) if write else None
        rhk_html[rhk.pk] = _block(request, by_rhk.get(rhk.pk, []), start, write)
    value_html = {}
    for value in BerakhlakValue.values:
        start = starter(skp, ThreadSubject.VALUE, value) if write else None
        value_html[value] = _block(request, by_value.get(value, []), start, write)
    return {"rhk": rhk_html, "value": value_html}


def objection(request, objection) -> dict:
    """All the SKP's threads, read-only, for the Atasan PPK deciding (and the parties)."""
    skp = objection.evaluation.skp
    if mode(request, skp) is None:
        return {}
    threads = threads_of(skp)
    return {
        "bottom": render_to_string(
            "feedback/threads/_objection.html", {"threads": threads}, request=request
        )
    }


def last_feedback(skp: Skp) -> FeedbackNote | None:
    """The latest message someone else wrote to the plan's owner in a thread of its year (every
    version of the plan), for the owner's progress page."""
    message = (
        FeedbackMessage.objects.filter(
            thread__skp__employee_id=skp.employee_id, thread__skp__cycle_id=skp.cycle_id
        )
        .exclude(author=None)
        .exclude(author_id=skp.employee.user_id)
        .select_related("author__employee", "thread")
        .order_by("-created_at", "-pk")
        .first()
    )
    if message is None:
        return None
    return FeedbackNote(
        text=message.text,
        author=_name(message.author),
        at=message.created_at,
        url=reverse("feedback:thread_detail", args=[message.thread.public_id]),
    )
