"""Demo 360 input (feedback.demo runs seed through accounts.extensions.demo_seeders).

- A finished round: the `atasan` login (kepala seksi surveilans) asked four of the `pegawai`'s
  peers about the `pegawai` for the latest past period (the current one early in the year); all
  four answered, so the `atasan` sees the totals and the comments.
- An open round: the kepala bidang asked the `atasan`'s staff about the `atasan` for the same
  period; the `pegawai` login has it waiting among "my 360 requests", one other has answered.

Everything goes through the services (the respondents are notified as in real use). Idempotent:
a round that exists for the employee and period is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import actor_of_user
from appraisal.cycles.models import Cycle
from feedback.survey import services
from feedback.survey.models import Round360
from indicators.choices import BerakhlakValue as V

A, S, B = "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"

# One respondent per entry: {value: (rating, comment)}; values left out are rated Sesuai.
FINISHED = (
    {
        V.BERORIENTASI_PELAYANAN: (
            A,
            "Cepat menanggapi laporan kasus dari puskesmas, juga di luar jam kerja.",
        ),
        V.KOLABORATIF: (A, "Sering membantu menyusun laporan mingguan tim tanpa diminta."),
        V.ADAPTIF: (S, ""),
    },
    {
        V.KOMPETEN: (A, "Menguasai analisis data SKDR dan mau mengajari rekan yang baru."),
        V.HARMONIS: (S, "Komunikasi baik, kadang kurang sabar saat tenggat mepet."),
    },
    {
        V.AKUNTABEL: (A, "Laporan selalu disertai bukti dukung yang rapi dan tepat waktu."),
        V.ADAPTIF: (B, "Masih enggan beralih ke aplikasi pelaporan yang baru."),
    },
    {
        V.LOYAL: (S, "Menjaga kerahasiaan data pasien dengan baik."),
        V.BERORIENTASI_PELAYANAN: (A, ""),
        V.KOLABORATIF: (S, "Terbuka terhadap masukan saat rapat koordinasi."),
    },
)
OPEN_ANSWER = {
    V.BERORIENTASI_PELAYANAN: (A, "Selalu turun langsung saat ada kejadian luar biasa."),
    V.HARMONIS: (A, "Membangun suasana kerja yang saling menghargai."),
}


def seed(today: dt.date) -> dict:
    result = {"rounds": 0, "requests": 0, "answers": 0}
    cycle = Cycle.objects.filter(year=today.year, status="open", practice=False).first()
    pegawai = Employee.objects.filter(user__username="pegawai").first()
    atasan = Employee.objects.filter(user__username="atasan").first()
    if cycle is None or pegawai is None or atasan is None:
        return result
    past = [p for p in cycle.periods if p.end < today]
    period = past[-1].number if past else cycle.periods[0].number
    snapshot = OrgSnapshot(today)
    with transaction.atomic():
        # The finished round: the pegawai's PPK is the atasan (the demo's design).
        ppk = snapshot.ppk(pegawai.pk)
        if ppk is not None and ppk.employee_id == atasan.pk:
            peers = [
                p for p in services.candidates(atasan.pk, pegawai.pk, today) if p.pk != atasan.pk
            ][: len(FINISHED)]
            _round(result, cycle, period, pegawai, atasan, peers, FINISHED, today)
        # The open round: the atasan's own PPK asks the atasan's staff, the pegawai among them.
        boss = snapshot.ppk(atasan.pk)
        if boss is not None and not boss.is_external:
            boss = Employee.objects.select_related("user").get(pk=boss.employee_id)
            staff = [
                p
                for p in services.candidates(boss.pk, atasan.pk, today)
                if p.relation == "subordinate"
            ]
            others = [p for p in staff if p.pk != pegawai.pk][:2]
            if any(p.pk == pegawai.pk for p in staff) and len(others) == 2:
                _round(
                    result,
                    cycle,
                    period,
                    atasan,
                    boss,
                    [pegawai, *others],
                    (None, OPEN_ANSWER),
                    today,
                    order=[others[0]],
                )
    return result


def _round(result, cycle, period, employee, ppk, respondents, answers, today, order=None):
    if Round360.objects.filter(cycle=cycle, period=period, employee=employee).exists():
        return
    if len(respondents) < services.min_answers() or ppk.user_id is None:
        return  # too few to ask, or a PPK without a login (nobody to open it in the app)
    # The PPK asks and each respondent answers, as themself.
    round_ = services.round_open(
        employee,
        actor=actor_of_user(ppk.user),
        period=period,
        deadline=today + dt.timedelta(days=10),
        respondent_ids=[p.pk for p in respondents],
        today=today,
    )
    result["rounds"] += 1
    result["requests"] += len(respondents)
    who = order if order is not None else respondents
    given = [a for a in answers if a is not None]
    for person, plan in zip(who, given, strict=False):
        request = round_.respondents.select_related("round__cycle").get(respondent=person)
        filled = {value: plan.get(value, (S, "")) for value in V.values}
        services.answer_submit(request, filled, actor=actor_of_user(person.user), today=today)
        result["answers"] += 1
