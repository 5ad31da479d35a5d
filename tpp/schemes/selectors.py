"""Reads of the scheme: which version governs a month, and what became of its bases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.choices import Jenjang, PositionKind
from appraisal.cycles.models import Cycle
from tpp.choices import BasisKind
from tpp.schemes.models import Basis, SchemeVersion


def version_in_force(year: int, month: int) -> SchemeVersion | None:
    """The latest version of the year's scheme that applies from `month` or earlier."""
    return (
        SchemeVersion.objects.filter(cycle__year=year, effective_month__lte=month)
        .order_by("-effective_month")
        .first()
    )


@dataclass(frozen=True)
class BasisChange:
    """One basis amount changed: what it is keyed on (named), before and after (None: none), when,
    by whom, why, and from which month the version it was written to applies."""

    when: dt.datetime
    who: str
    reason: str
    effective_month: int
    key: str
    before: int | None
    after: int | None


def basis_changes(cycle: Cycle, limit: int = 30) -> list[BasisChange]:
    """The latest `limit` changes of the cycle's bases, newest first. A version copied from the
    one in force (same amounts) is no change; `before` follows the key across versions."""
    records = (
        Basis.history.filter(version__cycle=cycle)
        .select_related("history_user", "position")
        .order_by("history_date", "history_id")
    )
    months = dict(cycle.tpp_versions.values_list("pk", "effective_month"))
    last: dict[tuple, int | None] = {}
    changes = []
    for record in records.iterator(chunk_size=2000):
        key = (record.kind, record.kelas, record.position_kind, record.jenjang, record.position_id)
        after = None if record.history_type == "-" else record.amount
        before = last.get(key)
        last[key] = after
        if before == after:
            continue
        user = record.history_user
        changes.append(
            BasisChange(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else "",
                reason=record.history_change_reason or "",
                effective_month=months.get(record.version_id, 0),
                key=_basis_key_label(record),
                before=before,
                after=after,
            )
        )
    return changes[::-1][:limit]


def _basis_key_label(record) -> str:
    if record.kind == BasisKind.CLASS:
        return _("Post class %(kelas)s") % {"kelas": record.kelas}
    if record.kind == BasisKind.JENJANG:
        return f"{PositionKind(record.position_kind).label} · {Jenjang(record.jenjang).label}"
    return _("Post: %(name)s") % {"name": record.position.name if record.position else "—"}
