"""How TPP pages write money and percentages: "Rp 1.234.567", "0,5 %"."""

from django import template

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
