"""Responses to a signed-in person are kept by no cache: `Cache-Control: private, no-store`.

Nearly every page behind the login shows personal data (an employee's page, a plan, ratings,
evidence, exports). Without the header a shared proxy may keep a copy for the next person, and a
browser keeps one on disk and in its back/forward history after log-out on a shared office PC.
Marking every response to a signed-in user is simpler and safer than remembering it per view. A
view that set its own Cache-Control keeps it; the public pages (the citizens' feedback form, the
log-in page) and static files (WhiteNoise answers before this) are not affected.
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control


class PrivateResponsesMiddleware:
    """Marks each response to an authenticated user `private, no-store` unless it already has a
    Cache-Control header. Sits after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
