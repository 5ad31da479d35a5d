"""Evaluation: the PPK's ratings per period and the year, finalising, acknowledging."""
