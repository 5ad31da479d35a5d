"""The demo's example plans (issue 29): a complete SKP for each common post of the demo agency,
built on the library. EXTRA_LIBRARY adds the RHK these plans need that the sector library lacks
(same shape as library.LIBRARY). Each plan: (title, words of the posts it suits, guidance,
RHK utama, RHK tambahan), RHK named by their text; every plan has the same three Lampiran lists.
"""

from indicators.choices import Aspek, PositionGroup, Sector, TargetDirection

Q, L, W = Aspek.KUANTITAS, Aspek.KUALITAS, Aspek.WAKTU
FUNG, PEL = PositionGroup.FUNGSIONAL, PositionGroup.PELAKSANA
LE = TargetDirection.AT_MOST

ASUHAN = "Terlaksananya asuhan keperawatan pasien sesuai standar"
ANC = "Terlaksananya pelayanan antenatal terpadu bagi ibu hamil"
PKB = "Terlaksananya pengembangan keprofesian berkelanjutan guru"
HELPDESK = "Terselesaikannya gangguan layanan TIK yang dilaporkan pegawai"
REKOMENDASI = "Tersusunnya rekomendasi kebijakan berbasis analisis data"
EVALUASI = "Terlaksananya evaluasi pelaksanaan kebijakan daerah"
PATEN = "Terlaksananya pelayanan administrasi terpadu kecamatan (PATEN)"
KLB = "Terlaksananya penyelidikan epidemiologi kejadian luar biasa (KLB)"
ARSIP = "Terkelolanya arsip dinamis perangkat daerah sesuai jadwal retensi arsip"

EXTRA_LIBRARY = [
    (
        Sector.HEALTH,
        FUNG,
        ASUHAN,
        "Untuk perawat di ruang rawat atau puskesmas: pengkajian sampai evaluasi keperawatan.",
        [
            (Q, "Jumlah pasien yang mendapat asuhan keperawatan lengkap", "600", "pasien", ""),
            (L, "Persentase dokumentasi asuhan keperawatan yang lengkap", "100", "%", ""),
            (W, "Dokumentasi diselesaikan pada akhir setiap sif", "12", "bulan", ""),
        ],
    ),
    (
        Sector.HEALTH,
        FUNG,
        ANC,
        "Untuk bidan di puskesmas dan pustu; selaras dengan SPM pelayanan ibu hamil (6 kali ANC).",
        [
            (Q, "Jumlah ibu hamil yang mendapat pelayanan antenatal", "240", "ibu hamil", ""),
            (L, "Persentase ibu hamil yang mendapat 6 kali pelayanan antenatal", "95", "%", ""),
            (W, "Laporan kohort ibu disampaikan setiap bulan", "12", "bulan", ""),
        ],
    ),
    (
        Sector.EDUCATION,
        FUNG,
        PKB,
        "Pengembangan diri, publikasi ilmiah atau karya inovatif guru.",
        [
            (Q, "Jumlah jam pelatihan atau diklat yang diikuti", "32", "jam pelajaran", ""),
            (L, "Jumlah praktik baik pembelajaran yang didokumentasikan", "2", "dokumen", ""),
            (
                W,
                "Laporan pengembangan diri disampaikan sebelum akhir semester",
                "2",
                "semester",
                "",
            ),
        ],
    ),
    (
        Sector.GENERAL,
        FUNG,
        HELPDESK,
        "Untuk pranata komputer yang menangani layanan bantuan (helpdesk) perangkat daerah.",
        [
            (Q, "Jumlah tiket gangguan yang diselesaikan", "300", "tiket", ""),
            (L, "Persentase tiket yang diselesaikan tanpa dibuka kembali", "95", "%", ""),
            (W, "Rata-rata waktu penyelesaian gangguan", "2", "hari kerja", "", LE),
        ],
    ),
    (
        Sector.GENERAL,
        FUNG,
        REKOMENDASI,
        "Untuk analis kebijakan: policy brief atau kajian bagi pimpinan.",
        [
            (Q, "Jumlah rekomendasi kebijakan (policy brief) yang disusun", "4", "dokumen", ""),
            (L, "Persentase rekomendasi yang ditindaklanjuti pimpinan", "50", "%", ""),
            (W, "Rekomendasi disampaikan sesuai jadwal kajian", "4", "triwulan", ""),
        ],
    ),
    (
        Sector.GENERAL,
        FUNG,
        EVALUASI,
        "Evaluasi kebijakan atau program yang sudah berjalan, dengan saran perbaikan.",
        [
            (Q, "Jumlah laporan evaluasi kebijakan", "2", "laporan", ""),
            (L, "Persentase saran perbaikan yang didukung data lapangan", "100", "%", ""),
            (
                W,
                "Laporan evaluasi selesai sebelum penyusunan rencana kerja tahun berikutnya",
                "6",
                "bulan",
                "",
            ),
        ],
    ),
    (
        Sector.GENERAL,
        PEL,
        PATEN,
        "Untuk staf kecamatan di loket pelayanan: rekomendasi, surat keterangan, perizinan non-usaha.",
        [
            (Q, "Jumlah permohonan layanan yang diselesaikan", "1200", "permohonan", ""),
            (L, "Indeks kepuasan masyarakat atas layanan kecamatan", "82", "nilai", ""),
            (W, "Layanan selesai dalam standar waktu", "3", "hari kerja", "", LE),
        ],
    ),
    (
        Sector.HEALTH,
        FUNG,
        KLB,
        "Untuk epidemiolog kesehatan: respons cepat sinyal KLB dari surveilans.",
        [
            (Q, "Jumlah penyelidikan epidemiologi yang dilaksanakan", "6", "kejadian", ""),
            (L, "Persentase sinyal KLB yang direspons kurang dari 24 jam", "100", "%", ""),
            (
                W,
                "Laporan penyelidikan disampaikan paling lama 7 hari setelah respons",
                "7",
                "hari",
                "",
                LE,
            ),
        ],
    ),
    (
        Sector.GENERAL,
        FUNG,
        ARSIP,
        "Untuk arsiparis: pemberkasan, penataan dan penyusutan arsip.",
        [
            (Q, "Jumlah berkas arsip yang ditata dan dideskripsikan", "500", "berkas", ""),
            (L, "Persentase arsip yang dapat ditemukan kembali kurang dari 5 menit", "95", "%", ""),
            (W, "Daftar arsip dimutakhirkan setiap triwulan", "4", "triwulan", ""),
        ],
    ),
]

# Lampiran lines shared by most plans of the demo.
DUKUNGAN = "Anggaran kegiatan pada DPA perangkat daerah\nSarana kerja (komputer, jaringan)"
SKEMA = "Laporan bulanan kepada atasan langsung\nLaporan realisasi SKP setiap triwulan"
KONSEKUENSI = "Sesuai ketentuan penilaian kinerja (PermenPANRB 6/2022)"

EXAMPLES = [
    (
        "Perawat",
        "perawat",
        "Perawat terampil sampai ahli di puskesmas atau rumah sakit daerah.",
        [ASUHAN, "Terlaksananya pelayanan pemeriksaan pasien rawat jalan yang bermutu"],
        ["Cakupan imunisasi dasar lengkap bayi di wilayah kerja puskesmas tercapai"],
    ),
    (
        "Bidan",
        "bidan",
        "Bidan di puskesmas, pustu dan polindes.",
        [
            ANC,
            "Meningkatnya persalinan yang ditolong tenaga kesehatan di fasilitas pelayanan kesehatan",
        ],
        ["Cakupan imunisasi dasar lengkap bayi di wilayah kerja puskesmas tercapai"],
    ),
    (
        "Guru Mata Pelajaran",
        "guru",
        "Guru ASN di SD dan SMP; sesuaikan jumlah jam dengan beban mengajar Anda.",
        [
            "Terlaksananya pembelajaran tatap muka sesuai beban kerja guru",
            "Meningkatnya persentase siswa tuntas belajar pada mata pelajaran yang diampu",
        ],
        [PKB],
    ),
    (
        "Pranata Komputer",
        "pranata komputer",
        "Pengelola aplikasi, jaringan dan layanan bantuan TIK perangkat daerah.",
        ["Tersedianya layanan aplikasi dan jaringan yang andal", HELPDESK],
        [],
    ),
    (
        "Analis Kebijakan",
        "analis kebijakan",
        "Analis kebijakan di sekretariat, bappeda atau bagian organisasi.",
        [REKOMENDASI, EVALUASI],
        [],
    ),
    (
        "Pengelola Keuangan",
        "keuangan, bendahara",
        "Bendahara dan pengelola keuangan di subbagian keuangan perangkat daerah.",
        [
            "Tersusunnya laporan keuangan perangkat daerah",
            "Tertib administrasi keuangan bendahara pengeluaran",
        ],
        [],
    ),
    (
        "Staf Kecamatan",
        "kecamatan, kelurahan",
        "Pelaksana di kantor kecamatan atau kelurahan.",
        [PATEN, "Terkelolanya surat masuk dan surat keluar sesuai tata naskah dinas"],
        ["Terlaksananya pelayanan jemput bola administrasi kependudukan bagi kelompok rentan"],
    ),
    (
        "Epidemiolog Kesehatan",
        "epidemiolog, surveilans",
        "Epidemiolog di dinas kesehatan atau puskesmas.",
        ["Tersusunnya laporan surveilans penyakit menular mingguan", KLB],
        ["Cakupan imunisasi dasar lengkap bayi di wilayah kerja puskesmas tercapai"],
    ),
    (
        "Arsiparis",
        "arsiparis",
        "Arsiparis terampil sampai ahli di unit kearsipan perangkat daerah.",
        [ARSIP, "Terkelolanya surat masuk dan surat keluar sesuai tata naskah dinas"],
        [],
    ),
    (
        "Analis SDM Aparatur",
        "analis sumber daya manusia, analis kepegawaian",
        "Pengelola kepegawaian di subbagian umum dan kepegawaian atau BKPSDM.",
        ["Terkelolanya administrasi kenaikan pangkat dan mutasi pegawai"],
        ["Tersusunnya laporan kinerja instansi pemerintah (LKjIP) perangkat daerah"],
    ),
]
