"""The demo indicator library."""
