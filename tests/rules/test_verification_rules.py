"""Pure rules of verifiable documents: the public code, the masked NIP, the version rule. No
database."""

import pytest

from accounts.verification import rules
from accounts.verification.rules import Latest, Step, masked_nip, normalised_code, version_step


def test_a_code_is_twelve_characters_of_the_unambiguous_alphabet():
    codes = {rules.new_code() for _ in range(500)}

    assert len(codes) == 500  # no repeats in a small sample
    for code in codes:
        assert len(code) == 12
        assert set(code) <= set(rules.CODE_ALPHABET)
    assert not set("01OIL") & set(rules.CODE_ALPHABET)
    assert len(rules.CODE_ALPHABET) ** rules.CODE_LENGTH > 10**17  # not enumerable


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("K7MQX2PA9RTD", "K7MQX2PA9RTD"),
        ("k7mqx2pa9rtd", "K7MQX2PA9RTD"),  # typed in lower case
        ("K7MQ-X2PA-9RTD", "K7MQX2PA9RTD"),  # grouped as read aloud
        (" K7MQ X2PA 9RTD ", "K7MQX2PA9RTD"),
        ("K7MQX2PA9RT", None),  # too short
        ("K7MQX2PA9RTDX", None),  # too long
        ("K7MQX2PA9RT0", None),  # 0 is never printed
        ("K7MQX2PA9RTI", None),  # nor I
        ("1", None),
        ("", None),
        ("../../etc/passwd", None),
    ],
)
def test_a_written_code_is_read_in_any_case_or_refused(written, stored):
    assert normalised_code(written) == stored


@pytest.mark.parametrize(
    ("nip", "shown"),
    [
        ("198503152010011003", "1985**********1003"),
        ("1985 0315 2010 01 1 003", "1985**********1003"),  # spaces as some write it
        ("123456789", "1234*6789"),
        ("12345678", "********"),  # too short to keep both ends: nothing shown
        ("123", "***"),
        ("", ""),
    ],
)
def test_the_nip_keeps_only_its_first_and_last_four_digits(nip, shown):
    assert masked_nip(nip) == shown


def test_a_masked_nip_never_shows_more_than_eight_digits():
    for length in range(0, 25):
        nip = "7" * length
        assert sum(char.isdigit() for char in masked_nip(nip)) <= 8


def test_the_first_document_is_version_one():
    assert version_step(None, "a" * 64) == Step(version=1, reuse=False)


def test_unchanged_content_keeps_the_latest_record():
    assert version_step(Latest(3, "a" * 64), "a" * 64) == Step(version=3, reuse=True)


def test_changed_content_is_the_next_version():
    assert version_step(Latest(3, "a" * 64), "b" * 64) == Step(version=4, reuse=False)


def test_content_back_to_an_older_version_is_still_a_new_version():
    # v1 had "a", v2 has "b": "a" again is v3, not v1 revived (what was replaced stays replaced).
    assert version_step(Latest(2, "b" * 64), "a" * 64) == Step(version=3, reuse=False)
