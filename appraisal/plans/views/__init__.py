"""Pages of work plans: the SKP page and its decisions, editing it, the PPK's team."""
