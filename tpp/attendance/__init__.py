"""Attendance recaps per month (imported), disciplinary penalties, exemptions."""
