"""Evidence from higher apps on appraisal pages, without appraisal importing them.

The feedback app (above appraisal) shows threads, coaching history, 360 aggregates and public
feedback on the realisation, evaluation and objection pages. Each page asks the callables
registered on its extension point (appraisal.extensions: `realisation_panels`,
`evaluation_panels`, `objection_panels`) for HTML to put in its slots; a callable takes
(request, page object) and returns {slot: html}:

- "rhk": {rhk id: html} under each RHK; "iki": {iki id: html} under each IKI's realisation;
- "value": {BerAKHLAK value: html} under each value of Perilaku Kerja;
- "bottom": html at the end of the page (the aside of the objection page).

A callable returns only what the requesting user may see; an empty dict shows nothing.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils.safestring import mark_safe

from core.extensions import ExtensionPoint

KEYED_SLOTS = ("rhk", "iki", "value")


def page_panels(point: ExtensionPoint, request, obj) -> dict:
    keyed: dict[str, dict] = {slot: defaultdict(str) for slot in KEYED_SLOTS}
    bottom = []
    for panels_of in point:
        for slot, content in (panels_of(request, obj) or {}).items():
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
