"""Writes to cycles and work plans: one function per change (see the modules)."""
