"""Template tags of the indicator library."""
