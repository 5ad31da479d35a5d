"""Electronic signatures on our documents with the local backend (issue 23): a test CA made by
`esign_test_ca`, the PPK approving and signing an SKP in one step, the signature found valid in
the stored PDF and on the public page, a changed byte caught, and who may not sign."""

import hashlib

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
    settings.ESIGN_TRUST_TEST_CA = True
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


# ----- signing where the other decisions are made ------------------------------------------------


def test_the_ppk_finalises_and_signs_both_evaluation_documents(local_esign, approved, org, login):
    from tests.appraisal.test_evaluation_pdf import realise, scored

    realise(approved, 1)
    evaluation = scored(approved)
    rhk = approved.rhks.get()
    response = login("ppk").post(
        reverse("appraisal:evaluation_finalise_and_sign", args=[evaluation.public_id]),
        {
            "version": evaluation.version,
            "rating_hasil": "SESUAI_EKSPEKTASI",
            "rating_perilaku": "DI_ATAS_EKSPEKTASI",
            "notes": "Pertahankan",
            f"rhk_{rhk.pk}_feedback": "Lengkap",
            f"rhk_{rhk.pk}_label": "DI_ATAS_EKSPEKTASI",
            "finalise": "1",
            "confirm_no_realisation": "on",
            "confirm": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    evaluation.refresh_from_db()
    assert evaluation.status == "finalised"
    signed = DocumentRecord.objects.filter(sign_status=SignStatus.SIGNED)
    assert set(signed.values_list("kind", flat=True)) == {
        DocumentKind.EVALUATION,
        DocumentKind.EVALUATION_DOCUMENT,
    }
    for record in signed:
        [check] = signature_checks(record)
        assert check.valid and check.signer == org.ppk.full_name


def test_the_atasan_decides_an_objection_and_signs_the_changed_documents(local_esign, org, login):
    from appraisal.objections.models import Objection
    from tests.appraisal.matrix_rows_objections import _objection

    objection = _objection(org)
    response = login("atasan_ppk").post(
        reverse("appraisal:objection_decide_and_sign", args=[objection.public_id]),
        {
            "outcome": "changed",
            "rating_hasil": "DI_ATAS_EKSPEKTASI",
            "rating_perilaku": "DI_ATAS_EKSPEKTASI",
            "notes": "Bukti tambahan meyakinkan",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    assert Objection.objects.get(pk=objection.pk).status == "decided"
    document = DocumentRecord.objects.get(
        kind=DocumentKind.EVALUATION_DOCUMENT, sign_status=SignStatus.SIGNED
    )
    assert document.signed_as == "Atasan Pejabat Penilai Kinerja"
    [check] = signature_checks(document)
    assert check.valid and check.signer == org.atasan_ppk.full_name and check.field == "TTD-ATASAN"


def test_the_document_page_panel_shows_the_signature_or_the_form(local_esign, approved, login):
    key = f"skp:{approved.public_id}"
    url = reverse("appraisal:signature_panel") + f"?document={key}"
    ppk = login("ppk")
    awaiting = ppk.get(url).content.decode()
    assert 'data-testid="sign-one-form"' in awaiting
    # The employee sees whose signature it awaits, without a form.
    mine = login("pegawai").get(url).content.decode()
    assert 'data-testid="signature-awaited"' in mine and "sign-one-form" not in mine
    assert login("outsider").get(url).status_code == 404

    ppk.post(
        reverse("appraisal:documents_to_sign"),
        {"single": key, "next": "/", "confirm": "on"},
    )
    assert 'data-testid="signature-valid"' in ppk.get(url).content.decode()


def test_an_unknown_outcome_is_recorded_and_the_batch_stops(
    local_esign, plan, org, login, monkeypatch
):
    from accounts.signatures.backends import SigningOutcomeUnknown
    from accounts.signatures.backends.local import LocalSigner

    *_, kasi = plan.chain()
    first = plan.approved(org.pegawai, linked_to=kasi.rhks.get())
    second = plan.approved(org.colleague, linked_to=kasi.rhks.get()) if org.colleague.user else None
    calls = []

    def timed_out(self, content, **kwargs):
        calls.append(1)
        raise SigningOutcomeUnknown("Tidak ada jawaban tepat waktu.")

    monkeypatch.setattr(LocalSigner, "sign", timed_out)
    keys = [f"skp:{first.public_id}"] + ([f"skp:{second.public_id}"] if second else [])
    response = login("ppk").post(
        reverse("appraisal:documents_to_sign"), {"document": keys, "confirm": "on"}
    )
    text = response.content.decode()
    assert len(calls) == 1  # never retried, and the rest of the batch waits
    assert 'data-testid="sign-result-unknown"' in text
    assert DocumentRecord.objects.get(kind=DocumentKind.SKP).sign_status == SignStatus.UNKNOWN


# ----- the admin BKD's certificates ------------------------------------------------------------


def test_the_admin_bkd_uploads_a_certificate_and_a_wrong_password_is_said(local_esign, org, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.signatures import pki

    ca = pki.make_ca("CA Pemda Uji", "Pemerintah Kota Uji")
    issued = pki.issue(ca, org.kepala_unit.full_name)
    p12 = pki.pkcs12_bytes(issued, ca.certificate, "kata-sandi-sertifikat")
    url = reverse("org:signing_certificates")
    admin = login("admin_bkd")

    wrong = admin.post(
        url,
        {"nip": org.kepala_unit.nip, "password": "salah", "file": SimpleUploadedFile("k.p12", p12)},
    )
    assert 'data-testid="certificate-error"' in wrong.content.decode()
    assert org.kepala_unit.nip in wrong.content.decode()  # what was typed stays

    right = admin.post(
        url,
        {
            "nip": org.kepala_unit.nip,
            "password": "kata-sandi-sertifikat",
            "file": SimpleUploadedFile("k.p12", p12),
        },
    )
    assert right.status_code == 302
    kept = SigningCredential.objects.get(employee=org.kepala_unit, active=True)
    assert b"kata-sandi-sertifikat" not in bytes(kept.password_encrypted)

    admin.post(reverse("org:signing_certificate_withdraw", args=[kept.public_id]))
    kept.refresh_from_db()
    assert not kept.active and bytes(kept.pkcs12_encrypted) == b""


@pytest.mark.parametrize("persona", ["pegawai", "ppk", "admin_opd"])
def test_only_the_admin_bkd_manages_certificates(local_esign, login, persona):
    assert login(persona).get(reverse("org:signing_certificates")).status_code == 403


def test_a_nik_is_sixteen_digits(org):
    from django.core.exceptions import ValidationError

    from accounts.org.nip import validate_nik

    validate_nik("3201010101010001")
    for wrong in ("320101010101000", "32010101010100011", "32010101010100a1"):
        with pytest.raises(ValidationError):
            validate_nik(wrong)


def test_the_leader_sets_the_unit_predicate_and_signs_the_penetapan(local_esign, org, cycle, login):
    from tests.appraisal.test_calibration import page_url

    url = page_url(cycle, org.surv, name="appraisal:unit_predicate_set_and_sign")
    response = login("atasan_ppk").post(url, {"predicate": "BAIK", "confirm": "on"})
    assert response.status_code == 302
    record = DocumentRecord.objects.get(kind=DocumentKind.ORG_PREDICATE)
    assert record.sign_status == SignStatus.SIGNED
    assert record.signed_as == "Kepala Bidang P2P"
    [check] = signature_checks(record)
    assert (
        check.valid and check.field == "TTD-PIMPINAN" and check.signer == org.atasan_ppk.full_name
    )
    panel = login("kepala_unit").get(
        reverse("appraisal:signature_panel")
        + f"?document=org_predicate:{cycle.year}/{org.surv.code}/1"
    )
    assert 'data-testid="signature-valid"' in panel.content.decode()


def test_the_list_of_documents_to_sign_has_a_fixed_number_of_queries(local_esign, plan, org, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    *_, kasi = plan.chain()
    plan.approved(org.pegawai, linked_to=kasi.rhks.get())
    client = login("ppk")
    url = reverse("appraisal:documents_to_sign")
    client.get(url)  # warm the per-process caches (agency, menus)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).content.decode().count('name="document"') == 1
    plan.approved(org.colleague, linked_to=kasi.rhks.get())
    with CaptureQueriesContext(connection) as two:
        assert client.get(url).content.decode().count('name="document"') == 2
    assert len(two) == len(one) <= 20


def test_the_certificate_list_is_paged_and_searchable(local_esign, org, login, settings):
    from core import pagination

    admin = login("admin_bkd")
    url = reverse("org:signing_certificates")
    page = admin.get(url + f"?q={org.ppk.nip}").content.decode()
    assert org.ppk.full_name in page and org.atasan_ppk.full_name not in page
    everyone = admin.get(url)
    assert len(everyone.context["page"]) <= pagination.PAGE_SIZE


def test_the_evaluation_page_signs_both_documents_at_once(local_esign, approved, org, login):
    from appraisal.evaluation import services as ev
    from tests.actors import actor
    from tests.appraisal.test_evaluation_pdf import scored

    evaluation = ev.evaluation_finalise(scored(approved), actor=actor(org.ppk))
    keys = [f"evaluation:{evaluation.public_id}", f"evaluation_document:{evaluation.public_id}"]
    panel_url = reverse("appraisal:signature_panel") + "?" + "&".join(f"document={k}" for k in keys)
    ppk = login("ppk")
    panel = ppk.get(panel_url).content.decode()
    assert panel.count('name="single"') == 2

    back = reverse("appraisal:evaluation", args=[evaluation.public_id])
    response = ppk.post(reverse("appraisal:documents_to_sign"), {"single": keys, "next": back})
    assert response.url == back  # without the confirmation: back, nothing signed
    assert not DocumentRecord.objects.filter(sign_status=SignStatus.SIGNED).exists()

    ppk.post(
        reverse("appraisal:documents_to_sign"), {"single": keys, "next": back, "confirm": "on"}
    )
    assert DocumentRecord.objects.filter(sign_status=SignStatus.SIGNED).count() == 2
    assert ppk.get(panel_url).content.decode().count('data-testid="signed-document"') == 2


def test_the_test_ca_is_trusted_only_when_allowed(local_esign, settings):
    from accounts.signatures.services import trust_roots

    assert len(trust_roots()) == 1
    settings.ESIGN_TRUST_TEST_CA = False
    assert trust_roots() == []


# ----- what the review found -----------------------------------------------------------------------


def test_signed_evaluations_leave_the_list(local_esign, approved, org, login):
    from appraisal.evaluation import services as ev
    from tests.actors import actor
    from tests.appraisal.test_evaluation_pdf import scored

    evaluation = ev.evaluation_finalise(scored(approved), actor=actor(org.ppk))
    ppk = login("ppk")
    url = reverse("appraisal:documents_to_sign")
    listed = ppk.get(url).content.decode()
    assert f"evaluation:{evaluation.public_id}" in listed
    keys = [f"evaluation:{evaluation.public_id}", f"evaluation_document:{evaluation.public_id}"]
    ppk.post(url, {"document": keys, "confirm": "on"})
    assert f"evaluation:{evaluation.public_id}" not in ppk.get(url).content.decode()


def test_after_an_objection_the_atasan_signs_even_if_the_ppk_signed_before(local_esign, org, login):
    from appraisal.objections import services as objections
    from tests.actors import actor
    from tests.appraisal.matrix_rows_objections import _objection

    objection = _objection(org)
    evaluation = objection.evaluation
    key = f"evaluation_document:{evaluation.public_id}"
    login("ppk").post(
        reverse("appraisal:documents_to_sign"), {"single": key, "next": "/", "confirm": "on"}
    )
    assert DocumentRecord.objects.filter(sign_status=SignStatus.SIGNED).count() == 1
    objections.objection_decide(
        objection, "upheld", "", "", "Nilai tetap", actor=actor(org.atasan_ppk)
    )
    listed = login("atasan_ppk").get(reverse("appraisal:documents_to_sign")).content.decode()
    assert key in listed


def test_a_document_being_signed_is_not_signed_twice(local_esign, approved, org):
    from accounts.signatures.backends import Placement, Secret
    from accounts.signatures.services import signer_identity
    from accounts.verification.signing import ToSign, documents_sign
    from appraisal.documents import signables
    from tests.actors import actor

    signable = signables.skp_signable(approved)
    item = signables.prepare(signable, employee=org.ppk, actor=actor(org.ppk))
    DocumentRecord.objects.filter(pk=item.record.pk).update(
        sign_status=SignStatus.SIGNING, sign_started_at=timezone.now()
    )
    [refusal] = documents_sign(
        [ToSign(item.record, item.content, Placement(None, "", ""), "PPK")],
        person=signer_identity(org.ppk),
        secret=Secret(),
        actor=actor(org.ppk),
    )
    assert refusal is not None
    assert not DocumentRecord.objects.get(pk=item.record.pk).signed_file


def test_a_certificate_of_someone_else_is_refused(local_esign, org, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.signatures import pki

    ca = pki.make_ca("CA Pemda Uji", "Pemerintah Kota Uji")
    p12 = pki.pkcs12_bytes(pki.issue(ca, "Orang Lain"), ca.certificate, "sandi")
    response = login("admin_bkd").post(
        reverse("org:signing_certificates"),
        {"nip": org.kepala_unit.nip, "password": "sandi", "file": SimpleUploadedFile("k.p12", p12)},
    )
    assert 'data-testid="certificate-error"' in response.content.decode()
    assert not SigningCredential.objects.filter(employee=org.kepala_unit).exists()


def test_a_copy_saved_before_signing_matches_and_says_so(local_esign, approved, login):
    import hashlib

    client = login("ppk")
    unsigned = client.get(reverse("appraisal:skp_pdf", args=[approved.public_id])).content
    client.post(
        reverse("appraisal:documents_to_sign"),
        {"single": f"skp:{approved.public_id}", "next": "/", "confirm": "on"},
    )
    record = DocumentRecord.objects.get(kind=DocumentKind.SKP)
    page = Client().post(
        reverse("verification:document", args=[record.code]),
        {"sha256": hashlib.sha256(unsigned).hexdigest()},
    )
    text = page.content.decode()
    assert 'data-testid="verify-match"' in text and 'data-testid="verify-before-signing"' in text


def test_the_local_backend_seals_with_the_institutions_certificate(local_esign, approved, org):
    from accounts.signatures.backends import Placement, Secret
    from accounts.signatures.backends.local import LocalSigner
    from accounts.signatures.services import trust_roots
    from appraisal.documents import signables
    from tests.actors import actor

    item = signables.prepare(
        signables.skp_signable(approved), employee=org.ppk, actor=actor(org.ppk)
    )
    sealed = LocalSigner().seal(
        item.content, secret=Secret(), placement=Placement(None, "Segel", "")
    )
    [check] = pdf.signatures_in(sealed, trust_roots())
    assert check.valid and check.signer.startswith("Segel ")
