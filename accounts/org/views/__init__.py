"""Pages of the organisation: the home page, units and positions, employees."""
