"""The PPK hands one of their approved RHK down to their team, as a linked draft RHK (domain §3)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.org.models import Employee
from appraisal.choices import EDITABLE_STATUSES, OPEN_STATUSES, LinkKind, Section, SkpStatus
from appraisal.cycles.windows import require_cycle_not_closed
from appraisal.plans import policies
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.services.edit import lock_editable, next_order, skp_start
from appraisal.plans.services.flow import skp_url
from core.actor import Actor
from core.errors import DomainError
from notifications.services import notify


def _linked_copy(skp: Skp, ppk_rhk: Rhk) -> Rhk:
    """The subordinate's draft RHK linked to the PPK's, in the same section: an additional
    (tambahan) result handed down stays additional (B. Tambahan), a main one is main (A. Utama)."""
    section = Section.TAMBAHAN if ppk_rhk.section == Section.TAMBAHAN else Section.UTAMA
    return Rhk.objects.create(
        skp=skp,
        section=section,
        order=next_order(skp, section),
        text=ppk_rhk.text,
        intervened=ppk_rhk,
        intervened_text=ppk_rhk.text,
        link_kind=LinkKind.DIRECT,
    )


@transaction.atomic
def rhk_hand_down(
    ppk_rhk: Rhk, subordinates: list[Employee], *, actor: Actor
) -> tuple[list[Employee], list[tuple[Employee, str]]]:
    """The PPK hands an RHK down: a draft RHK linked to it in each chosen subordinate's SKP.

    Returns (who received it, [(who was skipped, why)]). A subordinate without an SKP gets one
    started; a submitted or approved SKP is not touched. Only from the actor's own plan, to their
    team today (policies.team_of, which the page offers).
    """
    policies.require_owner(actor.roles, ppk_rhk.skp)
    if not actor.is_system:
        team = set(policies.team_of(actor.roles))
        if any(employee.pk not in team for employee in subordinates):
            raise PermissionDenied
    if ppk_rhk.skp.status != SkpStatus.APPROVED:
        raise DomainError(
            _("Hand down RHK from your approved SKP: your team can only link to approved RHK.")
        )
    given, skipped = [], []
    cycle = ppk_rhk.skp.cycle
    require_cycle_not_closed(cycle)
    for employee in subordinates:
        skp = (
            Skp.objects.filter(employee=employee, cycle=cycle, status__in=OPEN_STATUSES)
            .order_by("-start_date")
            .first()
        )
        try:
            # One savepoint: a plan started here is rolled back if the RHK cannot be added.
            with transaction.atomic():
                if skp is None:
                    if Skp.objects.filter(employee=employee, cycle=cycle).exists():
                        raise DomainError(_("their SKP is already approved"))
                    skp = skp_start(employee, cycle, actor=actor)
                if skp.status not in EDITABLE_STATUSES:
                    raise DomainError(_("their SKP is awaiting your decision"))
                locked = lock_editable(skp)
                if locked.rhks.filter(intervened__lineage=ppk_rhk.lineage).exists():
                    raise DomainError(_("they already have an RHK linked to it"))
                _linked_copy(locked, ppk_rhk)
        except DomainError as refusal:
            skipped.append((employee, str(refusal)))
            continue
        given.append(employee)
        notify(
            [employee.user_id],
            gettext_noop("%(name)s handed down an RHK to your SKP %(year)s: add its indicators."),
            {"name": actor.employee.full_name, "year": cycle.year},
            url=skp_url(skp),
            actor=actor,
        )
    return given, skipped
