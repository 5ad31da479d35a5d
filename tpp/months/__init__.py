"""The monthly run: each OPD's month computed, reviewed, locked; the lines employees read."""
