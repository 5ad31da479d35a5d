"""Demo feedback for the demo agency (seed_demo runs seed_feedback through DEMO_SEEDERS): each
part of the app seeds its own in `demo_<part>.py` (a function `seed(today) -> dict`)."""

from __future__ import annotations

from importlib import import_module

from django.utils import timezone


def seed_feedback(today=None) -> dict:
    today = today or timezone.localdate()
    result = {}
    for part in ("threads", "coaching", "survey", "public"):
        try:
            module = import_module(f"feedback.demo_{part}")
        except ModuleNotFoundError:
            continue
        # seed_demo prints the integer counts: keep them flat.
        result.update({f"{part}_{key}": value for key, value in module.seed(today).items()})
    return result
