"""The monthly run: compute an OPD's month (again, while it is open), lock it, reopen it with a
reason. Every step is recorded in the month's history."""

from __future__ import annotations

import hashlib
import json

from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.org.models import Employee, OrgUnit, Position
from core.actor import Actor
from core.errors import DomainError
from core.history import save_with_reason
from notifications.services import notify
from reports.exporters.base import month_label
from tpp import rules
from tpp.choices import MonthState, PerformanceMeasure
from tpp.months import explain
from tpp.months.inputs import (
    BasisTable,
    EmployeeInputs,
    MonthSpan,
    attendance_of,
    gather,
    penalty_percent,
)
from tpp.months.models import Line, Month, PaidRevision
from tpp.schemes.models import SchemeVersion
from tpp.schemes.policies import require_tpp_admin
from tpp.schemes.selectors import version_in_force

LINE_BATCH = 2000


def month_compute(year: int, month: int, opd: OrgUnit, *, actor: Actor) -> Month:
    """Compute (or recompute) one OPD's month from the scheme in force, the recaps, penalties and
    exemptions as they are now. A locked month is refused: its figures were paid."""
    require_tpp_admin(actor)
    span = MonthSpan(year, month)
    version = version_in_force(year, month)
    if version is None:
        raise DomainError(_("There is no TPP scheme for %(year)s yet.") % {"year": year})
    people = gather(span, opd.id)
    lines = build_lines(span, version, people)
    try:
        with transaction.atomic():
            record = (
                Month.objects.select_for_update().filter(year=year, month=month, opd=opd).first()
            )
            created = record is None
            if created:
                record = Month(year=year, month=month, opd=opd)
            elif record.is_locked:
                raise DomainError(
                    _("TPP for this month is locked; reopen it first, with a reason.")
                )
            record.version = version
            record.state = MonthState.COMPUTED
            record.computed_at = timezone.now()
            record.computed_by = actor.user
            record.inputs_digest = digest(lines)
            save_with_reason(record, _("Computed") if created else _("Computed again"), actor=actor)
            record.lines.all().delete()
            for line in lines:
                line.month = record
            _write_lines(lines)
    except IntegrityError:  # the first computation of this month, started twice at once
        raise DomainError(
            _("This month is being computed already: try again in a moment.")
        ) from None
    return record


LINE_COLUMNS = (
    "month_id", "employee_id", "position_name", "unit_name", "kelas", "basis", "predicate",
    "performance_percent", "deduction_total", "gross", "received", "detail", "anomalies",
)  # fmt: skip


def _write_lines(lines: list[Line]) -> None:
    """Insert the month's lines. On PostgreSQL through COPY: a province's month is 100,000 lines
    whose explanations bulk_create would escape one by one into arrays (UNNEST), three times
    slower (bench/bench_tpp.py)."""
    if connection.vendor != "postgresql":
        Line.objects.bulk_create(lines, batch_size=LINE_BATCH)
        return
    table = connection.ops.quote_name(Line._meta.db_table)
    sql = f"COPY {table} ({', '.join(LINE_COLUMNS)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for line in lines:
            row = [getattr(line, column) for column in LINE_COLUMNS]
            row[-2:] = json.dumps(line.detail), json.dumps(line.anomalies)
            copy.write_row(row)


def build_lines(
    span: MonthSpan, version: SchemeVersion, people: dict[int, EmployeeInputs]
) -> list[Line]:
    """Each employee's line (not saved): the pure computation and its stored explanation."""
    scheme = version.as_rules()
    by_score = version.measure == PerformanceMeasure.MONTHLY_SCORE
    position_ids = {post.position_id for person in people.values() for post in person.posts}
    bases = BasisTable(version, position_ids)
    positions = {
        p["id"]: p
        for p in Position.objects.filter(id__in=position_ids).values("id", "kind", "jenjang")
    }
    names = dict(Employee.objects.filter(id__in=people).values_list("id", "name"))
    lines = []
    for employee_id in sorted(people, key=lambda pk: names.get(pk, "")):
        person = people[employee_id]
        post_bases = [
            bases.amount(
                post.position_id,
                positions[post.position_id]["kind"],
                positions[post.position_id]["jenjang"],
            )
            for post in person.posts
        ]
        basis = rules.month_basis(_stints(person, post_bases, span), span.days, scheme)
        recap = person.recap
        score = recap.monthly_score if by_score and recap else None
        computed = rules.compute(
            scheme,
            basis,
            attendance_of(recap),
            predicate=None if by_score else person.predicate,
            monthly_score=score,
            penalty_percent=penalty_percent(person.penalties),
            exemption=rules.Exemption(person.exemption.kind) if person.exemption else None,
        )
        last_post = max(person.definitive, key=lambda post: post.last)
        lines.append(
            Line(
                employee_id=employee_id,
                position_name=last_post.position_name,
                unit_name=last_post.unit_name,
                kelas=bases.kelas.get(last_post.position_id),
                basis=computed.basis,
                predicate=person.predicate.name if person.predicate else "",
                performance_percent=computed.performance_percent,
                deduction_total=computed.deduction_total,
                gross=computed.gross,
                received=computed.received,
                detail=explain.detail(span, person, computed, scheme, post_bases, by_score),
                anomalies=explain.anomalies(person, post_bases, by_score),
            )
        )
    return lines


def _stints(
    person: EmployeeInputs, post_bases: list[int | None], span: MonthSpan
) -> list[rules.Stint]:
    """The month day by day: each day at the basis of the definitive post held that day, plus
    the acting post's when the employee is Plt that day (the highest, if two overlap); a day with
    no definitive post is not paid. Consecutive equal days make one stint. A post without a basis
    counts as 0 (and is an anomaly)."""
    own: dict[int, int] = {}
    acting: dict[int, int] = {}
    for post, amount in zip(person.posts, post_bases, strict=True):
        days = acting if post.acting else own
        start = (post.first - span.first).days
        for day in range(start, start + post.days):
            days[day] = max(days.get(day, 0), amount or 0)
    runs: list[list] = []
    for day in range(span.days):
        if day not in own:
            continue
        key = (own[day], acting.get(day))
        if runs and runs[-1][0] == key:
            runs[-1][1] += 1
        else:
            runs.append([key, 1])
    return [
        rules.Stint(basis, days, acting_basis=acting_basis) for (basis, acting_basis), days in runs
    ]


def month_lock(record: Month, *, actor: Actor) -> Month:
    """Lock a computed month: its lines are what the OPD pays; employees are told."""
    require_tpp_admin(actor)
    if MonthSpan(record.year, record.month).last >= timezone.localdate():
        raise DomainError(_("A month can be locked once it is over."))
    with transaction.atomic():
        locked = Month.objects.select_for_update().select_related("opd").get(pk=record.pk)
        if locked.is_locked:
            raise DomainError(_("TPP for this month is already locked."))
        if _figures_now(locked) != locked.inputs_digest:
            raise DomainError(
                _(
                    "The figures have changed since the month was computed (a recap, a penalty, "
                    "the scheme or a post class): compute it again, review it, then lock it."
                )
            )
        locked.state = MonthState.LOCKED
        locked.locked_at = timezone.now()
        locked.locked_by = actor.user
        save_with_reason(locked, _("Locked"), actor=actor)
        users = locked.lines.exclude(employee__user__isnull=True).values_list(
            "employee__user_id", flat=True
        )
        notify(
            users.iterator(chunk_size=5000),
            gettext_noop("Your TPP for %(month)s %(year)s is final: see how it was computed."),
            {"month": month_label(locked.month), "year": locked.year},
            reverse("tpp:mine_month", args=[locked.year, locked.month]),
            actor=actor,
        )
    return locked


def _keep_what_was_paid(record: Month, reason: str) -> None:
    """The locked lines, copied before a reopen lets them be computed again."""
    lines = [
        {
            "nip": nip,
            "basis": basis,
            "gross": gross,
            "deduction_total": cut,
            "received": received,
            "detail": detail,
        }
        for nip, basis, gross, cut, received, detail in record.lines.order_by(
            "employee__nip"
        ).values_list("employee__nip", "basis", "gross", "deduction_total", "received", "detail")
    ]
    PaidRevision.objects.create(
        month=record,
        locked_at=record.locked_at,
        reason=reason,
        received_total=sum(line["received"] for line in lines),
        lines=lines,
    )


def digest(lines: list[Line]) -> str:
    """The fingerprint of a month's lines: who, and every figure of their explanation."""
    rows = sorted((line.employee_id, line.detail, line.anomalies) for line in lines)
    return hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()


def _figures_now(record: Month) -> str:
    span = MonthSpan(record.year, record.month)
    version = version_in_force(record.year, record.month)
    return digest(build_lines(span, version, gather(span, record.opd_id))) if version else ""


def month_reopen(record: Month, reason: str, *, actor: Actor) -> Month:
    """Reopen a locked month for a correction; the reason stays in the month's history."""
    require_tpp_admin(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the month is reopened."))
    with transaction.atomic():
        reopened = Month.objects.select_for_update().get(pk=record.pk)
        if not reopened.is_locked:
            raise DomainError(_("TPP for this month is not locked."))
        _keep_what_was_paid(reopened, reason)
        reopened.state = MonthState.COMPUTED
        reopened.locked_at = None
        reopened.locked_by = None
        save_with_reason(reopened, _("Reopened: %(reason)s") % {"reason": reason}, actor=actor)
    return reopened
