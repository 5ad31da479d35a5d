"""The organisation: units, positions, employees, assignments, reporting lines, roles."""
