"""How a system proves itself to the API: `Authorization: Api-Key <prefix>.<secret>`, a rate per
key (API_RATE), and the scheme described in the OpenAPI document."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

from interchange.api.keys import api_key_find
from interchange.api.models import ApiKey

KEYWORD = "Api-Key"


class ApiClient:
    """Stands for `request.user` of an API call: a system, not a person."""

    is_authenticated = True
    is_active = True
    is_superuser = False

    def __init__(self, key: ApiKey):
        self.key = key


class ApiKeyAuthentication(BaseAuthentication):
    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        scheme, _sep, text = header.partition(" ")
        if scheme != KEYWORD:
            return None
        key = api_key_find(text)
        if key is None:
            raise AuthenticationFailed(_("Unknown, expired or revoked API key."))
        return ApiClient(key), key

    def authenticate_header(self, request):
        return KEYWORD


class HasApiKey(BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey)


class ApiKeyThrottle(SimpleRateThrottle):
    scope = "api"

    def get_rate(self):
        # Read per request so a deployment (or a test) can change API_RATE; empty: no limit.
        return settings.API_RATE or None

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <prefix>.<secret>`, as issued by the admin BKD.",
        }
