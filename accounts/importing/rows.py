"""Checks on one row at a time (no database): required values, NIP shape, enumerations, lengths."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.choices import (
    FUNGSIONAL_KINDS,
    JENJANG_BY_KIND,
    PNS_GOLONGAN,
    PPPK_GOLONGAN,
    EmploymentType,
    Jenjang,
    PositionKind,
    golongan_fits,
)
from accounts.importing.plan import EmployeeRow, RowError
from accounts.importing.workbook import Col, SourceRow
from accounts.org.nip import NipError, validate_nip_text

REQUIRED = (
    Col.NIP,
    Col.NAME,
    Col.STATUS,
    Col.UNIT_CODE,
    Col.UNIT_NAME,
    Col.POSITION_NAME,
    Col.POSITION_KIND,
)
# The model fields' max_length: checked here because PostgreSQL refuses what SQLite accepts.
MAX_LENGTH = {
    Col.NAME: 200,
    Col.FRONT_TITLE: 50,
    Col.BACK_TITLE: 80,
    Col.UNIT_CODE: 40,
    Col.UNIT_NAME: 200,
    Col.PARENT_CODE: 40,
    Col.POSITION_NAME: 255,
    Col.EMAIL: 254,
    Col.PHONE: 30,
}
KIND_BY_LABEL = {kind.label.casefold(): kind.value for kind in PositionKind}
JENJANG_BY_LABEL = {j.label.casefold(): j.value for j in Jenjang}
STATUS_BY_LABEL = {t.label.casefold(): t.value for t in EmploymentType}
PNS_BY_KEY = {g.casefold(): g for g in PNS_GOLONGAN}
PPPK_BY_NUMBER = {str(number): g for number, g in enumerate(PPPK_GOLONGAN, start=1)}


def _normalise_golongan(value: str) -> str:
    """III/A, iii / a and III/a all mean III/a; ix and 9 (a PPPK golongan) mean IX."""
    compact = "".join(value.split())
    if "/" in compact:
        return PNS_BY_KEY.get(compact.casefold(), compact)
    # Looked up as text, never int(): "²" counts as a digit, and int() refuses 5,000 digits.
    if compact.isdigit():
        return PPPK_BY_NUMBER.get(compact.lstrip("0"), compact)
    return compact.upper()


def _allowed_jenjang(kind: str) -> str:
    return ", ".join(j.label for j in JENJANG_BY_KIND[kind])


def check_row(source: SourceRow) -> tuple[EmployeeRow, list[RowError]]:
    """Type one row and list what is wrong with it (each message names the fix).

    The row is returned even with errors (invalid values left empty) so that cross-row checks
    still know its NIP and unit: a supervisor row with a bad e-mail is still "in the file".
    """
    v = source.values
    found = _RowErrors(source.row, list(source.errors))
    _check_presence_and_length(v, found)
    nip, supervisor = _nips(v, found)
    status, golongan = _employment(v, found)
    kind = _position_kind(v, found)
    jenjang = _jenjang(v[Col.JENJANG], kind, found.error)
    email = _email(v[Col.EMAIL], found)
    return (
        EmployeeRow(
            row=source.row,
            nip=nip,
            name=v[Col.NAME],
            front_title=v[Col.FRONT_TITLE],
            back_title=v[Col.BACK_TITLE],
            employment_type=status,
            golongan=golongan,
            unit_code=v[Col.UNIT_CODE],
            unit_name=v[Col.UNIT_NAME],
            parent_code=v[Col.PARENT_CODE],
            position_name=v[Col.POSITION_NAME],
            position_kind=kind,
            jenjang=jenjang,
            supervisor_nip=supervisor,
            email=email,
            phone=v[Col.PHONE],
        ),
        found.errors,
    )


class _RowErrors:
    """The errors of one row so far, and the columns they are in (a column already wrong, e.g.
    a NIP the workbook reader refused, is not checked again)."""

    def __init__(self, row: int, errors: list[RowError]):
        self.row = row
        self.errors = errors
        self.bad_columns = {e.column for e in errors}

    def error(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))
        self.bad_columns.add(column)


def _check_presence_and_length(v: dict, found: _RowErrors) -> None:
    for column in REQUIRED:
        if not v[column]:
            found.error(column, _("This value is required."))
    for column, limit in MAX_LENGTH.items():
        if len(v[column]) > limit:
            found.error(column, _("Too long: at most %(max)d characters.") % {"max": limit})


def _nips(v: dict, found: _RowErrors) -> tuple[str, str]:
    """The row's NIP and its supervisor's, each "" when missing or invalid."""
    nip = _nip(v[Col.NIP], Col.NIP, found.bad_columns, found.error)
    supervisor = _nip(v[Col.SUPERVISOR_NIP], Col.SUPERVISOR_NIP, found.bad_columns, found.error)
    if nip and supervisor and nip == supervisor:
        found.error(Col.SUPERVISOR_NIP, _("An employee cannot be their own direct supervisor."))
        supervisor = ""  # reported once here, not again as a reporting cycle
    return nip, supervisor


def _employment(v: dict, found: _RowErrors) -> tuple[str, str]:
    """The employment status (PNS/PPPK, "" when unknown) and the golongan, normalised."""
    status = STATUS_BY_LABEL.get(v[Col.STATUS].casefold(), "")
    if v[Col.STATUS] and not status:
        found.error(
            Col.STATUS,
            _("Unknown employment status “%(value)s”: use PNS or PPPK.") % {"value": v[Col.STATUS]},
        )
    golongan = _normalise_golongan(v[Col.GOLONGAN])
    if status and not golongan_fits(status, golongan):
        found.error(
            Col.GOLONGAN,
            _(
                "Golongan “%(golongan)s” does not fit %(type)s: PNS take a golongan ruang such "
                "as III/a, PPPK a roman numeral such as IX."
            )
            % {"golongan": v[Col.GOLONGAN], "type": status},
        )
    return status, golongan


def _position_kind(v: dict, found: _RowErrors) -> str:
    kind = KIND_BY_LABEL.get(v[Col.POSITION_KIND].casefold(), "")
    if v[Col.POSITION_KIND] and not kind:
        found.error(
            Col.POSITION_KIND,
            _("Unknown position type “%(value)s”. Allowed: %(allowed)s.")
            % {"value": v[Col.POSITION_KIND], "allowed": ", ".join(PositionKind.labels)},
        )
    return kind


def _email(email: str, found: _RowErrors) -> str:
    if email:
        try:
            validate_email(email)
        except ValidationError:
            found.error(
                Col.EMAIL, _("“%(value)s” is not a valid e-mail address.") % {"value": email}
            )
    return email


def _nip(value: str, column: str, bad_columns: set[str], error) -> str:
    if not value or column in bad_columns:
        return ""
    try:
        return validate_nip_text(value)
    except NipError as problem:
        error(column, str(problem))
        return ""


def _jenjang(value: str, kind: str, error) -> str:
    if not kind:
        return ""
    label = PositionKind(kind).label
    if kind not in FUNGSIONAL_KINDS:
        if value:
            error(
                Col.JENJANG,
                _("Only functional positions have a level (jenjang); leave it empty for %(kind)s.")
                % {"kind": label},
            )
        return ""
    if not value:
        error(
            Col.JENJANG,
            _("A functional position needs its level (jenjang): %(allowed)s.")
            % {"allowed": _allowed_jenjang(kind)},
        )
        return ""
    jenjang = JENJANG_BY_LABEL.get(value.casefold(), "")
    if jenjang not in JENJANG_BY_KIND[kind]:
        error(
            Col.JENJANG,
            _("Level “%(value)s” does not belong to %(kind)s. Allowed: %(allowed)s.")
            % {"value": value, "kind": label, "allowed": _allowed_jenjang(kind)},
        )
        return ""
    return jenjang
