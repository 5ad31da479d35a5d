"""Demo dialog kinerja and coaching records (feedback.demo.seed_feedback calls seed).

The `atasan` login holds the sessions: a coaching session with a team member that has realisations
(rated by the employee, one follow-up done), and a dialog kinerja with the `pegawai` login, not yet
rated, so that login has a session to rate. Sessions are dated on past working days of this year
(they record what was held). Idempotent: an employee who has a session is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import actor_of_user
from appraisal.choices import CycleStatus
from appraisal.cycles.models import Cycle
from appraisal.plans.models import Skp
from feedback.choices import SessionKind
from feedback.coaching import services
from feedback.coaching.models import CoachingSession

SESSIONS = {
    "team": {
        "kind": SessionKind.COACHING,
        "days_ago": 21,
        "topic": "Meningkatkan cakupan imunisasi dasar lengkap di wilayah kerja",
        "participants": "Bidan koordinator Puskesmas",
        "agreements": "Daftar sasaran bayi yang belum lengkap imunisasinya diperbarui setiap "
        "minggu dari aplikasi ASIK.\nKunjungan rumah diprioritaskan untuk dua RW dengan "
        "cakupan terendah.",
        "follow_ups": [
            ("Perbarui daftar sasaran bayi dari aplikasi ASIK", 14, True),
            ("Susun jadwal kunjungan rumah bersama kader posyandu", 30, False),
        ],
        "rating": ({"dipahami": 5, "jelas": 4, "bermanfaat": 5, "didukung": 4},
                   "Arahan Ibu jelas dan saya jadi tahu harus mulai dari RW mana."),
    },
    "pegawai": {
        "kind": SessionKind.DIALOG,
        "days_ago": 7,
        "topic": "Dialog kinerja: penyusunan SKP dan target penyelidikan epidemiologi",
        "participants": "",
        "agreements": "Target penyelidikan epidemiologi disesuaikan dengan jumlah kejadian luar "
        "biasa tiga tahun terakhir.\nSKP diajukan paling lambat akhir bulan ini.",
        "follow_ups": [
            ("Lengkapi rencana aksi per triwulan di SKP", 10, False),
            ("Ikuti pelatihan analisis data surveilans berbasis SKDR", 60, False),
        ],
        "rating": None,
    },
}  # fmt: skip


def _working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def seed(today) -> dict:
    result = {"sessions": 0, "follow_ups": 0, "ratings": 0}
    atasan = Employee.objects.filter(user__username="atasan").select_related("user").first()
    cycle = Cycle.objects.filter(year=today.year, practice=False).first()
    if atasan is None or cycle is None or cycle.status == CycleStatus.CLOSED:
        return result
    team = OrgSnapshot(timezone.localdate()).subordinate_ids(atasan.pk)
    pegawai = Employee.objects.filter(user__username="pegawai", pk__in=team).first()
    # The team member whose plan carries the demo threads (threads are seeded first; read through
    # the plan's relation, coaching does not depend on threads), else the first one with a
    # realisation.
    discussed = (
        Skp.objects.filter(
            employee_id__in=team, employee__user__isnull=False, feedback_threads__isnull=False
        )
        .exclude(employee=pegawai)
        .select_related("employee__user")
        .order_by("feedback_threads__pk")
        .first()
    )
    member = discussed.employee if discussed else None
    if member is None:
        member = (
            Employee.objects.filter(
                pk__in=team, user__isnull=False, skps__realisations__isnull=False
            )
            .exclude(pk=getattr(pegawai, "pk", None))
            .order_by("name")
            .first()
        )
    # The atasan records and the employee rates and ticks off, each as themself.
    held_by = actor_of_user(atasan.user)
    with transaction.atomic():
        for key, employee in (("team", member), ("pegawai", pegawai)):
            if employee is None or CoachingSession.objects.filter(employee=employee).exists():
                continue
            spec = SESSIONS[key]
            held_on = _working_day(today - dt.timedelta(days=spec["days_ago"]))
            if held_on.year != today.year:
                held_on = today
            session = services.session_record(
                employee,
                actor=held_by,
                kind=spec["kind"],
                held_on=held_on,
                topic=spec["topic"],
                participants=spec["participants"],
                agreements=spec["agreements"],
                follow_ups=[
                    (text, held_on + dt.timedelta(days=days))
                    for text, days, _ in spec["follow_ups"]
                ],
            )
            result["sessions"] += 1
            member_actor = actor_of_user(employee.user) if employee.user_id else None
            for follow_up, (_t, _d, done) in zip(
                session.follow_ups.order_by("pk"), spec["follow_ups"], strict=True
            ):
                result["follow_ups"] += 1
                if done and member_actor is not None:
                    services.follow_up_done(follow_up, actor=member_actor)
            if spec["rating"] and member_actor is not None:
                scores, comment = spec["rating"]
                services.session_rate(session, scores, comment, actor=member_actor)
                result["ratings"] += 1
    return result
