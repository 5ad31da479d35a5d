"""Template filters of the TPP pages."""
