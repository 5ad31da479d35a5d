"""The practice cycle of a workshop ("Siklus latihan"): opened, entered, left and wiped."""
