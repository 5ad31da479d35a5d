"""Example plans per post (issue 29, item 3): curated by the admin BKD on the library, offered to
whoever starts a draft for a post they suit, copied in as a start and marked as adapted."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core.errors import DomainError
from indicators import selectors, services
from indicators.models import ExamplePlan
from tests.actors import actor
from tests.indicators.helpers import make_entry, make_example

pytestmark = pytest.mark.django_db


def admin(org):
    return actor(org.admin_bkd)


# ----- which examples suit a post (pure on the example's words)


@pytest.mark.parametrize(
    ("terms", "names", "suits"),
    [
        ("perawat", ["Perawat Terampil", "Seksi Keperawatan", "RSUD"], True),
        ("perawat", ["PERAWAT MAHIR"], True),  # any case
        ("pranata komputer", ["Pranata Komputer Ahli Pertama"], True),
        ("pranata komputer", ["Pranata Laboratorium Kesehatan"], False),  # both words, together
        (
            "kecamatan, kelurahan",
            ["Pengadministrasi", "Seksi Pemerintahan", "Kecamatan Kota"],
            True,
        ),
        ("guru", ["Pengelola Data", "Seksi Surveilans", ""], False),
        (" , bidan ,", ["Bidan Terampil"], True),  # empty words are no words
        (",", ["Apa saja"], False),
    ],
)
def test_an_example_suits_a_post_whose_post_unit_or_opd_name_holds_one_of_its_words(
    terms, names, suits
):
    assert selectors.suits(ExamplePlan(match_terms=terms), names) is suits


# ----- curating


def test_the_curator_writes_an_example_from_library_entries_in_order(org, login):
    first, second, extra = (make_entry(rhk=f"RHK {n}") for n in ("satu", "dua", "tiga"))
    response = login("admin_bkd").post(
        reverse("indicators:example_create"),
        {
            "title": "  Perawat Terampil ",
            "match_terms": "perawat ,, keperawatan ",
            "utama": [second.pk, first.pk],
            "tambahan": [extra.pk],
            "dukungan": "Ruang rawat\n\nAlat kesehatan",
            "skema": "Laporan bulanan",
        },
    )
    assert response.status_code == 302
    example = ExamplePlan.objects.get()
    assert example.title == "Perawat Terampil" and example.match_terms == "perawat, keperawatan"
    items = [(i.entry.rhk, i.additional) for i in example.items.order_by("additional", "order")]
    # The checkboxes post in the library's order: RHK dua, then satu is the list's own order.
    assert sorted(items) == [("RHK dua", False), ("RHK satu", False), ("RHK tiga", True)]
    assert example.lampiran_lines() == {
        "dukungan": ["Ruang rawat", "Alat kesehatan"],
        "skema": ["Laporan bulanan"],
        "konsekuensi": [],
    }
    assert example.created_by == org.admin_bkd.user
    page = login("admin_bkd").get(reverse("indicators:example_list"), {"q": "keperawatan"})
    assert "Perawat Terampil" in page.content.decode()


def test_a_refused_example_form_keeps_what_was_typed(org, login):
    entry = make_entry()
    response = login("admin_bkd").post(
        reverse("indicators:example_create"),
        {"title": "Bidan Desa", "match_terms": "bidan", "utama": [], "tambahan": [entry.pk]},
    )
    assert response.status_code == 200 and not ExamplePlan.objects.exists()
    form = response.context["form"]
    assert "utama" in form.errors
    html = response.content.decode()
    assert 'value="Bidan Desa"' in html and 'value="bidan"' in html
    assert re.search(rf'name="tambahan" value="{entry.pk}"[^>]*checked', html)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d | {"title": " "}, "title"),
        (lambda d: d | {"match_terms": " , "}, "word"),
        (lambda d: d | {"utama": []}, "RHK utama"),
        (lambda d: d | {"tambahan": d["utama"]}, "only once"),
    ],
)
def test_the_service_refuses_an_incomplete_example(org, english, change, message):
    data = {"title": "Guru", "match_terms": "guru", "utama": [make_entry()], "tambahan": []}
    data = change(data)
    with pytest.raises(DomainError, match=message):
        services.example_save(None, data, data["utama"], data["tambahan"], actor=admin(org))
    assert not ExamplePlan.objects.exists()


def test_titles_are_unique_and_an_inactive_entry_is_not_added_but_may_stay(org, english):
    kept = make_entry(rhk="RHK lama")
    example = make_example(title="Guru", terms="guru", entries=[kept])
    with pytest.raises(DomainError, match="already exists"):
        services.example_save(
            None, {"title": "Guru", "match_terms": "guru"}, [kept], actor=admin(org)
        )
    kept.is_active = False
    kept.save()
    retired = make_entry(rhk="RHK pensiun", is_active=False)
    data = {"title": "Guru", "match_terms": "guru, pengajar"}
    with pytest.raises(DomainError, match="inactive"):
        services.example_save(example, data, [kept, retired], actor=admin(org))
    services.example_save(example, data, [kept], actor=admin(org))  # already there: kept
    example.refresh_from_db()
    assert example.match_terms == "guru, pengajar" and example.items.get().entry == kept


def test_only_the_admin_bkd_curates_even_through_the_services(org):
    with pytest.raises(PermissionDenied):
        services.example_save(
            None, {"title": "X", "match_terms": "x"}, [make_entry()], actor=actor(org.admin_opd)
        )
    example = make_example()
    with pytest.raises(PermissionDenied):
        services.example_set_active(example, False, actor=actor(org.pegawai))
    assert ExamplePlan.objects.get().is_active


# ----- the demo


def test_the_demo_offers_at_least_eight_examples_one_for_the_demo_pegawai(db):
    from indicators.demo.examples import EXAMPLES
    from indicators.demo.seed import seed_examples, seed_library

    seed_library()
    assert seed_examples() == len(EXAMPLES) >= 8
    assert seed_examples() == 0  # seeding again writes nothing
    for example in ExamplePlan.objects.all():
        assert example.items.filter(additional=False).exists(), example.title
        assert all(item.entry.indicators.exists() for item in example.items.all())
    suiting, _others = selectors.examples_for_use(
        ["Epidemiolog Kesehatan Ahli Pertama", "Seksi Surveilans Imunisasi", "Dinas Kesehatan"]
    )
    assert [e.title for e in suiting] == ["Epidemiolog Kesehatan"]


@pytest.mark.parametrize("count", [2, 12])
def test_the_curators_list_costs_the_same_queries_for_2_and_12_examples(
    org, login, django_assert_num_queries, count
):
    for n in range(count):
        make_example(title=f"Contoh {n:02d}", terms=f"kata{n}")
    client = login("admin_bkd")
    url = reverse("indicators:example_list")
    client.get(url)  # warm the session
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["page"]) == count


@pytest.mark.parametrize(
    ("terms", "names", "suits"),
    [
        ("bidan", ["Kepala Bidang P2P", "Bidang Kesehatan Masyarakat"], False),
        ("guru", ["Pengurus Barang"], False),
        ("bidan", ["Bidan Ahli Pertama"], True),
    ],
)
def test_words_match_whole_words_only(terms, names, suits):
    assert selectors.suits(ExamplePlan(match_terms=terms), names) is suits
