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
