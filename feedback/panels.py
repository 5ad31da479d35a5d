"""What the feedback app shows on appraisal pages (appraisal/panels.py names the slots).

Each part of the app has a module `panels_<part>.py` with the functions `realisation`,
`evaluation` and `objection` it needs, each taking (request, object) and returning {slot: html}
with only what the user may see. The slots of the parts are merged here, in this order."""

from __future__ import annotations

from feedback import panels_coaching, panels_public, panels_survey, panels_threads

PARTS = (panels_threads, panels_coaching, panels_survey, panels_public)


def _merge(page: str, request, obj) -> dict:
    merged: dict = {}
    for part in PARTS:
        function = getattr(part, page, None)
        if function is None:
            continue
        for slot, content in (function(request, obj) or {}).items():
            if isinstance(content, dict):
                target = merged.setdefault(slot, {})
                for key, html in content.items():
                    target[key] = target.get(key, "") + html
            else:
                merged[slot] = merged.get(slot, "") + content
    return merged


def realisation_panels(request, realisation) -> dict:
    return _merge("realisation", request, realisation)


def evaluation_panels(request, evaluation) -> dict:
    return _merge("evaluation", request, evaluation)


def objection_panels(request, objection) -> dict:
    return _merge("objection", request, objection)
