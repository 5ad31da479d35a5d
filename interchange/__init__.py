"""Exchange with the systems around us: SIASN (BKN's civil-service information system, pull of
the organisation and push of results) and a read-only API for the Pemda's own systems."""
