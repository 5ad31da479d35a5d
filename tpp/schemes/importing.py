"""Post classes and named-post bases from a workbook: one row per post (unit code, post name,
its class from the Perbup on post classes, and a basis where the Perkada names the post). All
rows or none; the bases go into the scheme version of the first open month, like any change."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts.importing.workbook import header_key, unpacked_size_problem
from accounts.org.models import Position
from appraisal.cycles.models import Cycle
from core.actor import Actor
from core.errors import DomainError
from core.history import history_options
from core.spreadsheets import row_values
from tpp.choices import BasisKind
from tpp.schemes.models import PostClass
from tpp.schemes.services import set_bases, version_for_change

UNIT, POST, CLASS, BASIS = "Kode Unit", "Nama Jabatan", "Kelas Jabatan", "Basis TPP"
HEADERS = (UNIT, POST, CLASS, BASIS)
MAX_BASIS = 1_000_000_000


@dataclass
class PostRow:
    row: int
    position_ids: list[int]
    kelas: int | None
    amount: int | None


@dataclass
class PostsRead:
    rows: list[PostRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row, message)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors


def read(file) -> PostsRead:
    """Read and check the workbook; nothing is written."""
    found = PostsRead()
    problem = unpacked_size_problem(file)
    if problem is not None:
        found.file_errors.extend(problem.file_errors)
        return found
    file.seek(0)
    try:
        rows = list(
            load_workbook(file, read_only=True, data_only=True).active.iter_rows(values_only=True)
        )
    except Exception:  # noqa: BLE001 - openpyxl's many ways to fail on a damaged file
        found.file_errors.append(_("The workbook could not be read; save it again as .xlsx."))
        return found
    header = [header_key(cell) for cell in (rows[0] if rows else ())]
    missing = [name for name in HEADERS if header_key(name) not in header]
    if missing:
        found.file_errors.append(_("Columns missing: %(list)s.") % {"list": ", ".join(missing)})
        return found
    at = {name: header.index(header_key(name)) for name in HEADERS}
    posts = _posts()
    for number, cells in enumerate(rows[1:], start=2):
        values = {name: cells[at[name]] if at[name] < len(cells) else None for name in HEADERS}
        if all(value in (None, "") for value in values.values()):
            continue
        _row(number, values, posts, found)
    return found


def _posts() -> dict[tuple[str, str], list[int]]:
    posts: dict[tuple[str, str], list[int]] = {}
    for pk, code, name in Position.objects.filter(is_active=True).values_list(
        "pk", "unit__code", "name"
    ):
        posts.setdefault((code.casefold(), " ".join(name.split()).casefold()), []).append(pk)
    return posts


def _row(number: int, values: dict, posts: dict, found: PostsRead) -> None:
    key = (
        str(values[UNIT] or "").strip().casefold(),
        " ".join(str(values[POST] or "").split()).casefold(),
    )
    position_ids = posts.get(key)
    if not position_ids:
        found.errors.append((number, _("No active post “%(post)s” in unit %(unit)s.") % {
            "post": values[POST] or "", "unit": values[UNIT] or ""}))  # fmt: skip
        return
    kelas, kelas_ok = _whole(values[CLASS], 1, 17)
    amount, amount_ok = _whole(values[BASIS], 0, MAX_BASIS)
    if not kelas_ok:
        found.errors.append((number, _("The post class must be a whole number from 1 to 17.")))
    if not amount_ok:
        found.errors.append((number, _("The TPP basis must be a whole number of rupiah.")))
    if kelas is None and amount is None and kelas_ok and amount_ok:
        found.errors.append((number, _("Give the post class, the basis, or both.")))
    if kelas_ok and amount_ok:
        found.rows.append(PostRow(number, position_ids, kelas, amount))


THOUSANDS = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")  # 2.500.000 or 2,500,000
WHOLE_TEXT = re.compile(r"[0-9]+(?:[.,]0+)?")  # 2500000 or 2500000,00


def _whole(value, low: int, high: int) -> tuple[int | None, bool]:
    """A whole number from a cell: a number, or text with thousands separators as Indonesian
    writes them ("2.500.000"), or with a zero fraction ("2500000,00"); any other fraction is
    refused rather than guessed."""
    if value in (None, ""):
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int | float):
        number = int(value) if float(value).is_integer() else None
    else:
        text = "".join(str(value).split())
        if THOUSANDS.fullmatch(text) and len(text) > 4:
            number = int(re.sub(r"[.,]", "", text))
        elif WHOLE_TEXT.fullmatch(text):
            number = int(re.split(r"[.,]", text)[0])
        else:
            number = None
    return number, number is not None and low <= number <= high


def posts_import(cycle: Cycle, found: PostsRead, reason: str, *, actor: Actor) -> int:
    """Write the classes and the named-post bases; returns how many posts changed."""
    if not found.ok:
        raise DomainError(_("The file has errors: nothing was imported."))
    with transaction.atomic():
        version = version_for_change(cycle, reason, actor=actor)
        classes = {pk: row.kelas for row in found.rows if row.kelas for pk in row.position_ids}
        bases = {
            pk: row.amount
            for row in found.rows
            if row.amount is not None
            for pk in row.position_ids
        }
        _set_classes(classes, reason, actor)
        set_bases(version, BasisKind.POST, bases, reason, actor=actor, only_given=True)
    return len(classes.keys() | bases.keys())


def _set_classes(classes: dict[int, int], reason: str, actor: Actor) -> None:
    existing = {c.position_id: c for c in PostClass.objects.filter(position_id__in=classes)}
    changed = []
    for pk, kelas in classes.items():
        if pk in existing and existing[pk].kelas != kelas:
            existing[pk].kelas = kelas
            changed.append(existing[pk])
    if changed:
        bulk_update_with_history(
            changed, PostClass, ["kelas"], **history_options(reason, actor=actor)
        )
    new = [
        PostClass(position_id=pk, kelas=kelas)
        for pk, kelas in classes.items()
        if pk not in existing
    ]
    if new:
        bulk_create_with_history(new, PostClass, **history_options(reason, actor=actor))


def template_workbook(cycle: Cycle) -> bytes:
    """Every active post with its class and named basis today, to fill in and upload back."""
    import io

    from tpp.schemes.selectors import version_in_force

    version = version_in_force(cycle.year, 12)
    named = (
        dict(version.bases.filter(kind=BasisKind.POST).values_list("position_id", "amount"))
        if version
        else {}
    )
    classes = dict(PostClass.objects.values_list("position_id", "kelas"))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Jabatan")
    sheet.append(row_values(sheet, list(HEADERS)))
    posts = Position.objects.filter(is_active=True).order_by("unit__code", "name")
    for pk, code, name in posts.values_list("pk", "unit__code", "name").iterator(chunk_size=2000):
        sheet.append(
            row_values(sheet, [code, name, classes.get(pk), named.get(pk)])
        )  # names typed by admins
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
