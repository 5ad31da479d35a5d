"""Verifiable documents: a record of every PDF we generate (kind, owner, period, version, the
SHA-256 of the file served), the QR code and short code printed in its footer, and the public
page `/v/<code>/` that says what the document is and whether an uploaded copy is exactly it.

Below logins (whose activation slips are documents too) and above org (a record's owner is an
Employee); the apps above register their documents through `services.document_issue`. Signing
(issue 23, later items) fills the record's signed-by fields and its signed-file slot."""
