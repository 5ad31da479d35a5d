"""Progress in the year: the daily log, one realisation per period, its values and evidence."""
