"""Views of cycles and work plans, one module per audience (see urls.py)."""
