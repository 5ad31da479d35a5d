"""{% term_help "kurva" %}: a term's help button on a page, outside any form field."""

from django import template
from django.utils.safestring import mark_safe

from core.glossary import term_help as render_term_help

register = template.Library()


@register.simple_tag
def term_help(key: str) -> str:
    return mark_safe(render_term_help(key))  # rendered by our template, values escaped there


@register.inclusion_tag("partials/guide_link.html")
def guide_link(slug: str) -> dict:
    """A link to the help-centre page explaining the page it sits on."""
    return {"slug": slug}
