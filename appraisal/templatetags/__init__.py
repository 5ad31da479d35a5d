"""Template tags of the appraisal pages."""
