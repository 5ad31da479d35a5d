"""How TPP pages write money and percentages: "Rp 1.234.567", "0,5 %"."""

from django import template

from tpp.choices import penalty_label
from tpp.months.explain import percent_text

register = template.Library()


@register.filter
def rupiah(amount) -> str:
    if amount is None or amount == "":
        return "–"
    value = int(amount)
    sign = "−" if value < 0 else ""
    return f"{sign}Rp {abs(value):,}".replace(",", ".")


@register.filter
def percent(value) -> str:
    if value is None or value == "":
        return "–"
    return f"{percent_text(value)} %"


@register.filter
def penalty(value) -> str:
    """A penalty's name from its recorded kind (tpp.choices.penalty_label)."""
    return penalty_label(value or "")
