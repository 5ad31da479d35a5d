"""The record of a generated document and its public page `/v/<code>/`: what the document is,
whether a file is exactly it, and nothing else. Documents here are rendered by a stand-in for
WeasyPrint (tests/appraisal/test_document_records.py serves the real ones)."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.verification import services
from accounts.verification.models import DocumentKind, DocumentRecord
from accounts.verification.services import DocumentSpec, document_issue
from tests.actors import actor, system

pytestmark = pytest.mark.django_db

CONTENT = "Rencana hasil kerja: Tersusunnya laporan surveilans mingguan"


def html(content: str = CONTENT) -> str:
    footer = render_to_string("accounts/verification/_footer.html", {"text": "SKP 2026"})
    return f"<html><body>{footer}<p>{content}</p></body></html>"


def fake_pdf(text: str) -> bytes:
    return b"%PDF-1.7\n" + text.encode()


def spec(org, subject="skp-1") -> DocumentSpec:
    return DocumentSpec(
        kind=DocumentKind.SKP,
        subject=subject,
        owner_id=org.pegawai.pk,
        name=org.pegawai.full_name,
        nip=org.pegawai.nip,
        period="2026 (01-01-2026 s.d. 31-12-2026)",
    )


def issue(org, content=CONTENT, who=None):
    return document_issue(spec(org), html(content), fake_pdf, actor=actor(who or org.ppk))


def url(record) -> str:
    return reverse("verification:document", args=[record.code])


def indonesian(text: str) -> str:
    with translation.override("id"):
        return translation.gettext(text)


# ------------------------------------------------------------------------------ the record
def test_the_record_keeps_the_hash_of_the_bytes_served_and_the_footer_its_code(org):
    record, content = issue(org)

    assert record.sha256 == hashlib.sha256(content).hexdigest()
    assert record.size == len(content)
    assert (record.kind, record.version, record.owner) == (DocumentKind.SKP, 1, org.pegawai)
    assert record.generated_by == org.ppk.user and record.generated_by_name == "Kasi Surveilans"
    assert record.code.encode() in content and b"<svg" in content
    assert f"/v/{record.code}/".encode() in content
    assert not record.signed_by and not record.signed_at and not record.signed_file


def test_the_same_content_again_is_the_same_record_and_the_same_bytes(org):
    first, content = issue(org)
    again, content_again = issue(org, who=org.pegawai)

    assert again.pk == first.pk and content_again == content
    assert DocumentRecord.objects.count() == 1
    assert again.generated_by == org.ppk.user  # issued first by the PPK


def test_changed_content_is_the_next_version_and_replaces_the_latest(org):
    first, _ = issue(org)
    second, _ = issue(org, content="Rencana hasil kerja yang direvisi")
    first.refresh_from_db()

    assert (second.version, second.code != first.code) == (2, True)
    assert first.replaced_by == second and first.replaced_at is not None
    assert second.replaced_by is None


def test_the_same_bytes_rendered_differently_are_a_new_record(org):
    first, _ = issue(org)
    # Another WeasyPrint prints the same HTML into other bytes: another file, another record.
    second, content = document_issue(
        spec(org), html(), lambda text: fake_pdf(text) + b"%%EOF", actor=actor(org.ppk)
    )

    assert second.version == 2 and second.sha256 == hashlib.sha256(content).hexdigest()


def test_a_document_without_the_footer_is_refused(org):
    with pytest.raises(ValueError, match="verification footer"):
        document_issue(spec(org), "<p>no footer</p>", fake_pdf, actor=actor(org.ppk))


def test_the_address_is_the_site_url_never_the_request_host(org, settings):
    settings.SITE_URL = "https://kinerja.example.go.id/"
    record, content = issue(org)

    assert f"https://kinerja.example.go.id/v/{record.code}/".encode() in content


def test_a_system_actor_leaves_the_generator_empty(org):
    record, _ = document_issue(spec(org), html(), fake_pdf, actor=system("a task"))

    assert record.generated_by is None and record.generated_by_name == ""


# ------------------------------------------------------------------------------ the page
def test_the_page_says_what_the_document_is_without_login(org):
    record, _ = issue(org)
    response = Client().get(url(record))

    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("id"):
        assert str(DocumentKind.SKP.label) in body
    assert "Pegawai Surveilans" in body
    assert org.pegawai.nip not in body
    assert org.pegawai.nip[:4] + "*" * 10 + org.pegawai.nip[-4:] in body
    assert "2026 (01-01-2026 s.d. 31-12-2026)" in body
    assert "Kasi Surveilans" in body and record.code in body
    assert indonesian("Current version") in body
    assert indonesian("Not signed electronically") in body
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_the_code_is_read_in_any_case(org):
    record, _ = issue(org)

    assert Client().get(f"/v/{record.code.lower()}/").status_code == 200


def test_nothing_of_the_content_is_shown(org):
    record, _ = issue(org)
    body = Client().get(url(record)).content.decode()

    assert "Tersusunnya laporan surveilans" not in body
    assert record.sha256 not in body  # the hash is compared, never published


def test_a_replaced_version_says_so(org):
    first, _ = issue(org)
    issue(org, content="Rencana hasil kerja yang direvisi")
    body = Client().get(url(first)).content.decode()

    assert 'data-testid="verify-replaced"' in body
    with translation.override("id"):
        assert translation.gettext("Replaced by version %(version)s") % {"version": 2} in body


@pytest.mark.parametrize("code", ["K7MQX2PA9RTD", "ABCDEFGHJKMN", "not-a-code", "0" * 12])
def test_an_unknown_code_gets_the_same_404_page(org, code):
    issue(org)
    reference = Client().get("/v/ZZZZZZZZZZZZ/")
    response = Client().get(f"/v/{code}/")

    assert response.status_code == 404 == reference.status_code
    assert response.content == reference.content
    assert indonesian("This code is not known") in response.content.decode()


def test_the_page_is_rate_limited_per_client_in_indonesian(org, settings):
    settings.VERIFY_RATE = "2/m"
    record, _ = issue(org)
    client = Client()
    assert client.get(url(record)).status_code == 200
    assert client.get("/v/ZZZZZZZZZZZZ/").status_code == 404  # unknown codes count too

    response = client.get(url(record))

    assert response.status_code == 429
    assert indonesian("Too many requests") in response.content.decode()
    assert Client(REMOTE_ADDR="10.0.0.9").get(url(record)).status_code == 200  # another client


# ------------------------------------------------------------------------------ checking a file
def post_file(record, content: bytes, name="skp.pdf"):
    return Client().post(url(record), {"file": SimpleUploadedFile(name, content)})


def test_an_uploaded_copy_of_the_document_matches(org):
    record, content = issue(org)
    response = post_file(record, content)

    assert response.status_code == 200
    assert 'data-testid="verify-match"' in response.content.decode()
    assert DocumentRecord.objects.count() == 1  # nothing stored


def test_a_copy_with_one_byte_changed_does_not_match(org):
    record, content = issue(org)
    changed = content[:-1] + bytes([content[-1] ^ 1])
    body = post_file(record, changed).content.decode()

    assert 'data-testid="verify-mismatch"' in body and 'data-testid="verify-match"' not in body


def test_another_version_of_the_document_does_not_match(org):
    first, old = issue(org)
    second, _ = issue(org, content="Rencana hasil kerja yang direvisi")

    assert 'data-testid="verify-mismatch"' in post_file(second, old).content.decode()
    body = post_file(first, old).content.decode()
    assert 'data-testid="verify-match"' in body and 'data-testid="verify-replaced"' in body


def test_a_file_that_is_not_a_pdf_is_refused(org):
    record, _ = issue(org)
    body = post_file(record, b"PK\x03\x04 a spreadsheet", "skp.xlsx").content.decode()

    assert indonesian("This file is not a PDF.") in body
    assert 'data-testid="verify-mismatch"' not in body and 'data-testid="verify-match"' not in body


def test_a_file_too_big_is_refused(org, settings):
    settings.VERIFY_MAX_UPLOAD_MB = 1
    record, _ = issue(org)
    body = post_file(record, b"%PDF-" + b"x" * (1024 * 1024)).content.decode()

    assert 'data-testid="verify-error"' in body
    assert 'data-testid="verify-mismatch"' not in body


def test_the_browser_sends_only_the_hash(org):
    record, content = issue(org)
    digest = hashlib.sha256(content).hexdigest()

    matched = Client().post(url(record), {"sha256": digest.upper()}).content.decode()
    other = Client().post(url(record), {"sha256": "0" * 64}).content.decode()
    broken = Client().post(url(record), {"sha256": "not a hash"}).content.decode()

    assert 'data-testid="verify-match"' in matched
    assert 'data-testid="verify-mismatch"' in other
    assert 'data-testid="verify-error"' in broken


def test_nothing_posted_asks_for_a_file(org):
    record, _ = issue(org)
    body = Client().post(url(record), {}).content.decode()

    assert indonesian("Choose the PDF file to check.") in body


def test_the_check_needs_the_csrf_token(org):
    record, content = issue(org)
    client = Client(enforce_csrf_checks=True)

    refused = client.post(url(record), {"file": SimpleUploadedFile("a.pdf", content)})
    page = client.get(url(record))
    token = page.cookies["csrftoken"].value
    accepted = client.post(
        url(record),
        {"file": SimpleUploadedFile("a.pdf", content), "csrfmiddlewaretoken": token},
    )

    assert refused.status_code == 403
    assert 'data-testid="verify-match"' in accepted.content.decode()


def test_the_page_loads_its_script_from_a_file_under_the_csp(org):
    record, _ = issue(org)
    response = Client().get(url(record))
    body = response.content.decode()

    assert "js/verification.js" in body
    assert "<script>" not in body  # no inline script: the CSP forbids it
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_stamp_is_printed_in_indonesian(org, english):
    record, content = issue(org)

    with translation.override("id"):
        assert translation.gettext("Verification code").encode() in content
    assert services.verification_url(record.code).encode() in content


# ------------------------------------------------------------------------------ queries
def test_an_unchanged_document_costs_one_query(org, django_assert_num_queries):
    issue(org)
    who = actor(org.ppk)
    with django_assert_num_queries(1):  # the chain's latest record; nothing written
        document_issue(spec(org), html(), fake_pdf, actor=who)


def test_the_page_costs_two_queries(org, django_assert_num_queries):
    record, _ = issue(org)
    client = Client()
    with django_assert_num_queries(2):  # the agency's name, the record with its replacement
        assert client.get(url(record)).status_code == 200
