"""Electronic signatures on our documents with the local backend (issue 23): a test CA made by
`esign_test_ca`, the PPK approving and signing an SKP in one step, the signature found valid in
the stored PDF and on the public page, a changed byte caught, and who may not sign."""

import hashlib

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.signatures import pdf
from accounts.signatures.models import SigningCredential
from accounts.signatures.services import trust_roots
from accounts.verification.models import DocumentKind, DocumentRecord, SignStatus
from accounts.verification.signing import signature_checks
from appraisal.choices import SkpStatus
from appraisal.plans.services import flow as skp_flow
from tests.appraisal.conftest import owner

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_esign(settings, tmp_path, org):
    settings.ESIGN_BACKEND = "local"
    settings.ESIGN_DIR = str(tmp_path / "esign")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("esign_test_ca", "--nip", org.ppk.nip, "--nip", org.atasan_ppk.nip, verbosity=0)
    return settings


@pytest.fixture
def submitted(plan, org):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=owner(org.pegawai))
    skp.refresh_from_db()
    return skp


def approve_and_sign(client, skp, **fields):
    url = reverse("appraisal:skp_approve_and_sign", args=[skp.public_id])
    return client.post(url, {"confirm": "on", "confirm_no_expectations": "on", **fields})


def test_the_command_makes_a_ca_and_encrypted_certificates(local_esign, org):
    credential = SigningCredential.objects.get(employee=org.ppk, active=True)
    assert credential.common_name == org.ppk.full_name
    assert b"PRIVATE KEY" not in bytes(credential.pkcs12_encrypted)
    assert SigningCredential.objects.filter(employee=None, active=True).count() == 1  # the seal
    assert len(trust_roots()) == 1


def test_the_ppk_approves_and_signs_and_the_signature_validates(local_esign, submitted, org, login):
    client = login("ppk")
    response = approve_and_sign(client, submitted)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.APPROVED

    record = DocumentRecord.objects.get(kind=DocumentKind.SKP)
    assert record.sign_status == SignStatus.SIGNED
    assert record.signed_by == org.ppk.user and record.signed_as == "Pejabat Penilai Kinerja"
    [check] = signature_checks(record)
    assert check.valid and check.signer == org.ppk.full_name

    # The download is the signed file, whose hash the record keeps.
    downloaded = client.get(reverse("appraisal:skp_pdf", args=[submitted.public_id])).content
    assert hashlib.sha256(downloaded).hexdigest() == record.signed_sha256
    # The visible signature sits in the PPK's box of the signature block, on the first pages.
    [signed] = pdf.signatures_in(downloaded, trust_roots())
    assert signed.field == "TTD-PPK"

    # One changed byte: the signature no longer holds.
    tampered = bytearray(downloaded)
    tampered[len(downloaded) // 3] ^= 0x01
    [broken] = pdf.signatures_in(bytes(tampered), trust_roots())
    assert not broken.valid


def test_the_public_page_shows_the_signature_and_refuses_a_changed_copy(
    local_esign, submitted, login
):
    client = login("ppk")
    approve_and_sign(client, submitted)
    record = DocumentRecord.objects.get(kind=DocumentKind.SKP)
    page = Client().get(reverse("verification:document", args=[record.code]))
    text = page.content.decode()
    assert 'data-testid="signature-valid"' in text and "Kasi Surveilans" in text

    signed = record.signed_file.open("rb").read()
    url = reverse("verification:document", args=[record.code])
    good = Client().post(url, {"sha256": hashlib.sha256(signed).hexdigest()})
    assert 'data-testid="verify-match"' in good.content.decode()
    changed = signed[:-10] + b"%%EOF\n\n\n\n"
    bad = Client().post(url, {"sha256": hashlib.sha256(changed).hexdigest()})
    assert 'data-testid="verify-mismatch"' in bad.content.decode()


def test_without_the_confirmation_nothing_is_decided(local_esign, submitted, login):
    client = login("ppk")
    url = reverse("appraisal:skp_approve_and_sign", args=[submitted.public_id])
    response = client.post(url, {}, follow=True)
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.SUBMITTED
    assert "Centang kotak" in response.content.decode()


def test_a_ppk_without_a_certificate_approves_and_the_skp_waits_to_be_signed(
    local_esign, submitted, org, login
):
    SigningCredential.objects.filter(employee=org.ppk).update(active=False)
    client = login("ppk")
    response = approve_and_sign(client, submitted)
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.APPROVED
    assert not DocumentRecord.objects.filter(sign_status=SignStatus.SIGNED).exists()
    page = client.get(reverse("appraisal:documents_to_sign"))
    assert f'value="skp:{submitted.public_id}"' in page.content.decode()
    assert 'data-testid="sign-not-ready"' in page.content.decode()
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["pegawai", "atasan_ppk", "admin_bkd", "outsider"])
def test_nobody_else_approves_and_signs(local_esign, submitted, login, persona):
    response = approve_and_sign(login(persona), submitted)
    assert response.status_code in (403, 404)
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.SUBMITTED


def test_batch_signing_one_result_per_document(local_esign, plan, org, login):
    *_, kasi = plan.chain()
    first = plan.approved(org.pegawai, linked_to=kasi.rhks.get())
    client = login("ppk")
    page = client.get(reverse("appraisal:documents_to_sign"))
    assert f"skp:{first.public_id}" in page.content.decode()

    response = client.post(
        reverse("appraisal:documents_to_sign"),
        {
            "document": [f"skp:{first.public_id}", "skp:00000000-0000-0000-0000-000000000000"],
            "confirm": "on",
        },
    )
    text = response.content.decode()
    assert text.count('data-testid="sign-result-signed"') == 1
    assert DocumentRecord.objects.get(kind=DocumentKind.SKP).sign_status == SignStatus.SIGNED
    assert 'data-testid="nothing-to-sign"' in text


def test_someone_elses_document_cannot_be_signed_by_naming_it(local_esign, approved, login):
    response = login("atasan_ppk").post(
        reverse("appraisal:documents_to_sign"),
        {"single": f"skp:{approved.public_id}", "confirm": "on"},
    )
    assert response.status_code == 404
    assert not DocumentRecord.objects.filter(sign_status=SignStatus.SIGNED).exists()


def test_without_a_backend_there_is_no_signing_page(settings, org, login):
    settings.ESIGN_BACKEND = ""
    assert login("ppk").get(reverse("appraisal:documents_to_sign")).status_code == 404
