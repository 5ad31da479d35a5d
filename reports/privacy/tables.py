"""A person's data as tables: the same rows become the JSON, the workbook's sheets and the PDF.

A table is read with one `values()` query; its columns name the ORM lookup, the JSON key and
the header people read (the model's translated verbose name, or the audit trail's label for a
field that has none). Choice fields keep their code in the JSON and show their label elsewhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from reports.audit.selectors import FIELD_LABELS


@dataclass(frozen=True)
class Column:
    key: str  # the JSON key
    label: str | Promise  # the header people read
    lookup: str = ""  # the ORM lookup the value comes from
    choices: Mapping | None = None  # code → label, for the readable formats
    identifier: bool = False  # a public id: joins the JSON's tables, noise on paper


@dataclass
class Table:
    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[dict] = field(default_factory=list)
    single: bool = False  # one record: shown as label/value lines
    note: str | Promise = ""

    def readable_rows(self, cols: list[Column] | None = None) -> list[list]:
        """Each row's values as people read them, in the order of `cols` (default: all)."""
        cols = self.columns if cols is None else cols
        return [[readable(row.get(c.key), c) for c in cols] for row in self.rows]

    def as_json(self) -> list[dict] | dict | None:
        rows = [{c.key: plain(row.get(c.key)) for c in self.columns} for row in self.rows]
        if self.single:
            return rows[0] if rows else None
        return rows


def _model_field(model, lookup: str):
    found = None
    for part in lookup.split("__"):
        found = model._meta.get_field(part)
        model = found.related_model
    return found


def _label(model_field) -> str | Promise:
    if isinstance(model_field.verbose_name, Promise):  # the model named it for people
        label = model_field.verbose_name
    else:
        label = FIELD_LABELS.get(model_field.name, model_field.verbose_name)
    # Model fields are named in lower case ("start date"): a header starts with a capital.
    return capfirst(label)


def column(model, lookup: str, key: str = "", label: str | Promise = "") -> Column:
    """The column of `model`'s `lookup` (which may cross relations: "position__name")."""
    model_field = _model_field(model, lookup)
    choices = dict(model_field.flatchoices) if model_field.choices else None
    return Column(
        key=key or lookup.replace("__", "_"),
        label=label or _label(model_field),
        lookup=lookup,
        choices=choices,
        identifier=isinstance(model_field, models.UUIDField),
    )


def columns(model, *lookups) -> list[Column]:
    """Columns of `model`: each a lookup, or (lookup, key, label) to name it."""
    found = []
    for lookup in lookups:
        if isinstance(lookup, tuple):
            found.append(column(model, *lookup))
        else:
            found.append(column(model, lookup))
    return found


def table(key: str, title, queryset, cols: list[Column], **options) -> Table:
    """The table of `queryset`'s rows: one query, whatever the number of rows."""
    rows = [
        {c.key: values[c.lookup] for c in cols}
        for values in queryset.values(*[c.lookup for c in cols])
    ]
    return Table(key=key, title=title, columns=cols, rows=rows, **options)


def readable(value, col: Column | None = None):
    """A value as the workbook and the PDF show it: labels for codes, local times, yes/no."""
    if value is None or value == "":
        return ""
    if col is not None and col.choices is not None:
        return str(col.choices.get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        # Excel has no time zones: the agency's wall-clock time is what a reader expects.
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, dt.date | Decimal | int | float):
        return value
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def plain(value):
    """A value for JSON: times in ISO 8601 with their offset, decimals as text (exact)."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID | Promise):
        return str(value)
    return value


def rows_of(cols: Iterable[Column], records: Iterable[Iterable]) -> list[dict]:
    """Rows built by code (merged from several queries), in the columns' order."""
    keys = [c.key for c in cols]
    return [dict(zip(keys, record, strict=True)) for record in records]
