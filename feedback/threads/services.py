"""Umpan balik berkelanjutan: start a thread, reply, mark it followed up (domain §4).

Each function checks who acts through feedback.threads.policies, refuses a closed cycle, writes in
one transaction with the thread row locked, and notifies the other side in the same transaction
(notifications.services.notify: the inbox always agrees with the data).
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.org.models import Employee
from appraisal.cycles.windows import require_cycle_not_closed
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.policies import is_owner
from appraisal.plans.selectors import current_ppk
from appraisal.realisation.models import IkiRealisation
from core.actor import Actor
from core.errors import DomainError
from feedback.choices import ThreadSubject
from feedback.threads.models import FeedbackMessage, FeedbackThread
from feedback.threads.policies import takes_part
from indicators.choices import BerakhlakValue
from notifications.services import notify

MAX_TEXT = 4000


def thread_url(thread: FeedbackThread) -> str:
    return reverse("feedback:thread_detail", kwargs={"public_id": thread.public_id})


def _clean(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write a message first."))
    if len(text) > MAX_TEXT:
        raise DomainError(
            _("A message may hold at most %(count)d characters.") % {"count": MAX_TEXT}
        )
    return text


def _require_party(skp: Skp, actor: Actor) -> None:
    # The same predicate as the pages (policies.skp_for_party, thread_for_party).
    if not takes_part(actor.roles, skp):
        raise DomainError(_("Only the employee and their appraising official write here."))


def other_side(skp: Skp, actor: Actor) -> list[int]:
    """The user ids to notify: the PPK when the owner writes, the owner when the PPK writes."""
    if is_owner(actor.roles, skp):
        ppk = current_ppk(skp)
        if ppk is None or ppk.employee_id is None:
            return []
        return list(
            Employee.objects.filter(pk=ppk.employee_id, user__isnull=False).values_list(
                "user_id", flat=True
            )
        )
    return [skp.employee.user_id] if skp.employee.user_id else []


def subject_label(thread: FeedbackThread) -> str:
    """What the thread is about, in a line (for notifications and headings)."""
    if thread.subject == ThreadSubject.RHK:
        return thread.rhk.text
    if thread.subject == ThreadSubject.IKI:
        return thread.iki_realisation.iki.indicator
    return BerakhlakValue(thread.value).label


@transaction.atomic
def thread_start(
    skp: Skp,
    text: str,
    *,
    actor: Actor,
    rhk: Rhk | None = None,
    iki_realisation: IkiRealisation | None = None,
    value: str = "",
) -> FeedbackThread:
    """Start a thread on one RHK, one IKI's realisation of a period, or one BerAKHLAK value of
    the SKP, with its first message; the other side is notified."""
    _require_party(skp, actor)
    require_cycle_not_closed(skp.cycle)
    text = _clean(text)
    if sum(bool(x) for x in (rhk, iki_realisation, value)) != 1:
        raise DomainError(_("Choose what the feedback is about."))
    if rhk is not None:
        if rhk.skp_id != skp.pk:
            raise DomainError(_("This RHK is not in the SKP."))
        subject = ThreadSubject.RHK
    elif iki_realisation is not None:
        if iki_realisation.realisation.skp_id != skp.pk:
            raise DomainError(_("This realisation is not in the SKP."))
        subject = ThreadSubject.IKI
    else:
        if value not in BerakhlakValue.values:
            raise DomainError(_("This is not a BerAKHLAK value."))
        subject = ThreadSubject.VALUE
    now = timezone.now()
    thread = FeedbackThread.objects.create(
        skp=skp,
        subject=subject,
        rhk=rhk,
        iki_realisation=iki_realisation,
        value=value,
        started_by=actor.user,
        created_at=now,
        last_message_at=now,
    )
    FeedbackMessage.objects.create(thread=thread, author=actor.user, text=text, created_at=now)
    notify(
        other_side(skp, actor),
        gettext_noop("%(name)s started a feedback thread about “%(about)s”."),
        {"name": _actor_name(actor), "about": subject_label(thread)[:120]},
        url=thread_url(thread),
        actor=actor,
    )
    return thread


def _lock(thread: FeedbackThread) -> FeedbackThread:
    return (
        FeedbackThread.objects.select_for_update(of=("self",))
        .select_related(
            "skp__cycle", "skp__employee", "skp__position__unit", "rhk", "iki_realisation__iki"
        )
        .get(pk=thread.pk)
    )


@transaction.atomic
def thread_reply(thread: FeedbackThread, text: str, *, actor: Actor) -> FeedbackMessage:
    """Add a message. A thread marked followed up opens again: something new needs an answer."""
    locked = _lock(thread)
    _require_party(locked.skp, actor)
    require_cycle_not_closed(locked.skp.cycle)
    text = _clean(text)
    now = timezone.now()
    message = FeedbackMessage.objects.create(
        thread=locked, author=actor.user, text=text, created_at=now
    )
    FeedbackThread.objects.filter(pk=locked.pk).update(
        last_message_at=now, followed_up_at=None, followed_up_by=None
    )
    notify(
        other_side(locked.skp, actor),
        gettext_noop("%(name)s replied in the feedback thread about “%(about)s”."),
        {"name": _actor_name(actor), "about": subject_label(locked)[:120]},
        url=thread_url(locked),
        actor=actor,
    )
    return message


@transaction.atomic
def thread_follow_up(thread: FeedbackThread, *, actor: Actor) -> FeedbackThread:
    """Mark the thread followed up (either side), recording who and when; once only until a new
    message opens it again."""
    locked = _lock(thread)
    _require_party(locked.skp, actor)
    require_cycle_not_closed(locked.skp.cycle)
    now = timezone.now()
    # A conditional UPDATE: of two clicks at once (or two tabs) only one records the follow-up.
    changed = FeedbackThread.objects.filter(pk=locked.pk, followed_up_at__isnull=True).update(
        followed_up_at=now, followed_up_by=actor.user
    )
    if not changed:
        raise DomainError(_("This thread is already marked as followed up."))
    notify(
        other_side(locked.skp, actor),
        gettext_noop("%(name)s marked the feedback about “%(about)s” as followed up."),
        {"name": _actor_name(actor), "about": subject_label(locked)[:120]},
        url=thread_url(locked),
        actor=actor,
    )
    locked.refresh_from_db()
    return locked


def _actor_name(actor: Actor) -> str:
    employee = actor.employee
    return employee.full_name if employee else actor.user.get_username()
