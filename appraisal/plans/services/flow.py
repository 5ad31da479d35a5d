"""SKP transitions: submit, approve, return, revise, mutasi split (domain §3).

One function per transition: lock the row, re-check the state, write, record the reason in
history, notify the people concerned in the same transaction (the inbox stays consistent).
Two PPK tabs approving and returning at once: the second finds the state changed and is told so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import JPT_KINDS
from accounts.org.models import Employee
from accounts.org.reporting import Appraiser, ReportingLine
from accounts.org.rules import previous_assignment_end
from appraisal.choices import EDITABLE_STATUSES, OPEN_STATUSES, Section, SkpStatus
from appraisal.cycles.models import PrerequisiteWaiver
from appraisal.cycles.windows import require_cycle_not_closed, require_skp_open
from appraisal.extensions import revision_approved
from appraisal.plans import policies
from appraisal.plans.models import Iki, Skp
from appraisal.plans.selectors import bkd_admin_user_ids, ppk_approved_skps
from appraisal.plans.services.content import copy_content
from appraisal.plans.services.edit import lock_editable, lock_skp, skp_start
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, save_with_reason
from indicators.choices import EXPECTED_ASPEK
from notifications.services import notify


def skp_url(skp: Skp) -> str:
    return reverse("appraisal:skp_detail", kwargs={"public_id": skp.public_id})


def _user_of(employee_id: int | None):
    if employee_id is None:
        return None
    return Employee.objects.filter(pk=employee_id).values_list("user_id", flat=True).first()


def has_waiver(skp: Skp) -> bool:
    return PrerequisiteWaiver.objects.filter(cycle=skp.cycle, employee=skp.employee).exists()


def rhk_numbers(rhks) -> list[tuple[str, object]]:
    """Each RHK with its number as the SKP prints it: "A.1", "A.2" in A. Utama, then "B.1" in
    B. Tambahan, each section in the owner's order."""
    numbered = []
    for letter, section in (("A", Section.UTAMA), ("B", Section.TAMBAHAN)):
        own = sorted((r for r in rhks if r.section == section), key=lambda r: (r.order, r.pk))
        numbered += [(f"{letter}.{n}", rhk) for n, rhk in enumerate(own, start=1)]
    return numbered


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
    for number, rhk in rhk_numbers(rhks):
        label = _("RHK %(number)s (%(text)s)") % {"number": number, "text": rhk.text}
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
def skp_submit(skp: Skp, *, actor: Actor) -> list[str]:
    """Draft/returned → submitted to the PPK. Returns the warnings that did not block.

    The owner submits (policies.is_owner, the page's check); nobody else, the system included.
    """
    locked = lock_editable(skp)
    if not policies.is_owner(actor.roles, locked):
        raise DomainError(_("Only the owner of this SKP can submit it."))
    ppk = policies.owner_ppk(actor.roles, locked)
    refusal = prerequisite_refusal(locked, ppk)
    if refusal:
        raise DomainError(refusal)
    errors, warnings = submission_problems(locked)
    if errors:
        raise DomainError(" ".join(errors))
    locked.status = SkpStatus.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.ppk_employee_id = ppk.employee_id
    save_with_reason(locked, _("Submitted for approval"), actor=actor)
    recipients = [_user_of(ppk.employee_id)] if not ppk.is_external else bkd_admin_user_ids()
    notify(
        recipients,
        gettext_noop("%(name)s submitted their SKP %(year)s for approval."),
        {"name": locked.employee.full_name, "year": locked.cycle.year},
        url=skp_url(locked),
        actor=actor,
    )
    return warnings


def _lock_for_decision(skp: Skp) -> Skp:
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


def record_appraisers(decided, line: ReportingLine) -> None:
    """Store the PPK and Atasan PPK of `line` on a decided plan or a finalised evaluation (their
    ppk_* and atasan_* fields: the person, name, NIP, rank, title and unit), as the documents
    print them whoever holds the posts later. The caller saves."""
    for prefix, person in (("ppk", line.ppk), ("atasan", line.atasan_ppk)):
        employee = (
            Employee.objects.filter(pk=person.employee_id).first()
            if person and person.employee_id
            else None
        )
        setattr(decided, f"{prefix}_employee", employee)
        setattr(decided, f"{prefix}_name", person.name if person else "")
        setattr(decided, f"{prefix}_nip", person.nip if person else "")
        setattr(decided, f"{prefix}_rank", employee.pangkat_golongan if employee else "")
        setattr(decided, f"{prefix}_title", person.title_with_acting if person else "")
        setattr(decided, f"{prefix}_unit", person.unit_name if person else "")


def decision_line(skp: Skp, actor: Actor, refusal: str) -> ReportingLine:
    """The owner's reporting line today, once the actor is found to decide on the plan
    (policies.may_decide: the check of the pages, on the same reading of the organisation);
    a DomainError with `refusal` otherwise. For the services that decide: approving or returning
    the plan, finalising its evaluations."""
    if not policies.may_decide(actor.roles, skp):
        raise DomainError(refusal)
    return policies.appraisers_today(actor.roles, skp)


def _decider_name(line: ReportingLine, actor: Actor) -> str:
    if line.ppk is not None and line.ppk.is_external:
        return line.ppk.name
    return actor.employee.full_name


@transaction.atomic
def skp_approve(skp: Skp, *, actor: Actor) -> Skp:
    """Submitted → approved (ditetapkan) by the PPK; stores the PPK and Atasan PPK as of today.

    For a head of OPD, whose PPK is the Kepala Daerah, an admin BKD records the decision
    (policies.may_decide).
    """
    locked = _lock_for_decision(skp)
    line = decision_line(
        locked, actor, _("Only the employee's appraising official can approve this SKP.")
    )
    if locked.revision_of_id:
        previous = Skp.objects.select_for_update().get(pk=locked.revision_of_id)
        if previous.status == SkpStatus.APPROVED:
            previous.status = SkpStatus.SUPERSEDED
            save_with_reason(
                previous,
                _("Replaced by version %(version)s") % {"version": locked.version},
                actor=actor,
                update_fields=["status"],
            )
            carry_over_the_year(previous, locked)
    record_appraisers(locked, line)
    locked.status = SkpStatus.APPROVED
    locked.decided_at = timezone.now()
    locked.decided_by = actor.user
    save_with_reason(locked, _("Approved"), actor=actor)
    notify(
        [locked.employee.user_id],
        gettext_noop("%(name)s approved your SKP %(year)s."),
        {"year": locked.cycle.year, "name": _decider_name(line, actor)},
        url=skp_url(locked),
        actor=actor,
    )
    return locked


@transaction.atomic
def skp_return(skp: Skp, notes: str, *, actor: Actor) -> Skp:
    """Submitted → returned with notes; the owner fixes it and submits again. Who may: as for
    skp_approve."""
    if not notes.strip():
        raise DomainError(_("Write what the employee should change."))
    locked = _lock_for_decision(skp)
    line = decision_line(
        locked, actor, _("Only the employee's appraising official can return this SKP.")
    )
    locked.status = SkpStatus.RETURNED
    locked.return_notes = notes.strip()
    locked.decided_at = timezone.now()
    locked.decided_by = actor.user
    save_with_reason(locked, notes.strip(), actor=actor)
    notify(
        [locked.employee.user_id],
        gettext_noop("%(name)s returned your SKP %(year)s with notes."),
        {"year": locked.cycle.year, "name": _decider_name(line, actor)},
        url=skp_url(locked),
        actor=actor,
    )
    return locked


@transaction.atomic
def skp_revise(skp: Skp, reason: str, *, actor: Actor) -> Skp:
    """An approved SKP re-opens as a new draft version; the approved one stays readable (and in
    force) until the revision is approved. Its owner or their PPK reopens it
    (policies.may_revise, the page's check: 403 for anyone else)."""
    if not reason.strip():
        raise DomainError(_("Give the reason for the revision."))
    if not policies.may_revise(actor.roles, skp):
        raise PermissionDenied
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
        adapted_from=locked.adapted_from,
    )
    require_skp_open(revision)
    copy_content(locked, revision, keep_links=True, actor=actor)
    # Tell the other side: the owner when their PPK reopened the plan, the PPK otherwise.
    by_owner = actor.is_employee(locked.employee_id)
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
def skp_revision_discard(skp: Skp, *, actor: Actor) -> Skp:
    """Drop a revision that was not submitted; the approved version it came from stays in force.
    The owner alone (policies.require_owner, the page's check)."""
    policies.require_owner(actor.roles, skp)
    locked = lock_skp(skp)
    require_cycle_not_closed(locked.cycle)
    if locked.revision_of_id is None or locked.status not in EDITABLE_STATUSES:
        raise DomainError(_("Only a revision still being written can be discarded."))
    previous = locked.revision_of
    delete_with_reason(locked, _("Revision discarded"), actor=actor)
    return previous


def skps_split_for_transfer(employee_ids: list[int], on: dt.date, *, actor: Actor) -> None:
    """A transfer recorded in accounts (accounts.extensions.employees_transferred): each
    employee's plan follows them to the new post.

    `actor` recorded the transfer (an admin, an import); the plans follow as a reaction of the
    system, so no personal check of theirs applies (in a request, the history still names the
    person who recorded the transfer).
    """
    reaction = Actor.system(f"A transfer (mutasi) recorded by {actor!r} moves the plan")
    for employee_id in employee_ids:
        skp_split_for_transfer(employee_id, on, actor=reaction)


@transaction.atomic
def skp_split_for_transfer(employee_id: int, on: dt.date, *, actor: Actor) -> Skp | None:
    """Mutasi mid-year: the SKP for the old position ends with the old post (the day before the
    move) and a new draft starts for the new position on the move date."""
    from appraisal.cycles.selectors import real_open_cycle

    # A transfer is real even when recorded by an admin inside a practice cycle.
    cycle = real_open_cycle()
    if cycle is None or on.year != cycle.year:
        return None
    employee = Employee.objects.get(pk=employee_id)
    for old in Skp.objects.select_for_update().filter(
        employee=employee, cycle=cycle, start_date__lt=on, end_date__gte=on
    ):
        old.end_date = previous_assignment_end(on)  # the last day in the old post
        save_with_reason(
            old,
            _("Ended by a transfer (mutasi) on %(date)s")
            % {"date": formats.date_format(on, "j F Y")},
            actor=actor,
            update_fields=["end_date", "updated_at"],
        )
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
            save_with_reason(
                skp,
                _("Position corrected by a transfer (mutasi)"),
                actor=actor,
                update_fields=["position", "is_jpt", "updated_at"],
            )
        return None
    return skp_start(employee, cycle, today=on, actor=actor)


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
