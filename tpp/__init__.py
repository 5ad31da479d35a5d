"""TPP (Tambahan Penghasilan Pegawai): the scheme per cycle, attendance recaps, the monthly run."""
