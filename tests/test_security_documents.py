"""Personal data kept by no cache, and a per-user limit on PDFs and exports (issue 19, point 5).

- Pages and exports with personal data carried no Cache-Control: a shared proxy could keep them
  for the next person, and a browser kept them on disk and in its history after log-out on a
  shared office PC. Every response to a signed-in user is now `private, no-store`.
- A PDF costs 1–2 s of CPU and nothing limited how many one user asked for: a reload loop kept
  the workers busy. Every PDF and Excel export counts against one per-user budget
  (DOCUMENT_RATE); past it the user gets HTTP 429 with an Indonesian message.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.test_permissions_matrix import MATRIX, _kwargs, _url

LOGGED_IN = ("pegawai", "ppk", "atasan_ppk", "kepala_unit", "admin_opd", "admin_opd_other")
LOGGED_IN += ("admin_bkd",)


def _first_allowed(expected: dict) -> str | None:
    return next((p for p in LOGGED_IN if expected[p] == 200), None)


# ----- Cache-Control -----------------------------------------------------------------------------
# The pages the issue names: an employee's page, an SKP, an evaluation, the exports, evidence.
SAMPLE = [
    ("org:employee_detail", "get", "employee", "admin_opd"),
    ("appraisal:skp_detail", "get", "skp", "ppk"),
    ("appraisal:evaluation", "get", "evaluation", "ppk"),
    ("appraisal:evidence_download", "get", "evidence", "ppk"),
    ("account_admin:export", "get", None, "admin_bkd"),
    ("reports:export", "post", "report_export", "admin_bkd"),
    ("account_admin:overview", "get", None, "admin_opd"),
]


def _private(response) -> bool:
    parts = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= parts


@pytest.mark.parametrize(("name", "method", "kind", "persona"), SAMPLE)
def test_pages_and_exports_with_personal_data_are_kept_by_no_cache(
    name, method, kind, persona, org, login
):
    response = getattr(login(persona), method)(_url(name, _kwargs(kind, org)))
    assert response.status_code == 200
    assert _private(response), response.get("Cache-Control")


GET_PAGES = sorted(
    name
    for name, (method, _kind, expected) in MATRIX.items()
    if method == "get" and name != "admin:*" and _first_allowed(expected)
)


@pytest.mark.parametrize("name", GET_PAGES)
def test_every_page_a_signed_in_user_opens_is_private(name, org, login):
    _method, kind, expected = MATRIX[name]
    response = login(_first_allowed(expected)).get(_url(name, _kwargs(kind, org)))
    assert response.status_code == 200
    assert _private(response), (name, response.get("Cache-Control"))


def test_a_views_own_cache_headers_and_anonymous_pages_are_left_alone(org, rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from core.cache_control import PrivateResponsesMiddleware

    def public_page(request):
        response = HttpResponse("poster")
        response["Cache-Control"] = "public, max-age=60"
        return response

    signed_in = rf.get("/")
    signed_in.user = org.pegawai.user
    kept = PrivateResponsesMiddleware(public_page)(signed_in)
    assert kept["Cache-Control"] == "public, max-age=60"
    anonymous = rf.get("/")
    anonymous.user = AnonymousUser()
    plain = PrivateResponsesMiddleware(lambda request: HttpResponse("form"))(anonymous)
    assert not plain.has_header("Cache-Control")


# ----- the document budget -----------------------------------------------------------------------
# Every view that generates a PDF or an Excel file: (name, method, kind, a persona allowed).
DOCUMENT_VIEWS = [
    ("appraisal:skp_pdf", "get", "skp", "pegawai"),
    ("appraisal:evaluation_pdf", "get", "evaluation", "ppk"),
    ("appraisal:evaluation_document_pdf", "get", "evaluation", "ppk"),
    ("appraisal:unit_predicate_pdf", "get", "calibration", "admin_bkd"),
    ("feedback:public_poster", "get", "public_channel", "admin_opd"),
    ("org:account_print_code", "post", "employee", "admin_opd"),
    ("account_admin:print_slips", "post", None, "admin_opd"),
    ("account_admin:export", "get", None, "admin_opd"),
    ("reports:export", "post", "report_export", "admin_bkd"),
    ("privacy:my_data_download", "get", "own_data_format", "pegawai"),
]
TOO_MANY = "Anda telah membuat banyak berkas PDF dan Excel dalam waktu singkat"


def _ask(client, method, url):
    return client.post(url, {"_": "1"}) if method == "post" else client.get(url)


@pytest.mark.parametrize(("name", "method", "kind", "persona"), DOCUMENT_VIEWS)
def test_every_document_view_counts_against_the_users_budget(
    name, method, kind, persona, org, login, settings
):
    # A day's window: a fixed one-minute window could end between the two requests.
    settings.DOCUMENT_RATE = "1/d"
    client = login(persona)
    url = _url(name, _kwargs(kind, org))
    first = _ask(client, method, url)
    assert first.status_code in (200, 302)  # generated (or sent back: nobody to print for)
    second = _ask(client, method, url)
    assert second.status_code == 429
    assert TOO_MANY in second.content.decode()  # Indonesian, the default language
    assert 1 <= int(second["Retry-After"]) <= 24 * 60 * 60
    assert _private(second)


@pytest.fixture
def cheap_pdfs(monkeypatch):
    """The SKP PDF without WeasyPrint: the limit is under test here, not the rendering."""
    monkeypatch.setattr("appraisal.documents.skp.render_skp_pdf", lambda skp: b"%PDF-1.4\n")


def test_the_budget_is_counted_per_user_across_every_document(org, login, settings, cheap_pdfs):
    settings.DOCUMENT_RATE = "3/d"
    skp_pdf = _url("appraisal:skp_pdf", _kwargs("skp", org))
    pegawai = login("pegawai")
    assert [pegawai.get(skp_pdf).status_code for _ in range(3)] == [200, 200, 200]
    limited = pegawai.get(skp_pdf)
    assert limited.status_code == 429
    assert b"%PDF" not in limited.content  # nothing was generated
    # The same budget holds for every kind of document…
    own_data = reverse("privacy:my_data_download", kwargs={"fmt": "xlsx"})
    assert pegawai.get(own_data).status_code == 429
    # …and belongs to the user: their PPK asking for the same PDF is not held up.
    assert login("ppk").get(skp_pdf).status_code == 200


def test_the_message_speaks_the_users_language(org, login, settings, cheap_pdfs, english):
    settings.DOCUMENT_RATE = "1/d"
    client = login("pegawai")  # asking for English pages
    url = _url("appraisal:skp_pdf", _kwargs("skp", org))
    client.get(url)
    response = client.get(url)
    assert response.status_code == 429
    assert "You have created many PDF and Excel files in a short time." in response.content.decode()


def test_no_limit_when_the_setting_is_empty(org, login, settings, cheap_pdfs):
    settings.DOCUMENT_RATE = ""
    client = login("pegawai")
    url = _url("appraisal:skp_pdf", _kwargs("skp", org))
    assert {client.get(url).status_code for _ in range(5)} == {200}
