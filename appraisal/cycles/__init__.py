"""Cycles, their periods and windows (open for this person today?), extensions, waivers, closures."""
