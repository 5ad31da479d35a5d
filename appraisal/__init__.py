"""The appraisal year (PermenPANRB 6/2022), one sub-domain per package; rules.py is pure."""
