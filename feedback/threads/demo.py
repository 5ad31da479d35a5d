"""Demo feedback threads for the demo agency (feedback.demo.seed_feedback calls seed).

On this year's approved SKP of an employee the `atasan` login appraises (a Perawat Terampil, whose
past periods carry realisations): a thread on an RHK (answered and followed up), one on an IKI's
realisation (answered, still open) and one on a BerAKHLAK value. On the `atasan`'s own SKP, one
thread with their PPK (the kepala bidang), which the kepala dinas reads while the `atasan`'s
objection is open. Every message goes through the services. Idempotent: an SKP that already has a
thread is left alone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.org.models import Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import actor_of_user
from appraisal.choices import Section, SkpStatus
from appraisal.plans.models import Skp
from appraisal.plans.selectors import current_ppk
from appraisal.realisation.models import IkiRealisation
from feedback.threads import services
from feedback.threads.models import FeedbackThread

OWNER, PPK = "owner", "ppk"

TEAM_THREADS = (
    (
        {"rhk": 0},
        [
            (
                PPK,
                "Capaian cakupan imunisasi dasar triwulan ini sudah baik. Tolong lampirkan rekap "
                "dari aplikasi ASIK sebagai bukti dukung, ya.",
            ),
            (
                OWNER,
                "Baik, Bu. Rekap ASIK per bulan sudah saya unggah di realisasi triwulan ini, "
                "termasuk daftar bayi yang belum lengkap imunisasinya.",
            ),
            (
                PPK,
                "Sudah saya periksa, terima kasih. Daftar itu kita bahas di lokakarya mini "
                "bulan depan.",
            ),
        ],
        True,
    ),
    (
        {"iki": 0},
        [
            (
                OWNER,
                "Realisasi kunjungan rumah belum mencapai target karena dua kali jadwal "
                "posyandu diundur saat banjir. Apakah ini bisa dicatat sebagai kendala?",
            ),
            (
                PPK,
                "Bisa. Tuliskan di kolom kendala, lalu susun jadwal kunjungan pengganti di "
                "rencana tindak lanjut supaya target triwulan berikutnya tetap terkejar.",
            ),
        ],
        False,
    ),
    (
        {"value": "berorientasi_pelayanan"},
        [
            (
                PPK,
                "Terima kasih sudah tetap melayani warga yang datang di luar jam layanan minggu "
                "lalu dengan ramah. Sikap seperti ini yang kita harapkan; pertahankan.",
            ),
        ],
        False,
    ),
)

OWN_THREAD = (
    {"rhk": 0},
    [
        (OWNER, "Target penemuan kasus TB di RHK ini saya rasa terlalu tinggi karena dua "
                "puskesmas kekurangan tenaga laboratorium sejak Maret."),
        (PPK, "Saya paham. Catat kekurangan tenaga itu sebagai kendala dan lampirkan surat "
              "permintaan tenaga ke Dinas; kita lihat lagi saat evaluasi."),
    ],
    False,
)  # fmt: skip


def _user(kind: str, skp: Skp):
    if kind == OWNER:
        return skp.employee.user
    ppk = current_ppk(skp)
    if ppk is None or ppk.employee_id is None:
        return None
    return Employee.objects.select_related("user").get(pk=ppk.employee_id).user


def _about(skp: Skp, spec: dict) -> dict | None:
    if "rhk" in spec:
        # A. Utama before B. Tambahan, each in the owner's order.
        rhks = sorted(skp.rhks.all(), key=lambda r: (r.section != Section.UTAMA, r.order, r.pk))
        rhk = rhks[0] if rhks else None
        return {"rhk": rhk} if rhk else None
    if "iki" in spec:
        value = (
            IkiRealisation.objects.filter(realisation__skp=skp)
            .order_by("-realisation__period", "iki__rhk__order", "iki__order", "pk")
            .first()
        )
        return {"iki_realisation": value} if value else None
    return {"value": spec["value"]}


def _write(skp: Skp, spec, result: dict) -> None:
    about_spec, messages, followed_up = spec
    about = _about(skp, about_spec)
    if about is None:
        return
    users = {OWNER: _user(OWNER, skp), PPK: _user(PPK, skp)}
    if None in users.values():
        return
    # The owner and their PPK write, each as themself.
    actors = {kind: actor_of_user(user) for kind, user in users.items()}
    (first_kind, first_text), *rest = messages
    thread = services.thread_start(skp, first_text, actor=actors[first_kind], **about)
    result["threads"] += 1
    result["messages"] += 1
    for kind, text in rest:
        services.thread_reply(thread, text, actor=actors[kind])
        result["messages"] += 1
    if followed_up:
        services.thread_follow_up(thread, actor=actors[PPK])
        result["followed_up"] += 1


def _approved(employee_ids, year: int):
    return (
        Skp.objects.filter(
            employee_id__in=employee_ids, cycle__year=year, status=SkpStatus.APPROVED
        )
        .select_related("cycle", "employee__user", "position__unit")
        .order_by("employee__name", "pk")
    )


def seed(today) -> dict:
    result = {"threads": 0, "messages": 0, "followed_up": 0}
    atasan = Employee.objects.filter(user__username="atasan").first()
    if atasan is None:
        return result
    team = OrgSnapshot(timezone.localdate()).subordinate_ids(atasan.pk)
    with transaction.atomic():
        # The team member with realisations (the Perawat Terampil), else the first approved plan.
        skps = list(_approved(team, today.year))
        skps.sort(key=lambda s: not s.realisations.exists())
        if skps and not FeedbackThread.objects.filter(skp=skps[0]).exists():
            for spec in TEAM_THREADS:
                _write(skps[0], spec, result)
        own = _approved([atasan.pk], today.year).first()
        if own is not None and not FeedbackThread.objects.filter(skp=own).exists():
            _write(own, OWN_THREAD, result)
    return result
