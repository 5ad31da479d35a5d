"""Template helpers for pages that include the library search panel (e.g. the SKP editor)."""

from django import template

from indicators.choices import PositionGroup, Sector

register = template.Library()


@register.simple_tag
def library_sectors():
    """The sector choices for the panel's select, so including pages need not pass them."""
    return Sector.choices


@register.simple_tag
def library_groups():
    return PositionGroup.choices


@register.filter
def coach_hints(iki) -> list[str]:
    """The indicator coach's hints for a saved IKI (the PPK reads them when reviewing)."""
    from indicators.hints import iki_messages

    return iki_messages(iki)
