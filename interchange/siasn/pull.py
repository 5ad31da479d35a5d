"""Pulling the organisation from SIASN (issue 21, item 2): units (`ref-unor`), employees
(`data-utama`) and their current posts (`rw-jabatan`) become rows of the employee workbook, and
those rows go through the Excel import's own preview → confirm (accounts.importing): the same
checks, all-or-nothing, the row report, history, accounts provisioned.

Who is read: the active employees of the scope (every OPD, or one) and any NIP named in addition
(SIASN's public web services offer no list of an instansi's employees: a newcomer is pulled by
their NIP). What is never overwritten: where someone already sits in our tree, their supervisor
stays the one our tree gives them (appraiser overrides and Plt/Plh are not in the workbook at all);
units keep our names and places; e-mail and phone numbers stay ours. SIASN's atasan is kept
(SiasnPerson) and a difference with our PPK is reported by the reporting-line diagnostics, never
applied. Only people whose data differs get a row, so a second pull of the same data changes
nothing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from accounts.choices import EmployeeStatus, Jenjang, PositionKind
from accounts.importing import COLUMNS, parse_and_validate
from accounts.importing.records import import_record_create
from accounts.importing.snapshot import EmployeeSnap, Snapshot, UnitSnap
from accounts.importing.workbook import DATA_SHEET, Col
from accounts.org.models import Employee
from core.actor import Actor
from interchange.siasn import organisation
from interchange.siasn.client import SiasnClient, SiasnError, SiasnRefused
from interchange.siasn.models import PullState, SiasnPerson, SiasnPull
from interchange.siasn.organisation import Person, Unit

NIP = re.compile(r"^\d{18}$")
# Where someone sits under a vacant post: the workbook cannot name who is above them.
VACANT = object()
# Kinds of note a pull leaves (SiasnPull.notes), in the order shown.
NOT_FOUND, ELSEWHERE, NO_UNIT, VACANT_ABOVE, UNKNOWN_ATASAN = (
    "not_found",
    "elsewhere",
    "no_unit",
    "vacant_above",
    "unknown_atasan",
)


def note_label(kind: str) -> str:
    return {
        NOT_FOUND: _("Not in SIASN"),
        ELSEWHERE: _("In another instansi"),
        NO_UNIT: _("Unit not in the instansi"),
        VACANT_ABOVE: _("No definitive holder above"),
        UNKNOWN_ATASAN: _("SIASN's atasan is not here"),
    }.get(kind, kind)


@dataclass
class Pulled:
    """What SIASN answered for the NIPs asked."""

    units: dict[str, Unit]
    people: list[Person] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)


def nips_in_scope(opd_code: str = "", extra: Iterable[str] = ()) -> list[str]:
    """The NIPs to read: the active employees of the OPD (all OPDs), then those named."""
    active = Employee.objects.filter(status=EmployeeStatus.ACTIVE)
    if opd_code:
        active = active.filter(position__unit__opd__code=opd_code)
    nips = list(active.order_by("nip").values_list("nip", flat=True))
    seen = set(nips)
    for nip in extra:
        if nip not in seen:
            nips.append(nip)
            seen.add(nip)
    return nips


def fetch(client: SiasnClient, nips: Iterable[str]) -> Pulled:
    """ref-unor once, then data-utama and rw-jabatan per NIP (two reads each)."""
    instansi = settings.SIASN_INSTANSI_ID
    items = client.ref_unor()
    if instansi and isinstance(items, list):  # keep our instansi's units where SIASN says
        items = [i for i in items if not isinstance(i, dict) or _instansi(i) in ("", instansi)]
    pulled = Pulled(organisation.units_from(items))
    for nip in nips:
        try:
            found = client.data_utama(nip)
        except SiasnRefused as refusal:  # BKN answers an unknown NIP with a refusal
            pulled.notes.append(_note(nip, "", NOT_FOUND, str(refusal)))
            continue
        person = organisation.person_from(found, client.rw_jabatan(nip) if found else [])
        if person is None:
            pulled.notes.append(_note(nip, "", NOT_FOUND, _("SIASN has no employee with it.")))
        elif instansi and person.instansi_id and person.instansi_id != instansi:
            detail = _("SIASN places them in another instansi; nothing changes here.")
            pulled.notes.append(_note(nip, person.name, ELSEWHERE, detail))
        else:
            pulled.people.append(person)
    return pulled


def _instansi(item: dict) -> str:
    return str(item.get("InstansiId") or item.get("instansiId") or "")


def _note(nip: str, name: str, kind: str, detail: str) -> dict:
    return {"nip": nip, "name": name, "kind": kind, "detail": detail}


# ----- SIASN's units in our tree -----------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    """Where a SIASN unit lands here: an existing unit (its code, name and parent as we keep
    them) or a new one coded by its SIASN id."""

    code: str
    name: str
    parent_code: str
    unit_id: int | None


def place_units(units: dict[str, Unit], snap: Snapshot) -> dict[str, Placed]:
    """Each SIASN unit below the instansi's top, placed: an earlier pull's unit (coded by its
    SIASN id), else ours of the same name under the same parent (an OPD: at the top), else new."""
    by_name: dict[tuple, UnitSnap] = {}
    for unit in snap.units_by_id.values():
        by_name.setdefault((unit.parent_id, unit.name.casefold()), unit)
    tops = organisation.roots(units)
    placed: dict[str, Placed] = {}
    for unit in organisation.top_down(units):
        parent = None if unit.parent_id in tops else placed.get(unit.parent_id)
        if unit.parent_id not in tops and parent is None:
            continue
        parent_id = parent.unit_id if parent else None
        ours = snap.units_by_code.get(unit.id[:40])
        if ours is None and (parent is None or parent_id is not None):
            ours = by_name.get((parent_id, " ".join(unit.name.split()).casefold()))
        if ours is not None:
            above = snap.units_by_id.get(ours.parent_id) if ours.parent_id else None
            placed[unit.id] = Placed(ours.code, ours.name, above.code if above else "", ours.id)
        else:
            placed[unit.id] = Placed(unit.id[:40], unit.name, parent.code if parent else "", None)
    return placed


# ----- rows of the employee workbook -------------------------------------------------------------


@dataclass
class Rows:
    rows: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    unchanged: int = 0
    new: int = 0
    changed: int = 0


def _label(choices, value: str) -> str:
    return choices(value).label if value else ""


def _supervisor_here(employee: EmployeeSnap, snap: Snapshot) -> str | None:
    """The NIP our tree places above the employee's post ("" for the head of an OPD); None when
    the post above is vacant (the workbook cannot name it)."""
    post = snap.positions.get(employee.position_id)
    if post is None or post.parent_id is None:
        return ""
    holders = sorted(snap.holders.get(post.parent_id, []))
    return holders[0] if holders else None


def _here(employee: EmployeeSnap | None, snap: Snapshot) -> tuple:
    """The employee as a workbook row would say it today (for the comparison)."""
    if employee is None or employee.position_id is None:
        return ()
    post = snap.positions[employee.position_id]
    unit = snap.units_by_id[post.unit_id]
    return (
        employee.name,
        employee.front_title,
        employee.back_title,
        employee.employment_type,
        employee.golongan,
        unit.code,
        " ".join(post.name.split()).casefold(),
        _label(PositionKind, post.kind),
        _label(Jenjang, post.jenjang),
        _supervisor_here(employee, snap),
    )


def build_rows(pulled: Pulled, snap: Snapshot) -> Rows:
    """The workbook rows of the people whose data differs from ours, and notes on the rest."""
    placed = place_units(pulled.units, snap)
    pulling = {p.nip for p in pulled.people}
    out = Rows(notes=list(pulled.notes))
    for person in pulled.people:
        employee = snap.employees.get(person.nip)
        unit = placed.get(person.unit_id)
        if unit is None:
            detail = _("SIASN's unit %(unit)s is not among the instansi's units.") % {
                "unit": person.unit_id or "-"
            }
            out.notes.append(_note(person.nip, person.name, NO_UNIT, detail))
            continue
        supervisor = _supervisor(person, employee, unit, pulled.units, snap, pulling, out)
        if supervisor is None:
            continue
        row = _row(person, employee, unit, supervisor or "", snap)
        if _as_row(row, supervisor) == _here(employee, snap):
            out.unchanged += 1
        elif supervisor is VACANT:  # differs, but the workbook cannot name their place
            detail = _(
                "The post above theirs has no definitive holder here (vacant, or held by a Plt or "
                "Plh): the pull cannot place them. Change their data on their page."
            )
            out.notes.append(_note(person.nip, person.name, VACANT_ABOVE, detail))
        else:
            out.rows.append(row)
            if employee is None:
                out.new += 1
            else:
                out.changed += 1
    return out


def _as_row(row: dict, supervisor) -> tuple:
    """A row's values compared with _here()."""
    return (
        row[Col.NAME],
        row[Col.FRONT_TITLE],
        row[Col.BACK_TITLE],
        row[Col.STATUS],
        row[Col.GOLONGAN],
        row[Col.UNIT_CODE],
        row[Col.POSITION_NAME].casefold(),
        row[Col.POSITION_KIND],
        row[Col.JENJANG],
        None if supervisor is VACANT else supervisor,
    )


def _supervisor(person, employee, unit: Placed, units, snap, pulling, out: Rows):
    """Who the row names above the person: where they already sit in this unit, whoever our
    tree places there (a local decision); for a newcomer or a mutasi, SIASN's atasan. None (and a
    note) when that cannot be said; VACANT when the post above theirs is vacant here."""
    in_place = employee is not None and employee.position_id is not None
    if in_place and snap.positions[employee.position_id].unit_id == unit.unit_id:
        here = _supervisor_here(employee, snap)
        return VACANT if here is None else here
    atasan = organisation.atasan_nip(person, units)
    known = snap.employees.get(atasan)
    if not atasan or atasan in pulling or (known and known.status == EmployeeStatus.ACTIVE):
        return atasan
    detail = _("SIASN's atasan %(nip)s is not an active employee here: add them first.") % {
        "nip": atasan
    }
    out.notes.append(_note(person.nip, person.name, UNKNOWN_ATASAN, detail))
    return None


def _row(person: Person, employee, unit: Placed, supervisor: str, snap: Snapshot) -> dict:
    kind, jenjang = person.post_kind, person.jenjang
    if employee is not None and employee.position_id is not None:
        post = snap.positions[employee.position_id]
        if post.unit_id == unit.unit_id and post.name.casefold() == person.post_name.casefold():
            # The same post: its kind and level as we keep them (set by an admin here).
            kind, jenjang = _label(PositionKind, post.kind), _label(Jenjang, post.jenjang)
    golongan = person.golongan or (employee.golongan if employee else "")
    return {
        Col.NIP: person.nip,
        Col.NAME: person.name,
        Col.FRONT_TITLE: person.front_title,
        Col.BACK_TITLE: person.back_title,
        Col.STATUS: person.status,
        Col.GOLONGAN: golongan,
        Col.UNIT_CODE: unit.code,
        Col.UNIT_NAME: unit.name,
        Col.PARENT_CODE: unit.parent_code,
        Col.POSITION_NAME: person.post_name,
        Col.POSITION_KIND: kind,
        Col.JENJANG: jenjang,
        Col.SUPERVISOR_NIP: supervisor,
        Col.EMAIL: employee.email if employee and employee.email else person.email,
        Col.PHONE: employee.phone if employee and employee.phone else person.phone,
    }


def workbook_bytes(rows: list[dict]) -> bytes:
    """The rows as the employee workbook (its sheet and headers), NIPs as text."""
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append([row[column] for column in COLUMNS])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ----- the pull ----------------------------------------------------------------------------------


def remember(pulled: Pulled) -> None:
    """Keep SIASN's view of each person read (id, unit, atasan), replacing the last one; set
    the SIASN id of our employees that lack it (SIASN's identity, not a local decision)."""
    now = timezone.now()
    names = {p.nip: p.name for p in pulled.people}
    records = []
    for person in pulled.people:
        unit = pulled.units.get(person.unit_id)
        atasan = organisation.atasan_nip(person, pulled.units)
        records.append(
            SiasnPerson(
                nip=person.nip,
                siasn_id=person.siasn_id,
                name=person.name[:200],
                unit_id=person.unit_id,
                unit_name=(unit.name if unit else "")[:255],
                post_name=person.post_name[:255],
                atasan_nip=atasan,
                atasan_name=names.get(atasan, "")[:200],
                pulled_at=now,
            )
        )
    fields = ["siasn_id", "name", "unit_id", "unit_name", "post_name", "atasan_nip"]
    with transaction.atomic():
        SiasnPerson.objects.bulk_create(
            records,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["nip"],
            update_fields=[*fields, "atasan_name", "pulled_at"],
        )
        ids = {p.nip: p.siasn_id for p in pulled.people if p.siasn_id}
        missing = Employee.objects.filter(nip__in=list(ids), siasn_id="")
        for employee in missing:
            employee.siasn_id = ids[employee.nip]
        Employee.objects.bulk_update(missing, ["siasn_id"], batch_size=1000)


def pull_preview(
    actor: Actor, *, opd_code: str = "", extra_nips: Iterable[str] = (), dry_run: bool = False
) -> SiasnPull:
    """Read SIASN and prepare the import of what differs: a SiasnPull whose employee_import
    waits on the import's preview page for confirmation. With dry_run nothing is kept (the
    returned pull is not saved)."""
    pull = SiasnPull(started_by=actor.user, opd_code=opd_code)
    try:
        with SiasnClient() as client:
            pulled = fetch(client, nips_in_scope(opd_code, extra_nips))
    except SiasnError as error:
        pull.state, pull.message = PullState.FAILED, str(error)
        if not dry_run:
            pull.save()
        return pull
    if not dry_run:
        remember(pulled)
    prepared = build_rows(pulled, Snapshot.load())
    pull.notes = prepared.notes
    pull.counts = {
        "read": len(pulled.people),
        "new": prepared.new,
        "changed": prepared.changed,
        "unchanged": prepared.unchanged,
        "noted": len(prepared.notes),
    }
    if not prepared.rows:
        pull.state = PullState.NOTHING
        if not dry_run:
            pull.save()
        return pull
    data = workbook_bytes(prepared.rows)
    plan = parse_and_validate(io.BytesIO(data), actor=actor)
    pull.plan = plan
    if not plan.ok:
        pull.state, pull.errors = PullState.INVALID, plan.errors_as_dicts()[:1000]
    else:
        pull.state = PullState.READY
    if dry_run:
        return pull
    if plan.ok:
        name = f"SIASN {timezone.localtime():%Y-%m-%d %H.%M}.xlsx"
        pull.employee_import = import_record_create(ContentFile(data), plan, name, actor=actor)
    pull.save()
    return pull
