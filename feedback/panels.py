"""What the feedback app shows on appraisal pages (appraisal/panels.py names the slots).

Each function returns only what the requesting user may see. The three parts of the app each add
their own pieces here (threads, coaching history, 360 aggregate, public feedback)."""

from __future__ import annotations


def realisation_panels(request, realisation) -> dict:
    return {}


def evaluation_panels(request, evaluation) -> dict:
    return {}


def objection_panels(request, objection) -> dict:
    return {}
