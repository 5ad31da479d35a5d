"""Continuous feedback: threads between pegawai and PPK about an RHK, an IKI or a BerAKHLAK value."""
