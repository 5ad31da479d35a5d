"""Demo cycles and work plans for Kota Laras Bahari (the seed_demo command calls seed_cycles).

Two OPD get plans cascading from the kepala dinas down: Dinas Kesehatan (where the demo logins
work) and Dinas Kependudukan dan Pencatatan Sipil. Every SKP is written through the real services
(start, RHK, Lampiran, expectations, submit, approve/return, revise), top-down, so links, snapshots,
history and notifications are what users would have produced.

Three things done the way an admin would record them, each recorded the way an admin would record it:
- heads of OPD are appraised by the Wali Kota, who is outside the system: the admin BKD records
  the Wali Kota's decisions on their SKP, as the SKP page lets an admin BKD do;
- last year's SKP window is long closed, so each person whose last-year SKP is written gets a
  per-person extension ending today ("dicatat susulan");
- last year's submission and approval times are then dated back to January of that year.

Idempotent: a person who already has an SKP in a cycle is skipped, cycles are created only when
missing, so a second run writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.choices import AdminRoleKind, EmployeeStatus
from accounts.org.models import AdminRole, Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import actor_of_user
from appraisal.choices import Approach, ExtensionScope, Frequency, LinkKind, Section, SkpStatus
from appraisal.choices import WindowKind as WK
from appraisal.cycles import services as cycle_services
from appraisal.cycles.models import Cycle, WindowExtension
from appraisal.cycles.windows import window_state
from appraisal.demo.closed_year import seed_closed_year
from appraisal.demo.content import (
    APPROVED,
    CONTENT,
    CURRENT,
    DRAFT,
    EXPECTATION_DATA,
    EXPECTATIONS,
    KUALITATIF,
    OPD_NAMES,
    PREVIOUS,
    RETURN_NOTES,
    RETURNED,
    REVISED,
    REVISION,
    STARTED,
    SUBMITTED,
    lampiran,
)
from appraisal.demo.evaluation import seed_evaluations
from appraisal.plans.models import Rhk, Skp
from appraisal.plans.selectors import intervenable_rhks
from appraisal.plans.services import edit as skp_edit
from appraisal.plans.services import flow as skp_flow
from core.actor import Actor
from notifications.email import without_email
from notifications.models import Notification

# Who writes the plans of the demo people and sets up the cycles: the seed, acting as nobody in
# particular. Submitting and deciding are personal: the owner and their PPK do those.
DEMO = Actor.system("Demo data (seed_demo)")

# The demo's SKP window closes within the week after seeding, so deadline reminders are due at
# once (the first send_reminders after seed_demo has some to send) while it stays open for a demo.
SKP_WINDOW_LEAD_DAYS = 6


def seed_cycles(today: dt.date | None = None) -> dict:
    """Create this year's and last year's cycles and the demo SKPs in every state.

    `today` sets the cycles' year and the SKP window (open from 1 January to 6 days after
    today); the services themselves act on the real date. Then the realisations and
    evaluations of this year's past periods (demo_evaluation.seed_evaluations). Returns
    {"cycles_created", "skps_created", "current": {status: n, "none": n}, "previous": {...},
    "evaluations": {...}}.
    """
    today = today or timezone.localdate()
    # Demo data fills inboxes as real use would, but e-mails nobody.
    with without_email():
        return _seed_cycles(today)


def _seed_cycles(today: dt.date) -> dict:
    with transaction.atomic():
        current, new_current = _cycle(today.year, today)
        previous, new_previous = _cycle(today.year - 1, today)
        people = _people(CURRENT + PREVIOUS)
        created = 0
        if window_state(current, WK.SKP).is_open:
            created += _seed(current, CURRENT, people, today)
        created += _seed(previous, PREVIOUS, people, today, late=True)
    evaluations = seed_evaluations(today)
    closed_year = seed_closed_year(today)  # last year complete and closed
    return {
        "cycles_created": int(new_current) + int(new_previous),
        "skps_created": created,
        "current": _counts(current),
        "previous": _counts(previous),
        "evaluations": evaluations,
        "closed_year": closed_year,
    }


def _cycle(year: int, today: dt.date) -> tuple[Cycle, bool]:
    cycle = Cycle.objects.filter(year=year, practice=False).first()
    if cycle is not None:
        return cycle, False
    windows = cycle_services.default_windows(year, Frequency.TRIWULANAN)
    if year == today.year:
        closes = today + dt.timedelta(days=SKP_WINDOW_LEAD_DAYS)
        windows = [
            (kind, period, opens, min(closes, dt.date(year, 12, 31)) if kind == WK.SKP else end)
            for kind, period, opens, end in windows
        ]
    cycle = cycle_services.cycle_create(year, Frequency.TRIWULANAN, 14, windows, actor=DEMO)
    return cycle_services.cycle_open(cycle, actor=DEMO), True


def _people(steps) -> dict[tuple[str, str, int], Employee]:
    """(unit code, post, n) → the n-th active holder of that post, in one query."""
    codes = {unit for unit, *_rest in steps}
    holders: dict[tuple[str, str], list[Employee]] = {}
    for employee in (
        Employee.objects.filter(position__unit__code__in=codes, status=EmployeeStatus.ACTIVE)
        .select_related("position__unit", "user")
        .order_by("pk")
    ):
        holders.setdefault((employee.position.unit.code, employee.position.name), []).append(
            employee
        )
    return {
        (unit, post, n): employees[n]
        for (unit, post), employees in holders.items()
        for n in range(len(employees))
    }


def _bkd_admin_user():
    role = AdminRole.objects.filter(kind=AdminRoleKind.ADMIN_BKD).select_related("user").first()
    return role.user if role else None


def _seed(cycle: Cycle, steps, people, today: dt.date, late: bool = False) -> int:
    done = set(Skp.objects.filter(cycle=cycle).values_list("employee_id", flat=True))
    created: list[int] = []
    for unit, post, n, state, content in steps:
        employee = people.get((unit, post, n))
        if employee is None or employee.pk in done:
            continue
        if late:
            _extend_for(cycle, employee, today)
        skp = _write(cycle, employee, unit.split(".")[0], content, state, today)
        done.add(employee.pk)
        created.append(skp.pk)
    if late and created:
        _date_back(cycle, created)
    return len(created)


def _extend_for(cycle: Cycle, employee: Employee, today: dt.date) -> None:
    window = cycle.windows.get(kind=WK.SKP)
    if (
        today <= window.closes_on
        or WindowExtension.objects.filter(window=window, employee=employee).exists()
    ):
        return
    cycle_services.window_extend(
        window,
        ExtensionScope.EMPLOYEE,
        today,
        f"SKP {cycle.year} dicatat susulan (data demo).",
        actor=DEMO,
        employee=employee,
    )


def _write(cycle, employee: Employee, opd: str, content: str, state: str, today) -> Skp:
    skp = skp_edit.skp_start(employee, cycle, today=today, actor=DEMO)
    if content in KUALITATIF:
        skp_edit.skp_set_approach(skp, Approach.KUALITATIF, actor=DEMO)
    targets = [r for r in intervenable_rhks(skp) if r.section == Section.UTAMA]
    allowed = {r.pk for r in targets}
    specs = CONTENT[content][:1] if state == STARTED else CONTENT[content]
    for spec in specs:
        link = targets[spec.link] if spec.link is not None and spec.link < len(targets) else None
        rhk = Rhk(
            skp=skp,
            section=spec.section,
            text=spec.text,
            intervened=link,
            link_kind=LinkKind.INDIRECT if spec.indirect else LinkKind.DIRECT,
            perspektif=spec.perspektif,
        )
        plans = dict(enumerate(spec.plans, start=1))
        skp_edit.rhk_save(skp, rhk, [_iki(*row) for row in spec.ikis], plans, allowed, actor=DEMO)
    if state == STARTED:
        return skp
    skp_edit.lampiran_save(skp, lampiran(opd, cycle.year), actor=DEMO)
    if state == DRAFT:
        return skp
    if state in (APPROVED, REVISED, RETURNED):
        # The PPK writes the expectations while reviewing (before deciding).
        data = EXPECTATION_DATA[opd]
        skp_edit.expectations_save(
            skp,
            {value: text.format(data=data) for value, text in EXPECTATIONS.items()},
            actor=DEMO,
        )
    owner = actor_of_user(employee.user)
    skp_flow.skp_submit(skp, actor=owner)
    if state == SUBMITTED:
        return skp
    appraiser = OrgSnapshot(timezone.localdate()).ppk(employee.pk)
    if appraiser.is_external:
        # A head of OPD: the admin BKD records the Wali Kota's decision.
        admin = _bkd_admin_user()
        if admin is None:
            return skp  # nobody may record it: the plan waits, submitted
        decider = actor_of_user(admin)
    else:
        decider = actor_of_user(Employee.objects.get(pk=appraiser.employee_id).user)
    if state == RETURNED:
        return skp_flow.skp_return(skp, RETURN_NOTES[content], actor=decider)
    skp = skp_flow.skp_approve(skp, actor=decider)
    if state == REVISED:
        reason, target = REVISION
        revision = skp_flow.skp_revise(skp, reason, actor=owner)
        first = revision.rhks.filter(section=Section.UTAMA).order_by("order").first()
        ikis = [_iki(*row) for row in CONTENT[content][0].ikis]
        ikis[0]["target_value"] = Decimal(target)
        allowed = {r.pk for r in intervenable_rhks(revision)}
        skp_edit.rhk_save(revision, first, ikis, {}, allowed, actor=DEMO)
    return skp


def _iki(aspek, indicator, value, unit, text) -> dict:
    return {
        "aspek": aspek,
        "indicator": indicator,
        "target_value": Decimal(value) if value is not None else None,
        "target_unit": unit,
        "target_text": text,
    }


def _date_back(cycle: Cycle, skp_ids: list[int]) -> None:
    """Last year's plans were submitted and approved in January of that year, not today."""
    tz = timezone.get_current_timezone()
    for day, (pk, public_id) in enumerate(
        Skp.objects.filter(pk__in=skp_ids).order_by("pk").values_list("pk", "public_id"), start=6
    ):
        submitted = dt.datetime(cycle.year, 1, min(day, 28), 9, 0, tzinfo=tz)
        decided = submitted + dt.timedelta(days=2, hours=5)
        Skp.objects.filter(pk=pk).update(submitted_at=submitted, decided_at=decided)
        # Their notifications were read long ago, not new today.
        Notification.objects.filter(url__contains=str(public_id)).update(
            created_at=decided, read_at=decided
        )


def _counts(cycle: Cycle) -> dict[str, int]:
    counts = dict.fromkeys(SkpStatus.values, 0)
    for status in Skp.objects.filter(cycle=cycle).values_list("status", flat=True):
        counts[status] += 1
    with_skp = Skp.objects.filter(cycle=cycle).values("employee_id")
    counts["none"] = (
        Employee.objects.filter(
            position__unit__opd__code__in=list(OPD_NAMES), status=EmployeeStatus.ACTIVE
        )
        .exclude(pk__in=with_skp)
        .count()
    )
    return counts
