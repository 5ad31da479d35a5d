"""The API's endpoints (endpoints.py) and the admin BKD's page of keys (keys.py)."""
