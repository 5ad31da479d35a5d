"""The password help texts read as Indonesian sentences (issue 20.15): our msgids, not Django's
"Sandi anda …", for Django's own checks."""

import pytest
from django.contrib.auth.password_validation import (
    get_default_password_validators,
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils import translation


def test_the_help_texts_are_ours_and_are_sentences():
    with translation.override("en"):
        texts = password_validators_help_texts()
    assert texts == [
        "Your password must not be too similar to your other personal information.",
        "Your password must contain at least 8 characters.",
        "Your password must not be a commonly used password.",
        "Your password must not consist of digits only.",
    ]
    with translation.override("id"):
        for text in password_validators_help_texts():
            assert text[0].isupper() and text.endswith(".") and " anda " not in text


def test_the_checks_are_still_djangos():
    assert len(get_default_password_validators()) == 4
    for weak in ("12345678", "password", "pendek"):
        with pytest.raises(ValidationError):
            validate_password(weak)
