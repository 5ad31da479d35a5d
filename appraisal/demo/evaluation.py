"""Demo realisations and evaluations of this year's past periods (seed_cycles calls seed_evaluations).

For each period of the current (quarterly) cycle that ended before today, the approved demo SKPs
get daily logs (a few per RHK, on past working days), a submitted realisation with a value for every
IKI, evidence (a link every period; a PDF report and a photo in the latest period) and then an
evaluation in a planned state, so that every state is on screen:

- REALISED: the realisation is submitted, the PPK has not opened the evaluation yet;
- SCORING: the PPK is scoring (a draft with the rating hasil and feedback, no rating perilaku yet);
- FINAL: finalised, not yet received by the employee;
- RECEIVED: finalised and received (acknowledged);
- OBJECTED: received, then objected to; the Atasan PPK has asked the PPK a question;
- DECIDED: the same, explained and answered, then decided by the Atasan PPK (ratings changed).

Who sees what (the demo logins): `kadis` scores the kepala bidang P2P and, as Atasan PPK, has one
objection to decide (the `atasan`'s) and one decided; `atasan` has a finalised result to
acknowledge, an objection in progress, and a subordinate's evaluations to do; `pegawai` has none
(their SKP is a draft this year).

Choices, so that the data stays honest:
- The windows of past periods are closed today. Nothing is dated back and no window is reopened for
  everyone: each demo employee whose past period is closed gets a per-person extension of that
  period's window (services.cycles.window_extend, recorded by the admin BKD, reason "data demo"),
  which is what an admin does to let one person record late. It runs GRACE_DAYS past today so the
  evaluations left to do can still be done in the demo. Realisations, evaluations, receipts and
  objections carry the seeding time, like this year's SKPs (approved on the seeding day); only the
  daily logs carry past days (what was done that day, recorded late).
- Nobody in the `atasan`'s team had an approved plan, so the Perawat Terampil's submitted SKP is
  approved here by the `atasan` (through skp_flow, with the expectations written while reviewing).
- Heads of OPD are appraised by the Wali Kota, outside the system: they get realisations only.
- No organisational predicate (UnitPredicate) is seeded: documents show "—" for it.

Idempotent: an SKP with any realisation is left alone, extensions are made once, the approval
happens only while the plan is still submitted. Every change goes through the real services.
"""

from __future__ import annotations

import datetime as dt
import random
import struct
import zlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.choices import AdminRoleKind, EmployeeStatus
from accounts.org.models import AdminRole, Employee
from accounts.org.reporting import OrgSnapshot
from accounts.org.roles import actor_of_user
from appraisal.choices import ExtensionScope, Section, SkpStatus, WindowKind
from appraisal.cycles import services as cycle_services
from appraisal.cycles.models import Cycle, WindowExtension
from appraisal.cycles.windows import skp_window
from appraisal.demo.content import EXPECTATION_DATA, EXPECTATIONS
from appraisal.evaluation import services as ev
from appraisal.objections import services as objections
from appraisal.plans.models import Skp
from appraisal.plans.services import flow as skp_flow
from appraisal.plans.services.edit import expectations_save
from appraisal.realisation import services as rs
from appraisal.realisation.models import Realisation
from core.actor import Actor

REALISED, SCORING, FINAL, RECEIVED, OBJECTED, DECIDED = (
    "realised",
    "scoring",
    "final",
    "received",
    "objected",
    "decided",
)
STATES = (REALISED, SCORING, FINAL, RECEIVED, OBJECTED, DECIDED)
A, S, B = "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"
GRACE_DAYS = 14  # the per-person extensions end this many days after the seeding day
REASON = "data demo: realisasi dan evaluasi periode yang telah lewat dicatat susulan"
LOGS_PER_RHK = 2  # daily log entries per RHK and period


@dataclass(frozen=True)
class P:
    """One demo SKP: whose, the state of each past period and the ratings (both lists latest
    period first; the last entry repeats for earlier periods)."""

    unit: str
    post: str
    states: tuple[str, ...]
    ratings: tuple[tuple[str, str], ...] = ((S, S),)
    holder: int = 0
    approve: bool = False  # submitted by demo.py: approved here by the PPK


# fmt: off
PLAN = (
    # Dinas Kesehatan: the Wali Kota appraises the kepala dinas (outside the system).
    P("DINKES", "Kepala Dinas Kesehatan", (REALISED,)),
    # Scored by the kepala dinas (login `kadis`).
    P("DINKES.P2P", "Kepala Bidang Pencegahan dan Pengendalian Penyakit", (SCORING, RECEIVED),
      ratings=((S, S), (A, S), (S, A))),
    # The `atasan` login: a result to acknowledge, an objection before the kepala dinas.
    P("DINKES.P2P.SURIM", "Kepala Seksi Surveilans dan Imunisasi", (FINAL, OBJECTED, RECEIVED),
      ratings=((S, A), (B, S), (S, S))),
    # The `atasan` login's team: a submitted realisation to evaluate and one being scored.
    P("DINKES.P2P.SURIM", "Perawat Terampil", (REALISED, SCORING, RECEIVED),
      ratings=((S, S), (A, S), (S, S)), approve=True),
    P("DINKES.P2P.P2M", "Kepala Seksi Pencegahan dan Pengendalian Penyakit Menular",
      (REALISED, RECEIVED), ratings=((S, S), (A, A))),
    P("DINKES.P2P", "Epidemiolog Kesehatan Ahli Muda", (SCORING, RECEIVED, DECIDED),
      ratings=((A, S), (S, A), (B, S))),
    P("DINKES.P2P.P2M", "Epidemiolog Kesehatan Ahli Pertama", (FINAL, RECEIVED),
      ratings=((A, A), (S, S))),
    # Dinas Kependudukan dan Pencatatan Sipil.
    P("DISDUKCAPIL", "Kepala Dinas Kependudukan dan Pencatatan Sipil", (REALISED,)),
    P("DISDUKCAPIL.DAFDUK", "Kepala Bidang Pelayanan Pendaftaran Penduduk", (FINAL, RECEIVED),
      ratings=((S, A), (S, S))),
    P("DISDUKCAPIL.DAFDUK.IDP", "Kepala Seksi Identitas Penduduk", (SCORING, RECEIVED),
      ratings=((S, S), (A, A), (S, S))),
    P("DISDUKCAPIL.DAFDUK.IDP", "Administrator Database Kependudukan Ahli Pertama",
      (REALISED, RECEIVED), ratings=((S, S), (S, B), (S, S))),
)

# Per RHK: what was done on a day (activity, output). Two a period, rotating.
ACTIVITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "Meningkatnya derajat kesehatan masyarakat": (
        ("Memimpin rapat evaluasi kematian ibu dan bayi bersama kepala puskesmas", "Notulen rapat"),
        ("Meninjau pelayanan persalinan di Puskesmas Tanjung Bakau", "Laporan kunjungan"),
        ("Menandatangani laporan kinerja kesehatan daerah", "Laporan kinerja"),
    ),
    "Meningkatnya cakupan dan mutu pelayanan kesehatan dasar": (
        ("Membuka pendampingan akreditasi Puskesmas Pasar Lama", "Daftar hadir"),
        ("Membahas hasil survei kepuasan masyarakat terhadap layanan puskesmas", "Notulen"),
        ("Menetapkan tim mutu layanan kesehatan dasar", "Surat keputusan"),
    ),
    "Terkendalinya penyakit menular dan tidak menular": (
        ("Memimpin rapat respons sinyal kewaspadaan dini mingguan", "Notulen rapat"),
        ("Menelaah laporan capaian imunisasi dan pengobatan TBC", "Disposisi"),
        ("Mengikuti rapat koordinasi penanggulangan DBD tingkat kota", "Laporan rapat"),
    ),
    "Terwujudnya tata kelola kinerja dan anggaran dinas yang akuntabel": (
        ("Memimpin rapat evaluasi realisasi anggaran bulanan", "Notulen rapat"),
        ("Menelaah rancangan laporan keuangan dinas", "Catatan perbaikan"),
    ),
    "Terlaksananya koordinasi lintas sektor percepatan penurunan stunting": (
        ("Memimpin rapat Tim Percepatan Penurunan Stunting", "Notulen dan daftar hadir"),
        ("Menyampaikan data balita berisiko kepada camat dan lurah", "Surat pengantar"),
    ),
    "Meningkatnya cakupan imunisasi dan kewaspadaan dini penyakit menular": (
        ("Memantau laporan cakupan imunisasi per puskesmas", "Rekap cakupan"),
        ("Rapat koordinasi sweeping imunisasi dengan kepala seksi", "Notulen"),
        ("Menelaah laporan SKDR mingguan dan tindak lanjut sinyal", "Disposisi"),
    ),
    "Meningkatnya pengendalian penyakit tidak menular dan kesehatan jiwa": (
        ("Monitoring layanan hipertensi di posbindu Kelurahan Sungai Merah", "Laporan monitoring"),
        ("Rapat koordinasi layanan ODGJ berat dengan puskesmas", "Notulen rapat"),
    ),
    "Menurunnya angka kesakitan penyakit menular prioritas": (
        ("Rapat evaluasi penemuan kasus TBC bersama rumah sakit swasta", "Notulen"),
        ("Memeriksa kelengkapan pelaporan kasus di SITB", "Catatan verifikasi"),
    ),
    "Tersusunnya rencana kontinjensi kejadian luar biasa": (
        ("Menyusun rancangan rencana kontinjensi KLB bersama lintas sektor", "Draf dokumen"),
        ("Simulasi meja rencana kontinjensi KLB campak", "Laporan simulasi"),
    ),
    "Tercapainya cakupan imunisasi rutin lengkap": (
        ("Validasi data cakupan imunisasi di aplikasi ASIK bersama petugas puskesmas", "Rekap"),
        ("Mengatur distribusi vaksin ke puskesmas sesuai sasaran", "Berita acara distribusi"),
        ("Supervisi sesi imunisasi posyandu di Kelurahan Pasar Lama", "Laporan supervisi"),
    ),
    "Terlaksananya surveilans penyakit berpotensi kejadian luar biasa": (
        ("Memeriksa kelengkapan laporan SKDR mingguan puskesmas", "Rekap kelengkapan"),
        ("Memimpin verifikasi sinyal diare akut di Puskesmas Sungai Merah", "Laporan verifikasi"),
        ("Menyusun laporan penyelidikan epidemiologi", "Laporan PE"),
    ),
    "Terlaksananya pembinaan juru imunisasi puskesmas": (
        ("Pembinaan juru imunisasi Puskesmas Tanjung Bakau tentang rantai dingin", "Daftar hadir"),
        ("Memeriksa pencatatan suhu lemari es vaksin puskesmas", "Catatan pembinaan"),
    ),
    "Terlaksananya pelayanan imunisasi di posyandu": (
        ("Melayani imunisasi di Posyandu Melati Kelurahan Pasar Lama", "Register imunisasi"),
        ("Memeriksa suhu vaccine carrier sebelum dan sesudah sesi posyandu", "Catatan suhu"),
        ("Melayani imunisasi kejar di Posyandu Mawar", "Register imunisasi"),
    ),
    "Tersedianya kajian epidemiologi penyakit menular prioritas": (
        ("Mengolah data kasus DBD lima tahun terakhir", "Tabel dan grafik tren"),
        ("Menyusun draf kajian epidemiologi TBC", "Draf kajian"),
        ("Memaparkan rekomendasi kajian di rapat bidang", "Bahan paparan"),
    ),
    "Meningkatnya penemuan dan pengobatan kasus TBC": (
        ("Rapat evaluasi penemuan kasus TBC dengan pengelola program puskesmas", "Notulen"),
        ("Supervisi investigasi kontak di Puskesmas Sungai Merah", "Laporan supervisi"),
    ),
    "Terkendalinya penularan HIV dan demam berdarah dengue": (
        ("Koordinasi pemeriksaan HIV bagi populasi kunci bersama LSM", "Notulen"),
        ("Memantau angka bebas jentik hasil pemeriksaan jumantik", "Rekap ABJ"),
    ),
    "Tersedianya data pelacakan kontak kasus TBC": (
        ("Investigasi kontak serumah kasus TBC di Kelurahan Tanjung Bakau", "Formulir investigasi"),
        ("Memasukkan hasil investigasi kontak ke SITB", "Data SITB"),
        ("Rekap kontak yang dirujuk untuk pemeriksaan", "Rekap rujukan"),
    ),
    "Meningkatnya kualitas pelayanan administrasi kependudukan": (
        ("Memimpin rapat evaluasi standar pelayanan adminduk", "Notulen rapat"),
        ("Meninjau layanan loket dan antrean di kantor dinas", "Catatan tinjauan"),
    ),
    "Meningkatnya cakupan kepemilikan dokumen kependudukan": (
        ("Rapat koordinasi jemput bola dengan camat", "Notulen"),
        ("Menelaah laporan cakupan KTP-el dan akta kelahiran", "Disposisi"),
    ),
    "Terwujudnya database kependudukan yang andal": (
        ("Rapat pemadanan data dengan Ditjen Dukcapil", "Notulen"),
        ("Menelaah laporan konsolidasi data kependudukan", "Disposisi"),
    ),
    "Terkelolanya anggaran dinas secara efektif": (
        ("Memimpin rapat evaluasi realisasi anggaran", "Notulen rapat"),
        ("Menandatangani laporan realisasi anggaran bulanan", "Laporan realisasi"),
    ),
    "Meningkatnya cakupan perekaman dan pencetakan KTP-el": (
        ("Memantau stok blangko dan pencetakan KTP-el harian", "Rekap pencetakan"),
        ("Rapat evaluasi perekaman KTP-el wajib KTP baru", "Notulen"),
    ),
    "Terselenggaranya layanan pindah datang yang cepat": (
        ("Memeriksa berkas pindah datang yang melewati waktu layanan", "Daftar berkas"),
        ("Menandatangani dokumen pindah datang", "Surat pindah"),
    ),
    "Terlaksananya perekaman KTP-el pemula dan penerbitan KIA": (
        ("Jemput bola perekaman KTP-el pemula di SMA Negeri 2", "Daftar perekaman"),
        ("Layanan penerbitan KIA di SD Negeri 5 Pasar Lama", "Daftar penerima KIA"),
        ("Verifikasi data KIA sebelum pencetakan", "Rekap verifikasi"),
    ),
    "Terlaksananya layanan jemput bola bagi kelompok rentan": (
        ("Perekaman KTP-el di panti werdha", "Daftar perekaman"),
        ("Perekaman KTP-el penyandang disabilitas di rumah", "Berita acara layanan"),
    ),
    "Terjaganya kualitas database kependudukan": (
        ("Membersihkan data ganda NIK hasil pemadanan", "Daftar NIK ganda"),
        ("Konsolidasi data kependudukan dengan data pusat", "Laporan konsolidasi"),
        ("Memperbaiki anomali data tanggal lahir", "Log perbaikan"),
    ),
}
GENERIC_ACTIVITIES = (
    ("Menyusun laporan kemajuan pekerjaan", "Laporan"),
    ("Rapat koordinasi dengan atasan langsung", "Notulen"),
)
NARRATIVES = {
    "Kualitas data kependudukan": (
        "Data ganda turun dari 1.240 menjadi 612 NIK; anomali tanggal lahir diperbaiki sebagian",
        "Data ganda tersisa 318 NIK; 92 % anomali NIK telah diperbaiki",
        "Data ganda tersisa 104 NIK; perbaikan anomali dilanjutkan bersama kecamatan",
        "Database bebas data ganda; anomali NIK ditutup",
    ),
}
OBSTACLES = {
    "DINKES": (
        ("Sebagian puskesmas terlambat mengirim laporan bulanan.",
         "Pengingat mingguan dan pendampingan petugas pencatatan puskesmas."),
        ("Jaringan internet puskesmas terganggu saat musim hujan.",
         "Laporan sementara dikirim luring lalu diunggah saat jaringan pulih."),
        ("Kekosongan vaksin MR dari provinsi selama tiga minggu.",
         "Sweeping imunisasi di kelurahan dengan cakupan rendah."),
        ("Petugas terbagi untuk penyelidikan kejadian luar biasa.",
         "Penjadwalan ulang kegiatan rutin dan bantuan tenaga dari bidang."),
    ),
    "DISDUKCAPIL": (
        ("Blangko KTP-el sempat terbatas.", "Prioritas pencetakan bagi pemula dan kelompok rentan."),
        ("Gangguan jaringan SIAK Terpusat.", "Perekaman luring lalu sinkronisasi malam hari."),
        ("Antrean meningkat menjelang tahun ajaran baru.", "Layanan KIA jemput bola di sekolah."),
        ("Pemadanan data menunggu jadwal dari pusat.", "Perbaikan data lokal lebih dahulu."),
    ),
}
RHK_FEEDBACK = {
    A: ("Capaian melampaui target periode ini dan bukti dukung lengkap. Pertahankan, dan "
        "bagikan cara kerjanya kepada tim.",
        "Hasil kerja di atas ekspektasi: laporan rapi, tepat waktu dan dipakai untuk keputusan "
        "bidang.",
        "Inisiatif di luar target patut diapresiasi; dokumentasikan sebagai praktik baik."),
    S: ("Capaian sesuai target. Lengkapi bukti dukung kegiatan lapangan setiap akhir bulan agar "
        "verifikasi lebih cepat.",
        "Sesuai rencana. Perhatikan ketepatan waktu pengiriman laporan dari puskesmas atau "
        "kecamatan.",
        "Target tercapai; perkuat analisis singkat atas angka yang dilaporkan."),
    B: ("Capaian di bawah target periode ini. Susun rencana percepatan dan laporkan kemajuannya "
        "setiap dua minggu.",
        "Beberapa kegiatan tertunda tanpa penjelasan tertulis; sampaikan kendala lebih awal.",
        "Bukti dukung belum lengkap untuk sebagian capaian yang dilaporkan."),
}
PERILAKU_FEEDBACK = {
    A: {
        "berorientasi_pelayanan": "Cepat menanggapi permintaan data dari puskesmas dan warga.",
        "kolaboratif": "Aktif melibatkan lintas program; menjadi rujukan rekan kerja.",
        "kompeten": "Membagikan hasil pelatihan kepada tim dalam forum internal.",
    },
    S: {
        "akuntabel": "Laporan disampaikan tepat waktu dengan bukti dukung.",
        "adaptif": "Menyesuaikan diri dengan aplikasi pelaporan yang baru.",
    },
    B: {
        "akuntabel": "Beberapa laporan terlambat tanpa pemberitahuan; perlu perbaikan disiplin.",
        "harmonis": "Perlu lebih terbuka menerima masukan dari rekan kerja.",
    },
}
NOTES = {
    "SANGAT_BAIK": "Kinerja sangat baik. Direkomendasikan mengikuti pelatihan kepemimpinan dan "
                   "menjadi mentor bagi pegawai baru.",
    "BAIK": "Kinerja baik. Tingkatkan kelengkapan bukti dukung dan ikuti pelatihan analisis data.",
    "BUTUH_PERBAIKAN": "Perlu perbaikan pada capaian hasil kerja. Disusun rencana pembinaan "
                       "bulanan bersama atasan langsung.",
    "KURANG_MISCONDUCT": "Perlu pembinaan perilaku kerja sesuai ketentuan.",
    "SANGAT_KURANG": "Perlu pembinaan intensif dan rencana perbaikan kinerja.",
}
# The objection in progress (the `atasan` login) and the decided one.
OBJECTION_OPEN = {
    "reasons": "Cakupan imunisasi triwulan ini tertekan oleh kekosongan vaksin MR dari provinsi "
               "selama tiga minggu, di luar kendali seksi. Sweeping imunisasi di enam kelurahan "
               "sudah dilaksanakan dan cakupan kumulatif kembali mendekati target. Mohon rating "
               "hasil kerja ditinjau menjadi Sesuai Ekspektasi.",
    "question": "Mohon Kepala Bidang melampirkan surat pemberitahuan kekosongan vaksin dari "
                "provinsi dan data cakupan per bulan, agar dapat dinilai apakah capaian "
                "dipengaruhi faktor di luar kendali pegawai.",
}
OBJECTION_DECIDED = {
    "reasons": "Kajian epidemiologi triwulan ini terlambat dua minggu karena saya ditugaskan "
               "dalam penyelidikan KLB campak di Kelurahan Pasar Lama. Kajian tetap selesai dan "
               "rekomendasinya dipakai bidang.",
    "explanation": "Keterlambatan kajian memang karena penugasan penyelidikan KLB. Rating "
                   "diberikan karena satu dari dua rekomendasi kajian belum dapat ditindaklanjuti "
                   "pada periode ini.",
    "question": "Mohon sampaikan surat tugas penyelidikan KLB dan tanda terima kajian.",
    "answer": "Surat tugas penyelidikan KLB dan tanda terima kajian sudah saya unggah sebagai "
              "bukti dukung.",
    "notes": "Keterlambatan disebabkan penugasan penyelidikan KLB yang sah dari pimpinan dan "
             "substansi kajian memenuhi ekspektasi. Rating hasil kerja diubah menjadi Sesuai "
             "Ekspektasi.",
    "ratings": (S, S),
}
LOWER_IS_BETTER = ("kematian", "prevalensi", "dimulai setelah", "paling lambat", "paling lama",
                   "dikirim ke laboratorium setelah", "waktu penyelesaian")
RATE_UNITS = {"%", "indeks", "nilai", "hari", "hari kerja"}
FACTOR = {A: Decimal("1.06"), S: Decimal("0.98"), B: Decimal("0.86")}
# fmt: on


def seed_evaluations(today: dt.date | None = None) -> dict:
    """Realisations, evidence and evaluations of the current cycle's past periods (see above).

    `today` picks the cycle and which periods are past; the services act on the real date.
    Returns {"periods", "skps", "approved", "extensions", "daily_logs", "realisations",
    "evidence_files", "evaluations": {state: n}, "objections"}.
    """
    today = today or timezone.localdate()
    result = {
        "periods": 0,
        "skps": 0,
        "approved": 0,
        "extensions": 0,
        "daily_logs": 0,
        "realisations": 0,
        "evidence_files": 0,
        "evaluations": dict.fromkeys(STATES, 0),
        "objections": 0,
    }
    cycle = (
        Cycle.objects.filter(year=today.year, practice=False).prefetch_related("windows").first()
    )
    if cycle is None:
        return result
    past = [p for p in cycle.periods if p.end < today]
    result["periods"] = len(past)
    if not past:
        return result
    with transaction.atomic():
        _Seeder(cycle, past, today, result).run()
    return result


class _Seeder:
    def __init__(self, cycle: Cycle, past, today: dt.date, result: dict):
        self.cycle, self.past, self.today, self.result = cycle, past, today, result
        self.snapshot = OrgSnapshot(timezone.localdate())
        self.admin = _bkd_admin_user()
        self.now = timezone.localdate()

    def run(self) -> None:
        for spec in PLAN:
            employee = _holder(spec)
            if employee is None:
                continue
            skp = self._approved_skp(spec, employee)
            if skp is None or Realisation.objects.filter(skp=skp).exists():
                continue
            self.result["skps"] += 1
            periods = list(reversed(self.past))  # latest first, like the plan's lists
            for index, period in enumerate(periods):
                if period.end < skp.start_date:
                    break  # the plan started after this period (and the earlier ones)
                state = spec.states[min(index, len(spec.states) - 1)]
                ratings = spec.ratings[min(index, len(spec.ratings) - 1)]
                self._period(skp, employee, period, state, ratings, latest=index == 0)

    # -- the plan --------------------------------------------------------------------------
    def _approved_skp(self, spec: P, employee: Employee) -> Skp | None:
        skps = Skp.objects.filter(cycle=self.cycle, employee=employee).select_related(
            "cycle", "position__unit", "employee__user"
        )
        approved = next((s for s in skps if s.status == SkpStatus.APPROVED), None)
        if approved is not None or not spec.approve:
            return approved
        submitted = next((s for s in skps if s.status == SkpStatus.SUBMITTED), None)
        ppk = self._ppk(employee)
        if submitted is None or ppk is None or not skp_window(submitted).is_open:
            return None
        opd = submitted.position.unit.opd.code if submitted.position.unit.opd_id else "DINKES"
        data = EXPECTATION_DATA.get(opd, "")
        decider = actor_of_user(ppk.user)
        expectations_save(
            submitted,
            {value: text.format(data=data) for value, text in EXPECTATIONS.items()},
            actor=decider,
        )
        skp_flow.skp_approve(submitted, actor=decider)
        self.result["approved"] += 1
        return skps.get(pk=submitted.pk)

    def _ppk(self, employee: Employee) -> Employee | None:
        appraiser = self.snapshot.ppk(employee.pk)
        if appraiser is None or appraiser.is_external:
            return None
        return Employee.objects.select_related("user").get(pk=appraiser.employee_id)

    # -- one period ------------------------------------------------------------------------
    def _period(self, skp: Skp, employee: Employee, period, state, ratings, latest: bool):
        self._extend(employee, period.number)
        rhks = sorted(
            skp.rhks.prefetch_related("ikis", "rencana_aksi"),
            key=lambda r: (r.section != Section.UTAMA, r.order, r.pk),
        )
        self._daily_logs(skp, employee, rhks, period)
        realisation = self._realisation(skp, employee, rhks, period, ratings[0], latest)
        owner = actor_of_user(employee.user)
        rs.realisation_submit(realisation, actor=owner)
        self.result["realisations"] += 1
        ppk = self._ppk(employee)
        if state == REALISED or ppk is None:
            self.result["evaluations"][REALISED] += 1
            return
        scorer = actor_of_user(ppk.user)
        evaluation = ev.evaluation_for(skp, period.number, actor=scorer)
        hasil, perilaku = ratings
        if state == SCORING:
            perilaku = ""  # being scored: the rating perilaku is still to come
        evaluation = ev.evaluation_save(
            evaluation,
            expected_version=evaluation.version,
            rating_hasil=hasil,
            rating_perilaku=perilaku,
            notes=NOTES.get(ev.predicate_for(hasil, perilaku), ""),
            rhk_notes={
                rhk.pk: (
                    RHK_FEEDBACK[hasil][index % len(RHK_FEEDBACK[hasil])],
                    hasil if rhk.section == Section.UTAMA else "",
                )
                for index, rhk in enumerate(rhks)
            },
            perilaku_notes=PERILAKU_FEEDBACK[perilaku] if perilaku else {},
            actor=scorer,
        )
        if state == SCORING:
            self.result["evaluations"][SCORING] += 1
            return
        evaluation = ev.evaluation_finalise(evaluation, actor=scorer)
        if state == FINAL:
            self.result["evaluations"][FINAL] += 1
            return
        evaluation = ev.evaluation_acknowledge(evaluation, actor=owner)
        if state == RECEIVED:
            self.result["evaluations"][RECEIVED] += 1
            return
        self._objection(evaluation, employee, ppk, decided=state == DECIDED)
        self.result["evaluations"][state] += 1
        self.result["objections"] += 1

    def _extend(self, employee: Employee, number: int) -> None:
        window = next(
            w
            for w in self.cycle.windows.all()
            if w.kind == WindowKind.PERIOD and w.period == number
        )
        closes = max(self.today, self.now) + dt.timedelta(days=GRACE_DAYS)
        if (
            closes <= window.closes_on
            or WindowExtension.objects.filter(window=window, employee=employee).exists()
        ):
            return
        cycle_services.window_extend(
            window,
            ExtensionScope.EMPLOYEE,
            closes,
            REASON,
            actor=actor_of_user(self.admin) if self.admin else Actor.system("demo"),
            employee=employee,
        )
        self.result["extensions"] += 1

    def _daily_logs(self, skp: Skp, employee: Employee, rhks, period) -> None:
        first, last = max(period.start, skp.start_date), min(period.end, skp.end_date, self.now)
        if first > last:
            return
        span = (last - first).days
        owner = actor_of_user(employee.user)
        for index, rhk in enumerate(rhks):
            pool = ACTIVITIES.get(rhk.text, GENERIC_ACTIVITIES)
            plan = next((p for p in rhk.rencana_aksi.all() if p.period == period.number), None)
            for n in range(LOGS_PER_RHK):
                offset = (span * (2 * n + 1)) // (2 * LOGS_PER_RHK) + index * 2
                day = _working_day(first + dt.timedelta(days=min(offset, span)), first, last)
                activity, output = pool[(period.number + n + index) % len(pool)]
                rs.daily_log_add(
                    skp,
                    day=day,
                    activity=activity,
                    output=output,
                    rhk=rhk,
                    rencana_aksi=plan if n == 0 else None,
                    actor=owner,
                )
                self.result["daily_logs"] += 1

    def _realisation(self, skp: Skp, employee: Employee, rhks, period, rating, latest: bool):
        realisation = rs.realisation_for(skp, period.number, actor=actor_of_user(employee.user))
        rng = random.Random(f"{employee.nip}-{period.number}")
        periods = len(self.cycle.periods)
        values = {}
        for rhk in rhks:
            for iki in rhk.ikis.all():
                values[iki.pk] = _value(iki, FACTOR[rating], periods, period.number, rng)
        opd = skp.position.unit.opd.code if skp.position.unit.opd_id else "DINKES"
        kendala, follow_up = OBSTACLES.get(opd, OBSTACLES["DINKES"])[(period.number + skp.pk) % 4]
        owner = actor_of_user(employee.user)
        rs.realisation_save(realisation, values, kendala, follow_up, actor=owner)
        label = period.label
        slug = label.lower().replace(" ", "-")
        rs.evidence_add(
            realisation,
            link=f"https://data.larasbahari.go.id/bukti/{self.cycle.year}/{slug}/{employee.nip}",
            description=f"Folder bukti dukung {label}",
            rhk=rhks[0],
            actor=owner,
        )
        if latest:
            title = f"Laporan capaian {label} {self.cycle.year}"
            rs.evidence_add(
                realisation,
                upload=SimpleUploadedFile(
                    f"{title}.pdf",
                    _pdf_bytes(title, employee.full_name, employee.nip, rhks[0].text),
                    content_type="application/pdf",
                ),
                description=title,
                rhk=rhks[0],
                actor=owner,
            )
            rs.evidence_add(
                realisation,
                upload=SimpleUploadedFile(
                    "dokumentasi-kegiatan.png", _png_bytes(rng), content_type="image/png"
                ),
                description=f"Dokumentasi kegiatan {label}",
                rhk=rhks[-1],
                actor=owner,
            )
            self.result["evidence_files"] += 2
        return realisation

    def _objection(self, evaluation, employee: Employee, ppk: Employee, decided: bool) -> None:
        texts = OBJECTION_DECIDED if decided else OBJECTION_OPEN
        owner = actor_of_user(employee.user)
        objection = objections.objection_file(evaluation, texts["reasons"], actor=owner)
        atasan = actor_of_user(objection.atasan_employee.user)
        if not decided:
            objections.objection_message(objection, texts["question"], actor=atasan, to="ppk")
            return
        objections.objection_message(objection, texts["explanation"], actor=actor_of_user(ppk.user))
        objections.objection_message(objection, texts["question"], actor=atasan, to="employee")
        objections.objection_message(objection, texts["answer"], actor=owner)
        hasil, perilaku = texts["ratings"]
        objections.objection_decide(
            objection, "changed", hasil, perilaku, texts["notes"], actor=atasan
        )


def _holder(spec: P) -> Employee | None:
    holders = list(
        Employee.objects.filter(
            position__unit__code=spec.unit,
            position__name=spec.post,
            status=EmployeeStatus.ACTIVE,
        )
        .select_related("user")
        .order_by("pk")
    )
    return holders[spec.holder] if spec.holder < len(holders) else None


def _bkd_admin_user():
    role = AdminRole.objects.filter(kind=AdminRoleKind.ADMIN_BKD).select_related("user").first()
    return role.user if role else None


def _working_day(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    """The nearest weekday inside [first, last] (the day itself when it is one)."""
    for shift in (0, -1, 1, -2, 2):
        candidate = day + dt.timedelta(days=shift)
        if first <= candidate <= last and candidate.weekday() < 5:
            return candidate
    return day


def _value(iki, factor: Decimal, periods: int, number: int, rng: random.Random):
    """(value, narrative) for one IKI in one period: rates near the target, counts a period's
    share of it; a narrative target gets a narrative."""
    if iki.target_value is None:
        lines = NARRATIVES.get(iki.indicator)
        text = lines[(number - 1) % len(lines)] if lines else f"Tercapai: {iki.target_text}"
        return None, text
    jitter = Decimal(rng.randint(-20, 20)) / Decimal(1000)
    factor = factor + jitter
    target = iki.target_value
    lower = any(word in iki.indicator.lower() for word in LOWER_IS_BETTER)
    if iki.target_unit in RATE_UNITS or iki.target_unit.startswith("per "):
        value = target / factor if lower else target * factor
        if iki.target_unit == "%" and target <= 100:
            value = min(value, Decimal(100))
        if iki.target_unit in ("hari", "hari kerja"):
            return max(value.quantize(Decimal(1), ROUND_HALF_UP), Decimal(1)), ""
        return value.quantize(Decimal("0.1"), ROUND_HALF_UP), ""
    share = target / Decimal(periods)
    if iki.target_unit in ("bulan", "minggu", "triwulan", "semester"):
        return max(share.quantize(Decimal(1), ROUND_HALF_UP), Decimal(1)), ""
    return max((share * factor).quantize(Decimal(1), ROUND_HALF_UP), Decimal(1)), ""


def _pdf_text(text: str) -> str:
    text = text.encode("latin-1", "replace").decode("latin-1")
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf_bytes(title: str, name: str, nip: str, rhk: str) -> bytes:
    """A small, valid one-page PDF (Helvetica, no dependencies): the evidence report."""
    lines = [
        (16, title.upper()),
        (11, f"Nama: {name}"),
        (11, f"NIP: {nip}"),
        (11, f"Rencana hasil kerja: {rhk[:80]}"),
        (10, "Ringkasan kegiatan, capaian indikator dan dokumentasi terlampir."),
        (10, "Dokumen ini dibuat sebagai data demo."),
    ]
    body = ["BT", "56 780 Td"]
    for index, (size, text) in enumerate(lines):
        if index:
            body.append("0 -22 Td")
        body.append(f"/F1 {size} Tf ({_pdf_text(text)}) Tj")
    body.append("ET")
    stream = "\n".join(body).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png_bytes(rng: random.Random, width: int = 160, height: int = 90) -> bytes:
    """A small valid PNG: coloured bands standing in for a photo of the activity."""
    bands = [tuple(rng.randint(40, 220) for _ in range(3)) for _ in range(4)]
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        colour = bands[y * len(bands) // height]
        rows += bytes(colour) * width

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
