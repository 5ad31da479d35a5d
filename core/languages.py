"""Bahasa Indonesia unless the user chose otherwise (issue 20.7).

Django's LocaleMiddleware follows the browser's Accept-Language, so a phone set to English showed
English pages to people who never asked for them, in an application whose official language is
Indonesian. Here the language is the one the user chose with the switcher (Django's set_language
view, remembered in its cookie for LANGUAGE_COOKIE_AGE), else LANGUAGE_CODE; the browser's
preference is not consulted.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language the user chose (the set_language cookie), else the default: Indonesian."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in dict(settings.LANGUAGES) and translation.check_for_language(chosen):
        return chosen
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without Accept-Language: the user's choice, else LANGUAGE_CODE."""

    def process_request(self, request) -> None:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
