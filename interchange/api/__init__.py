"""The read-only REST API for the Pemda's own systems (/api/v1/): API keys, endpoints, OpenAPI."""
