"""{{ text|one_full_stop }}: core.text.one_full_stop in templates."""

from django import template
from django.template.defaultfilters import stringfilter

from core.text import one_full_stop as _one_full_stop

register = template.Library()


@register.filter(is_safe=True)
@stringfilter
def one_full_stop(text: str) -> str:
    return _one_full_stop(text)
