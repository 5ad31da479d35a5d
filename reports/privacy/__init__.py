"""Personal data (UU 27/2022): one's own data to download, the access log, retention, the notice."""
