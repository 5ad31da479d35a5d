"""The indicator library: search, curation through the formset, activation, demo seed, refusals."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import reverse

from core.errors import DomainError
from indicators import selectors, services
from indicators.choices import Aspek, PositionGroup, Sector
from indicators.demo.seed import seed_library
from indicators.models import LibraryEntry, LibraryIndicator
from tests.actors import actor
from tests.factories import UserFactory
from tests.indicators.helpers import make_entry

LIST = reverse("indicators:entry_list")
CREATE = reverse("indicators:entry_create")
SEARCH = reverse("indicators:search")


def _edit_url(entry):
    return reverse("indicators:entry_edit", kwargs={"public_id": entry.public_id})


def _toggle_url(entry):
    return reverse("indicators:entry_toggle", kwargs={"public_id": entry.public_id})


def _form_data(rhk, rows, *, initial=0, sector=Sector.HEALTH, group=PositionGroup.FUNGSIONAL):
    """The POST of the entry form: the entry fields and the indicator formset's rows."""
    data = {
        "sector": sector,
        "position_group": group,
        "rhk": rhk,
        "description": "",
        "indicators-TOTAL_FORMS": str(len(rows)),
        "indicators-INITIAL_FORMS": str(initial),
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"indicators-{index}-{key}"] = value
    return data


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen with the switcher
    return client


def _row(aspek="", indicator="", value="", unit="", text="", **extra):
    return {
        "aspek": aspek,
        "indicator": indicator,
        "target_value": value,
        "target_unit": unit,
        "target_text": text,
        **extra,
    }


EMPTY = _row()


# --- Search ------------------------------------------------------------------------------------


@pytest.fixture
def library(db):
    return {
        "imunisasi": make_entry(
            "Cakupan imunisasi dasar lengkap",
            indicators=[
                ("Persentase bayi usia 0-11 bulan yang mendapat imunisasi", Aspek.KUALITAS),
                ("Jumlah laporan cakupan", Aspek.KUANTITAS),
            ],
        ),
        "pasien": make_entry(
            "Pelayanan pasien rawat jalan",
            group=PositionGroup.ANY,
            indicators=[("Jumlah pasien yang dilayani", Aspek.KUANTITAS)],
        ),
        "dokumen": make_entry(
            "Persentase dokumen kependudukan terbit tepat waktu",
            sector=Sector.POPULATION,
            group=PositionGroup.STRUCTURAL,
            indicators=[("Jumlah dokumen yang diterbitkan", Aspek.KUANTITAS)],
        ),
        "lama": make_entry(
            "Laporan imunisasi lama", is_active=False, indicators=[("Laporan", Aspek.WAKTU)]
        ),
    }


def test_search_matches_every_word_in_the_rhk_or_an_indicator_in_any_case(library):
    assert list(selectors.library_search("IMUNISASI")) == [library["imunisasi"]]
    # "bayi" is only in an indicator, "cakupan" in the RHK: both must match, in either place.
    assert list(selectors.library_search("cakupan bayi")) == [library["imunisasi"]]
    assert list(selectors.library_search("imunisasi pasien")) == []
    assert list(selectors.library_search("jumlah")) == [
        library["dokumen"],  # adminduk sorts before kesehatan
        library["imunisasi"],
        library["pasien"],
    ]


def test_search_filters_by_sector_and_position_kind(library):
    assert list(selectors.library_search(sector=Sector.POPULATION)) == [library["dokumen"]]
    # Entries written for any position suit every position kind.
    assert set(selectors.library_search(group=PositionGroup.FUNGSIONAL)) == {
        library["imunisasi"],
        library["pasien"],
    }
    assert list(selectors.library_search(sector="unknown")) == []


def test_search_hides_inactive_entries_and_prefetches_indicators(
    library, django_assert_num_queries
):
    with django_assert_num_queries(2):
        found = list(selectors.library_search())
        texts = [i.indicator for entry in found for i in entry.indicators.all()]
    assert library["lama"] not in found
    assert "Jumlah pasien yang dilayani" in texts


def test_entry_for_use_returns_active_entries_only(library):
    entry = selectors.entry_for_use(library["imunisasi"].public_id)
    assert [i.aspek for i in entry.indicators.all()] == [Aspek.KUALITAS, Aspek.KUANTITAS]
    assert selectors.entry_for_use(str(library["pasien"].public_id)) == library["pasien"]
    for bad in (library["lama"].public_id, "bukan-uuid", None):
        with pytest.raises(Http404):
            selectors.entry_for_use(bad)


def test_search_page_for_an_employee_lists_results_without_a_use_button(library, login):
    response = login("pegawai").get(SEARCH, {"q": "imunisasi"})
    assert response.status_code == 200
    assert response.context["entries"] == [library["imunisasi"]]
    page = response.content.decode()
    assert "<html" in page and 'hx-trigger="input changed delay:300ms, search"' in page
    assert "Cakupan imunisasi dasar lengkap" in page
    assert "95 %" in page
    assert 'name="library_entry"' not in page


def test_search_with_a_local_action_offers_the_use_button(library, login):
    action = "/kinerja/skp/abc/pustaka/?rhk=1"
    response = login("ppk").get(
        SEARCH, {"q": "imunisasi", "action": action}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "<html" not in page  # htmx gets the results only
    assert 'action="/kinerja/skp/abc/pustaka/?rhk=1"' in page
    assert f'name="library_entry" value="{library["imunisasi"].public_id}"' in page
    assert "csrfmiddlewaretoken" in page
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "action",
    [
        "https://evil.example/steal",
        "//evil.example/steal",
        "/\\evil.example/steal",
        "javascript:alert(1)",
        "relatif/tanpa/garis",
    ],
)
def test_search_ignores_an_action_that_is_not_a_local_path(library, login, action):
    response = login("pegawai").get(SEARCH, {"q": "imunisasi", "action": action})
    assert response.context["action"] == ""
    page = response.content.decode()
    assert 'name="library_entry"' not in page
    assert 'name="action"' not in page  # not carried into the next search either


def test_search_shows_at_most_twenty_entries(db, login, org):
    for n in range(22):
        make_entry(f"Laporan kegiatan nomor {n:02d}")
    response = login("pegawai").get(SEARCH, {"q": "laporan kegiatan"})
    assert len(response.context["entries"]) == 20 and response.context["more"]


def test_search_refuses_an_account_without_employee_record_or_admin_role(org):
    client = Client()
    client.force_login(UserFactory(username="tanpa-pegawai"))
    assert client.get(SEARCH).status_code == 403


def test_search_panel_can_be_included_with_an_action(org, rf):
    from django.template.loader import render_to_string

    html = render_to_string(
        "indicators/_search_panel.html", {"action": "/kinerja/skp/x/"}, request=rf.get("/")
    )
    assert 'name="action" value="/kinerja/skp/x/"' in html
    assert f'hx-get="{SEARCH}"' in html and 'hx-trigger="load"' in html
    assert 'value="kesehatan"' in html  # the sector select fills itself


# --- Curation ----------------------------------------------------------------------------------


def test_bkd_creates_an_entry_with_its_indicators_in_order(org, login):
    data = _form_data(
        "  Cakupan imunisasi dasar lengkap  ",
        [
            _row(Aspek.KUALITAS, "Persentase bayi diimunisasi", "95", "%"),
            EMPTY,
            _row(Aspek.KUANTITAS, "Jumlah laporan cakupan imunisasi", "12", "laporan"),
            _row(Aspek.WAKTU, "Laporan tepat waktu", "12", "bulan"),
        ],
    )
    response = login("admin_bkd").post(CREATE, data)
    assert response.status_code == 302 and response.url == LIST
    entry = LibraryEntry.objects.get()
    assert entry.rhk == "Cakupan imunisasi dasar lengkap"
    assert entry.created_by == org.admin_bkd.user
    assert [(i.order, i.aspek, i.target_value) for i in entry.indicators.all()] == [
        (1, Aspek.KUALITAS, Decimal("95")),
        (2, Aspek.KUANTITAS, Decimal("12")),
        (3, Aspek.WAKTU, Decimal("12")),
    ]
    assert entry.history.get().history_user == org.admin_bkd.user


def test_indonesian_decimal_comma_is_accepted_and_missing_aspects_warn(org, login):
    data = _form_data("Rata-rata lama sekolah", [_row(Aspek.KUALITAS, "Rata-rata", "9,5", "tahun")])
    client = login("admin_bkd")  # Indonesian, the default language
    response = client.post(CREATE, data, follow=True)
    assert LibraryIndicator.objects.get().target_value == Decimal("9.5")
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "Kuantitas" in warnings[0] and "Waktu" in warnings[0]


def test_invalid_post_keeps_everything_typed(org, login):
    data = _form_data(
        "RHK yang sedang ditulis",
        [
            _row(Aspek.KUANTITAS, "Jumlah dokumen yang ditulis", "abc", "dokumen"),
            _row("", "Indikator tanpa aspek"),
        ],
    )
    response = login("admin_bkd").post(CREATE, data)
    assert response.status_code == 200
    page = response.content.decode()
    for typed in (
        "RHK yang sedang ditulis",
        "Jumlah dokumen yang ditulis",
        "abc",
        "Indikator tanpa aspek",
    ):
        assert typed in page
    formset = response.context["formset"]
    assert "target_value" in formset.forms[0].errors and "aspek" in formset.forms[1].errors
    assert not LibraryEntry.objects.exists()


def test_an_entry_needs_at_least_one_indicator(org, login):
    client = _english(login("admin_bkd"))
    response = client.post(CREATE, _form_data("Tanpa indikator", [EMPTY, EMPTY]))
    assert response.status_code == 200
    assert "Add at least one indicator (IKI)." in response.content.decode()
    assert not LibraryEntry.objects.exists()


def test_duplicate_rhk_in_a_sector_is_refused_with_the_form_kept(org, login):
    make_entry("Cakupan imunisasi dasar lengkap")
    data = _form_data(
        "Cakupan imunisasi dasar lengkap", [_row(Aspek.KUALITAS, "Persentase", "95", "%")]
    )
    response = _english(login("admin_bkd")).post(CREATE, data)
    assert response.status_code == 200
    assert "already in the library" in response.content.decode()
    assert LibraryEntry.objects.count() == 1


def test_bkd_edits_deletes_and_adds_indicators(org, login):
    entry = make_entry(
        indicators=[("Persentase lama", Aspek.KUALITAS), ("Jumlah lama", Aspek.KUANTITAS)]
    )
    keep, drop = entry.indicators.all()
    client = login("admin_bkd")
    assert client.get(_edit_url(entry)).status_code == 200
    data = _form_data(
        "Cakupan imunisasi dasar lengkap (revisi)",
        [
            _row(Aspek.KUALITAS, "Persentase baru", "90", "%", id=keep.pk, entry=entry.pk),
            _row(
                Aspek.KUANTITAS, "Jumlah lama", "95", "%", id=drop.pk, entry=entry.pk, DELETE="on"
            ),
            _row(Aspek.WAKTU, "Tepat waktu", "", "", "Setiap bulan"),
        ],
        initial=2,
    )
    response = client.post(_edit_url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.rhk == "Cakupan imunisasi dasar lengkap (revisi)"
    rows = list(entry.indicators.values_list("pk", "order", "indicator", "target_text"))
    assert rows[0] == (keep.pk, 1, "Persentase baru", "")
    assert rows[1][1:] == (2, "Tepat waktu", "Setiap bulan")
    assert not LibraryIndicator.objects.filter(pk=drop.pk).exists()
    assert entry.history.count() == 2


def test_bkd_deactivates_and_reactivates_an_entry(org, login):
    entry = make_entry()
    client = login("admin_bkd")
    response = client.post(_toggle_url(entry), {"next": f"{LIST}?active=no"})
    assert response.status_code == 302 and response.url == f"{LIST}?active=no"
    entry.refresh_from_db()
    assert not entry.is_active
    assert list(selectors.library_search()) == []
    response = client.post(_toggle_url(entry), {"next": "https://evil.example/"})
    assert response.url == LIST
    entry.refresh_from_db()
    assert entry.is_active
    assert client.get(_toggle_url(entry)).status_code == 405


def test_services_refuse_non_curators_and_repeated_transitions(org):
    entry = make_entry()
    opd_admin = actor(org.admin_opd)
    with pytest.raises(PermissionDenied):
        services.entry_deactivate(entry, actor=opd_admin)
    with pytest.raises(PermissionDenied):
        services.entry_save(None, {"rhk": "x"}, [], actor=opd_admin)
    bkd = actor(org.admin_bkd)
    with pytest.raises(DomainError):
        services.entry_activate(entry, actor=bkd)
    with pytest.raises(DomainError):
        services.entry_save(entry, {"sector": Sector.HEALTH, "rhk": "x"}, [], actor=bkd)
    row = {"aspek": Aspek.KUALITAS, "indicator": "Persentase", "target_value": Decimal("95")}
    other = services.entry_save(None, {"sector": Sector.HEALTH, "rhk": "Lain"}, [row], actor=bkd)
    with pytest.raises(DomainError):  # the RHK of another entry of the same sector
        services.entry_save(other, {"sector": Sector.HEALTH, "rhk": entry.rhk}, [row], actor=bkd)
    services.entry_save(other, {"sector": Sector.FINANCE, "rhk": entry.rhk}, [row], actor=bkd)


@pytest.mark.parametrize("persona", ["pegawai", "ppk", "kepala_unit", "admin_opd"])
def test_only_bkd_curates(org, login, persona):
    entry = make_entry()
    client = login(persona)
    assert client.get(LIST).status_code == 403
    assert client.get(CREATE).status_code == 403
    assert client.get(_edit_url(entry)).status_code == 403
    assert client.post(_toggle_url(entry)).status_code == 403
    data = _form_data("Dari luar", [_row(Aspek.KUALITAS, "Persentase", "95", "%")])
    assert client.post(CREATE, data).status_code == 403
    entry.refresh_from_db()
    assert entry.is_active and LibraryEntry.objects.count() == 1


def test_anonymous_is_sent_to_login(org):
    entry = make_entry()
    client = Client()
    for url in (LIST, CREATE, SEARCH, _edit_url(entry)):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    response = client.post(_toggle_url(entry))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_unknown_entry_is_not_found_for_bkd(org, login):
    response = login("admin_bkd").get(
        reverse(
            "indicators:entry_edit", kwargs={"public_id": "00000000-0000-0000-0000-000000000000"}
        )
    )
    assert response.status_code == 404


def test_curator_list_filters_by_words_sector_and_status(library, login):
    client = login("admin_bkd")
    page = client.get(LIST, {"q": "imunisasi"}).context["page"]
    assert {e.rhk for e in page} == {"Cakupan imunisasi dasar lengkap", "Laporan imunisasi lama"}
    page = client.get(LIST, {"q": "imunisasi", "active": "no"}).context["page"]
    assert [e.rhk for e in page] == ["Laporan imunisasi lama"]
    page = client.get(LIST, {"sector": Sector.POPULATION}).context["page"]
    assert [e.indicator_count for e in page] == [1]


@pytest.mark.parametrize("count", [5, 25])
def test_curator_list_query_count_is_pinned(org, login, django_assert_num_queries, count):
    for n in range(count):
        make_entry(f"Entri {n:02d}", indicators=[("Satu", Aspek.KUALITAS), ("Dua", Aspek.WAKTU)])
    client = login("admin_bkd")
    client.get(LIST)  # warm the session
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["page"]) == count


# --- Demo seed ---------------------------------------------------------------------------------


def test_seed_library_is_idempotent_and_covers_every_sector(db):
    created = seed_library()
    assert created >= 30
    assert seed_library() == 0
    assert LibraryEntry.objects.count() == created
    assert set(LibraryEntry.objects.values_list("sector", flat=True)) == set(Sector.values)
    assert set(LibraryEntry.objects.values_list("position_group", flat=True)) == set(
        PositionGroup.values
    )
    for entry in LibraryEntry.objects.prefetch_related("indicators"):
        aspects = {i.aspek for i in entry.indicators.all()}
        assert len(aspects) >= 2 or entry.position_group == PositionGroup.JPT, entry.rhk
    imunisasi = selectors.library_search("imunisasi dasar lengkap").get()
    assert imunisasi.indicators.get(aspek=Aspek.KUALITAS).target_value == Decimal("95")
