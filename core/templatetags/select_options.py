"""The options of a <select>, written in Python (templates/django/forms/widgets/select.html).

Django renders each option through its own template include; a filter of every OPD of a province
(209 options) then cost more than the rest of the list page. The output is the same markup."""

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def select_options(optgroups) -> str:
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        for option in group_choices:
            parts.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    str(option["value"]),
                    flatatt(option["attrs"]),
                    option["label"],
                )
            )
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("\n  ".join(parts))  # noqa: S308 (every part is escaped by format_html)
