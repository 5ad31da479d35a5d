"""The demo library: realistic RHK with their IKI for the six sectors (Indonesian, as written in SKPs).

Each entry: (sector, position kind, RHK, guidance, [(aspek, IKI, target value, unit, narrative)]);
an IKI whose target is a ceiling (stunting, maternal deaths, days to serve) adds LE (at most).
Targets are typical of a Pemda's Renstra and the standar pelayanan minimal (SPM); an employee adapts
them to their own work. Numbers are strings so they become exact Decimals.
"""

from indicators.choices import Aspek, PositionGroup, Sector, TargetDirection

Q, L, W, B = Aspek.KUANTITAS, Aspek.KUALITAS, Aspek.WAKTU, Aspek.BIAYA
LE = TargetDirection.AT_MOST
ANY, JPT, STR, PEL, FUNG = (
    PositionGroup.ANY,
    PositionGroup.JPT,
    PositionGroup.STRUCTURAL,
    PositionGroup.PELAKSANA,
    PositionGroup.FUNGSIONAL,
)

LIBRARY = [
    # --- Kesehatan -------------------------------------------------------------------------------
    (
        Sector.HEALTH,
        FUNG,
        "Cakupan imunisasi dasar lengkap bayi di wilayah kerja puskesmas tercapai",
        "Untuk pengelola program imunisasi (perawat/bidan). Target SPM bidang kesehatan.",
        [
            (
                L,
                "Persentase bayi usia 0-11 bulan yang mendapat imunisasi dasar lengkap",
                "95",
                "%",
                "",
            ),
            (Q, "Jumlah laporan cakupan imunisasi", "12", "laporan", ""),
            (W, "Laporan disampaikan tepat waktu", "12", "bulan", ""),
        ],
    ),
    (
        Sector.HEALTH,
        FUNG,
        "Terlaksananya pelayanan pemeriksaan pasien rawat jalan yang bermutu",
        "Untuk dokter dan perawat di puskesmas atau rumah sakit daerah.",
        [
            (Q, "Jumlah pasien yang dilayani", "2400", "pasien", ""),
            (L, "Persentase rekam medis pasien yang terisi lengkap", "100", "%", ""),
            (W, "Pelayanan dilaksanakan sesuai jadwal praktik", "12", "bulan", ""),
        ],
    ),
    (
        Sector.HEALTH,
        STR,
        "Menurunnya prevalensi stunting pada balita",
        "Untuk kepala bidang kesehatan masyarakat; intervensi spesifik bersama lintas sektor.",
        [
            (L, "Prevalensi balita stunting", "14", "%", "", LE),
            (
                Q,
                "Jumlah desa/kelurahan lokus stunting yang diintervensi",
                "10",
                "desa/kelurahan",
                "",
            ),
            (W, "Laporan evaluasi intervensi disampaikan setiap triwulan", "4", "triwulan", ""),
        ],
    ),
    (
        Sector.HEALTH,
        PEL,
        "Tersusunnya laporan surveilans penyakit menular mingguan",
        "",
        [
            (Q, "Jumlah laporan surveilans mingguan (W2) yang direkap", "52", "laporan", ""),
            (L, "Persentase kelengkapan laporan dari puskesmas", "90", "%", ""),
            (W, "Laporan disampaikan setiap hari Senin", "52", "minggu", ""),
        ],
    ),
    (
        Sector.HEALTH,
        FUNG,
        "Meningkatnya persalinan yang ditolong tenaga kesehatan di fasilitas pelayanan kesehatan",
        "Untuk bidan di puskesmas; selaras dengan SPM pelayanan ibu bersalin.",
        [
            (L, "Persentase persalinan di fasilitas pelayanan kesehatan", "95", "%", ""),
            (
                Q,
                "Jumlah ibu hamil yang mendapat pelayanan antenatal sesuai standar",
                "150",
                "orang",
                "",
            ),
            (W, "Pelayanan dan pencatatan dilaksanakan sepanjang tahun", "12", "bulan", ""),
        ],
    ),
    (
        Sector.HEALTH,
        JPT,
        "Meningkatnya derajat kesehatan masyarakat",
        "RHK kepala dinas kesehatan dari Perjanjian Kinerja.",
        [
            (L, "Angka kematian ibu per 100.000 kelahiran hidup", "90", "per 100.000 KH", "", LE),
            (L, "Angka kematian bayi per 1.000 kelahiran hidup", "12", "per 1.000 KH", "", LE),
            (Q, "Persentase puskesmas terakreditasi paripurna", "60", "%", ""),
        ],
    ),
    (
        Sector.HEALTH,
        PEL,
        "Terkelolanya obat dan bahan medis habis pakai di puskesmas",
        "Untuk pengelola obat (pelaksana atau asisten apoteker).",
        [
            (Q, "Jumlah laporan pemakaian dan lembar permintaan obat (LPLPO)", "12", "laporan", ""),
            (L, "Persentase ketersediaan obat esensial", "95", "%", ""),
            (W, "LPLPO disampaikan paling lambat tanggal 5 setiap bulan", "12", "bulan", ""),
        ],
    ),
    # --- Pendidikan ------------------------------------------------------------------------------
    (
        Sector.EDUCATION,
        FUNG,
        "Meningkatnya persentase siswa tuntas belajar pada mata pelajaran yang diampu",
        "Untuk guru mata pelajaran; ketuntasan mengacu pada kriteria ketercapaian tujuan pembelajaran.",
        [
            (L, "Persentase siswa tuntas belajar", "85", "%", ""),
            (Q, "Jumlah modul ajar yang disusun", "12", "modul", ""),
            (W, "Penilaian hasil belajar selesai sesuai kalender pendidikan", "2", "semester", ""),
        ],
    ),
    (
        Sector.EDUCATION,
        FUNG,
        "Terlaksananya pembelajaran tatap muka sesuai beban kerja guru",
        "",
        [
            (Q, "Jumlah jam tatap muka per minggu", "24", "jam", ""),
            (L, "Persentase kehadiran mengajar sesuai jadwal", "100", "%", ""),
            (W, "Pembelajaran terlaksana selama tahun ajaran", "2", "semester", ""),
        ],
    ),
    (
        Sector.EDUCATION,
        FUNG,
        "Terlaksananya layanan bimbingan dan konseling bagi peserta didik",
        "Untuk guru bimbingan dan konseling.",
        [
            (Q, "Jumlah peserta didik yang dilayani", "150", "siswa", ""),
            (L, "Persentase kasus peserta didik yang ditindaklanjuti", "100", "%", ""),
            (W, "Laporan layanan disampaikan setiap semester", "2", "semester", ""),
        ],
    ),
    (
        Sector.EDUCATION,
        STR,
        "Meningkatnya mutu satuan pendidikan dasar",
        "Untuk kepala bidang pembinaan SD/SMP.",
        [
            (L, "Persentase SD dan SMP terakreditasi minimal B", "90", "%", ""),
            (Q, "Jumlah sekolah yang disupervisi", "40", "sekolah", ""),
            (W, "Laporan supervisi disampaikan setiap triwulan", "4", "triwulan", ""),
        ],
    ),
    (
        Sector.EDUCATION,
        PEL,
        "Tersedianya data pokok pendidikan (Dapodik) yang mutakhir",
        "Untuk operator atau pengelola data pendidikan di dinas.",
        [
            (Q, "Jumlah sekolah yang datanya diverifikasi", "60", "sekolah", ""),
            (L, "Persentase data sekolah valid tanpa galat", "98", "%", ""),
            (W, "Sinkronisasi selesai sebelum batas cut-off setiap semester", "2", "semester", ""),
        ],
    ),
    (
        Sector.EDUCATION,
        JPT,
        "Meningkatnya akses dan mutu pendidikan",
        "RHK kepala dinas pendidikan dari Perjanjian Kinerja.",
        [
            (L, "Angka partisipasi murni SD/MI", "98", "%", ""),
            (L, "Rata-rata lama sekolah", "9.5", "tahun", ""),
            (L, "Persentase sekolah dengan capaian rapor pendidikan kategori baik", "70", "%", ""),
        ],
    ),
    (
        Sector.EDUCATION,
        PEL,
        "Tersalurnya dana bantuan operasional sekolah sesuai ketentuan",
        "",
        [
            (Q, "Jumlah sekolah penerima yang berkasnya diproses", "80", "sekolah", ""),
            (L, "Persentase laporan pertanggungjawaban sekolah yang lengkap", "100", "%", ""),
            (W, "Penyaluran tepat waktu setiap tahap", "4", "triwulan", ""),
        ],
    ),
    # --- Administrasi kependudukan ---------------------------------------------------------------
    (
        Sector.POPULATION,
        STR,
        "Meningkatnya persentase dokumen kependudukan terbit tepat waktu",
        "Untuk kepala bidang pelayanan pendaftaran penduduk dan pencatatan sipil.",
        [
            (L, "Persentase dokumen kependudukan terbit tepat waktu", "95", "%", ""),
            (Q, "Jumlah dokumen kependudukan yang diterbitkan", "15000", "dokumen", ""),
            (W, "Laporan pelayanan disampaikan setiap bulan", "12", "bulan", ""),
        ],
    ),
    (
        Sector.POPULATION,
        PEL,
        "Terlaksananya perekaman KTP elektronik",
        "Untuk operator perekaman di dinas atau kecamatan.",
        [
            (Q, "Jumlah penduduk wajib KTP-el yang direkam", "6000", "orang", ""),
            (L, "Persentase perekaman tanpa gagal (duplicate record)", "99", "%", ""),
            (W, "Perekaman dilayani setiap hari kerja", "12", "bulan", ""),
        ],
    ),
    (
        Sector.POPULATION,
        PEL,
        "Terbitnya akta kelahiran bagi penduduk",
        "",
        [
            (Q, "Jumlah akta kelahiran yang diterbitkan", "4000", "akta", ""),
            (L, "Persentase anak usia 0-18 tahun yang memiliki akta kelahiran", "98", "%", ""),
            (W, "Akta terbit setelah berkas lengkap", "1", "hari kerja", "", LE),
        ],
    ),
    (
        Sector.POPULATION,
        PEL,
        "Termutakhirnya data kependudukan melalui konsolidasi dan pembersihan data",
        "",
        [
            (Q, "Jumlah data ganda yang ditindaklanjuti", "500", "data", ""),
            (L, "Persentase data hasil konsolidasi yang valid", "99", "%", ""),
            (W, "Laporan konsolidasi disampaikan setiap semester", "2", "semester", ""),
        ],
    ),
    (
        Sector.POPULATION,
        JPT,
        "Meningkatnya kualitas pelayanan administrasi kependudukan",
        "RHK kepala dinas kependudukan dan pencatatan sipil dari Perjanjian Kinerja.",
        [
            (L, "Indeks kepuasan masyarakat terhadap pelayanan adminduk", "85", "poin", ""),
            (L, "Persentase penduduk wajib KTP yang memiliki KTP-el", "99", "%", ""),
            (
                Q,
                "Jumlah penduduk yang mengaktivasi Identitas Kependudukan Digital",
                "20000",
                "orang",
                "",
            ),
        ],
    ),
    (
        Sector.POPULATION,
        FUNG,
        "Terkelolanya database kependudukan yang aman dan selalu tersedia",
        "Untuk administrator database kependudukan.",
        [
            (L, "Ketersediaan (uptime) server SIAK", "99", "%", ""),
            (Q, "Jumlah pencadangan (backup) database", "52", "kali", ""),
            (W, "Pencadangan dilakukan setiap minggu", "52", "minggu", ""),
        ],
    ),
    (
        Sector.POPULATION,
        ANY,
        "Terlaksananya pelayanan jemput bola administrasi kependudukan bagi kelompok rentan",
        "Lansia, penyandang disabilitas, warga binaan, dan penduduk di daerah terpencil.",
        [
            (Q, "Jumlah kegiatan pelayanan jemput bola", "24", "kegiatan", ""),
            (
                Q,
                "Jumlah dokumen kependudukan yang diterbitkan bagi kelompok rentan",
                "800",
                "dokumen",
                "",
            ),
            (W, "Kegiatan terlaksana sesuai jadwal", "12", "bulan", ""),
        ],
    ),
    # --- Administrasi umum -----------------------------------------------------------------------
    (
        Sector.GENERAL,
        ANY,
        "Tersusunnya laporan kinerja instansi pemerintah (LKjIP) perangkat daerah",
        "Untuk subbagian perencanaan atau siapa pun yang ditugasi menyusun LKjIP.",
        [
            (Q, "Jumlah dokumen LKjIP", "1", "dokumen", ""),
            (
                L,
                "Kesesuaian LKjIP dengan pedoman SAKIP",
                None,
                "",
                "Sesuai pedoman tanpa catatan perbaikan",
            ),
            (W, "LKjIP disampaikan paling lambat akhir Februari", "2", "bulan", ""),
        ],
    ),
    (
        Sector.GENERAL,
        PEL,
        "Terkelolanya surat masuk dan surat keluar sesuai tata naskah dinas",
        "",
        [
            (Q, "Jumlah surat yang diagendakan dan didistribusikan", "1500", "surat", ""),
            (L, "Persentase surat yang terarsip di aplikasi Srikandi", "100", "%", ""),
            (
                W,
                "Surat didistribusikan paling lama 1 hari kerja sejak diterima",
                "1",
                "hari kerja",
                "",
                LE,
            ),
        ],
    ),
    (
        Sector.GENERAL,
        PEL,
        "Tertatausahakannya barang milik daerah",
        "Untuk pengurus barang.",
        [
            (Q, "Jumlah laporan inventaris barang", "2", "laporan", ""),
            (L, "Persentase aset yang tercatat lengkap dengan kode barang", "100", "%", ""),
            (W, "Laporan disampaikan setiap semester", "2", "semester", ""),
        ],
    ),
    (
        Sector.GENERAL,
        FUNG,
        "Terkelolanya administrasi kenaikan pangkat dan mutasi pegawai",
        "Untuk analis SDM aparatur.",
        [
            (Q, "Jumlah usulan kenaikan pangkat yang diproses", "120", "usulan", ""),
            (L, "Persentase usulan tanpa pengembalian berkas", "95", "%", ""),
            (W, "Usulan disampaikan sesuai periode kenaikan pangkat", "2", "periode", ""),
        ],
    ),
    (
        Sector.GENERAL,
        STR,
        "Meningkatnya kualitas pelayanan publik perangkat daerah",
        "Untuk sekretaris atau kepala bagian yang membina unit layanan.",
        [
            (L, "Indeks kepuasan masyarakat (IKM)", "82", "poin", ""),
            (Q, "Jumlah survei kepuasan masyarakat yang dilaksanakan", "2", "survei", ""),
            (W, "Hasil survei dipublikasikan setiap semester", "2", "semester", ""),
        ],
    ),
    (
        Sector.GENERAL,
        JPT,
        "Meningkatnya akuntabilitas kinerja perangkat daerah",
        "RHK kepala perangkat daerah dari Perjanjian Kinerja.",
        [
            (L, "Nilai SAKIP perangkat daerah", "75", "poin", ""),
            (L, "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti", "90", "%", ""),
            (W, "Tindak lanjut diselesaikan dalam batas waktu 60 hari", "60", "hari", ""),
        ],
    ),
    (
        Sector.GENERAL,
        FUNG,
        "Tersedianya layanan aplikasi dan jaringan yang andal",
        "Untuk pranata komputer.",
        [
            (L, "Persentase ketersediaan layanan jaringan", "98", "%", ""),
            (Q, "Jumlah tiket gangguan yang ditangani", "100", "tiket", ""),
            (W, "Gangguan ditangani paling lama 1 hari kerja", "1", "hari kerja", "", LE),
        ],
    ),
    # --- Keuangan --------------------------------------------------------------------------------
    (
        Sector.FINANCE,
        PEL,
        "Tertib administrasi keuangan bendahara pengeluaran",
        "Untuk bendahara pengeluaran perangkat daerah.",
        [
            (Q, "Jumlah SPJ fungsional yang disusun", "12", "dokumen", ""),
            (L, "Persentase SPJ yang lengkap dan sah", "100", "%", ""),
            (W, "SPJ disampaikan paling lambat tanggal 10 bulan berikutnya", "12", "bulan", ""),
        ],
    ),
    (
        Sector.FINANCE,
        FUNG,
        "Tersusunnya laporan keuangan perangkat daerah",
        "Untuk analis atau pengelola keuangan; laporan terdiri atas LRA, Neraca, LO, LPE dan CaLK.",
        [
            (Q, "Jumlah laporan keuangan yang disusun", "2", "laporan", ""),
            (L, "Kualitas laporan keuangan", None, "", "Tanpa koreksi material dari pemeriksa"),
            (
                W,
                "Laporan keuangan tahunan disampaikan paling lambat akhir Februari",
                "2",
                "bulan",
                "",
            ),
        ],
    ),
    (
        Sector.FINANCE,
        STR,
        "Tersusunnya rancangan APBD tepat waktu",
        "Untuk kepala bidang anggaran.",
        [
            (Q, "Jumlah dokumen rancangan APBD dan penjabarannya", "2", "dokumen", ""),
            (L, "Persentase hasil evaluasi gubernur yang ditindaklanjuti", "100", "%", ""),
            (
                W,
                "Persetujuan bersama paling lambat 30 November",
                None,
                "",
                "Paling lambat 30 November",
            ),
        ],
    ),
    (
        Sector.FINANCE,
        JPT,
        "Meningkatnya kualitas pengelolaan keuangan daerah",
        "RHK kepala badan pengelola keuangan dan aset daerah dari Perjanjian Kinerja.",
        [
            (
                L,
                "Opini BPK atas laporan keuangan pemerintah daerah",
                None,
                "",
                "Wajar Tanpa Pengecualian (WTP)",
            ),
            (L, "Persentase realisasi belanja daerah", "95", "%", ""),
            (Q, "Rasio pendapatan asli daerah terhadap total pendapatan", "25", "%", ""),
        ],
    ),
    (
        Sector.FINANCE,
        PEL,
        "Meningkatnya penerimaan pajak bumi dan bangunan perdesaan dan perkotaan (PBB-P2)",
        "Untuk pelaksana pendataan dan penagihan pajak daerah.",
        [
            (Q, "Jumlah objek pajak yang didata dan dimutakhirkan", "2000", "objek pajak", ""),
            (L, "Persentase realisasi penerimaan PBB-P2 terhadap target", "100", "%", ""),
            (W, "Penagihan selesai sebelum jatuh tempo", "12", "bulan", ""),
        ],
    ),
    (
        Sector.FINANCE,
        PEL,
        "Terbitnya SP2D sesuai ketentuan",
        "Untuk pelaksana perbendaharaan di BPKAD.",
        [
            (Q, "Jumlah SP2D yang diterbitkan", "3000", "SP2D", ""),
            (L, "Persentase SP2D terbit tanpa kesalahan", "100", "%", ""),
            (
                W,
                "SP2D terbit paling lama 2 hari kerja sejak SPM diterima",
                "2",
                "hari kerja",
                "",
                LE,
            ),
        ],
    ),
    # --- Infrastruktur ---------------------------------------------------------------------------
    (
        Sector.INFRASTRUCTURE,
        STR,
        "Meningkatnya panjang jalan kota dalam kondisi mantap",
        "Untuk kepala bidang bina marga.",
        [
            (L, "Persentase panjang jalan dalam kondisi mantap", "80", "%", ""),
            (Q, "Panjang jalan yang direhabilitasi", "15", "km", ""),
            (W, "Pekerjaan selesai sesuai masa kontrak", "180", "hari kalender", ""),
            (B, "Persentase realisasi anggaran pemeliharaan jalan", "95", "%", ""),
        ],
    ),
    (
        Sector.INFRASTRUCTURE,
        FUNG,
        "Terlaksananya pengawasan pekerjaan konstruksi jalan dan jembatan",
        "Untuk teknik jalan dan jembatan.",
        [
            (Q, "Jumlah paket pekerjaan yang diawasi", "8", "paket", ""),
            (L, "Persentase paket tanpa temuan mutu pekerjaan", "100", "%", ""),
            (W, "Laporan pengawasan mingguan disampaikan tepat waktu", "52", "minggu", ""),
        ],
    ),
    (
        Sector.INFRASTRUCTURE,
        PEL,
        "Terpeliharanya saluran drainase perkotaan",
        "",
        [
            (Q, "Panjang saluran drainase yang dinormalisasi", "5000", "meter", ""),
            (L, "Persentase titik genangan yang tertangani", "90", "%", ""),
            (W, "Pemeliharaan rutin terlaksana sepanjang tahun", "12", "bulan", ""),
        ],
    ),
    (
        Sector.INFRASTRUCTURE,
        FUNG,
        "Terlaksananya pemeriksaan dokumen persetujuan bangunan gedung (PBG)",
        "Untuk penata bangunan gedung atau tim profesi ahli.",
        [
            (Q, "Jumlah permohonan PBG yang diperiksa", "300", "permohonan", ""),
            (L, "Persentase dokumen teknis yang diperiksa sesuai standar", "100", "%", ""),
            (W, "Pemeriksaan selesai sesuai standar waktu pelayanan", "28", "hari kerja", ""),
        ],
    ),
    (
        Sector.INFRASTRUCTURE,
        JPT,
        "Meningkatnya kualitas infrastruktur dasar wilayah",
        "RHK kepala dinas pekerjaan umum dan penataan ruang dari Perjanjian Kinerja.",
        [
            (L, "Persentase rumah tangga dengan akses air minum layak", "95", "%", ""),
            (L, "Persentase rumah tangga dengan akses sanitasi layak", "85", "%", ""),
            (L, "Persentase panjang jalan dalam kondisi mantap", "80", "%", ""),
        ],
    ),
    (
        Sector.INFRASTRUCTURE,
        FUNG,
        "Tersusunnya dokumen perencanaan teknis rinci (DED)",
        "",
        [
            (Q, "Jumlah dokumen DED yang disusun", "5", "dokumen", ""),
            (L, "Kualitas dokumen DED", None, "", "Disetujui tanpa revisi mayor"),
            (W, "DED selesai sebelum proses pengadaan dimulai", "4", "bulan", ""),
        ],
    ),
    (
        Sector.INFRASTRUCTURE,
        PEL,
        "Termutakhirnya data kondisi ruas jalan dan jembatan",
        "",
        [
            (Q, "Jumlah ruas jalan yang disurvei kondisinya", "120", "ruas", ""),
            (L, "Persentase data ruas yang terinput di sistem informasi jalan", "100", "%", ""),
            (W, "Survei kondisi selesai setiap semester", "2", "semester", ""),
        ],
    ),
]
