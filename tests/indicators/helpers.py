"""Small builders for library entries (the shared factories module belongs to the organisation)."""

from decimal import Decimal

from indicators.choices import Aspek, PositionGroup, Sector
from indicators.models import LibraryEntry, LibraryIndicator


def make_entry(
    rhk="Cakupan imunisasi dasar lengkap",
    sector=Sector.HEALTH,
    group=PositionGroup.FUNGSIONAL,
    indicators=(("Persentase bayi yang mendapat imunisasi dasar lengkap", Aspek.KUALITAS),),
    is_active=True,
) -> LibraryEntry:
    entry = LibraryEntry.objects.create(
        rhk=rhk, sector=sector, position_group=group, is_active=is_active
    )
    for order, (text, aspek) in enumerate(indicators, start=1):
        LibraryIndicator.objects.create(
            entry=entry,
            order=order,
            aspek=aspek,
            indicator=text,
            target_value=Decimal("95"),
            target_unit="%",
        )
    return entry


def make_example(
    title="Perawat",
    terms="perawat",
    entries=None,
    tambahan=(),
    is_active=True,
    **lampiran,
):
    """An example plan of `entries` (default: one new library entry) as RHK utama."""
    from indicators.models import ExamplePlan, ExamplePlanItem

    example = ExamplePlan.objects.create(
        title=title, match_terms=terms, is_active=is_active, **lampiran
    )
    utama = list(entries) if entries is not None else [make_entry(rhk=f"RHK contoh {title}")]
    rows = [(entry, False) for entry in utama] + [(entry, True) for entry in tambahan]
    for order, (entry, additional) in enumerate(rows, start=1):
        ExamplePlanItem.objects.create(
            plan=example, entry=entry, additional=additional, order=order
        )
    return example
