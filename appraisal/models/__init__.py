"""Cycles and their windows (cycles.py); work plans, SKP, with their results and indicators (skp.py)."""

from .cycles import Cycle, PrerequisiteWaiver, Window, WindowExtension
from .skp import Iki, Lampiran, PerilakuExpectation, RencanaAksi, Rhk, Skp

__all__ = [
    "Cycle",
    "Iki",
    "Lampiran",
    "PerilakuExpectation",
    "PrerequisiteWaiver",
    "RencanaAksi",
    "Rhk",
    "Skp",
    "Window",
    "WindowExtension",
]
