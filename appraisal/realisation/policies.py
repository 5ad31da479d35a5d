"""Who may see and write the record of a period: realisation, evidence, the daily log.

Outside the user's scope → 404; visible but not theirs to write → 403. The views and the services
(appraisal.realisation.services) ask the same `may_record`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.roles import Roles
from appraisal.plans.models import Skp
from appraisal.plans.policies import can_view_skp, is_owner, skp_for_view
from appraisal.realisation.models import Evidence


def may_record(roles: Roles | None, skp: Skp) -> bool:
    """Realisation values, evidence and daily-log entries are the employee's own account of their
    work: only the owner of the SKP writes them (whoever may see the SKP reads them). The system
    (no roles) records nothing on anyone's behalf."""
    return roles is not None and is_owner(roles, skp)


def skp_for_recording(roles: Roles, public_id, queryset: QuerySet[Skp] | None = None) -> Skp:
    """The SKP whose period the owner writes; others who may see it get 403."""
    skp = skp_for_view(roles, public_id, queryset=queryset)
    if not may_record(roles, skp):
        raise PermissionDenied
    return skp


def evidence_for_view(roles: Roles, public_id) -> Evidence:
    """Evidence files are served only to those who may see the SKP; anyone else gets 404."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("skp__employee", "skp__position__unit", "skp__cycle"),
        public_id=public_id,
    )
    if not can_view_skp(roles, evidence.skp):
        raise Http404
    return evidence


def evidence_for_owner(roles: Roles, public_id) -> Evidence:
    """Deleting evidence: the owner alone; others who may see it get 403."""
    evidence = evidence_for_view(roles, public_id)
    if not may_record(roles, evidence.skp):
        raise PermissionDenied
    return evidence
