"""The indicator coach: pure rules on what makes an IKI hard to measure and how alike two
indicators are; the htmx answer while an IKI is typed; the hints the PPK reads when reviewing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from indicators import coach
from indicators.choices import Aspek
from indicators.selectors import similar_indicators
from tests.indicators.helpers import make_entry


def codes(text, **kwargs) -> list[str]:
    return [hint.code for hint in coach.indicator_hints(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "kwargs", "expected"),
    [
        ("", {}, []),
        (
            "Persentase bayi yang mendapat imunisasi dasar lengkap",
            {"target_value": Decimal(95), "target_unit": "%"},
            [],
        ),
        (
            "Meningkatkan kualitas pelayanan kesehatan",
            {},
            ["vague_verb", "no_measure", "no_target"],
        ),
        (
            "Meningkatkan persentase balita yang ditimbang",
            {"target_value": Decimal(80)},
            [],  # the verb names what is counted
        ),
        (
            "Melaksanakan rapat koordinasi lintas sektor",
            {"target_value": Decimal(4), "target_unit": "kali"},
            ["activity"],
        ),
        (
            "Laporan keuangan unit disampaikan",
            {"aspek": "waktu", "target_value": Decimal(12), "target_unit": "laporan"},
            ["no_time"],
        ),
        (
            "Laporan keuangan unit disampaikan paling lambat tanggal 10",
            {"aspek": "waktu", "target_value": Decimal(12), "target_unit": "laporan"},
            [],
        ),
        ("Dokumen", {"target_text": "lengkap"}, ["no_measure", "short"]),
        ("Uraian kajian kebijakan daerah", {"target_text": "diterima pimpinan"}, ["no_measure"]),
    ],
)
def test_what_makes_an_indicator_hard_to_measure(text, kwargs, expected):
    assert codes(text, **kwargs) == expected


def test_the_aspects_an_rhk_leaves_out():
    assert coach.coverage_hint(["kuantitas", "kualitas", "waktu"]) is None
    assert coach.coverage_hint([]) is None  # nothing written yet: nothing to say
    assert coach.coverage_hint(["kuantitas", "biaya"]) == coach.Hint(
        "aspects", ("kualitas", "waktu")
    )


def test_similarity_counts_shared_trigrams():
    same = "Persentase bayi yang mendapat imunisasi"
    assert coach.similarity(same, same) == 1.0
    assert coach.similarity(same, "persentase BAYI yang mendapat imunisasi!") == 1.0
    near = coach.similarity(same, "Persentase balita yang mendapat imunisasi lanjutan")
    far = coach.similarity(same, "Jumlah dokumen anggaran yang disahkan")
    assert near > 0.5 > far
    assert coach.similarity("", same) == 0.0


@given(st.text(max_size=60), st.text(max_size=60))
def test_similarity_is_symmetric_and_between_zero_and_one(a, b):
    assert coach.similarity(a, b) == coach.similarity(b, a)
    assert 0.0 <= coach.similarity(a, b) <= 1.0


@given(st.text(max_size=200), st.sampled_from(["", *Aspek.values]))
def test_the_rules_never_fail_on_any_text(text, aspek):
    hints = coach.indicator_hints(text, aspek=aspek)
    assert len({hint.code for hint in hints}) == len(hints)


@pytest.mark.django_db
def test_similar_library_indicators_come_first_inactive_ones_never():
    make_entry(
        rhk="Cakupan imunisasi",
        indicators=(
            ("Persentase bayi yang mendapat imunisasi dasar lengkap", Aspek.KUALITAS),
            ("Jumlah posyandu yang dikunjungi", Aspek.KUANTITAS),
        ),
    )
    make_entry(
        rhk="Imunisasi lama",
        indicators=(("Persentase bayi yang mendapat imunisasi dasar", Aspek.KUALITAS),),
        is_active=False,
    )
    found = similar_indicators("persentase bayi diimunisasi dasar lengkap")
    assert [i.indicator for i in found] == ["Persentase bayi yang mendapat imunisasi dasar lengkap"]
    assert similar_indicators("") == [] and similar_indicators("a b c") == []


@pytest.mark.django_db
def test_the_coach_answers_a_row_as_it_is_typed(org, login, english):
    make_entry()
    client = login("pegawai")
    answer = client.get(
        reverse("indicators:coach"),
        {
            "iki-0-indicator": "Meningkatkan imunisasi dasar lengkap bayi",
            "iki-0-aspek": "kualitas",
            "iki-0-target_value": "banyak",
            "iki-0-target_unit": "",
        },
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert [h[:20] for h in answer.context["hints"]] == [
        "“meningkatkan” says ",
        "Nothing to count yet",
        "No target yet: a num",
    ]
    assert [i.indicator for i in answer.context["similar"]] == [
        "Persentase bayi yang mendapat imunisasi dasar lengkap"
    ]
    assert "data-coach-use=" in answer.text
    empty = client.get(reverse("indicators:coach"), {"iki-0-indicator": "  "})
    assert empty.status_code == 200 and empty.text.strip() == ""


@pytest.mark.django_db
def test_the_coach_reads_its_row_and_the_aspects_of_every_row(org, login, english):
    client = login("pegawai")
    form = {
        "row": "iki-1",
        "iki-0-indicator": "Meningkatkan pelayanan",  # another row: its hints are not this one's
        "iki-0-aspek": "kuantitas",
        "iki-1-indicator": "Persentase dokumen yang diverifikasi tanpa revisi",
        "iki-1-aspek": "kualitas",
        "iki-1-target_value": "90",
        "iki-1-target_unit": "%",
        "iki-2-indicator": "Laporan tepat waktu setiap bulan",
        "iki-2-aspek": "waktu",
        "iki-2-DELETE": "on",  # being removed: its aspect does not count
        "iki-__prefix__-aspek": "waktu",
    }
    answer = client.get(reverse("indicators:coach"), form)
    assert answer.context["hints"] == []  # row iki-1 alone: measurable
    aspects = client.get(reverse("indicators:coach"), form | {"part": "aspects"})
    assert aspects.context["hint"] == "The indicators of this RHK leave out: Waktu."
    form["iki-2-DELETE"] = ""
    assert client.get(reverse("indicators:coach"), form | {"part": "aspects"}).text.strip() == ""
