from django import template

register = template.Library()


@register.filter
def adoption_percent(row, measure: str) -> int:
    """A measure of an OPD's adoption as a whole percentage of its active employees."""
    return row.percent(measure)
