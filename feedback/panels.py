"""What the feedback app shows on appraisal pages (appraisal/panels.py names the slots).

Each part of the app (threads, coaching, 360, public feedback) has a module `panels_<part>.py`
with the functions `realisation`, `evaluation` and `objection` (any of them may be missing), each
taking (request, object) and returning {slot: html} with only what the user may see. The slots of
the parts are merged here, in this order."""

from __future__ import annotations

from importlib import import_module

PARTS = ("threads", "coaching", "survey", "public")


def _merge(page: str, request, obj) -> dict:
    merged: dict = {}
    for part in PARTS:
        try:
            module = import_module(f"feedback.panels_{part}")
        except ModuleNotFoundError:
            continue
        function = getattr(module, page, None)
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
