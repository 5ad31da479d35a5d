"""SKP transitions: submit, approve, return, revise, mutasi split, hand-down (domain §3).

One function per transition: lock the row, re-check the state, write, record the reason in
history, notify the people concerned in the same transaction (the inbox stays consistent).
Two PPK tabs approving and returning at once: the second finds the state changed and is told so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import JPT_KINDS, AdminRoleKind
from accounts.org.models import AdminRole, Employee
from accounts.org.reporting import Appraiser, OrgSnapshot
from accounts.org.rules import previous_assignment_end
from appraisal.choices import EDITABLE_STATUSES, OPEN_STATUSES, LinkKind, Section, SkpStatus
from appraisal.cycles.models import PrerequisiteWaiver
from appraisal.cycles.windows import require_cycle_not_closed, require_skp_open
from appraisal.extensions import revision_approved
from appraisal.plans.models import Iki, Rhk, Skp
from appraisal.plans.policies import heads_the_tree
from appraisal.plans.selectors import ppk_approved_skps
from appraisal.plans.services.edit import (
    copy_content,
    lock_editable,
    lock_skp,
    next_order,
    skp_start,
)
from core.errors import DomainError
from indicators.choices import EXPECTED_ASPEK
from notifications.services import notify


def skp_url(skp: Skp) -> str:
    return reverse("appraisal:skp_detail", kwargs={"public_id": skp.public_id})


def _user_of(employee_id: int | None):
    if employee_id is None:
        return None
    return Employee.objects.filter(pk=employee_id).values_list("user_id", flat=True).first()


def _bkd_admin_users() -> list[int]:
    """Who records the Kepala Daerah's decisions: the admin BKD accounts."""
    return list(
        AdminRole.objects.filter(kind=AdminRoleKind.ADMIN_BKD).values_list("user_id", flat=True)
    )


def has_waiver(skp: Skp) -> bool:
    return PrerequisiteWaiver.objects.filter(cycle=skp.cycle, employee=skp.employee).exists()


def submission_problems(skp: Skp) -> tuple[list[str], list[str]]:
    """(errors that block submitting, warnings that do not), in the owner's words.

    An admin's waiver (the PPK has no approved SKP) also lifts the cascading link: there is
    nothing to link to yet.
    """
    links_required = not skp.is_jpt and not has_waiver(skp)
    errors, warnings = [], []
    prefetched = "rhks" in getattr(skp, "_prefetched_objects_cache", {})
    rhks = list(skp.rhks.all() if prefetched else skp.rhks.prefetch_related("ikis"))
    if not any(r.section == Section.UTAMA for r in rhks):
        errors.append(_("Add at least one RHK in section A. Utama."))
    for number, rhk in enumerate(rhks, start=1):
        label = _("RHK %(number)s (%(text)s)") % {"number": number, "text": rhk.text[:60]}
        ikis = list(rhk.ikis.all())
        if not ikis:
            errors.append(_("%(rhk)s has no indicator (IKI).") % {"rhk": label})
        elif any(i.target_value is None and not i.target_text.strip() for i in ikis):
            errors.append(_("%(rhk)s has an indicator without a target.") % {"rhk": label})
        if rhk.section == Section.UTAMA and links_required and rhk.intervened_id is None:
            errors.append(
                _("%(rhk)s needs the RHK of your appraising official it contributes to.")
                % {"rhk": label}
            )
        if skp.is_jpt and not rhk.perspektif:
            errors.append(_("%(rhk)s needs its perspektif.") % {"rhk": label})
        missing = [a.label for a in EXPECTED_ASPEK if a not in {i.aspek for i in ikis}]
        if ikis and missing:
            warnings.append(
                _("%(rhk)s has no indicator for: %(aspects)s.")
                % {"rhk": label, "aspects": ", ".join(missing)}
            )
    return errors, warnings


def prerequisite_refusal(skp: Skp, ppk: Appraiser | None) -> str:
    """Why the owner must wait for their PPK, or '' (domain §3: the PPK's SKP comes first)."""
    if ppk is None:
        return _(
            "You have no appraising official (PPK) in the position tree. Ask your admin to fix "
            "your position or set your appraiser."
        )
    if ppk.is_external or skp.is_jpt:
        return ""
    if has_waiver(skp):
        return ""
    if ppk_approved_skps(ppk.employee_id, skp.cycle):
        return ""
    return _(
        "Your appraising official, %(name)s, has no approved SKP for %(year)s yet, so there are "
        "no RHK to link to. You can submit once it is approved; your draft is kept."
    ) % {"name": ppk.name, "year": skp.cycle.year}


@transaction.atomic
def skp_submit(skp: Skp, actor) -> list[str]:
    """Draft/returned → submitted to the PPK. Returns the warnings that did not block."""
    locked = lock_editable(skp)
    if actor is not None and actor.pk != locked.employee.user_id:
        raise DomainError(_("Only the owner of this SKP can submit it."))
    ppk = OrgSnapshot(timezone.localdate()).ppk(locked.employee_id)
    refusal = prerequisite_refusal(locked, ppk)
    if refusal:
        raise DomainError(refusal)
    errors, warnings = submission_problems(locked)
    if errors:
        raise DomainError(" ".join(errors))
    locked.status = SkpStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.ppk_employee_id = ppk.employee_id
    locked._change_reason = _("Submitted for approval")
    locked.save()
    recipients = [_user_of(ppk.employee_id)] if not ppk.is_external else _bkd_admin_users()
    notify(
        recipients,
        gettext_noop("%(name)s submitted their SKP %(year)s for approval."),
        {"name": locked.employee.full_name, "year": locked.cycle.year},
        url=skp_url(locked),
        actor=actor,
    )
    return warnings


def _lock_for_decision(skp: Skp, actor_employee: Employee) -> Skp:
    locked = lock_skp(skp)
    if locked.status != SkpStatus.SUBMITTED:
        when = (
            formats.date_format(timezone.localtime(locked.decided_at), "j F Y H:i")
            if locked.decided_at
            else ""
        )
        raise DomainError(
            _("This SKP is no longer awaiting a decision: it is %(status)s (%(when)s).")
            % {"status": locked.get_status_display(), "when": when}
        )
    require_skp_open(locked)
    return locked


def _snapshot(skp: Skp, line) -> None:
    for prefix, person in (("ppk", line.ppk), ("atasan", line.atasan_ppk)):
        employee = (
            Employee.objects.filter(pk=person.employee_id).first()
            if person and person.employee_id
            else None
        )
        setattr(skp, f"{prefix}_employee", employee)
        setattr(skp, f"{prefix}_name", person.name if person else "")
        setattr(skp, f"{prefix}_nip", person.nip if person else "")
        setattr(skp, f"{prefix}_rank", employee.pangkat_golongan if employee else "")
        setattr(skp, f"{prefix}_title", person.title_with_acting if person else "")
        setattr(skp, f"{prefix}_unit", person.unit_name if person else "")


def _require_decider(
    skp: Skp, line, actor_employee: Employee | None, actor, for_the_head: bool, refusal: str
):
    """The PPK decides; for an external PPK (the Kepala Daerah) an admin BKD records it. Never the
    owner of the plan."""
    owner_user = skp.employee.user_id
    if line.ppk is None or (actor is not None and owner_user and actor.pk == owner_user):
        raise DomainError(refusal)
    if line.ppk.is_external:
        if not for_the_head or not heads_the_tree(skp):
            raise DomainError(refusal)
    elif actor_employee is None or line.ppk.employee_id != actor_employee.pk:
        raise DomainError(refusal)


def _decider_name(line, actor_employee: Employee | None) -> str:
    if line.ppk is not None and line.ppk.is_external:
        return line.ppk.name
    return actor_employee.full_name


@transaction.atomic
def skp_approve(
    skp: Skp, actor_employee: Employee | None, actor, *, for_the_head: bool = False
) -> Skp:
    """Submitted → approved (ditetapkan) by the PPK; stores the PPK and Atasan PPK as of today.

    ``for_the_head``: an admin BKD records the decision of the Kepala Daerah, the external PPK
    of a head of OPD (policies.decides_for_the_head).
    """
    locked = _lock_for_decision(skp, actor_employee)
    line = OrgSnapshot(timezone.localdate()).reporting_line(locked.employee_id)
    _require_decider(
        locked,
        line,
        actor_employee,
        actor,
        for_the_head,
        _("Only the employee's appraising official can approve this SKP."),
    )
    if locked.revision_of_id:
        previous = Skp.objects.select_for_update().get(pk=locked.revision_of_id)
        if previous.status == SkpStatus.APPROVED:
            previous.status = SkpStatus.SUPERSEDED
            previous._change_reason = _("Replaced by version %(version)s") % {
                "version": locked.version
            }
            previous.save(update_fields=["status"])
            carry_over_the_year(previous, locked)
    _snapshot(locked, line)
    locked.status = SkpStatus.APPROVED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked._change_reason = _("Approved")
    locked.save()
    notify(
        [locked.employee.user_id],
        gettext_noop("%(name)s approved your SKP %(year)s."),
        {"year": locked.cycle.year, "name": _decider_name(line, actor_employee)},
        url=skp_url(locked),
        actor=actor,
    )
    return locked


@transaction.atomic
def skp_return(
    skp: Skp, notes: str, actor_employee: Employee | None, actor, *, for_the_head: bool = False
) -> Skp:
    """Submitted → returned with notes; the owner fixes it and submits again."""
    if not notes.strip():
        raise DomainError(_("Write what the employee should change."))
    locked = _lock_for_decision(skp, actor_employee)
    line = OrgSnapshot(timezone.localdate()).reporting_line(locked.employee_id)
    _require_decider(
        locked,
        line,
        actor_employee,
        actor,
        for_the_head,
        _("Only the employee's appraising official can return this SKP."),
    )
    locked.status = SkpStatus.RETURNED
    locked.return_notes = notes.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked._change_reason = notes.strip()
    locked.save()
    notify(
        [locked.employee.user_id],
        gettext_noop("%(name)s returned your SKP %(year)s with notes."),
        {"year": locked.cycle.year, "name": _decider_name(line, actor_employee)},
        url=skp_url(locked),
        actor=actor,
    )
    return locked


@transaction.atomic
def skp_revise(skp: Skp, reason: str, actor) -> Skp:
    """An approved SKP re-opens as a new draft version; the approved one stays readable (and in
    force) until the revision is approved."""
    if not reason.strip():
        raise DomainError(_("Give the reason for the revision."))
    locked = lock_skp(skp)
    if locked.status != SkpStatus.APPROVED:
        raise DomainError(_("Only an approved SKP can be revised."))
    if Skp.objects.filter(revision_of=locked, status__in=OPEN_STATUSES).exists():
        raise DomainError(_("A revision of this SKP is already in progress."))
    revision = Skp.objects.create(
        cycle=locked.cycle,
        employee=locked.employee,
        position=locked.position,
        start_date=locked.start_date,
        end_date=locked.end_date,
        approach=locked.approach,
        is_jpt=locked.is_jpt,
        version=locked.version + 1,
        revision_of=locked,
        revision_reason=reason.strip(),
    )
    require_skp_open(revision)
    copy_content(locked, revision, keep_links=True)
    # Tell the other side: the owner when their PPK reopened the plan, the PPK otherwise.
    by_owner = actor is not None and actor.pk == locked.employee.user_id
    notify(
        [
            locked.ppk_employee.user_id
            if by_owner and locked.ppk_employee
            else locked.employee.user_id
        ],
        gettext_noop("SKP %(year)s of %(name)s reopened as version %(version)s: %(reason)s"),
        {
            "year": locked.cycle.year,
            "name": locked.employee.full_name,
            "version": revision.version,
            "reason": reason.strip(),
        },
        url=skp_url(revision),
        actor=actor,
    )
    return revision


@transaction.atomic
def skp_revision_discard(skp: Skp, actor) -> Skp:
    """Drop a revision that was not submitted; the approved version it came from stays in force."""
    locked = lock_skp(skp)
    require_cycle_not_closed(locked.cycle)
    if locked.revision_of_id is None or locked.status not in EDITABLE_STATUSES:
        raise DomainError(_("Only a revision still being written can be discarded."))
    previous = locked.revision_of
    locked._change_reason = _("Revision discarded")
    locked.delete()
    return previous


def skps_split_for_transfer(employee_ids: list[int], on: dt.date) -> None:
    """A transfer recorded in accounts (accounts.extensions.employees_transferred): each
    employee's plan follows them to the new post."""
    for employee_id in employee_ids:
        skp_split_for_transfer(employee_id, on)


@transaction.atomic
def skp_split_for_transfer(employee_id: int, on: dt.date) -> Skp | None:
    """Mutasi mid-year: the SKP for the old position ends with the old post (the day before the
    move) and a new draft starts for the new position on the move date."""
    from appraisal.cycles.selectors import open_cycle

    cycle = open_cycle()
    if cycle is None or on.year != cycle.year:
        return None
    employee = Employee.objects.get(pk=employee_id)
    for old in Skp.objects.select_for_update().filter(
        employee=employee, cycle=cycle, start_date__lt=on, end_date__gte=on
    ):
        old.end_date = previous_assignment_end(on)  # the last day in the old post
        old._change_reason = _("Ended by a transfer (mutasi) on %(date)s") % {
            "date": formats.date_format(on, "j F Y")
        }
        old.save(update_fields=["end_date", "updated_at"])
    later = Skp.objects.select_for_update().filter(
        employee=employee, cycle=cycle, start_date__gte=on
    )
    if later.exists():
        # A correction on the same day, or a move on the plan's first day: an open plan from that
        # day follows the new post; a plan already submitted or approved is left to the people.
        position = employee.position
        for skp in later.filter(start_date=on, status__in=EDITABLE_STATUSES).exclude(
            position=position
        ):
            skp.position = position
            skp.is_jpt = position.kind in JPT_KINDS
            skp._change_reason = _("Position corrected by a transfer (mutasi)")
            skp.save(update_fields=["position", "is_jpt", "updated_at"])
        return None
    return skp_start(employee, cycle, today=on)


@transaction.atomic
def rhk_hand_down(
    ppk_rhk: Rhk, subordinates: list[Employee], actor_employee: Employee, actor
) -> tuple[list[Employee], list[tuple[Employee, str]]]:
    """The PPK hands an RHK down: a draft RHK linked to it in each chosen subordinate's SKP.

    Returns (who received it, [(who was skipped, why)]). A subordinate without an SKP gets one
    started; a submitted or approved SKP is not touched.
    """
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
                    skp = skp_start(employee, cycle)
                if skp.status not in EDITABLE_STATUSES:
                    raise DomainError(_("their SKP is awaiting your decision"))
                locked = lock_editable(skp)
                if locked.rhks.filter(intervened__lineage=ppk_rhk.lineage).exists():
                    raise DomainError(_("they already have an RHK linked to it"))
                Rhk.objects.create(
                    skp=locked,
                    section=Section.UTAMA,
                    order=next_order(locked, Section.UTAMA),
                    text=ppk_rhk.text,
                    intervened=ppk_rhk,
                    intervened_text=ppk_rhk.text,
                    link_kind=LinkKind.DIRECT,
                )
        except DomainError as refusal:
            skipped.append((employee, str(refusal)))
            continue
        given.append(employee)
        notify(
            [employee.user_id],
            gettext_noop("%(name)s handed down an RHK to your SKP %(year)s: add its indicators."),
            {"name": actor_employee.full_name, "year": cycle.year},
            url=skp_url(skp),
            actor=actor,
        )
    return given, skipped


@dataclass(frozen=True)
class CarryOver:
    """A plan replaced by its approved revision, with each RHK and IKI of the old version that has
    a match in the new one (by lineage; an IKI by its place in the RHK)."""

    previous: Skp
    revision: Skp
    rhk_map: dict[int, int]
    iki_map: dict[int, int]


def carry_over_the_year(previous: Skp, revision: Skp) -> None:
    """The year so far follows the plan into its approved revision: daily logs, realisations,
    evidence and evaluations move to the new version (appraisal.extensions.revision_approved).
    What no longer has a match keeps pointing at the old version's RHK or IKI, which stays
    readable."""
    new_rhk = {r.lineage: r.pk for r in revision.rhks.all()}
    old_rhk = {r.pk: r.lineage for r in previous.rhks.all()}
    new_iki = {
        (i.rhk.lineage, i.order): i.pk
        for i in Iki.objects.filter(rhk__skp=revision).select_related("rhk")
    }
    carry = CarryOver(
        previous,
        revision,
        rhk_map={old: new_rhk[lin] for old, lin in old_rhk.items() if lin in new_rhk},
        iki_map={
            i.pk: new_iki[(i.rhk.lineage, i.order)]
            for i in Iki.objects.filter(rhk__skp=previous).select_related("rhk")
            if (i.rhk.lineage, i.order) in new_iki
        },
    )
    revision_approved.call(carry)
