"""The vocabulary of a work plan (aspek, perspektif, BerAKHLAK) and the indicator library."""
