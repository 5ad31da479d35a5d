"""Who opened whose personal data: the access record the pages write (UU 27/2022, PDP)."""
