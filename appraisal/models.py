"""Django loads the app's models from here; each sub-domain keeps its own models.py."""

from appraisal.calibration.models import DistributionLimit
from appraisal.cycles.models import (
    Cycle,
    PeriodClosure,
    PrerequisiteWaiver,
    UnitFinalisation,
    UnitPredicate,
    Window,
    WindowExtension,
)
from appraisal.evaluation.models import Evaluation, PerilakuFeedback, RhkAssessment
from appraisal.objections.models import Objection, ObjectionMessage
from appraisal.plans.models import Iki, Lampiran, PerilakuExpectation, RencanaAksi, Rhk, Skp
from appraisal.realisation.models import DailyLog, Evidence, IkiRealisation, Realisation

__all__ = [
    "Cycle",
    "DailyLog",
    "DistributionLimit",
    "Evaluation",
    "Evidence",
    "Iki",
    "IkiRealisation",
    "Lampiran",
    "Objection",
    "ObjectionMessage",
    "PerilakuExpectation",
    "PerilakuFeedback",
    "PeriodClosure",
    "PrerequisiteWaiver",
    "RencanaAksi",
    "Realisation",
    "Rhk",
    "RhkAssessment",
    "Skp",
    "UnitFinalisation",
    "UnitPredicate",
    "Window",
    "WindowExtension",
]
