"""The PPK signs through BSrE (the loopback eSign server of tests/signatures/bsre_server.py): the
passphrase typed on the approval form reaches BSrE and nowhere else, BSrE's own verdict is kept
beside ours, a one-time code is sent and used, and a signer BSrE does not know is told so."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from accounts.signatures import pki
from accounts.verification.models import DocumentKind, DocumentRecord, SignStatus
from accounts.verification.signing import signature_checks
from appraisal.choices import SkpStatus
from appraisal.plans.services import flow as skp_flow
from tests.appraisal.conftest import owner
from tests.signatures.bsre_server import (
    NIK_NOT_REGISTERED,
    NIK_READY,
    PASSPHRASE,
    bsre_fixture,  # noqa: F401 (the fixture `bsre`)
    bsre_server_fixture,  # noqa: F401 (the fixture `bsre_server`)
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def esign(bsre, settings, tmp_path, org):
    roots = tmp_path / "bsre-root.pem"
    roots.write_bytes(pki.pem(bsre.ca))
    settings.ESIGN_TRUST_ROOTS = [str(roots)]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    org.ppk.nik = NIK_READY
    org.ppk.save(update_fields=["nik"])
    return bsre


@pytest.fixture
def submitted(plan, org):
    *_, kasi = plan.chain()
    skp = plan.draft(org.pegawai, linked_to=kasi.rhks.get())
    skp_flow.skp_submit(skp, actor=owner(org.pegawai))
    skp.refresh_from_db()
    return skp


def approve(client, skp, **secret):
    url = reverse("appraisal:skp_approve_and_sign", args=[skp.public_id])
    return client.post(url, {"confirm_no_expectations": "on", **secret}, follow=True)


def test_the_passphrase_signs_at_bsre_and_is_kept_nowhere(
    esign, submitted, login, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        response = approve(login("ppk"), submitted, passphrase=PASSPHRASE)
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.APPROVED
    record = DocumentRecord.objects.get(kind=DocumentKind.SKP)
    assert record.sign_status == SignStatus.SIGNED
    [check] = signature_checks(record)
    assert check.valid and check.serial == NIK_READY
    # BSrE's own verdict, asked once after signing, is kept and shown.
    record.refresh_from_db()
    assert record.remote_verdict["conclusion"] == "VALID"
    public = Client().get(reverse("verification:document", args=[record.code])).content.decode()
    assert 'data-testid="signature-remote"' in public and 'data-testid="signature-valid"' in public
    assert len(esign.calls("sign/pdf", nik=NIK_READY)) == 1
    page = response.content.decode()
    assert PASSPHRASE not in page and PASSPHRASE not in caplog.text
    assert PASSPHRASE not in str(list(DocumentRecord.objects.values()))


def test_a_wrong_passphrase_approves_and_the_skp_waits_to_be_signed(esign, submitted, login):
    response = approve(login("ppk"), submitted, passphrase="salah-ketik")
    submitted.refresh_from_db()
    assert submitted.status == SkpStatus.APPROVED
    assert not DocumentRecord.objects.filter(sign_status=SignStatus.SIGNED).exists()
    text = response.content.decode()
    assert "salah-ketik" not in text
    assert "Tidak ditandatangani" in text


def test_a_one_time_code_is_sent_and_signs(esign, approved, login):
    ppk = login("ppk")
    ppk.post(reverse("appraisal:signing_code"))
    code = esign.code_for(NIK_READY)
    response = ppk.post(
        reverse("appraisal:documents_to_sign"),
        {"document": [f"skp:{approved.public_id}"], "totp": code},
    )
    assert 'data-testid="sign-result-signed"' in response.content.decode()
    assert esign.calls("sign/pdf", nik=NIK_READY, secret="totp")


def test_a_signer_bsre_does_not_know_is_told(esign, approved, org, login):
    org.ppk.nik = NIK_NOT_REGISTERED
    org.ppk.save(update_fields=["nik"])
    page = login("ppk").get(reverse("appraisal:documents_to_sign")).content.decode()
    assert 'data-testid="sign-not-ready"' in page and "BSrE" in page


def test_one_code_signs_both_evaluation_documents_in_one_call(esign, approved, org, login):
    from appraisal.evaluation import services as ev
    from tests.actors import actor
    from tests.appraisal.test_evaluation_pdf import scored

    evaluation = ev.evaluation_finalise(scored(approved), actor=actor(org.ppk))
    keys = [f"evaluation:{evaluation.public_id}", f"evaluation_document:{evaluation.public_id}"]
    ppk = login("ppk")
    ppk.post(reverse("appraisal:signing_code"))
    back = reverse("appraisal:evaluation", args=[evaluation.public_id])
    ppk.post(
        reverse("appraisal:documents_to_sign"),
        {"single": keys, "next": back, "totp": esign.code_for(NIK_READY)},
    )
    assert DocumentRecord.objects.filter(sign_status=SignStatus.SIGNED).count() == 2
    assert len(esign.calls("sign/pdf", nik=NIK_READY, secret="totp", files=2)) == 1
