"""Demo public feedback: a link for every unit and for a few front-line ASN, and a few hundred
citizens' answers over this year and last (some negative, two abusive ones hidden by the admin
OPD with a reason). Idempotent: links are created only where missing, answers only once."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from accounts.logins.models import User
from accounts.org.models import Employee, OrgUnit
from core.actor import Actor
from feedback.public import services
from feedback.public.models import PublicChannel, PublicFeedback

ANSWERS = 320
# (comment, typical scores): most are positive, some complaints, some empty.
COMMENTS = [
    ("Pelayanan cepat dan petugasnya ramah. Terima kasih!", (5, 5, 5)),
    ("Petugas menjelaskan persyaratan dengan sabar.", (5, 4, 5)),
    ("Antrean panjang, tapi petugas tetap sopan.", (4, 2, 4)),
    ("Ruang tunggu bersih dan nyaman.", (4, 4, 4)),
    ("Informasi syarat di papan pengumuman kurang lengkap, saya harus bolak-balik.", (3, 3, 2)),
    ("Menunggu hampir dua jam, mohon ditambah loket.", (3, 1, 3)),
    ("Petugas loket 2 kurang senyum, tapi urusan selesai.", (2, 4, 4)),
    ("Sangat membantu, berkas saya selesai hari itu juga.", (5, 5, 4)),
    ("Tolong jam istirahat loket digilir supaya layanan tidak berhenti.", (4, 2, 4)),
    ("Petugas sigap membantu lansia. Mantap.", (5, 5, 5)),
    ("Website dan informasi di loket berbeda, membingungkan.", (4, 3, 1)),
    ("Pelayanan baik, semoga dipertahankan.", (5, 4, 4)),
    ("Sistem antrean online sering error.", (3, 2, 3)),
    ("Saya dilempar ke tiga meja berbeda untuk satu urusan.", (2, 1, 2)),
    ("Terima kasih sudah dilayani dengan baik walau datang menjelang tutup.", (5, 4, 5)),
    ("Parkir sempit, selebihnya oke.", (4, 4, 4)),
    ("Formulir tersedia lengkap dan ada contoh pengisian.", (4, 4, 5)),
    ("Mohon disediakan kursi roda di pintu masuk.", (4, 4, 4)),
    ("Petugasnya menjelaskan dengan bahasa yang mudah dipahami.", (5, 4, 5)),
    ("Pengumuman perubahan jadwal tidak disampaikan, saya datang sia-sia.", (3, 3, 1)),
    ("", (5, 5, 5)),
    ("", (4, 4, 4)),
    ("", (4, 3, 4)),
    ("", (3, 3, 3)),
]
ABUSIVE = [
    ("Petugasnya goblok semua, makan gaji buta!", "Kata-kata kasar dan menghina petugas."),
    (
        "Dasar pegawai malas, bubarkan saja kantor ****!",
        "Ujaran kebencian; keluhan antrean sudah dicatat.",
    ),
]


def _jitter(rng: random.Random, score: int) -> int:
    return max(1, min(5, score + rng.choice((-1, 0, 0, 0, 1))))


def _front_line(today: dt.date) -> list[Employee]:
    """The demo `pegawai` and two colleagues in staff posts of the same unit (if any)."""
    user = User.objects.filter(username="pegawai").first()
    employee = (
        Employee.objects.filter(user=user).select_related("position").first() if user else None
    )
    if employee is None or employee.position_id is None:
        return []
    colleagues = list(
        Employee.objects.filter(
            position__unit_id=employee.position.unit_id, position__kind=employee.position.kind
        )
        .exclude(pk=employee.pk)
        .order_by("nip")[:2]
    )
    return [employee, *colleagues]


def seed(today: dt.date) -> dict:
    units = list(OrgUnit.objects.order_by("code"))
    if not units:
        return {"channels": 0, "answers": 0, "hidden": 0}
    # A link for every unit of every OPD: no one administrator would; the demo sets them up.
    demo = Actor.system("demo")
    with transaction.atomic():
        channels = services.channels_create_for_units(units, actor=demo)
        for employee in _front_line(today):
            if not PublicChannel.objects.filter(employee=employee).exists():
                services.channel_for_employee(employee, actor=demo)
                channels += 1
        if PublicFeedback.objects.exists():
            return {"channels": channels, "answers": 0, "hidden": 0}
        answers, hidden = _answers(today)
    return {"channels": channels, "answers": answers, "hidden": hidden}


def _answers(today: dt.date) -> tuple[int, int]:
    rng = random.Random(2024)
    all_channels = list(PublicChannel.objects.select_related("unit").order_by("pk"))
    personal = [c for c in all_channels if c.employee_id]
    # Front-desk units get more: the OPD level and a handful of units carry most answers.
    busy = all_channels[: max(6, len(all_channels) // 4)]
    start = dt.date(today.year - 1, 1, 1)
    span = (today - start).days
    tz = timezone.get_current_timezone()
    rows = []
    for n in range(ANSWERS):
        if personal and n % 8 == 0:
            channel = personal[n // 8 % len(personal)]
        else:
            channel = rng.choice(busy if rng.random() < 0.7 else all_channels)
        day = start + dt.timedelta(days=rng.randint(0, span))
        when = dt.datetime.combine(day, dt.time(rng.randint(8, 15), rng.randint(0, 59)), tzinfo=tz)
        comment, scores = rng.choice(COMMENTS)
        k, c, j = (_jitter(rng, s) for s in scores)
        rows.append(
            PublicFeedback(
                channel=channel,
                submitted_at=when,
                keramahan=k,
                kecepatan=c,
                kejelasan=j,
                comment=comment,
                contact="08" + str(rng.randint(1100000000, 1399999999))
                if rng.random() < 0.1
                else "",
                client_hash=services.client_hash(f"demo-{n}"),
                content_hash=services.content_hash(
                    {"keramahan": k, "kecepatan": c, "kejelasan": j}, comment, ""
                ),
            )
        )
    admin = User.objects.filter(username="admin.opd").first()
    target = personal[0] if personal else all_channels[0]
    for index, (comment, reason) in enumerate(ABUSIVE):
        when = dt.datetime.combine(
            today - dt.timedelta(days=10 + 20 * index), dt.time(10), tzinfo=tz
        )
        rows.append(
            PublicFeedback(
                channel=target,
                submitted_at=when,
                keramahan=1,
                kecepatan=1,
                kejelasan=2,
                comment=comment,
                client_hash=services.client_hash(f"demo-abusive-{index}"),
                content_hash=services.content_hash(
                    {"keramahan": 1, "kecepatan": 1, "kejelasan": 2}, comment, ""
                ),
                hidden_at=when + dt.timedelta(hours=3),
                hidden_by=admin,
                hidden_reason=reason,
            )
        )
    PublicFeedback.objects.bulk_create(rows, batch_size=500)
    return len(rows), len(ABUSIVE)
