"""The demo work plans as data: who gets which SKP in which state, and its RHK, IKI and texts.

Read by appraisal/demo/cycles.py. Kept apart so the rules of seeding stay short to read; the texts are
realistic Indonesian for a Dinas Kesehatan and a Dinas Kependudukan dan Pencatatan Sipil.
"""

from __future__ import annotations

from dataclasses import dataclass

from appraisal.choices import Section

OPD_NAMES = {
    "DINKES": "Dinas Kesehatan",
    "DISDUKCAPIL": "Dinas Kependudukan dan Pencatatan Sipil",
}


@dataclass(frozen=True)
class R:
    """An RHK: text, IKI (aspek, indicator, value, unit, narrative), link to the PPK's Utama RHK
    by index, and rencana aksi per triwulan."""

    text: str
    ikis: tuple[tuple[str, str, str | None, str, str], ...]
    link: int | None = None
    indirect: bool = False
    section: str = Section.UTAMA
    perspektif: str = ""
    plans: tuple[str, ...] = ()


def K(indicator, value, unit, text=""):  # short names keep the tables readable
    return ("kuantitas", indicator, value, unit, text)


def Q(indicator, value, unit, text=""):
    return ("kualitas", indicator, value, unit, text)


def W(indicator, value, unit, text=""):
    return ("waktu", indicator, value, unit, text)


MONTHLY = ("Pelaporan berkala", "12", "bulan")
# fmt: off
CONTENT: dict[str, tuple[R, ...]] = {
    "kadis_kes": (
        R("Meningkatnya derajat kesehatan masyarakat", perspektif="penerima_layanan", ikis=(
            K("Angka kematian ibu", "85", "per 100.000 kelahiran hidup"),
            K("Angka kematian bayi", "12", "per 1.000 kelahiran hidup"),
            Q("Prevalensi balita stunting", "14", "%"),
            W("Laporan kinerja kesehatan daerah disampaikan tepat waktu", "12", "bulan"))),
        R("Meningkatnya cakupan dan mutu pelayanan kesehatan dasar", perspektif="proses_bisnis",
          ikis=(K("Puskesmas terakreditasi paripurna", "2", "puskesmas"),
                Q("Indeks kepuasan masyarakat terhadap layanan puskesmas", "85", "indeks"),
                W("Pelayanan kesehatan dasar sesuai standar pelayanan minimal", "12", "bulan"))),
        R("Terkendalinya penyakit menular dan tidak menular", perspektif="proses_bisnis", ikis=(
            K("Cakupan imunisasi dasar lengkap", "95", "%"),
            Q("Angka keberhasilan pengobatan TBC", "90", "%"),
            W("Respons kejadian luar biasa kurang dari 24 jam", "100", "%"))),
        R("Terwujudnya tata kelola kinerja dan anggaran dinas yang akuntabel",
          perspektif="anggaran", ikis=(K("Realisasi anggaran", "95", "%"),
                                       Q("Nilai evaluasi SAKIP perangkat daerah", "75", "nilai"),
                                       W("Laporan keuangan disampaikan tepat waktu", "12", "bulan"))),
        R("Terlaksananya koordinasi lintas sektor percepatan penurunan stunting",
          section=Section.TAMBAHAN, perspektif="penguatan_internal",
          ikis=(K("Rapat koordinasi Tim Percepatan Penurunan Stunting", "4", "kali"),)),
    ),
    "kabid_p2p": (
        R("Meningkatnya cakupan imunisasi dan kewaspadaan dini penyakit menular", link=2, ikis=(
            K("Cakupan imunisasi dasar lengkap", "95", "%"),
            Q("Kelurahan Universal Child Immunization (UCI)", "100", "%"),
            W("Laporan surveilans dan imunisasi", "12", "bulan"))),
        R("Meningkatnya pengendalian penyakit tidak menular dan kesehatan jiwa", link=2, ikis=(
            K("Penderita hipertensi mendapat pelayanan sesuai standar", "80", "%"),
            Q("ODGJ berat mendapat pelayanan sesuai standar", "100", "%"),
            W("Skrining penyakit tidak menular usia produktif", "12", "bulan"))),
        R("Menurunnya angka kesakitan penyakit menular prioritas", link=0, indirect=True, ikis=(
            K("Kasus TBC ditemukan dan diobati", "90", "%"),
            Q("Angka keberhasilan pengobatan TBC", "90", "%"),
            W("Pelaporan kasus melalui SITB", "12", "bulan"))),
        R("Tersusunnya rencana kontinjensi kejadian luar biasa", section=Section.TAMBAHAN,
          ikis=(K("Dokumen rencana kontinjensi", "1", "dokumen"),
                W("Dokumen ditetapkan", "6", "bulan"))),
    ),
    "kasi_surim": (
        R("Tercapainya cakupan imunisasi rutin lengkap", link=0, ikis=(
            K("Cakupan imunisasi dasar lengkap", "95", "%"),
            Q("Puskesmas yang mencatat imunisasi lengkap di aplikasi ASIK", "100", "%"),
            W("Laporan cakupan imunisasi bulanan", "12", "bulan")),
          plans=("Pemetaan sasaran dan distribusi vaksin ke puskesmas",
                 "Sweeping imunisasi di kelurahan dengan cakupan rendah",
                 "Pelaksanaan Bulan Imunisasi Anak Sekolah (BIAS)",
                 "Validasi data cakupan dan evaluasi program")),
        R("Terlaksananya surveilans penyakit berpotensi kejadian luar biasa", link=0,
          indirect=True, ikis=(K("Laporan SKDR mingguan yang lengkap", "52", "laporan"),
                               Q("Sinyal kewaspadaan dini yang direspons", "100", "%"),
                               W("Penyelidikan epidemiologi dimulai setelah sinyal", "1", "hari"))),
        R("Terlaksananya pembinaan juru imunisasi puskesmas", section=Section.TAMBAHAN,
          ikis=(K("Puskesmas dibina", "3", "puskesmas"),)),
    ),
    "epid": (
        R("Tersedianya analisis data surveilans mingguan", link=1, ikis=(
            K("Laporan analisis SKDR", "52", "laporan"),
            Q("Laporan analisis yang memuat rekomendasi tindak lanjut", "100", "%"),
            W("Laporan disampaikan setiap hari Senin", "52", "minggu")),
          plans=("Menyusun format analisis dan kanal diseminasi",
                 "Analisis tren penyakit musim hujan", "Kajian sinyal KLB semester I",
                 "Rekap analisis tahunan")),
        R("Tersedianya data cakupan imunisasi yang valid", link=0, indirect=True, ikis=(
            K("Rekap cakupan imunisasi per kelurahan", "12", "rekap"),
            Q("Kesesuaian data aplikasi ASIK dengan register puskesmas", "95", "%"),
            W("Rekap disampaikan paling lambat tanggal 5", "12", "bulan"))),
        R("Terlaksananya diseminasi informasi epidemiologi", section=Section.TAMBAHAN,
          ikis=(K("Buletin epidemiologi diterbitkan", "4", "edisi"),)),
    ),
    "perawat_surim": (
        R("Terlaksananya pelayanan imunisasi di posyandu", link=0, ikis=(
            K("Sesi imunisasi posyandu yang dilayani", "48", "sesi"),
            Q("Sesi imunisasi sesuai standar rantai dingin vaksin", "100", "%"), W(*MONTHLY))),
    ),
    "sanitarian": (
        R("Terlaksananya pengambilan sampel lingkungan pada penyelidikan KLB", link=1, ikis=(
            K("Sampel lingkungan diambil", "24", "sampel"),
            Q("Sampel memenuhi standar pengiriman laboratorium", "100", "%"),
            W("Sampel dikirim ke laboratorium setelah pengambilan", "1", "hari"))),
    ),
    "logistik": (
        R("Terkelolanya administrasi logistik vaksin", link=0, indirect=True, ikis=(
            K("Laporan stok dan distribusi vaksin", "12", "laporan"),
            Q("Kesesuaian stok fisik dengan kartu stok", "100", "%"), W(*MONTHLY))),
    ),
    "epid_muda": (
        R("Tersedianya kajian epidemiologi penyakit menular prioritas", link=2, ikis=(
            K("Dokumen kajian epidemiologi", "4", "dokumen"),
            Q("Rekomendasi kajian yang ditindaklanjuti bidang", "75", "%"),
            W("Kajian disampaikan setiap triwulan", "4", "triwulan"))),
    ),
    "kasi_p2m": (
        R("Meningkatnya penemuan dan pengobatan kasus TBC", link=2, ikis=(
            K("Kasus TBC ditemukan dan diobati", "420", "kasus"),
            Q("Angka keberhasilan pengobatan TBC", "90", "%"),
            W("Pelaporan kasus melalui SITB", "12", "bulan"))),
        R("Terkendalinya penularan HIV dan demam berdarah dengue", link=0, indirect=True, ikis=(
            K("Orang berisiko yang diperiksa HIV", "2500", "orang"),
            Q("Angka bebas jentik", "95", "%"), W("Pemantauan jentik berkala", "12", "bulan"))),
    ),
    "epid_p2m": (
        R("Tersedianya data pelacakan kontak kasus TBC", link=0, ikis=(
            K("Kontak serumah kasus TBC yang diinvestigasi", "1200", "orang"),
            Q("Kontak yang diperiksa sesuai standar", "90", "%"), W(*MONTHLY))),
    ),
    "perawat_p2m": (
        R("Terlaksananya pendampingan minum obat pasien TBC", link=0, ikis=(
            K("Pasien TBC yang didampingi", "150", "pasien"),
            Q("Pasien yang menyelesaikan pengobatan", "90", "%"), W(*MONTHLY))),
    ),
    "perawat_ptm": (
        R("Terlaksananya skrining penyakit tidak menular di posbindu", link=1, ikis=(
            K("Penduduk usia produktif yang diskrining", "6000", "orang"),
            Q("Hasil skrining tercatat di aplikasi ASIK", "100", "%"), W(*MONTHLY))),
    ),
    "kabid_kesmas": (
        R("Menurunnya prevalensi stunting dan meningkatnya kesehatan keluarga", link=0, ikis=(
            K("Ibu hamil mendapat pelayanan antenatal enam kali", "90", "%"),
            Q("Prevalensi balita stunting", "14", "%"),
            W("Pemantauan pertumbuhan balita", "12", "bulan"))),
        R("Meningkatnya kualitas kesehatan lingkungan", link=0, indirect=True, ikis=(
            K("Kelurahan Stop Buang Air Besar Sembarangan", "20", "kelurahan"),
            Q("Sarana air minum yang memenuhi syarat", "85", "%"),
            W("Inspeksi kesehatan lingkungan", "12", "bulan"))),
    ),
    "sekretaris_kes": (
        R("Terwujudnya tata kelola administrasi, keuangan dan kepegawaian dinas yang akuntabel",
          link=3, ikis=(K("Dokumen perencanaan dan pelaporan kinerja", "6", "dokumen"),
                        Q("Nilai evaluasi SAKIP", "75", "nilai"),
                        W("Laporan keuangan disampaikan tepat waktu", "12", "bulan"))),
    ),
    "kasubbag_umpeg": (
        R("Terkelolanya administrasi kepegawaian dan umum dinas", link=0, ikis=(
            K("Usulan layanan kepegawaian yang diproses", "240", "usulan"),
            Q("Usulan diproses tanpa pengembalian", "95", "%"),
            W("Usulan diproses paling lama", "5", "hari kerja"))),
    ),
    "analis_sdm": (
        R("Tersedianya data dan analisis kebutuhan pegawai dinas", link=0, ikis=(
            K("Dokumen analisis jabatan dan beban kerja", "1", "dokumen"),
            Q("Data pegawai yang mutakhir di SIASN", "100", "%"), W(*MONTHLY))),
    ),
    "kadis_duk": (
        R("Meningkatnya kualitas pelayanan administrasi kependudukan",
          perspektif="penerima_layanan", ikis=(
              K("Dokumen kependudukan diterbitkan", "60000", "dokumen"),
              Q("Indeks kepuasan masyarakat terhadap layanan adminduk", "88", "indeks"),
              W("Dokumen terbit pada hari yang sama", "90", "%"))),
        R("Meningkatnya cakupan kepemilikan dokumen kependudukan", perspektif="proses_bisnis",
          ikis=(K("Cakupan kepemilikan KTP-el", "98", "%"),
                Q("Cakupan akta kelahiran anak usia 0–18 tahun", "97", "%"), W(*MONTHLY))),
        R("Terwujudnya database kependudukan yang andal", perspektif="penguatan_internal",
          ikis=(Q("Data kependudukan yang padan dengan data nasional", "99", "%"),)),
        R("Terkelolanya anggaran dinas secara efektif", perspektif="anggaran",
          ikis=(K("Realisasi anggaran", "95", "%"),)),
    ),
    "kabid_dafduk": (
        R("Meningkatnya cakupan perekaman dan pencetakan KTP-el", link=1, ikis=(
            K("KTP-el dicetak", "15000", "keping"),
            Q("Penduduk wajib KTP yang telah merekam", "99", "%"),
            W("KTP-el dicetak paling lambat", "1", "hari kerja"))),
        R("Terselenggaranya layanan pindah datang yang cepat", link=0, indirect=True, ikis=(
            K("Permohonan pindah datang diselesaikan", "3000", "berkas"),
            Q("Dokumen terbit tanpa kesalahan data", "100", "%"),
            W("Waktu penyelesaian", "1", "hari kerja"))),
    ),
    "kasi_idp": (
        R("Terlaksananya perekaman KTP-el pemula dan penerbitan KIA", link=0, ikis=(
            K("Penduduk pemula yang merekam KTP-el", "4000", "orang"),
            K("Kartu Identitas Anak diterbitkan", "8000", "keping"),
            Q("KIA terbit tanpa kesalahan data", "100", "%"), W(*MONTHLY)),
          plans=("Jemput bola perekaman di SMA dan SMK", "Layanan KIA di sekolah dasar",
                 "Perekaman di panti sosial dan lembaga pemasyarakatan",
                 "Evaluasi dan pemutakhiran data")),
        R("Terlaksananya layanan jemput bola bagi kelompok rentan", link=0, indirect=True, ikis=(
            K("Kegiatan jemput bola", "24", "kegiatan"),
            Q("Penduduk rentan yang terlayani", "100", "%"), W(*MONTHLY))),
    ),
    "admin_db": (
        R("Terjaganya kualitas database kependudukan", link=0, ikis=(
            Q("Kualitas data kependudukan", None, "",
              "Database bebas data ganda dan anomali NIK pada akhir tahun"),
            K("Laporan konsolidasi data kependudukan", "2", "laporan"),
            W("Konsolidasi data", "2", "semester"))),
    ),
    "prakom": (
        R("Terpeliharanya perangkat perekaman dan jaringan layanan", link=0, indirect=True, ikis=(
            K("Perangkat perekaman yang dipelihara", "12", "unit"),
            Q("Perangkat berfungsi saat layanan", "98", "%"), W(*MONTHLY))),
    ),
    "operator_duk": (
        R("Terlaksananya pelayanan perekaman KTP-el di loket", link=0, ikis=(
            K("Perekaman KTP-el yang dilayani", "2500", "orang"),
            Q("Perekaman berhasil tanpa pengulangan", "95", "%"), W(*MONTHLY))),
    ),
    "kabid_capil": (
        R("Meningkatnya cakupan kepemilikan akta pencatatan sipil", link=1, ikis=(
            K("Akta kelahiran diterbitkan", "7000", "akta"),
            Q("Akta terbit tanpa kesalahan", "100", "%"),
            W("Akta terbit paling lambat", "1", "hari kerja"))),
    ),
    "kasi_klm": (
        R("Terlaksananya pencatatan kelahiran dan kematian tepat waktu", link=0, ikis=(
            K("Akta kematian diterbitkan", "1800", "akta"),
            Q("Kualitas pencatatan", None, "",
              "Seluruh kematian yang dilaporkan kelurahan tercatat dalam bulan yang sama"),
            W(*MONTHLY))),
    ),
}

APPROVED, SUBMITTED, RETURNED, DRAFT, STARTED, REVISED = (
    "approved", "submitted", "returned", "draft", "started", "revised")
# (unit code, post, which holder, state, content): top-down, so each PPK is decided before their
# team links to them. Holders not listed (e.g. the second Pengelola Layanan Operasional of the
# Seksi Surveilans) have no SKP yet: the "belum membuat SKP" case.
CURRENT = (
    ("DINKES", "Kepala Dinas Kesehatan", 0, APPROVED, "kadis_kes"),
    ("DINKES.P2P", "Kepala Bidang Pencegahan dan Pengendalian Penyakit", 0, APPROVED, "kabid_p2p"),
    ("DINKES.P2P.SURIM", "Kepala Seksi Surveilans dan Imunisasi", 0, APPROVED, "kasi_surim"),
    ("DINKES.P2P.P2M", "Kepala Seksi Pencegahan dan Pengendalian Penyakit Menular", 0, REVISED,
     "kasi_p2m"),
    ("DINKES.P2P", "Epidemiolog Kesehatan Ahli Muda", 0, APPROVED, "epid_muda"),
    ("DINKES.P2P.PTM", "Perawat Ahli Pertama", 0, SUBMITTED, "perawat_ptm"),
    ("DINKES.P2P.SURIM", "Epidemiolog Kesehatan Ahli Pertama", 0, DRAFT, "epid"),  # pegawai
    ("DINKES.P2P.SURIM", "Epidemiolog Kesehatan Ahli Pertama", 1, SUBMITTED, "epid"),
    ("DINKES.P2P.SURIM", "Perawat Terampil", 0, SUBMITTED, "perawat_surim"),
    ("DINKES.P2P.SURIM", "Sanitarian Terampil", 0, RETURNED, "sanitarian"),
    ("DINKES.P2P.SURIM", "Pengelola Layanan Operasional", 0, STARTED, "logistik"),
    ("DINKES.P2P.P2M", "Epidemiolog Kesehatan Ahli Pertama", 0, APPROVED, "epid_p2m"),
    ("DINKES.P2P.P2M", "Perawat Mahir", 0, DRAFT, "perawat_p2m"),
    ("DINKES.KESMAS", "Kepala Bidang Kesehatan Masyarakat", 0, SUBMITTED, "kabid_kesmas"),
    ("DINKES.SEK", "Sekretaris Dinas Kesehatan", 0, STARTED, "sekretaris_kes"),
    ("DISDUKCAPIL", "Kepala Dinas Kependudukan dan Pencatatan Sipil", 0, APPROVED, "kadis_duk"),
    ("DISDUKCAPIL.DAFDUK", "Kepala Bidang Pelayanan Pendaftaran Penduduk", 0, APPROVED,
     "kabid_dafduk"),
    ("DISDUKCAPIL.DAFDUK.IDP", "Kepala Seksi Identitas Penduduk", 0, APPROVED, "kasi_idp"),
    ("DISDUKCAPIL.DAFDUK.IDP", "Administrator Database Kependudukan Ahli Pertama", 0, APPROVED,
     "admin_db"),
    ("DISDUKCAPIL.DAFDUK.IDP", "Pranata Komputer Terampil", 0, SUBMITTED, "prakom"),
    ("DISDUKCAPIL.DAFDUK.IDP", "Operator Layanan Operasional", 0, RETURNED, "operator_duk"),
    ("DISDUKCAPIL.DAFDUK.IDP", "Operator Layanan Operasional", 1, DRAFT, "operator_duk"),
    ("DISDUKCAPIL.CAPIL", "Kepala Bidang Pelayanan Pencatatan Sipil", 0, SUBMITTED, "kabid_capil"),
    # Cannot link yet: the kepala bidang's own SKP awaits approval (domain §3 prerequisite).
    ("DISDUKCAPIL.CAPIL.KLM", "Kepala Seksi Kelahiran dan Kematian", 0, DRAFT, "kasi_klm"),
)
# Last year: approved plans for the demo logins' chains, so "copy from last year" has a source.
PREVIOUS = (
    ("DINKES", "Kepala Dinas Kesehatan", 0, APPROVED, "kadis_kes"),
    ("DINKES.P2P", "Kepala Bidang Pencegahan dan Pengendalian Penyakit", 0, APPROVED, "kabid_p2p"),
    ("DINKES.P2P.SURIM", "Kepala Seksi Surveilans dan Imunisasi", 0, APPROVED, "kasi_surim"),
    ("DINKES.P2P.SURIM", "Epidemiolog Kesehatan Ahli Pertama", 0, APPROVED, "epid"),
    ("DINKES.SEK", "Sekretaris Dinas Kesehatan", 0, APPROVED, "sekretaris_kes"),
    ("DINKES.SEK.UMPEG", "Kepala Subbagian Umum dan Kepegawaian", 0, APPROVED, "kasubbag_umpeg"),
    ("DINKES.SEK.UMPEG", "Analis Sumber Daya Manusia Aparatur Ahli Pertama", 0, APPROVED,
     "analis_sdm"),
)
KUALITATIF = {"admin_db", "kasi_klm"}
RETURN_NOTES = {
    "sanitarian": "Target 24 sampel terlalu rendah: tahun lalu ada 31 sinyal KLB yang memerlukan "
                  "sampel lingkungan. Sesuaikan targetnya dan tambahkan rencana aksi per triwulan.",
    "operator_duk": "Tambahkan IKI untuk layanan KIA dan pisahkan target loket dari target "
                    "jemput bola.",
}
REVISION = ("Penyesuaian target penemuan kasus TBC dengan estimasi insidensi terbaru", "480")
EXPECTATIONS = {
    "berorientasi_pelayanan": "Menindaklanjuti permintaan layanan dan data dari masyarakat serta "
                              "unit lain paling lama satu hari kerja.",
    "akuntabel": "Melaporkan capaian dengan bukti dukung yang lengkap setiap akhir bulan.",
    "kompeten": "Mengikuti paling sedikit 20 JP pengembangan kompetensi dan membagikan hasilnya "
                "kepada tim.",
    "harmonis": "Menjaga suasana kerja yang saling menghargai di dalam tim.",
    "loyal": "Menjaga kerahasiaan data {data} yang dikelola.",
    "adaptif": "Cepat menggunakan aplikasi dan pedoman baru tanpa menunda layanan.",
    "kolaboratif": "Aktif berkoordinasi dengan lintas program dan lintas sektor.",
}
EXPECTATION_DATA = {"DINKES": "kesehatan perorangan", "DISDUKCAPIL": "kependudukan"}
# fmt: on


def lampiran(opd_code: str, year: int) -> dict[str, list[str]]:
    support = {
        "DINKES": [
            "Data dan sistem informasi kesehatan (ASIK, SKDR, SITB)",
            "Dukungan tenaga kesehatan di puskesmas",
        ],
        "DISDUKCAPIL": [
            "Blangko KTP-el dan KIA dari Direktorat Jenderal Dukcapil",
            "Akses SIAK Terpusat dan jaringan komunikasi data",
        ],
    }[opd_code]
    return {
        "dukungan": [f"Anggaran program pada DPA {OPD_NAMES[opd_code]} Tahun {year}", *support],
        "skema": [
            "Laporan capaian kinerja bulanan kepada atasan langsung",
            "Evaluasi kinerja triwulanan bersama Pejabat Penilai Kinerja",
        ],
        "konsekuensi": [
            "Capaian kinerja menjadi dasar pemberian tambahan penghasilan pegawai",
            "Target yang tidak tercapai ditindaklanjuti dengan rencana perbaikan dan pembinaan",
        ],
    }
