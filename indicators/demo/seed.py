"""Demo data of the indicator library and its example plans (seed_demo runs both seeders)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from indicators.choices import TargetDirection
from indicators.demo import examples
from indicators.demo.library import LIBRARY
from indicators.models import ExamplePlan, ExamplePlanItem, LibraryEntry, LibraryIndicator


def seed_library() -> int:
    """Create the demo library entries that do not exist yet; returns how many were created.

    Idempotent: an entry is keyed on (sector, RHK text), so running it twice, or after a curator
    has edited an entry's indicators, duplicates nothing and overwrites nothing.
    """
    created = 0
    with transaction.atomic():
        existing = set(LibraryEntry.objects.values_list("sector", "rhk"))
        for sector, group, rhk, description, indicators in [*LIBRARY, *examples.EXTRA_LIBRARY]:
            if (sector, rhk) in existing:
                continue
            entry = LibraryEntry.objects.create(
                sector=sector, position_group=group, rhk=rhk, description=description
            )
            for order, (aspek, text, value, unit, narrative, *direction) in enumerate(
                indicators, start=1
            ):
                LibraryIndicator.objects.create(
                    entry=entry,
                    order=order,
                    aspek=aspek,
                    indicator=text,
                    target_direction=direction[0] if direction else TargetDirection.AT_LEAST,
                    target_value=Decimal(value) if value is not None else None,
                    target_unit=unit,
                    target_text=narrative,
                )
            existing.add((sector, rhk))
            created += 1
    return created


def seed_examples() -> int:
    """Create the demo's example plans that do not exist yet (keyed on the title); returns how
    many were created. A curator's later edits are kept: an existing title is left alone.
    Runs after seed_library, which writes the entries they are built on."""
    created = 0
    with transaction.atomic():
        existing = set(ExamplePlan.objects.values_list("title", flat=True))
        entries = dict(LibraryEntry.objects.filter(is_active=True).values_list("rhk", "pk"))
        for title, terms, description, utama, tambahan in examples.EXAMPLES:
            # A curator may have renamed or withdrawn an entry since: that example is not seeded.
            if title in existing or any(rhk not in entries for rhk in [*utama, *tambahan]):
                continue
            plan = ExamplePlan.objects.create(
                title=title,
                match_terms=terms,
                description=description,
                dukungan=examples.DUKUNGAN,
                skema=examples.SKEMA,
                konsekuensi=examples.KONSEKUENSI,
            )
            rows = [(rhk, False) for rhk in utama] + [(rhk, True) for rhk in tambahan]
            for order, (rhk, additional) in enumerate(rows, start=1):
                ExamplePlanItem.objects.create(
                    plan=plan, entry_id=entries[rhk], additional=additional, order=order
                )
            created += 1
    return created
