"""Django loads the app's models from here; each sub-domain keeps its own models.py."""

from tpp.attendance.models import ColumnMapping, Exemption, Penalty, Recap, RecapImport
from tpp.months.models import Line, Month, PaidRevision, Run
from tpp.schemes.models import Basis, PostClass, SchemeVersion

__all__ = [
    "Basis",
    "ColumnMapping",
    "Exemption",
    "Line",
    "Month",
    "PaidRevision",
    "Penalty",
    "PostClass",
    "Recap",
    "RecapImport",
    "Run",
    "SchemeVersion",
]
