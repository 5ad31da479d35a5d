"""Django loads the app's models from here; each sub-domain keeps its own models.py."""

from interchange.api.models import ApiCall, ApiKey
from interchange.siasn.models import ReferenceCheck, ResultPush, SiasnPerson, SiasnPull

__all__ = ["ApiCall", "ApiKey", "ReferenceCheck", "ResultPush", "SiasnPerson", "SiasnPull"]
