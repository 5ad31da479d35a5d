"""Demo data of the indicator library (the seed_demo command calls seed_library)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from indicators.choices import TargetDirection
from indicators.demo.library import LIBRARY
from indicators.models import LibraryEntry, LibraryIndicator


def seed_library() -> int:
    """Create the demo library entries that do not exist yet; returns how many were created.

    Idempotent: an entry is keyed on (sector, RHK text), so running it twice, or after a curator
    has edited an entry's indicators, duplicates nothing and overwrites nothing.
    """
    created = 0
    with transaction.atomic():
        existing = set(LibraryEntry.objects.values_list("sector", "rhk"))
        for sector, group, rhk, description, indicators in LIBRARY:
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
