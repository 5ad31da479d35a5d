"""The demo agency's TPP: the example scheme, post classes for every post, the last two complete
months' attendance recaps with realistic patterns, a disciplinary penalty, a mid-month mutasi
(the demo already has a Plt), both months computed for every OPD and the older one locked.

Seeding again changes nothing: a cycle that has a scheme is left as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.choices import AssignmentKind, EmployeeStatus, PositionKind
from accounts.org.models import Assignment, Employee, Position
from accounts.org.roles import actor_of_user
from accounts.org.selectors import active_opds
from appraisal.cycles.models import Cycle
from core.actor import Actor
from core.history import save_with_reason
from notifications.email import without_email
from tpp.attendance.models import Penalty, Recap, RecapImport
from tpp.choices import PenaltyKind
from tpp.months.inputs import MonthSpan
from tpp.months.services import month_compute, month_lock
from tpp.schemes.models import PostClass
from tpp.schemes.services import scheme_start

DEMO_SOURCE = "Demo absensi (mesin sidik jari)"
DEMO_LOGINS = ("admin.bkd", "admin.opd", "kadis", "atasan", "pegawai")
# Post classes of the demo's posts: by kind, and by jenjang for functional posts.
CLASS_BY_KIND = {
    PositionKind.JPT_UTAMA: 17,
    PositionKind.JPT_MADYA: 16,
    PositionKind.JPT_PRATAMA: 14,
    PositionKind.ADMINISTRATOR: 11,
    PositionKind.PENGAWAS: 9,
    PositionKind.PELAKSANA: 6,
}
CLASS_BY_JENJANG = {
    "ahli_utama": 13, "ahli_madya": 12, "ahli_muda": 10, "ahli_pertama": 8,
    "penyelia": 8, "mahir": 7, "terampil": 6, "pemula": 5,
}  # fmt: skip


def demo_months(today: dt.date) -> list[MonthSpan]:
    """The two complete months before today, older first."""
    first = today.replace(day=1)
    last_month = first - dt.timedelta(days=1)
    before = last_month.replace(day=1) - dt.timedelta(days=1)
    return [MonthSpan(before.year, before.month), MonthSpan(last_month.year, last_month.month)]


def seed(today: dt.date | None = None) -> dict:
    today = today or timezone.localdate()
    months = demo_months(today)
    cycles = {
        c.year: c for c in Cycle.objects.filter(practice=False, year__in={m.year for m in months})
    }
    if len(cycles) != len({m.year for m in months}) or any(
        c.tpp_versions.exists() for c in cycles.values()
    ):
        return {"months": 0, "recaps": 0}
    admin = get_user_model().objects.filter(username="admin.bkd").first()
    if admin is None:
        return {"months": 0, "recaps": 0}
    actor = actor_of_user(admin)
    with transaction.atomic(), without_email():  # the lock's notices fill inboxes, e-mail nobody
        for cycle in cycles.values():
            scheme_start(cycle, actor=actor)
        _post_classes()
        _mutasi(months[-1], actor)
        recaps = sum(_recaps(span, admin) for span in months)
        _penalty(months[0])
        computed = _compute(months, actor)
    return {"months": computed, "recaps": recaps}


def _post_classes() -> None:
    classes = []
    for pk, kind, jenjang in Position.objects.filter(tpp_class__isnull=True).values_list(
        "pk", "kind", "jenjang"
    ):
        kelas = CLASS_BY_JENJANG.get(jenjang) or CLASS_BY_KIND.get(kind, 7)
        classes.append(PostClass(position_id=pk, kelas=kelas))
    PostClass.objects.bulk_create(classes)


def _mutasi(span: MonthSpan, actor: Actor) -> None:
    """A pelaksana moves to a new post of the same unit on the 15th: two posts, two bases.

    Recorded as the assignments a mutasi leaves (accounts.org.services.employee_transfer), not
    through it: the service makes the plans follow, and the appraisal demo's plans are its own."""
    mover = (
        Employee.objects.filter(
            status=EmployeeStatus.ACTIVE, position__kind=PositionKind.PELAKSANA, skps__isnull=True
        )
        .exclude(user__username__in=DEMO_LOGINS)
        .select_related("position")
        .order_by("nip")
        .first()
    )
    if mover is None:
        return
    old = mover.position
    new = Position.objects.create(
        name="Pengelola Keuangan", kind=PositionKind.PELAKSANA, unit=old.unit, parent=old.parent
    )
    PostClass.objects.create(position=new, kelas=7)
    moved_on = span.first.replace(day=15)
    reason = "Demo: mutasi pertengahan bulan"
    current = Assignment.objects.get(
        employee=mover, kind=AssignmentKind.DEFINITIF, end_date__isnull=True
    )
    current.end_date = moved_on - dt.timedelta(days=1)
    save_with_reason(current, reason, actor=actor)
    save_with_reason(
        Assignment(
            employee=mover,
            position=new,
            kind=AssignmentKind.DEFINITIF,
            start_date=moved_on,
            note=reason,
        ),
        reason,
        actor=actor,
    )
    mover.position = new
    save_with_reason(mover, reason, actor=actor, update_fields=["position"])


def _recaps(span: MonthSpan, admin) -> int:
    """Most people a few minutes late now and then, some leave, rare absences: seeded per NIP
    and month so a second seeding would draw the same."""
    imported = RecapImport.objects.create(
        year=span.year,
        month=span.month,
        source=DEMO_SOURCE,
        file_name=f"rekap-{span.year}-{span.month:02d}.xlsx",
        created_by=admin,
    )
    held = Assignment.objects.filter(
        start_date__lte=span.last, kind=AssignmentKind.DEFINITIF
    ).values("employee_id")
    people = Employee.objects.filter(status=EmployeeStatus.ACTIVE, pk__in=held).values_list(
        "pk", "nip"
    )
    recaps = [_recap(pk, nip, span, imported) for pk, nip in people]
    Recap.objects.bulk_create(recaps)
    RecapImport.objects.filter(pk=imported.pk).update(rows=len(recaps))
    return len(recaps)


def _recap(pk: int, nip: str, span: MonthSpan, imported: RecapImport) -> Recap:
    draw = random.Random(hashlib.sha256(f"{nip}-{span.year}-{span.month}".encode()).hexdigest())
    late = [
        draw.choice((0, 0, 1, 2, 3, 4)),
        draw.choice((0, 0, 0, 1)),
        draw.choice((0, 0, 0, 0, 1)),
        0,
    ]
    early = [draw.choice((0, 0, 0, 1, 2)), draw.choice((0, 0, 0, 0, 1)), 0, 0]
    leave = {}
    if draw.random() < 0.25:
        leave["CT"] = draw.randint(1, 3)
    if draw.random() < 0.08:
        leave["CS"] = draw.randint(1, 2)
    if draw.random() < 0.02:
        leave["CB"] = draw.randint(2, 5)
    return Recap(
        employee_id=pk,
        year=span.year,
        month=span.month,
        late=late,
        early=early,
        absent_days=1 if draw.random() < 0.06 else 0,
        leave_days=leave,
        imported=imported,
    )


def _penalty(span: MonthSpan) -> None:
    """A moderate disciplinary penalty for a staff member of the kepala dinas's OPD (so the
    demo's admin OPD finds it on their penalties page)."""
    kadis = Employee.objects.filter(user__username="kadis", position__isnull=False).first()
    if kadis is None:
        return
    opd = kadis.position.unit.opd or kadis.position.unit
    offender = (
        Employee.objects.filter(status=EmployeeStatus.ACTIVE, position__kind=PositionKind.PELAKSANA)
        .filter(Q(position__unit__opd=opd) | Q(position__unit=opd))
        .exclude(user__username__in=DEMO_LOGINS)
        .order_by("-nip")
        .first()
    )
    if offender is None:
        return
    Penalty.objects.create(
        employee=offender,
        level=PenaltyKind.POTONG_6,
        percent=Decimal(25),
        first_month=span.first,
        months=6,
        decree_number=f"800.1.6.3/{span.month:02d}/BKPSDM/{span.year}",
        decree_date=span.first - dt.timedelta(days=5),
    )


def _compute(months: list[MonthSpan], actor: Actor) -> int:
    opds = list(active_opds())
    count = 0
    for index, span in enumerate(months):
        for opd in opds:
            record = month_compute(span.year, span.month, opd, actor=actor)
            if index == 0:
                month_lock(record, actor=actor)
            count += 1
    return count
