"""The audit trail: every model's history searched as one list, newest first."""
