"""The SIASN bodies (interchange/siasn/payloads.py), pure: the codes of the 3×3 rating matrix, the
kuadran always from rules.employee_predicate, the appraiser as recorded, and the schema check
that the dry run and the test server share (no database, no server)."""

import dataclasses
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from appraisal import rules
from appraisal.rules import Predicate, Rating
from interchange.siasn import payloads
from interchange.siasn.payloads import (
    ANNUAL,
    PERIODIC,
    SCHEMAS,
    ResultFacts,
    annual_payload,
    compare_reference,
    golongan_code,
    periodic_payload,
    validate_payload,
)

A, S, B = "DI_ATAS_EKSPEKTASI", "SESUAI_EKSPEKTASI", "DI_BAWAH_EKSPEKTASI"
NIP_PENILAI = "197505052000031002"
FACTS = ResultFacts(
    siasn_employee_id="S-STAFF",
    year=2025,
    rating_hasil=S,
    rating_perilaku=A,
    appraiser_name="Budi Santoso, S.K.M.",
    appraiser_nip=NIP_PENILAI,
    appraiser_post="Kepala Bidang P2P",
    appraiser_golongan="III/d",
    appraiser_unit="Bidang P2P",
)
BUPATI = dataclasses.replace(
    FACTS,
    appraiser_name="H. Ahmad Fauzi",
    appraiser_nip="",
    appraiser_post="Bupati Demo",
    appraiser_golongan="",
    appraiser_unit="Pemerintah Kabupaten Demo",
    appraiser_is_kepala_daerah=True,
)

# (rating hasil, rating perilaku) → (hasil code, perilaku code, kuadran code): the official
# matrix written out, so the table does not lean on the code it checks.
MATRIX = [
    (A, A, 1, 1, 1),  # Sangat Baik
    (A, S, 1, 2, 2),  # Baik
    (A, B, 1, 3, 4),  # Kurang/Misconduct
    (S, A, 2, 1, 2),  # Baik
    (S, S, 2, 2, 2),  # Baik
    (S, B, 2, 3, 4),  # Kurang/Misconduct
    (B, A, 3, 1, 3),  # Butuh Perbaikan
    (B, S, 3, 2, 3),  # Butuh Perbaikan
    (B, B, 3, 3, 5),  # Sangat Kurang
]


@pytest.mark.parametrize(("hasil", "perilaku", "hasil_code", "perilaku_code", "kuadran"), MATRIX)
@pytest.mark.parametrize("build", [annual_payload, periodic_payload])
def test_each_cell_of_the_matrix_is_coded_as_siasn_reads_it(
    build, hasil, perilaku, hasil_code, perilaku_code, kuadran
):
    body = build(dataclasses.replace(FACTS, rating_hasil=hasil, rating_perilaku=perilaku))
    assert body["hasilKinerjaNilai"] == hasil_code
    assert body["perilakuKerjaNilai"] == perilaku_code
    assert body["kuadranKinerjaNilai"] == kuadran


def test_the_kuadran_is_not_the_larger_rating_code_as_one_public_client_has_it():
    differing = [row for row in MATRIX if row[4] != max(row[2], row[3])]
    assert {(h, p) for h, p, *_ in differing} == {(A, B), (S, B), (B, B)}


def test_the_kuadran_comes_from_rules_employee_predicate_only(monkeypatch):
    monkeypatch.setattr(payloads, "employee_predicate", lambda h, p: Predicate.SANGAT_KURANG)
    assert annual_payload(FACTS)["kuadranKinerjaNilai"] == 5
    assert periodic_payload(FACTS)["kuadranKinerjaNilai"] == 5


def test_the_code_maps_cover_every_rating_and_predicate():
    assert sorted(payloads.RATING_CODES.values()) == ["1", "2", "3"]
    assert sorted(payloads.KUADRAN_CODES.values()) == ["1", "2", "3", "4", "5"]
    assert set(payloads.RATING_CODES) == set(Rating)
    assert set(payloads.KUADRAN_CODES) == set(Predicate)


def test_the_annual_body_carries_the_appraiser_as_recorded():
    assert annual_payload(FACTS) == {
        "tahun": 2025,
        "pnsDinilaiOrang": "S-STAFF",
        "hasilKinerjaNilai": 2,
        "perilakuKerjaNilai": 1,
        "kuadranKinerjaNilai": 2,
        "penilaiNama": "Budi Santoso, S.K.M.",
        "penilaiNipNrp": NIP_PENILAI,
        "penilaiJabatan": "Kepala Bidang P2P",
        "penilaiGolongan": "34",
        "penilaiUnorNama": "Bidang P2P",
        "statusPenilai": "ASN",
        "path": [],
    }


def test_the_periodic_body_carries_the_period_and_its_references():
    facts = dataclasses.replace(
        FACTS, start_month=4, end_month=6, periodik_id="2", koefisien_id="K1", siasn_id="P-9"
    )
    body = periodic_payload(facts)
    assert list(body)[0] == "id" and body["id"] == "P-9"
    assert body["pnsDinilaiId"] == "S-STAFF" and body["periodikId"] == "2"
    assert (body["bulanMulaiPenilaian"], body["bulanSelesaiPenilaian"]) == (4, 6)
    assert (body["tahunMulaiPenilaian"], body["tahunSelesaiPenilaian"]) == (2025, 2025)
    assert body["koefisienId"] == "K1" and body["penilaiJabatanNama"] == "Kepala Bidang P2P"
    assert "penilaiJabatan" not in body
    assert validate_payload(PERIODIC, body) == []


def test_a_repush_names_siasns_id_and_a_first_push_does_not():
    assert "id" not in annual_payload(FACTS)
    assert annual_payload(dataclasses.replace(FACTS, siasn_id="SKP-1"))["id"] == "SKP-1"


def test_the_kepala_daerah_appraises_as_non_asn_without_a_nip():
    for build, endpoint in ((annual_payload, ANNUAL), (periodic_payload, PERIODIC)):
        body = build(BUPATI)
        assert body["statusPenilai"] == "NON ASN"
        assert body["penilaiNipNrp"] == "" and body["penilaiGolongan"] == ""
        assert validate_payload(endpoint, body) == []


def test_an_asn_appraiser_needs_a_nip():
    body = annual_payload(dataclasses.replace(FACTS, appraiser_nip=""))
    assert validate_payload(ANNUAL, body) == [
        "* penilaiNipNrp must be the appraiser's NIP (or NRP) for an ASN appraiser"
    ]


def test_the_uploaded_documents_are_listed_in_path():
    document = {"dok_id": "873", "dok_nama": "skp.pdf", "dok_uri": "u/1", "object": "u/1"}
    document |= {"slug": "873"}
    body = annual_payload(dataclasses.replace(FACTS, path=(document,)))
    assert body["path"] == [document]
    assert validate_payload(ANNUAL, body) == []
    broken = {**body, "path": [{"dok_id": 873}]}
    assert "* path[0].dok_id must be a string" in validate_payload(ANNUAL, broken)


@pytest.mark.parametrize(
    ("golongan", "code"), [("III/d", "34"), ("IV/e", "45"), ("I/a", "11"), ("IX", "IX"), ("", "")]
)
def test_a_pns_golongan_is_sent_as_siasns_id(golongan, code):
    assert golongan_code(golongan) == code


REQUIRED = [
    (endpoint, name)
    for endpoint, schema in SCHEMAS.items()
    for name, (_kind, required) in schema.items()
    if required
]


@pytest.mark.parametrize(("endpoint", "name"), REQUIRED)
def test_every_required_field_is_checked(endpoint, name):
    body = (annual_payload if endpoint == ANNUAL else periodic_payload)(FACTS)
    del body[name]
    assert f"* {name} is required" in validate_payload(endpoint, body)


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("tahun", "2025", "* tahun must be an integer"),
        ("tahun", True, "* tahun must be an integer"),
        ("tahun", 2021, "* tahun must be between 2022 and 2100"),
        ("hasilKinerjaNilai", 4, "* hasilKinerjaNilai must be between 1 and 3"),
        ("pnsDinilaiOrang", 17, "* pnsDinilaiOrang must be a string"),
        ("penilaiNama", "  ", "* penilaiNama is required"),
        ("statusPenilai", "PNS", "* statusPenilai must be 'ASN' or 'NON ASN'"),
        ("kuadranKinerjaNilai", 3, "* kuadranKinerjaNilai must be 2 for hasilKinerjaNilai 2 "),
        ("penilaiJabatanNama", "x", "* penilaiJabatanNama is not a field of skp22/save"),
        ("path", "873", "* path must be a list of documents"),
    ],
)
def test_a_wrong_value_is_named(field, value, error):
    lines = validate_payload(ANNUAL, {**annual_payload(FACTS), field: value})
    assert any(line.startswith(error) for line in lines), lines


def test_a_period_ending_before_it_starts_is_wrong():
    body = periodic_payload(dataclasses.replace(FACTS, start_month=7, end_month=3))
    assert validate_payload(PERIODIC, body) == ["* the assessment period ends before it starts"]


def test_a_body_that_is_not_an_object_or_an_unknown_endpoint():
    assert validate_payload(ANNUAL, ["tahun"]) == ["* the body must be a JSON object"]
    with pytest.raises(ValueError, match="unknown SIASN endpoint"):
        validate_payload("pns/save", {})


ratings = st.sampled_from([r.name for r in Rating])
facts = st.builds(
    ResultFacts,
    siasn_employee_id=st.text("ABCDEF0123456789-", min_size=1, max_size=36),
    year=st.integers(2022, 2100),
    rating_hasil=ratings,
    rating_perilaku=ratings,
    appraiser_name=st.text(min_size=1).filter(str.strip),
    appraiser_nip=st.from_regex(r"\A\d{18}\Z"),
    appraiser_post=st.text(min_size=1).filter(str.strip),
    appraiser_golongan=st.sampled_from(["", "III/a", "IV/b", "IX"]),
    appraiser_unit=st.text(min_size=1).filter(str.strip),
    appraiser_is_kepala_daerah=st.booleans(),
    start_month=st.integers(1, 6),
    end_month=st.integers(6, 12),
)


@given(facts)
def test_every_result_gives_bodies_that_fit_the_schema(result):
    expected = payloads.KUADRAN_CODES[
        rules.employee_predicate(Rating[result.rating_hasil], Rating[result.rating_perilaku])
    ]
    for build, endpoint in ((annual_payload, ANNUAL), (periodic_payload, PERIODIC)):
        body = build(result)
        assert validate_payload(endpoint, body) == []
        assert body["kuadranKinerjaNilai"] == int(expected)


@given(facts, st.data())
def test_a_field_of_the_wrong_type_is_always_named(result, data):
    body = annual_payload(result)
    name = data.draw(st.sampled_from(sorted(body)))
    wrong = data.draw(st.sampled_from([None, 1.5, {"a": 1}, True]))
    lines = validate_payload(ANNUAL, {**body, name: wrong})
    assert any(f"* {name} " in line for line in lines), lines


SERVER_LISTS = {
    "perilakuDanKinerja": [
        {"id": "1", "nama": "Di Atas Ekspektasi"},
        {"id": "2", "nama": "Sesuai Ekspektasi"},
        {"id": "3", "nama": "Di Bawah Ekspektasi"},
    ],
    "kuadranNilai": [
        {"id": 1, "nama": "SANGAT BAIK"},
        {"id": 2, "nama": "Baik"},
        {"id": 3, "nama": "Butuh Perbaikan"},
        {"id": 4, "nama": "Kurang"},
        {"id": 5, "nama": "Sangat Kurang"},
    ],
}


@pytest.mark.parametrize("name", sorted(SERVER_LISTS))
def test_reference_lists_that_mean_our_codes_show_no_difference(name):
    assert compare_reference(name, SERVER_LISTS[name]) == []


def test_a_reference_list_that_differs_says_which_code():
    items = [{"kode": "1", "name": "Sangat Baik"}, {"kode": "2", "name": "Baik"}]
    items += [{"kode": "3", "name": "Cukup"}, {"kode": "4", "name": "Kurang"}]
    assert compare_reference("kuadranNilai", items) == [
        "kuadranNilai 3: SIASN menyebut 'Cukup', kita kirim untuk 'Butuh Perbaikan'",
        "kuadranNilai 5: tidak ada di SIASN (kita kirim untuk Sangat Kurang)",
    ]


def test_the_payloads_module_imports_no_django():
    probe = "import sys, interchange.siasn.payloads; print('django' in sys.modules)"
    output = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == "False"
