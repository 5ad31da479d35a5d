"""Cycles and their windows (cycles.py); work plans, SKP, with their results and indicators (skp.py)."""

from appraisal.models.calibration import DistributionLimit, PeriodClosure, UnitFinalisation
from appraisal.models.cycles import (
    Cycle,
    PrerequisiteWaiver,
    UnitPredicate,
    Window,
    WindowExtension,
)
from appraisal.models.evaluation import (
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
from appraisal.models.skp import Iki, Lampiran, PerilakuExpectation, RencanaAksi, Rhk, Skp

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
