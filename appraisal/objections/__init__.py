"""Objections to a final result: filing within the deadline, the thread, the Atasan PPK's decision."""
