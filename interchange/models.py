"""Django loads the app's models from here; each sub-domain keeps its own models.py."""

from interchange.api.models import ApiCall, ApiKey

__all__ = ["ApiCall", "ApiKey"]
