import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override

from accounts.org.nip import NipError, validate_nip, validate_nip_text


@pytest.mark.parametrize(
    "nip",
    [
        "198503122010011001",  # male PNS
        "199001012019032002",  # female
        "19850312 201001 1 001",  # spaces as printed on documents
        "200002292024061001",  # leap day
    ],
)
def test_valid_nips_pass(nip):
    assert validate_nip_text(nip) == "".join(nip.split())


@pytest.mark.parametrize(
    ("nip", "fragment"),
    [
        ("19850312201001100", "18"),  # 17 digits
        ("1985031220100110011", "18"),  # 19 digits
        ("19850312201001100A", "digits"),
        ("198513122010011001", "birth date"),  # month 13
        ("198502302010011001", "birth date"),  # 30 February
        ("199002292019031001", "birth date"),  # 1990 is not a leap year
        ("198503122010131001", "month"),  # TMT month 13
        ("198503122010003001", "month"),  # TMT month 00
        ("198503122010013001", "gender"),  # gender digit 3
        ("198503122010010001", "gender"),  # gender digit 0
        ("198503121980011001", "after the birth date"),  # TMT before birth
    ],
)
def test_invalid_nips_say_what_is_wrong(nip, fragment):
    with override("en"), pytest.raises(NipError) as error:
        validate_nip_text(nip)
    assert fragment in str(error.value)


def test_messages_are_indonesian_by_default():
    with override("id"), pytest.raises(NipError) as error:
        validate_nip_text("123")
    assert "18 digit" in str(error.value) and "harus" in str(error.value)


def test_field_validator_raises_validation_error():
    with pytest.raises(ValidationError):
        validate_nip("123")
