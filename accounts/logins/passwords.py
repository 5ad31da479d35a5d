"""Django's password validators with help texts of our own (issue 20.15).

Django's Indonesian catalogue words three of its four help texts "Sandi anda …" (a lower-case
"anda", and "sandi" where the rest of the form says "kata sandi"). Our English msgids, translated
in locale/id, make the list under the password field read as proper Indonesian sentences; the
checks themselves, and their error messages, are Django's.
"""

from __future__ import annotations

from django.contrib.auth import password_validation as django_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class UserAttributeSimilarityValidator(django_validation.UserAttributeSimilarityValidator):
    def get_help_text(self) -> str:
        return _("Your password must not be too similar to your other personal information.")


class MinimumLengthValidator(django_validation.MinimumLengthValidator):
    def get_help_text(self) -> str:
        return ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(django_validation.CommonPasswordValidator):
    def get_help_text(self) -> str:
        return _("Your password must not be a commonly used password.")


class NumericPasswordValidator(django_validation.NumericPasswordValidator):
    def get_help_text(self) -> str:
        return _("Your password must not consist of digits only.")
