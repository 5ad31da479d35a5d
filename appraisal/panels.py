"""Evidence from higher apps on appraisal pages, without appraisal importing them.

The feedback app (above appraisal) shows threads, coaching history, 360 aggregates and public
feedback on the realisation, evaluation and objection pages. Each page asks the callables named in
a setting (`REALISATION_PANELS`, `EVALUATION_PANELS`, `OBJECTION_PANELS`) for HTML to put in its
slots; a callable takes (request, page object) and returns {slot: html}:

- "rhk": {rhk id: html} under each RHK; "iki": {iki id: html} under each IKI's realisation;
- "value": {BerAKHLAK value: html} under each value of Perilaku Kerja;
- "bottom": html at the end of the page (the aside of the objection page).

A callable returns only what the requesting user may see; an empty dict shows nothing.
"""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

KEYED_SLOTS = ("rhk", "iki", "value")


def page_panels(setting: str, request, obj) -> dict:
    keyed: dict[str, dict] = {slot: defaultdict(str) for slot in KEYED_SLOTS}
    bottom = []
    for path in getattr(settings, setting, ()):
        for slot, content in (import_string(path)(request, obj) or {}).items():
            if slot in KEYED_SLOTS:
                for key, html in content.items():
                    keyed[slot][key] += html
            else:
                bottom.append(content)
    panels = {
        slot: {key: mark_safe(html) for key, html in items.items()}  # noqa: S308 - rendered templates
        for slot, items in keyed.items()
    }
    panels["bottom"] = mark_safe("".join(bottom))  # noqa: S308 - rendered templates
    return panels
