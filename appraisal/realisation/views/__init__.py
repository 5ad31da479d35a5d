"""Pages of progress: the realisation of a period (page.py) and the daily log."""
