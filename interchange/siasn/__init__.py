"""SIASN (BKN): the web-service client (two tokens, retries), the payloads of results, and the
record of what was pulled and pushed."""
