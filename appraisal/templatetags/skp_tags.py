"""Template helpers for rendering an SKP wherever it appears (detail, review, PDF)."""

from django import template

from appraisal import rules
from indicators.choices import GUIDE_BEHAVIOURS, BerakhlakValue, TargetDirection

register = template.Library()


@register.simple_tag
def perilaku_rows(skp):
    """The seven BerAKHLAK values with their guide behaviours and the PPK's expectation."""
    expectations = {e.value: e.text for e in skp.expectations.all()}
    return [
        {
            "value": value,
            "behaviours": GUIDE_BEHAVIOURS[value],
            "expectation": expectations.get(value, ""),
        }
        for value in BerakhlakValue
    ]


@register.simple_tag
def rhks_in(skp, section):
    return [r for r in skp.rhks.all() if r.section == section]


@register.simple_tag
def lampiran_in(skp, kind):
    return [item for item in skp.lampiran.all() if item.kind == kind]


@register.simple_tag
def period_label(skp, number):
    period = skp.cycle.period(number)
    return period.label if period else number


@register.simple_tag
def lookup(mapping, key):
    """mapping[key] in a template, or an empty list when absent."""
    return (mapping or {}).get(key, [])


@register.filter
def field_for_rhk(form, rhk_id):
    """The feedback and label fields of one RHK in the evaluation form."""
    return {
        "feedback": form.rhk_field(rhk_id, "feedback"),
        "label": form.rhk_field(rhk_id, "label"),
    }


@register.filter
def field_for_value(form, value):
    return form.perilaku_field(value)


@register.inclusion_tag("appraisal/_achievement.html")
def achievement(iki, value):
    """The capaian of a realised value against the IKI's target with its "on track" hint, by the
    target's direction (lower is better under a ceiling); nothing without two numbers."""
    percent = iki.achievement(value)
    return {
        "percent": percent,
        "met": rules.target_met(percent),
        "ceiling": iki.target_direction == TargetDirection.AT_MOST,
    }
