"""Evaluation pages: one evaluation (page.py: the PPK scores, the employee receives the result)
and the scoring tables of a team or of the heads of OPD (scoring.py)."""
