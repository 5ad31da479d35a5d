"""Closing periods and the cycle, with what is still missing per OPD (completeness)."""
