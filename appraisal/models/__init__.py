"""Cycles and their windows (cycles.py); work plans, SKP, with their results and indicators (skp.py)."""

from .cycles import Cycle, PrerequisiteWaiver, UnitPredicate, Window, WindowExtension
from .evaluation import (
    DailyLog,
    Evaluation,
    Evidence,
    IkiRealisation,
    Objection,
    ObjectionMessage,
    PerilakuFeedback,
    Realisation,
    RhkAssessment,
)
from .skp import Iki, Lampiran, PerilakuExpectation, RencanaAksi, Rhk, Skp

__all__ = [
    "Cycle",
    "DailyLog",
    "Evaluation",
    "Evidence",
    "IkiRealisation",
    "Objection",
    "ObjectionMessage",
    "PerilakuFeedback",
    "Realisation",
    "RhkAssessment",
    "Iki",
    "Lampiran",
    "PerilakuExpectation",
    "PrerequisiteWaiver",
    "RencanaAksi",
    "Rhk",
    "Skp",
    "UnitPredicate",
    "Window",
    "WindowExtension",
]
