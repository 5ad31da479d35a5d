"""Who may read and write feedback threads (umpan balik berkelanjutan, domain §4).

A thread is a conversation between the SKP's owner and their PPK today: both read and write it.
The Atasan PPK reads it (never writes) while an objection they decide on an evaluation of that SKP
is open, as evidence. Anyone else who may see the SKP (heads, admins) gets 403 on a thread page and
sees no thread on the appraisal pages; whoever may not see the SKP gets 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.roles import Roles
from appraisal.choices import ObjectionStatus
from appraisal.objections.models import Objection
from appraisal.plans.models import Skp
from appraisal.plans.policies import can_view_skp, is_current_ppk, is_owner, skp_queryset
from feedback.threads.models import FeedbackThread


def takes_part(roles: Roles | None, skp: Skp) -> bool:
    """The owner and their PPK today write threads on the SKP (the pages and the services ask
    this; the system, with no roles, writes none)."""
    if roles is None:
        return False
    return is_owner(roles, skp) or is_current_ppk(roles, skp)


def atasan_reads(roles: Roles, skp: Skp) -> bool:
    """The Atasan PPK who decides an open objection on an evaluation of the SKP."""
    if roles.employee is None:
        return False
    return Objection.objects.filter(
        evaluation__skp=skp, status=ObjectionStatus.OPEN, atasan_employee=roles.employee
    ).exists()


def may_read(roles: Roles, skp: Skp) -> bool:
    return takes_part(roles, skp) or atasan_reads(roles, skp)


def thread_for_view(roles: Roles, public_id) -> FeedbackThread:
    """A thread for reading: 404 outside the SKP's scope, 403 to those who see the SKP only."""
    thread = get_object_or_404(
        FeedbackThread.objects.select_related(
            "skp__cycle", "skp__employee", "skp__position__unit__opd", "skp__position__parent",
            "rhk", "iki_realisation__iki", "iki_realisation__realisation",
        ),
        public_id=public_id,
    )  # fmt: skip
    if not can_view_skp(roles, thread.skp):
        raise Http404
    if not may_read(roles, thread.skp):
        raise PermissionDenied
    return thread


def thread_for_party(roles: Roles, public_id) -> FeedbackThread:
    """A thread for writing: the owner or their PPK today; the Atasan PPK only reads."""
    thread = thread_for_view(roles, public_id)
    if not takes_part(roles, thread.skp):
        raise PermissionDenied
    return thread


def skp_for_party(roles: Roles, public_id) -> Skp:
    """Starting a thread on an SKP: 404 outside its scope, 403 to anyone but the two parties."""
    skp = get_object_or_404(skp_queryset(), public_id=public_id)
    if not can_view_skp(roles, skp):
        raise Http404
    if not takes_part(roles, skp):
        raise PermissionDenied
    return skp
