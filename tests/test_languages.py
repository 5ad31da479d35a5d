"""Indonesian by default (issue 20.7): a browser preferring English still gets Bahasa Indonesia
until the user chooses English in the switcher; the choice is remembered."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _lang(response) -> str:
    return response.wsgi_request.LANGUAGE_CODE


@pytest.mark.django_db
def test_a_browser_preferring_english_gets_indonesian():
    client = Client(**ENGLISH_BROWSER)

    response = client.get(reverse("login"))

    assert _lang(response) == "id"
    assert b'<html lang="id"' in response.content


@pytest.mark.django_db
def test_choosing_english_is_remembered_and_choosing_indonesian_again_too():
    client = Client()  # no Accept-Language at all

    chosen = client.post(reverse("set_language"), {"language": "en", "next": "/"})

    cookie = chosen.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and int(cookie["max-age"]) >= 365 * 24 * 60 * 60
    assert _lang(client.get(reverse("login"))) == "en"
    assert _lang(client.get(reverse("login"), **{"HTTP_ACCEPT_LANGUAGE": "id"})) == "en"
    client.post(reverse("set_language"), {"language": "id", "next": "/"})
    assert _lang(client.get(reverse("login"), **ENGLISH_BROWSER)) == "id"


@pytest.mark.django_db
def test_an_unknown_language_in_the_cookie_falls_back_to_indonesian():
    client = Client(**ENGLISH_BROWSER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    assert _lang(client.get(reverse("login"))) == "id"


@pytest.mark.usefixtures("english")
def test_labels_of_the_plan_and_the_evaluation_are_english_in_english(org, login):
    """The rating labels were Indonesian msgids ("Rating Hasil Kerja"), shown as they were to
    someone who chose English."""
    from django.template.loader import render_to_string

    html = render_to_string(
        "appraisal/objections/_evaluation.html",
        {"evaluation": None, "period": "Tahunan", "changed": False},
    )
    assert "Work results rating" in html and "Rating Hasil Kerja" not in html
    assert "Notes/recommendation" in html


# Labels that were Indonesian msgids (so shown in Indonesian to someone who chose English); the
# official terms stay in the PDFs and the e-Kinerja exports, which are Indonesian documents.
FORMER_INDONESIAN_MSGIDS = (
    "Aspek",
    "Hasil Kerja",
    "Perilaku Kerja",
    "Rating Hasil Kerja",
    "Rating Perilaku Kerja",
    "Predikat Kinerja Pegawai",
    "Rencana tindak lanjut",
    "Kendala",
    "Lampiran SKP",
    "Edit lampiran",
    "Rencana aksi",
)


@pytest.mark.parametrize("msgid", FORMER_INDONESIAN_MSGIDS)
def test_no_page_label_is_an_indonesian_msgid(msgid):
    pages = [
        path
        for path in (settings.BASE_DIR / "templates").rglob("*.html")
        if "pdf" not in path.parts
    ]
    for path in pages:
        text = path.read_text()
        for quote in "\"'":
            assert f"{{% translate {quote}{msgid}{quote} %}}" not in text, path
