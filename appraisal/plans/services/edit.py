"""Writing a work plan while it is a draft (or returned): the owner's edits (domain §3).

Every function locks the SKP row, re-checks that it is still editable and its window open, and
records the change in history. Forms validate the shape of the input; the rules live here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.choices import JPT_KINDS, AssignmentKind
from accounts.org.models import Assignment, Employee
from appraisal.choices import OPEN_STATUSES, Approach, CycleStatus, LinkKind, Section, SkpStatus
from appraisal.cycles.models import Cycle
from appraisal.cycles.windows import WindowState, require_skp_open
from appraisal.plans import policies
from appraisal.plans.models import Iki, Lampiran, PerilakuExpectation, RencanaAksi, Rhk, Skp
from appraisal.plans.services.content import copy_content, create_with_history, iki_copy
from core.actor import Actor
from core.errors import DomainError
from core.history import delete_with_reason, save_with_reason
from indicators.services import target_checked


def lock_skp(skp: Skp) -> Skp:
    return (
        Skp.objects.select_for_update(of=("self",))
        .select_related("cycle", "position__unit", "employee")
        .get(pk=skp.pk)
    )


def lock_editable(skp: Skp, window: WindowState | None = None) -> Skp:
    """Lock the plan and refuse unless it is still a draft (or returned) in an open window.

    `window`: the SKP window as the calling page already read it (its dates and extensions); the
    cycle's status is read again here, under the lock. One window query per save, not two.
    """
    locked = lock_skp(skp)
    if not locked.is_editable:
        raise DomainError(
            _("This SKP is %(status)s and can no longer be changed.")
            % {"status": locked.get_status_display()}
        )
    if window is not None:
        window = replace(window, cycle_open=locked.cycle.status == CycleStatus.OPEN)
    require_skp_open(locked, state=window)
    return locked


def _require_owner(actor: Actor, skp: Skp) -> None:
    """The owner writes their plan (the pages' skp_for_owner); the system writes it for the
    demo."""
    if not actor.is_system:
        policies.require_owner(actor.roles, skp)


def current_definitive(employee: Employee, on: dt.date) -> Assignment | None:
    return (
        Assignment.objects.filter(
            employee=employee, kind=AssignmentKind.DEFINITIF, start_date__lte=on
        )
        .exclude(end_date__lt=on)
        .select_related("position__unit")
        .order_by("-start_date")
        .first()
    )


@transaction.atomic
def skp_start(
    employee: Employee, cycle: Cycle, today: dt.date | None = None, *, actor: Actor
) -> Skp:
    """Start the SKP for the open cycle and the employee's current definitive position.

    Its dates come from the assignment: from the later of 1 January and the start of the post, to
    the earlier of 31 December and the end of the post. The employee starts it from their page;
    their PPK, by handing an RHK down; the system, when a transfer (mutasi) starts the plan of
    the new post.
    """
    today = today or timezone.localdate()
    if cycle.status != CycleStatus.OPEN:
        raise DomainError(_("The %(year)s cycle is not open.") % {"year": cycle.year})
    Employee.objects.select_for_update().get(pk=employee.pk)  # one start at a time per person
    on = min(max(today, dt.date(cycle.year, 1, 1)), dt.date(cycle.year, 12, 31))
    assignment = current_definitive(employee, on)
    if assignment is None:
        raise DomainError(
            _("You hold no definitive position in %(year)s. Ask your admin to place you.")
            % {"year": cycle.year}
        )
    start = max(assignment.start_date, dt.date(cycle.year, 1, 1))
    end = min(assignment.end_date or dt.date(cycle.year, 12, 31), dt.date(cycle.year, 12, 31))
    existing = Skp.objects.filter(employee=employee, cycle=cycle, start_date=start).first()
    if existing is not None:
        raise DomainError(_("Your SKP for this position has already been started."))
    skp = Skp(
        cycle=cycle,
        employee=employee,
        position=assignment.position,
        start_date=start,
        end_date=end,
        is_jpt=assignment.position.kind in JPT_KINDS,
    )
    save_with_reason(skp, _("SKP started"), actor=actor)
    return skp


@transaction.atomic
def skp_set_approach(skp: Skp, approach: str, *, actor: Actor) -> Skp:
    """The owner chooses how their indicators are written (kuantitatif or kualitatif)."""
    _require_owner(actor, skp)
    locked = lock_editable(skp)
    if approach not in Approach.values:
        raise DomainError(_("Choose an approach."))
    locked.approach = approach
    locked.save(update_fields=["approach", "updated_at"])
    return locked


def next_order(skp: Skp, section: str) -> int:
    top = skp.rhks.filter(section=section).aggregate(top=Max("order"))["top"]
    return (top or 0) + 1


def _check_intervened(skp: Skp, rhk: Rhk, allowed_ids: set[int]) -> None:
    if skp.is_jpt:
        rhk.intervened = None
        rhk.intervened_text = ""
        return
    rhk.perspektif = ""
    if rhk.intervened_id and rhk.intervened_id not in allowed_ids:
        raise DomainError(_("Choose an RHK from your appraising official's approved SKP."))
    if rhk.intervened_id:
        rhk.intervened_text = rhk.intervened.text


@transaction.atomic
def rhk_save(
    skp: Skp,
    rhk: Rhk,
    ikis: list[dict],
    plans: dict[int, str],
    allowed_intervened_ids: set[int],
    *,
    actor: Actor,
    window: WindowState | None = None,
) -> Rhk:
    """Create or update one RHK with its IKI (in the order given) and rencana aksi per period.

    ``ikis``: the indicators as the form leaves them; a row that edits an existing indicator
    names it by ``"source"`` (its index among the RHK's IKI in order), a new row has none.
    ``allowed_intervened_ids`` are the PPK's approved RHK (selectors.intervenable_rhks): the link
    may only point at one of them. `window`: as for lock_editable.
    """
    _require_owner(actor, skp)
    locked = lock_editable(skp, window)
    if rhk.skp_id != locked.pk:
        raise DomainError(_("This RHK belongs to another SKP."))
    if not ikis:
        raise DomainError(_("Add at least one indicator (IKI)."))
    _check_intervened(locked, rhk, allowed_intervened_ids)
    if locked.is_jpt and not rhk.perspektif:
        raise DomainError(_("Choose the perspektif of this RHK."))
    created = rhk.pk is None
    if created:
        rhk.order = next_order(locked, rhk.section)
    rhk.save()
    _write_ikis(rhk, [] if created else list(rhk.ikis.order_by("order", "pk")), ikis, actor=actor)
    _write_plans(
        rhk, {} if created else {ra.period: ra for ra in rhk.rencana_aksi.all()}, plans, actor=actor
    )
    # The SKP's "last changed" moves; the change itself is in the RHK's and IKI's history (a
    # history row of the SKP saying only that updated_at moved would be noise in the audit).
    Skp.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return rhk


IKI_FIELDS = (
    "aspek",
    "indicator",
    "target_direction",
    "target_value",
    "target_upper",
    "target_unit",
    "target_text",
)


def _write_ikis(rhk: Rhk, existing: list[Iki], rows: list[dict], *, actor: Actor) -> None:
    """Only what changed is written, so the audit trail shows the indicators the owner edited
    (and a save that changes nothing costs no write): an edited row updates its indicator in
    place, a new row is created, an indicator left out is deleted."""
    kept: set[int] = set()
    changed, new = [], []
    for order, row in enumerate(rows, start=1):
        row = target_checked(row)  # the direction made whole, or a DomainError
        values = {name: row[name] for name in IKI_FIELDS} | {"order": order}
        source = row.get("source")
        iki = existing[source] if source is not None and source < len(existing) else None
        if iki is None or iki.pk in kept:
            new.append(Iki(rhk=rhk, **values))
            continue
        kept.add(iki.pk)
        if any(getattr(iki, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(iki, name, value)
            changed.append(iki)
    gone = [iki.pk for iki in existing if iki.pk not in kept]
    if gone:
        Iki.objects.filter(pk__in=gone).delete()
    if changed:
        bulk_update_with_history(changed, Iki, ["order", *IKI_FIELDS])
    if new:
        create_with_history(Iki, new, actor=actor)


def _write_plans(
    rhk: Rhk, existing: dict[int, RencanaAksi], plans: dict[int, str], *, actor: Actor
) -> None:
    """The rencana aksi per period, written only where the text changed (a daily log keeps its
    link to an unchanged one)."""
    changed, new, gone = [], [], []
    for period, ra in existing.items():
        if not (plans.get(period) or "").strip():
            gone.append(ra.pk)
    for period, text in sorted(plans.items()):
        text = text.strip()
        ra = existing.get(period)
        if not text:
            continue
        if ra is None:
            new.append(RencanaAksi(rhk=rhk, period=period, text=text))
        elif ra.text != text:
            ra.text = text
            changed.append(ra)
    if gone:
        RencanaAksi.objects.filter(pk__in=gone).delete()
    if changed:
        bulk_update_with_history(changed, RencanaAksi, ["text"])
    if new:
        create_with_history(RencanaAksi, new, actor=actor)


@transaction.atomic
def rhk_delete(rhk: Rhk, *, actor: Actor) -> None:
    """The owner removes an RHK from their draft (its IKI and rencana aksi go with it)."""
    _require_owner(actor, rhk.skp)
    lock_editable(rhk.skp)
    delete_with_reason(rhk, _("RHK deleted"), actor=actor)


@transaction.atomic
def rhk_move(rhk: Rhk, direction: int, *, actor: Actor) -> None:
    """Swap the RHK with its neighbour in the same section (direction -1 = up, +1 = down)."""
    _require_owner(actor, rhk.skp)
    lock_editable(rhk.skp)
    siblings = list(rhk.skp.rhks.filter(section=rhk.section).order_by("order", "pk"))
    index = next(i for i, r in enumerate(siblings) if r.pk == rhk.pk)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])


@transaction.atomic
def rhk_from_library(skp: Skp, entry, section: str = Section.UTAMA, *, actor: Actor) -> Rhk:
    """Copy an indicator-library entry (RHK text and its IKI) into the draft as a new RHK.

    The cascading link is left for the owner to choose: the library does not know their PPK.
    """
    _require_owner(actor, skp)
    locked = lock_editable(skp)
    return _rhk_from_entry(locked, entry, section, next_order(locked, section), actor=actor)


def _rhk_from_entry(skp: Skp, entry, section: str, order: int, *, actor: Actor) -> Rhk:
    """A new RHK of `skp` with a library entry's text and IKI (indicators prefetched or not)."""
    rhk = Rhk.objects.create(
        skp=skp, section=section, order=order, text=entry.rhk, link_kind=LinkKind.DIRECT
    )
    create_with_history(
        Iki,
        (iki_copy(item, rhk, index) for index, item in enumerate(entry.indicators.all(), start=1)),
        actor=actor,
    )
    return rhk


def _replace_lampiran(skp: Skp, lists: dict[str, list[str]], *, actor: Actor) -> None:
    """The three Lampiran lists replaced by `lists` (kind → lines, in order; empty lines dropped)."""
    skp.lampiran.all().delete()
    create_with_history(
        Lampiran,
        (
            Lampiran(skp=skp, kind=kind, order=index, text=text.strip())
            for kind, lines in lists.items()
            for index, text in enumerate((t for t in lines if t.strip()), start=1)
        ),
        actor=actor,
    )


@transaction.atomic
def lampiran_save(
    skp: Skp,
    lists: dict[str, list[str]],
    *,
    actor: Actor,
    window: WindowState | None = None,
) -> None:
    """Replace the three Lampiran lists (kind → lines, in order; empty lines dropped).
    `window`: as for lock_editable."""
    _require_owner(actor, skp)
    _replace_lampiran(lock_editable(skp, window), lists, actor=actor)


@transaction.atomic
def expectations_save(skp: Skp, texts: dict[str, str], *, actor: Actor) -> None:
    """The PPK's Ekspektasi Khusus Pimpinan per BerAKHLAK value, while the plan is not decided.

    Written by whoever decides on the plan (policies.may_decide, the page's check: 403 for
    anyone else); the system writes them for the demo."""
    if not actor.is_system and not policies.may_decide(actor.roles, skp):
        raise PermissionDenied
    locked = lock_skp(skp)
    if locked.status not in OPEN_STATUSES:
        raise DomainError(_("Expectations can only be written before the SKP is approved."))
    require_skp_open(locked)
    for value, text in texts.items():
        PerilakuExpectation.objects.update_or_create(
            skp=locked, value=value, defaults={"text": text.strip()}
        )


@transaction.atomic
def skp_copy_previous(skp: Skp, *, actor: Actor) -> int:
    """Copy last cycle's latest SKP of the owner into this empty draft; returns RHK copied."""
    _require_owner(actor, skp)
    locked = lock_editable(skp)
    if locked.rhks.exists():
        raise DomainError(_("Copying is only possible into an empty SKP."))
    earlier = Skp.objects.filter(
        employee=locked.employee, cycle__year__lt=locked.cycle.year, cycle__practice=False
    ).order_by("-cycle__year", "-start_date", "-version")
    # The plan that was in force (approved), else the latest one written.
    source = (
        earlier.filter(status=SkpStatus.APPROVED).first()
        or earlier.exclude(status=SkpStatus.SUPERSEDED).first()
    )
    if source is None:
        raise DomainError(_("There is no SKP from an earlier year to copy."))
    if source.lampiran.exists():
        locked.lampiran.all().delete()  # replaced, not doubled
    copy_content(source, locked, keep_links=False, actor=actor)
    if locked.adapted_from_id:  # started again from last year's plan, not from the example
        locked.adapted_from = None
        locked.save(update_fields=["adapted_from", "updated_at"])
    return locked.rhks.count()


@transaction.atomic
def skp_copy_example(skp: Skp, example, *, actor: Actor) -> int:
    """Start this empty draft from an example plan (indicators.ExamplePlan): its RHK utama and
    tambahan with their IKI, and its Lampiran lines; the plan notes which example it was adapted
    from. The cascading links are the owner's to choose, as for a library entry. Returns the
    number of RHK copied."""
    _require_owner(actor, skp)
    locked = lock_editable(skp)
    if locked.rhks.exists():
        raise DomainError(_("An example can only be copied into an empty SKP."))
    items = list(example.items.all())
    orders = {Section.UTAMA: 0, Section.TAMBAHAN: 0}
    for item in items:
        section = Section.TAMBAHAN if item.additional else Section.UTAMA
        orders[section] += 1
        _rhk_from_entry(locked, item.entry, section, orders[section], actor=actor)
    lampiran = example.lampiran_lines()
    if any(lampiran.values()):
        _replace_lampiran(locked, lampiran, actor=actor)  # replaced, not doubled
    locked.adapted_from = example
    save_with_reason(
        locked,
        _("Started from the example plan “%(title)s”") % {"title": example.title},
        actor=actor,
        update_fields=["adapted_from", "updated_at"],
    )
    return len(items)
