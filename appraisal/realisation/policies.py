"""Who may see evidence."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.org.roles import Roles
from appraisal.plans.policies import can_view_skp
from appraisal.realisation.models import Evidence


def evidence_for_view(roles: Roles, public_id) -> Evidence:
    """Evidence files are served only to those who may see the SKP; anyone else gets 404."""
    evidence = get_object_or_404(
        Evidence.objects.select_related("skp__employee", "skp__position__unit", "skp__cycle"),
        public_id=public_id,
    )
    if not can_view_skp(roles, evidence.skp):
        raise Http404
    return evidence
