"""Cycles and their windows (cycles.py); work plans, SKP, with their results and indicators (skp.py)."""

from .calibration import DistributionLimit, PeriodClosure, UnitFinalisation
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
    "DistributionLimit",
    "PeriodClosure",
    "UnitFinalisation",
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
