"""NIP (Nomor Induk Pegawai) validation, per domain §1.

18 digits: birth date YYYYMMDD + TMT CPNS YYYYMM + gender digit (1/2) + a 3-digit sequence. PPPK numbers
have the same shape and are treated the same. Pure Python so the import parser and forms share it.
"""

import datetime as dt

from django.utils.translation import gettext as _

NIP_LENGTH = 18
EARLIEST_YEAR = 1900


class NipError(ValueError):
    """The NIP is malformed; the message is ready to show to a user."""


def validate_nip_text(value: str) -> str:
    """Return the NIP stripped of spaces, or raise NipError with a message saying what is wrong."""
    nip = "".join(str(value).split())
    # isdigit() alone lets through other scripts' digits (١, １) and "²", which int() refuses.
    if not (nip.isascii() and nip.isdigit()):
        raise NipError(_("NIP must contain digits only."))
    if len(nip) != NIP_LENGTH:
        raise NipError(
            _("NIP must be %(expected)d digits long (got %(actual)d).")
            % {"expected": NIP_LENGTH, "actual": len(nip)}
        )
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError(_("The birth date in the NIP (digits 1–8) is not a valid date.")) from None
    tmt_year, tmt_month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= tmt_month <= 12:
        raise NipError(_("The TMT CPNS month in the NIP (digits 13–14) is not a valid month."))
    if birth.year < EARLIEST_YEAR or tmt_year < EARLIEST_YEAR:
        raise NipError(_("The years in the NIP are too early to be real."))
    if (tmt_year, tmt_month) <= (birth.year, birth.month):
        raise NipError(_("The TMT CPNS in the NIP (digits 9–14) must be after the birth date."))
    if nip[14] not in "12":
        raise NipError(_("The gender digit of the NIP (digit 15) must be 1 or 2."))
    return nip


def validate_nip(value: str) -> None:
    """Django field validator wrapping validate_nip_text."""
    from django.core.exceptions import ValidationError

    try:
        validate_nip_text(value)
    except NipError as error:
        raise ValidationError(str(error), code="invalid_nip") from None


NIK_LENGTH = 16


def validate_nik(value: str) -> None:
    """The NIK (Nomor Induk Kependudukan) of the KTP: 16 digits. BSrE knows signers by it."""
    from django.core.exceptions import ValidationError

    nik = "".join(str(value).split())
    if not (nik.isascii() and nik.isdigit()) or len(nik) != NIK_LENGTH:
        raise ValidationError(
            _("NIK must be %(expected)d digits (the number on the KTP).")
            % {"expected": NIK_LENGTH},
            code="invalid_nik",
        )
