"""The audit trail: every recorded change (django-simple-history) across the apps, searchable.

Each model with history is a *source*. A search asks every source in scope for its newest records
after a cursor, merges them and keeps one page, so a page costs one query per source whatever the
size of the tables (history_date is indexed), plus one query per model for the records the changes
are diffed against and one per related model for names. Pages go back with a keyset cursor
(date, source, history id): a bulk import writes thousands of records with one timestamp, and an
offset or a date alone would skip or repeat them.

Nothing here writes: the trail is read-only in the UI (SIMPLE_HISTORY_REVERT_DISABLED keeps the
Django admin's history read-only too).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from heapq import merge

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import registered_models

from accounts.logins.models import User
from accounts.org.models import Employee
from core.dates import parse_moment

PAGE_SIZE = 50
# Fields that name a record without touching another table, tried in this order.
LABEL_FIELDS = ("nip", "name", "code", "year", "title", "text", "indicator", "topic", "username")
MAX_OWNER_DEPTH = 3
# Fields that change with every save and say nothing an auditor needs.
QUIET_FIELDS = {"updated_at"}
# Labels for fields whose model gives none (the snapshot of the appraisers, timestamps, links):
# the trail shows them in the reader's language instead of the column name.
FIELD_LABELS = {
    "ppk_employee": _("PPK"),
    "ppk_name": _("PPK name"),
    "ppk_nip": _("PPK NIP"),
    "ppk_rank": _("PPK rank"),
    "ppk_title": _("PPK position"),
    "ppk_unit": _("PPK unit"),
    "atasan_employee": _("Atasan PPK"),
    "atasan_name": _("Atasan PPK name"),
    "atasan_nip": _("Atasan PPK NIP"),
    "atasan_rank": _("Atasan PPK rank"),
    "atasan_title": _("Atasan PPK position"),
    "atasan_unit": _("Atasan PPK unit"),
    "public_id": _("identifier"),
    "skp": _("SKP"),
    "rhk": _("RHK"),
    "iki": _("IKI"),
    "cycle": _("cycle"),
    "window": _("window"),
    "unit": _("unit"),
    "user": _("user"),
    "employee": _("employee"),
    "position": _("position"),
    "evaluation": _("evaluation"),
    "realisation": _("realisation"),
    "daily_log": _("daily log"),
    "value": _("BerAKHLAK value"),
    "order": _("order"),
    "version": _("version"),
    "revision_of": _("revision of"),
    "lineage": _("lineage"),
    "intervened_text": _("intervened RHK text"),
    "org_predicate": _("organisational predicate"),
    "original_rating_hasil": _("original work result rating"),
    "original_rating_perilaku": _("original work behaviour rating"),
    "original_predicate": _("original predicate"),
    "breaches": _("breaches"),
    "gaps": _("gaps"),
    "gap_count": _("number of gaps"),
    "file": _("file"),
    "extension": _("file type"),
    "content_type": _("content type"),
    "size": _("size"),
    "submitted_at": _("submitted at"),
    "decided_at": _("decided at"),
    "decided_by": _("decided by"),
    "filed_at": _("filed at"),
    "finalised_at": _("finalised at"),
    "finalised_by": _("finalised by"),
    "closed_at": _("closed at"),
    "closed_by": _("closed by"),
    "reopened_at": _("reopened at"),
    "reopened_by": _("reopened by"),
    "granted_by": _("granted by"),
    "held_by": _("held by"),
    "set_at": _("set at"),
    "set_by": _("set by"),
    "uploaded_by": _("uploaded by"),
    "created_at": _("created at"),
    "created_by": _("created by"),
    "updated_at": _("updated at"),
}


@dataclass(frozen=True)
class Source:
    label: str  # "appraisal.skp"
    model: type
    owner_path: str | None  # the lookup from a record to the employee it concerns

    @property
    def history(self):
        return self.model.history.model

    @property
    def name(self) -> str:
        name = str(self.model._meta.verbose_name_plural)
        return name[:1].upper() + name[1:]


def _owner_path(model, depth: int = 0, seen: frozenset = frozenset()) -> str | None:
    """The shortest chain of foreign keys from `model` to the employee it belongs to: a field
    named ``employee`` (an appraiser's or a decider's field does not make them the owner)."""
    if model is Employee:
        return ""
    fks = [
        f
        for f in model._meta.concrete_fields
        if (f.many_to_one or f.one_to_one) and f.related_model not in seen
    ]
    if any(f.name == "employee" and f.related_model is Employee for f in fks):
        return "employee"
    if depth >= MAX_OWNER_DEPTH:
        return None
    best = None
    for fk in fks:
        if fk.related_model in (Employee, User):
            continue
        rest = _owner_path(fk.related_model, depth + 1, seen | {model})
        if rest:
            path = f"{fk.name}__{rest}"
            if best is None or path.count("__") < best.count("__"):
                best = path
    return best


@cache
def sources() -> dict[str, Source]:
    found = {}
    for model in registered_models.values():
        if not hasattr(model, "history") or model._meta.auto_created:
            continue
        label = model._meta.label_lower
        found[label] = Source(label, model, _owner_path(model))
    return dict(sorted(found.items(), key=lambda item: item[1].name))


@dataclass(frozen=True)
class Cursor:
    """The last row of a page: the next page starts strictly after it in (date, label, id) order,
    newest first."""

    when: dt.datetime
    label: str
    history_id: int

    def encode(self) -> str:
        return f"{self.when.isoformat()}|{self.label}|{self.history_id}"

    @classmethod
    def decode(cls, text: str) -> Cursor | None:
        try:
            when, label, history_id = text.split("|")
            parsed = parse_moment(when)
            if parsed is None or timezone.is_naive(parsed):
                return None
            return cls(parsed, label, int(history_id))
        except (ValueError, TypeError):
            return None

    def after(self, label: str) -> Q:
        """The rows of source `label` that come after this cursor."""
        if label < self.label:
            return Q(history_date__lte=self.when)
        if label == self.label:
            return Q(history_date__lt=self.when) | Q(
                history_date=self.when, history_id__lt=self.history_id
            )
        return Q(history_date__lt=self.when)


@dataclass
class Criteria:
    source: str = ""
    action: str = ""
    user_ids: list[int] | None = None  # None: anyone; []: nobody matched
    employee_nip: str = ""
    reason: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


@dataclass
class Entry:
    record: object
    source: Source
    owner: Employee | None
    previous: object | None = None
    changes: list[tuple[str, object, object]] = field(default_factory=list)

    @property
    def label(self) -> str:
        for name in LABEL_FIELDS:
            value = getattr(self.record, name, None)
            if value not in (None, ""):
                return str(value)[:80]
        return f"#{self.record.id}"

    @property
    def sort_key(self):
        return (self.record.history_date, self.source.label, self.record.history_id)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _queryset(source: Source, criteria: Criteria, cursor: Cursor | None):
    history = source.history
    earlier = history.objects.filter(id=OuterRef("id")).filter(
        Q(history_date__lt=OuterRef("history_date"))
        | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
    )
    qs = history.objects.select_related("history_user").annotate(
        previous_id=Subquery(
            earlier.order_by("-history_date", "-history_id").values("history_id")[:1]
        )
    )
    if source.owner_path:
        qs = qs.select_related(source.owner_path)
    if criteria.action:
        qs = qs.filter(history_type=criteria.action)
    if criteria.user_ids is not None:
        qs = qs.filter(history_user_id__in=criteria.user_ids)
    if criteria.employee_nip:
        if source.owner_path is None:
            return None
        lookup = f"{source.owner_path}__nip" if source.owner_path else "nip"
        qs = qs.filter(**{lookup: criteria.employee_nip})
    if criteria.reason:
        qs = qs.filter(history_change_reason__icontains=criteria.reason)
    if criteria.since:
        qs = qs.filter(history_date__gte=_start_of(criteria.since))
    if criteria.until:
        qs = qs.filter(history_date__lt=_start_of(criteria.until + dt.timedelta(days=1)))
    if cursor is not None:
        qs = qs.filter(cursor.after(source.label))
    return qs.order_by("-history_date", "-history_id")


def _owner(record, source: Source) -> Employee | None:
    if source.owner_path is None:
        return None
    if source.owner_path == "":
        return Employee(pk=record.id, nip=record.nip, name=record.name)
    value = record
    for step in source.owner_path.split("__"):
        value = getattr(value, step, None)
        if value is None:
            return None
    return value


def search(
    criteria: Criteria, cursor: Cursor | None = None, page_size: int = PAGE_SIZE
) -> tuple[list[Entry], Cursor | None]:
    """One page of changes, newest first, and the cursor of the next page (None on the last)."""
    chosen = [sources()[criteria.source]] if criteria.source else list(sources().values())
    streams = []
    for source in chosen:
        if criteria.user_ids == []:
            break
        qs = _queryset(source, criteria, cursor)
        if qs is None:
            continue
        streams.append([Entry(r, source, _owner(r, source)) for r in qs[: page_size + 1]])
    ordered = merge(*streams, key=lambda e: e.sort_key, reverse=True)
    entries = [e for _, e in zip(range(page_size + 1), ordered, strict=False)]
    more = len(entries) > page_size
    entries = entries[:page_size]
    _attach_changes(entries)
    last = entries[-1] if more else None
    next_cursor = (
        Cursor(last.record.history_date, last.source.label, last.record.history_id)
        if last
        else None
    )
    return entries, next_cursor


def _attach_changes(entries: list[Entry]) -> None:
    """For each change ("~"), the fields that changed against the record before it (found by the
    search query itself): one query per model to load those, one per related model for names."""
    by_source = defaultdict(list)
    for entry in entries:
        if entry.record.history_type == "~":
            by_source[entry.source.label].append(entry)
    for group in by_source.values():
        history = group[0].source.history
        previous = history.objects.in_bulk(
            [e.record.previous_id for e in group if e.record.previous_id]
        )
        for entry in group:
            entry.previous = previous.get(entry.record.previous_id)
    names_wanted = defaultdict(set)
    raw = {}
    for entry in entries:
        if entry.previous is None:
            continue
        fields = []
        for change in entry.record.diff_against(entry.previous).changes:
            if change.field in QUIET_FIELDS:
                continue
            model_field = entry.source.model._meta.get_field(change.field)
            if model_field.is_relation:
                names_wanted[model_field.related_model].update(
                    v for v in (change.old, change.new) if v
                )
            fields.append((model_field, change.old, change.new))
        raw[id(entry)] = fields
    names = {model: model._default_manager.in_bulk(ids) for model, ids in names_wanted.items()}
    for entry in entries:
        entry.changes = [
            (_label(f), _display(f, old, names), _display(f, new, names))
            for f, old, new in raw.get(id(entry), [])
        ]


def _label(model_field) -> str:
    if isinstance(model_field.verbose_name, Promise):  # the model named it for people
        return str(model_field.verbose_name)
    return str(FIELD_LABELS.get(model_field.name, model_field.verbose_name))


def _display(model_field, value, names):
    if value in (None, ""):
        return value
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value), "d-m-Y H:i")
    if isinstance(value, dt.date):
        return date_format(value, "d-m-Y")
    if model_field.is_relation:
        return str(names[model_field.related_model].get(value, value))
    if model_field.choices:
        return dict(model_field.flatchoices).get(value, value)
    return value
