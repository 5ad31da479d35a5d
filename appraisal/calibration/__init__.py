"""Calibration: organisational predicates, the distribution pattern, finalising a unit."""
