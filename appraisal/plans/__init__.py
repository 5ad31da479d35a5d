"""Work plans (SKP): writing, cascading, submitting, approving and revising; the PPK's team."""
