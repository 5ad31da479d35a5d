"""Name material for the fictional demo agency, drawn from naming customs across the archipelago.

Each region lists male and female given names and the second names or family names (marga, fam,
clan names) that usually follow them. Combinations are random, so any resemblance to a real person
is accidental.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    key: str
    weight: int
    male: tuple[str, ...]
    female: tuple[str, ...]
    male_last: tuple[str, ...]
    female_last: tuple[str, ...]
    # Muslim-majority naming customs: only these get the hajj prefix (H./Hj.) on senior officials.
    muslim: bool = False


def _t(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


REGIONS = (
    Region(
        "jawa",
        22,
        _t(
            "Budi, Agus, Bambang, Joko, Slamet, Teguh, Eko, Dwi, Wahyu, Hadi, Sigit, Bayu, Aris, "
            "Yoga, Rudi, Heru, Danang, Gilang, Galih, Fajar"
        ),
        _t(
            "Sri, Endang, Dewi, Rina, Tri, Wulan, Ratna, Puji, Siti, Yuliana, Dyah, Retno, Sekar, "
            "Ayu, Indah, Nining, Anik, Tutik"
        ),
        _t(
            "Santoso, Prasetyo, Wibowo, Nugroho, Susilo, Setiawan, Kurniawan, Hartono, Saputro, "
            "Purnomo, Widodo, Utomo, Raharjo, Pamungkas, Hidayat, Wicaksono, Ardiansyah"
        ),
        _t(
            "Wahyuni, Lestari, Rahayu, Handayani, Astuti, Purwaningsih, Kusumawati, Wulandari, "
            "Rahmawati, Setyaningsih, Puspitasari, Maharani, Anggraini, Pratiwi"
        ),
        muslim=True,
    ),
    Region(
        "sunda",
        10,
        _t(
            "Asep, Dadang, Ujang, Cecep, Dede, Yayan, Iwan, Deden, Rahmat, Hendra, Rizki, Ade, Acep"
        ),
        _t("Neneng, Euis, Iis, Enung, Tati, Lilis, Yeni, Nia, Rini, Sinta, Dian, Imas, Cucu"),
        _t(
            "Saepudin, Suhendar, Sudrajat, Hermawan, Kusnadi, Ruhiyat, Gunawan, Permana, Sulaeman, "
            "Nugraha, Firmansyah, Somantri"
        ),
        _t(
            "Rohaeti, Komalasari, Nurhayati, Kurniasih, Suryani, Rosmiati, Maryani, Herawati, "
            "Sumiati, Nurjanah, Rosita"
        ),
        muslim=True,
    ),
    Region(
        "batak",
        9,
        _t(
            "Hotman, Parlindungan, Togar, Binsar, Jonner, Marudut, Sahat, Tigor, Robert, Leonardo, "
            "Daniel, Ferdinand, Martua, Poltak"
        ),
        _t(
            "Rosmawati, Tiur, Lamtiur, Nurmala, Dameria, Rotua, Mariani, Sarma, Elvi, Yanti, Debora, "
            "Rugun"
        ),
        _t(
            "Simanjuntak, Siregar, Nasution, Hutapea, Sitompul, Simatupang, Pardede, Panjaitan, "
            "Situmorang, Hutagalung, Sinaga, Manurung, Tambunan, Sihombing, Siahaan, Napitupulu"
        ),
        _t(
            "Simanjuntak, Siregar, Hutapea, Sitompul, Simatupang, Pardede, Panjaitan, Situmorang, "
            "Hutagalung, Sinaga, Manurung, Tambunan, Sihombing, Siahaan"
        ),
    ),
    Region(
        "minang",
        8,
        _t(
            "Afrizal, Zulkifli, Yusrizal, Hendri, Firdaus, Nofriandi, Erizal, Ikhwan, Fauzan, "
            "Syafril, Irwandi, Rahmat"
        ),
        _t(
            "Yulia, Rahmi, Fitri, Novita, Desmawati, Yusnidar, Elfira, Rosnaini, Mardiana, Silvia, "
            "Zurniati"
        ),
        _t("Chaniago, Tanjung, Koto, Piliang, Syafruddin, Amri, Hasan, Effendi, Sikumbang"),
        _t("Rahmi, Yanti, Susanti, Fitriani, Hayati, Mulyani, Yeni, Marlina, Syofia"),
        muslim=True,
    ),
    Region(
        "bugis",
        9,
        _t(
            "Muhammad, Syamsul, Baharuddin, Arifuddin, Ilham, Hasanuddin, Akbar, Rusdi, Syahrir, "
            "Amiruddin, Andi Muhammad, Andi Fadli, Andi Irwan"
        ),
        _t(
            "Nurhaedah, Hasnawati, Sitti, Hasniah, Nurul, Rahmawati, Asriani, Haerani, Sumarni, "
            "Irmawati, Andi Nurul, Andi Tenri"
        ),
        _t(
            "Syam, Rauf, Mappaselle, Mattalatta, Pawellangi, Tahir, Sultan, Latief, Basri, Said, "
            "Mustari, Hamid"
        ),
        _t("Syam, Rauf, Tahir, Latief, Basri, Said, Mustari, Hamid, Ahmad, Ramli"),
        muslim=True,
    ),
    Region(
        "bali",
        7,
        _t(
            "I Gede, I Putu, I Wayan, I Made, I Kadek, I Nyoman, I Komang, I Ketut, Ida Bagus, "
            "I Gusti Ngurah, Anak Agung Gede"
        ),
        _t(
            "Ni Luh Putu, Ni Putu, Ni Made, Ni Kadek, Ni Nyoman, Ni Komang, Ni Ketut, Ida Ayu, "
            "Anak Agung Istri, Ni Wayan"
        ),
        _t(
            "Suartana, Darmawan, Wirawan, Arsana, Sudarma, Budiasa, Mahendra, Widiartha, Suardana, "
            "Ariawan, Sutama, Adnyana"
        ),
        _t(
            "Ayu Sukmawati, Ariani, Sudiartini, Widiastuti, Suryani, Kartini, Puspadewi, "
            "Yuliantari, Sriwahyuni, Astiti, Candrawati"
        ),
    ),
    Region(
        "manado",
        6,
        _t(
            "Johny, Stevanus, Fransiskus, Hendrik, Roy, Jefry, Ronald, Alfrets, Noldy, Max, Vecky, "
            "Rudolf"
        ),
        _t("Meilany, Grace, Vivian, Deisy, Marlyn, Christy, Stella, Novie, Jeane, Lenny, Olivia"),
        _t(
            "Wowor, Rumondor, Kalalo, Lumenta, Mandagi, Tumbelaka, Sondakh, Pangemanan, Sumampouw, "
            "Lengkong, Warouw, Tumiwa, Rondonuwu, Mamahit, Tambuwun"
        ),
        _t(
            "Wowor, Rumondor, Kalalo, Lumenta, Mandagi, Tumbelaka, Sondakh, Pangemanan, Sumampouw, "
            "Lengkong, Warouw, Tumiwa, Rondonuwu"
        ),
    ),
    Region(
        "ambon",
        6,
        _t("Jacob, Frans, Johanis, Semuel, Marthin, Abraham, Hendrik, Yosias, Agustinus, Ruben"),
        _t("Maria, Elisabeth, Yohana, Mince, Paulina, Anastasia, Febiola, Margaretha, Christina"),
        _t(
            "Latuheru, Pattiasina, Sahetapy, Tuhumury, Pattinama, Leiwakabessy, Ririmasse, "
            "Lewerissa, Siahaya, Wattimena, Tahapary, Pelupessy"
        ),
        _t(
            "Latuheru, Pattiasina, Sahetapy, Tuhumury, Pattinama, Leiwakabessy, Ririmasse, "
            "Lewerissa, Siahaya, Wattimena, Tahapary"
        ),
    ),
    Region(
        "papua",
        5,
        _t("Yohanis, Nikolas, Marthen, Yulius, Otto, Benyamin, Zakeus, Yakob, Septinus, Demianus"),
        _t("Ester, Dorkas, Naomi, Yuliana, Selvi, Mariance, Debora, Agustina, Ribka"),
        _t(
            "Rumbiak, Wanimbo, Mansoben, Awom, Rumkorem, Sawaki, Mandowen, Karubaba, Kareth, Yoku, "
            "Ayomi, Krey, Wamafma, Iwanggin, Mirino"
        ),
        _t(
            "Rumbiak, Wanimbo, Mansoben, Awom, Rumkorem, Sawaki, Mandowen, Karubaba, Kareth, Yoku, "
            "Ayomi, Krey, Wamafma"
        ),
    ),
    Region(
        "tionghoa",
        6,
        _t("Hendra, Yohanes, Budiman, Sugianto, Kevin, Handoko, Rudy, Felix, Anton, Steven"),
        _t("Lilis, Melinda, Lanny, Susan, Angela, Meiliana, Fenny, Linda, Natalia, Jessica"),
        _t(
            "Gunawan, Halim, Wijaya, Tanaya, Kusuma, Tjandra, Hartanto, Setiadi, Sutanto, Lim, "
            "Chandra, Wibisono, Liem"
        ),
        _t(
            "Gunawan, Halim, Wijaya, Tanaya, Kusuma, Tjandra, Hartanto, Setiadi, Sutanto, Lim, "
            "Chandra, Liem"
        ),
    ),
    Region(
        "aceh",
        6,
        _t(
            "Teuku Muhammad, Muhammad, Zulfikar, Fadhil, Mukhlis, Rizal, Teuku Ridwan, Syahrul, "
            "Munawar, Khairul, Iskandar, Irfan"
        ),
        _t(
            "Cut Nyak, Cut, Nurul, Rahmah, Safrina, Nurhayati, Khairunnisa, Mutia, Rosnidar, "
            "Fauziah, Yusra"
        ),
        _t("Husaini, Ibrahim, Yusuf, Abdullah, Daud, Saputra, Hasballah, Mahmud, Ismail, Rizal"),
        _t("Farida, Husna, Aini, Fitria, Rahmi, Zahara, Wardani, Humaira, Maulida"),
        muslim=True,
    ),
    Region(
        "dayak",
        5,
        _t(
            "Yohanes, Agustinus, Dominikus, Sabinus, Petrus, Stefanus, Kristianus, Yulianus, Lukas, "
            "Markus, Antonius"
        ),
        _t(
            "Maria, Theresia, Yustina, Veronika, Katarina, Lusiana, Florentina, Rosalina, "
            "Magdalena, Fransiska"
        ),
        _t("Nyaming, Ajang, Uluk, Lawing, Atang, Jalung, Ngau, Ipui, Hanyang, Bilung, Usat, Anyek"),
        _t("Nyaming, Ajang, Uluk, Lawing, Atang, Jalung, Ngau, Ipui, Hanyang, Bilung, Usat"),
    ),
    Region(
        "ntt",
        6,
        _t(
            "Yoseph, Kornelis, Aloysius, Yohanes, Fransiskus, Benediktus, Blasius, Gabriel, "
            "Hironimus, Donatus, Wilhelmus"
        ),
        _t(
            "Maria Goreti, Fransiska, Yasinta, Maria Imakulata, Agnes, Adriana, Sesilia, "
            "Emerensiana, Bernadeta, Oktaviana"
        ),
        _t(
            "Nggadas, Nahak, Bili, Lake, Manehat, Kolo, Ndun, Seran, Bria, Tefa, Bere, Kleden, Pah, "
            "Dethan, Bataona"
        ),
        _t(
            "Nggadas, Nahak, Bili, Lake, Manehat, Kolo, Ndun, Seran, Bria, Tefa, Bere, Kleden, "
            "Dethan"
        ),
    ),
)
REGION_WEIGHTS = tuple(r.weight for r in REGIONS)

# Honorifics and birth-order names that make poor e-mail handles ("i.suartana").
EMAIL_SKIP = frozenset(
    {
        *("i", "ni", "luh", "putu", "gede", "wayan", "made", "kadek", "nyoman", "komang", "ketut"),
        *("ida", "bagus", "ayu", "gusti", "ngurah", "anak", "agung", "istri"),
        *("andi", "teuku", "cut", "nyak", "muhammad", "maria"),
    }
)

# Academic titles by profile: (gelar depan, gelar belakang) choices.
TITLES: dict[str, tuple[tuple[str, str], ...]] = {
    "pimpinan": (
        ("", "S.H., M.H."),
        ("", "S.E., M.M."),
        ("", "S.Sos., M.Si."),
        ("Drs.", "M.Si."),
        ("Dr.", "S.IP., M.AP."),
        ("", "S.STP., M.Si."),
        ("Ir.", "M.T."),
        ("", "S.Kom., M.T."),
    ),
    "struktural": (
        ("", "S.E."),
        ("", "S.Sos."),
        ("", "S.H."),
        ("", "S.AP."),
        ("", "S.STP."),
        ("", "S.E., M.M."),
        ("", "S.Sos., M.Si."),
        ("", "S.IP."),
        ("", "S.Kom."),
    ),
    "kesehatan": (
        ("dr.", "M.Kes."),
        ("", "S.K.M., M.Kes."),
        ("", "S.Kep., Ns., M.Kep."),
        ("dr.", ""),
    ),
    "dokter": (("dr.", ""), ("dr.", ""), ("dr.", "M.Kes.")),
    "drg": (("drg.", ""),),
    "perawat_ahli": (("", "S.Kep., Ns."),),
    "perawat": (("", "A.Md.Kep."),),
    "bidan_ahli": (("", "S.Tr.Keb."), ("", "S.Keb., Bd.")),
    "bidan": (("", "A.Md.Keb."),),
    "apoteker": (("apt.", "S.Farm."),),
    "farmasi": (("", "A.Md.Farm."),),
    "lab": (("", "A.Md.A.K."),),
    "gizi": (("", "A.Md.Gz."),),
    "gizi_ahli": (("", "S.Gz."),),
    "kesmas": (("", "S.K.M."), ("", "S.K.M., M.Epid.")),
    "sanitarian": (("", "A.Md.K.L."),),
    "rekam_medis": (("", "A.Md.RMIK"),),
    "guru": (("", "S.Pd."), ("", "S.Pd."), ("", "S.Pd., M.Pd."), ("", "S.Pd.I."), ("", "S.Si.")),
    "teknik": (("", "S.T."), ("", "S.T., M.T."), ("Ir.", "")),
    "hukum": (("", "S.H."), ("", "S.H., M.H.")),
    "komputer_ahli": (("", "S.Kom."), ("", "S.T.")),
    "komputer": (("", "A.Md.Kom."), ("", "A.Md.")),
    "ekonomi": (("", "S.E."), ("", "S.Ak."), ("", "S.E., M.Ak.")),
    "sosial": (("", "S.Sos."), ("", "S.Tr.Sos.")),
    "sdm": (("", "S.Psi."), ("", "S.Sos."), ("", "S.AP."), ("", "S.H.")),
    "perencana": (("", "S.T., M.Sc."), ("", "S.E., M.Ec.Dev."), ("", "S.P., M.Si."), ("", "S.Si.")),
    "auditor": (("", "S.E., Ak."), ("", "S.Ak."), ("", "S.E., M.Ak.")),
    "budaya": (("", "S.S."), ("", "S.Sn.")),
    "arsip": (("", "A.Md."), ("", "A.Md.Ars.")),
    "staf": (
        ("", ""),
        ("", ""),
        ("", ""),
        ("", "S.E."),
        ("", "A.Md."),
        ("", "S.Sos."),
        ("", "S.AP."),
    ),
}
