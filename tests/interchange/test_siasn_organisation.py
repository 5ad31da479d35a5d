"""SIASN's organisation read as plain values (interchange.siasn.organisation): no database."""

import pytest

from interchange.siasn import organisation as o

UNITS = o.units_from(
    [
        {"Id": "ROOT", "NamaUnor": "Pemerintah Kota", "DiatasanId": ""},
        {"Id": "OPD", "NamaUnor": "Dinas  Kesehatan", "DiatasanId": "ROOT", "NipPemimpin": "1"},
        {"Id": "BID", "NamaUnor": "Bidang P2P", "DiatasanId": "OPD", "NipPemimpin": "2"},
        {"Id": "UPT", "NamaUnor": "UPT Lab", "DiatasanId": "OPD"},
        {"Id": "LOOP-A", "NamaUnor": "A", "DiatasanId": "LOOP-B"},
        {"Id": "LOOP-B", "NamaUnor": "B", "DiatasanId": "LOOP-A"},
        {"NamaUnor": "no id"},
        "not an object",
    ]
)


@pytest.mark.parametrize(
    ("jenis", "eselon", "name", "expected"),
    [
        ("1", "21", "Kepala Dinas", ("JPT Pratama", "")),
        ("1", "22", "Sekretaris DPRD", ("JPT Pratama", "")),
        ("1", "31", "Kepala Bidang", ("Administrator", "")),
        ("1", "41", "Kepala Seksi", ("Pengawas", "")),
        ("1", "12", "Sekretaris Daerah", ("JPT Madya", "")),
        ("2", "", "Epidemiolog Ahli Muda", ("Fungsional Keahlian", "Ahli Muda")),
        ("2", "", "Perawat Mahir", ("Fungsional Keterampilan", "Mahir")),
        ("2", "", "Guru", ("Pelaksana", "")),  # no jenjang in the name: not ours to guess
        ("4", "", "Pengelola Data", ("Pelaksana", "")),
        ("", "", "Anything", ("Pelaksana", "")),
        ("1", "", "Struktural without eselon", ("Pelaksana", "")),
    ],
)
def test_post_kinds(jenis, eselon, name, expected):
    assert o.post_kind(jenis, eselon, name) == expected


def test_units_are_read_tolerantly():
    assert set(UNITS) == {"ROOT", "OPD", "BID", "UPT", "LOOP-A", "LOOP-B"}
    assert UNITS["OPD"].name == "Dinas Kesehatan"  # spaces tidied
    assert o.roots(UNITS) == {"ROOT"}


def test_top_down_lists_parents_first_and_leaves_loops_out():
    order = [u.id for u in o.top_down(UNITS)]
    assert order.index("OPD") < order.index("BID") and order.index("OPD") < order.index("UPT")
    assert "LOOP-A" not in order and "ROOT" not in order


def person(nip="3", unit="BID"):
    return o.person_from(
        {"nipBaru": nip, "id": "S-3", "nama": "Rina", "unorId": unit, "statusPegawai": "PPPK"},
        [
            {"namaJabatan": "Lama", "tmtJabatan": "01-01-2019"},
            {"namaJabatan": "Perawat Mahir", "tmtJabatan": "01-03-2024", "jenisJabatanId": "2"},
            "junk",
        ],
    )


def test_a_person_holds_the_latest_post():
    p = person()
    assert (p.post_name, p.post_kind, p.jenjang, p.status) == (
        "Perawat Mahir",
        "Fungsional Keterampilan",
        "Mahir",
        "PPPK",
    )
    assert o.person_from("Data tidak ditemukan", []) is None
    assert o.person_from({"nama": "no NIP"}, []) is None


def test_siasn_atasan_is_the_head_of_the_unit_or_of_the_nearest_one_above():
    assert o.atasan_nip(person(), UNITS) == "2"
    assert o.atasan_nip(person(nip="2"), UNITS) == "1"  # the head of the bidang
    assert o.atasan_nip(person(unit="UPT"), UNITS) == "1"  # a unit without a head
    assert o.atasan_nip(person(nip="1", unit="OPD"), UNITS) == ""  # the top
    assert o.atasan_nip(person(unit="LOOP-A"), UNITS) == ""
