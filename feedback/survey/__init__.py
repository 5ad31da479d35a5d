"""360 input: the PPK asks peers and subordinates about BerAKHLAK values; answers are anonymous."""
