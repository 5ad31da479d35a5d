"""Writes to the indicator library: one function per change, each atomic and kept in history.

Only the BKD administrator curates (indicators/policies.py); every service takes the acting `actor`
and asks the same may_curate as the views, so a task or a later API cannot bypass it (the system,
being no curator, cannot curate either). Deactivating hides an entry from the search without touching any SKP
that already copied it (copies do not link back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.actor import Actor
from core.errors import DomainError
from indicators.choices import EXPECTED_ASPEK, Aspek, PositionGroup, Sector, TargetDirection
from indicators.models import ExamplePlan, ExamplePlanItem, LibraryEntry, LibraryIndicator
from indicators.policies import require_curator

ENTRY_FIELDS = ("sector", "position_group", "rhk", "description")
INDICATOR_FIELDS = (
    "aspek",
    "indicator",
    "target_direction",
    "target_value",
    "target_upper",
    "target_unit",
    "target_text",
)


def target_checked(row: dict) -> dict:
    """The row's target direction made whole, or a DomainError: a known direction (default at
    least), a number for any but at least, both bounds of a range in order, no upper bound
    elsewhere. Used by the library and by the IKI of a plan (appraisal.plans.services.edit)."""
    direction = row.get("target_direction") or TargetDirection.AT_LEAST
    if direction not in TargetDirection.values:
        raise DomainError(_("Choose the direction of the target from the list."))
    value, upper = row.get("target_value"), row.get("target_upper")
    if direction == TargetDirection.RANGE:
        if value is None or upper is None:
            raise DomainError(_("A range target needs its lower and its upper bound."))
        if Decimal(upper) < Decimal(value):
            raise DomainError(_("The upper bound cannot be below the lower bound."))
    else:
        upper = None
        if direction != TargetDirection.AT_LEAST and value is None:
            raise DomainError(_("Give the target as a number for this direction."))
    return row | {"target_direction": direction, "target_upper": upper}


def missing_expected_aspek(aspeks: Iterable[str]) -> list[Aspek]:
    """The expected aspects (Kuantitas, Kualitas, Waktu) an RHK lacks: a warning, never a block."""
    present = set(aspeks)
    return [aspek for aspek in EXPECTED_ASPEK if aspek not in present]


def _clean_indicators(indicators_data: Sequence[Mapping]) -> list[dict]:
    rows = []
    for raw in indicators_data:
        row = {name: raw.get(name) for name in INDICATOR_FIELDS}
        row["indicator"] = (row["indicator"] or "").strip()
        row["target_unit"] = (row["target_unit"] or "").strip()
        row["target_text"] = (row["target_text"] or "").strip()
        if not row["indicator"]:
            raise DomainError(_("Every indicator needs its text."))
        if row["aspek"] not in Aspek.values:
            raise DomainError(_("Choose the aspect of every indicator."))
        value = row["target_value"]
        if value is not None and Decimal(value) < 0:
            raise DomainError(_("A target cannot be negative."))
        row = target_checked(row)
        existing = raw.get("id")
        row["id"] = getattr(existing, "pk", existing)
        rows.append(row)
    if not rows:
        raise DomainError(_("Add at least one indicator (IKI)."))
    return rows


def entry_save(
    entry: LibraryEntry | None,
    data: Mapping,
    indicators_data: Sequence[Mapping],
    *,
    actor: Actor,
) -> LibraryEntry:
    """Create (entry None) or update a library entry with its indicators, in the given order.

    `data` holds sector, position_group, rhk and description; each item of `indicators_data` holds
    aspek, indicator, target_direction, target_value, target_upper, target_unit, target_text and,
    for a row being edited, `id`
    (the LibraryIndicator or its pk). Rows of the entry not listed are deleted; ids of another
    entry's rows are ignored (a new row is created). Refuses non-curators (PermissionDenied), an
    empty RHK, no indicator, and an RHK already in the library for that sector (DomainError).
    """
    require_curator(actor.roles)
    rows = _clean_indicators(indicators_data)
    values = {name: data.get(name) for name in ENTRY_FIELDS}
    values["rhk"] = (values["rhk"] or "").strip()
    values["description"] = (values["description"] or "").strip()
    values["position_group"] = values["position_group"] or PositionGroup.ANY
    if values["sector"] not in Sector.values:
        raise DomainError(_("Choose the sector of the entry."))
    if values["position_group"] not in PositionGroup.values:
        raise DomainError(_("Choose the position kind of the entry."))
    if not values["rhk"]:
        raise DomainError(_("Write the RHK of the entry."))
    duplicate = _("This RHK is already in the library for this sector.")
    try:
        with transaction.atomic():
            if entry is None or entry.pk is None:
                locked = LibraryEntry(created_by=actor.user)
            else:
                locked = LibraryEntry.objects.select_for_update().get(pk=entry.pk)
            same = LibraryEntry.objects.filter(sector=values["sector"], rhk=values["rhk"])
            if same.exclude(pk=locked.pk).exists():
                raise DomainError(duplicate)
            for name, value in values.items():
                setattr(locked, name, value)
            locked.save()
            _save_indicators(locked, rows)
    except IntegrityError as error:
        # Two curators saving the same RHK at once: the unique constraint decides.
        if LibraryEntry.objects.filter(sector=values["sector"], rhk=values["rhk"]).exists():
            raise DomainError(duplicate) from error
        raise
    return locked


def _save_indicators(entry: LibraryEntry, rows: list[dict]) -> None:
    existing = {indicator.pk: indicator for indicator in entry.indicators.all()}
    kept = set()
    for order, row in enumerate(rows, start=1):
        indicator = existing.get(row["id"]) or LibraryIndicator(entry=entry)
        fields = {name: row[name] for name in INDICATOR_FIELDS} | {"order": order}
        if indicator.pk is not None:
            kept.add(indicator.pk)
            if all(getattr(indicator, name) == value for name, value in fields.items()):
                continue  # unchanged: no history row for nothing
        for name, value in fields.items():
            setattr(indicator, name, value)
        indicator.save()
    for pk, indicator in existing.items():
        if pk not in kept:
            indicator.delete()


def _set_active(actor: Actor, entry: LibraryEntry, active: bool, refusal: str) -> LibraryEntry:
    require_curator(actor.roles)
    with transaction.atomic():
        locked = LibraryEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.is_active == active:
            raise DomainError(refusal)
        locked.is_active = active
        locked.save(update_fields=["is_active", "updated_at"])
    return locked


def entry_deactivate(entry: LibraryEntry, *, actor: Actor) -> LibraryEntry:
    """Hide an entry from the search (it stays in the curator's list and in history)."""
    return _set_active(actor, entry, False, _("This entry is already inactive."))


def entry_activate(entry: LibraryEntry, *, actor: Actor) -> LibraryEntry:
    """Offer a deactivated entry in the search again."""
    return _set_active(actor, entry, True, _("This entry is already active."))


EXAMPLE_FIELDS = ("title", "match_terms", "description", "dukungan", "skema", "konsekuensi")


def example_save(
    example: ExamplePlan | None,
    data: Mapping,
    utama: Sequence[LibraryEntry],
    tambahan: Sequence[LibraryEntry] = (),
    *,
    actor: Actor,
) -> ExamplePlan:
    """Create (example None) or update an example plan: its texts and its RHK, the library
    entries `utama` then `tambahan`, in the order given (the form gives the example's own
    entries first, then the library's order). Refuses non-curators, an empty title or
    word list, a title already used, no RHK utama, an entry listed twice and an inactive entry
    that was not in the example already (DomainError)."""
    require_curator(actor.roles)
    values = {name: (data.get(name) or "").strip() for name in EXAMPLE_FIELDS}
    values["match_terms"] = ", ".join(
        word.strip() for word in values["match_terms"].split(",") if word.strip()
    )
    if not values["title"]:
        raise DomainError(_("Write the title of the example."))
    if not values["match_terms"]:
        raise DomainError(_("Write at least one word of the post names this example suits."))
    if not utama:
        raise DomainError(_("Choose at least one RHK utama."))
    chosen = [*utama, *tambahan]
    if len({entry.pk for entry in chosen}) != len(chosen):
        raise DomainError(_("An RHK can be in the example only once."))
    duplicate = _("An example plan with this title already exists.")
    try:
        with transaction.atomic():
            if example is None or example.pk is None:
                locked = ExamplePlan(created_by=actor.user)
                kept: set[int] = set()
            else:
                locked = ExamplePlan.objects.select_for_update().get(pk=example.pk)
                kept = set(locked.items.values_list("entry_id", flat=True))
            if any(not entry.is_active and entry.pk not in kept for entry in chosen):
                raise DomainError(_("An inactive library entry cannot be added to an example."))
            if ExamplePlan.objects.filter(title=values["title"]).exclude(pk=locked.pk).exists():
                raise DomainError(duplicate)
            for name, value in values.items():
                setattr(locked, name, value)
            locked.save()
            _save_items(locked, utama, tambahan)
    except IntegrityError as error:
        if ExamplePlan.objects.filter(title=values["title"]).exists():
            raise DomainError(duplicate) from error
        raise
    return locked


def _save_items(example: ExamplePlan, utama, tambahan) -> None:
    existing = {item.entry_id: item for item in example.items.all()}
    wanted = [(entry, False, order) for order, entry in enumerate(utama, start=1)]
    wanted += [(entry, True, order) for order, entry in enumerate(tambahan, start=1)]
    for entry, additional, order in wanted:
        item = existing.pop(entry.pk, None) or ExamplePlanItem(plan=example, entry=entry)
        if item.pk is not None and (item.additional, item.order) == (additional, order):
            continue
        item.additional, item.order = additional, order
        item.save()
    for item in existing.values():
        item.delete()


@transaction.atomic
def example_set_active(example: ExamplePlan, active: bool, *, actor: Actor) -> ExamplePlan:
    """Offer the example to employees again, or stop offering it (plans copied from it keep
    their text and the note of where it came from)."""
    require_curator(actor.roles)
    locked = ExamplePlan.objects.select_for_update().get(pk=example.pk)
    if locked.is_active != active:
        locked.is_active = active
        locked.save(update_fields=["is_active", "updated_at"])
    return locked
