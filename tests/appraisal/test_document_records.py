"""Every generated document is verifiable (issue 23): each PDF served gets a record whose SHA-256
is that of the very bytes downloaded, and its footer carries the record's code, QR and address;
the same content downloaded again is the same file, a change is the next version."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.logins import sheets
from accounts.verification.models import DocumentKind, DocumentRecord
from appraisal.documents import rendering
from appraisal.evaluation import services as ev
from tests.actors import actor
from tests.appraisal.test_calibration import page_url, set_predicate
from tests.appraisal.test_evaluation_pdf import realise, scored

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed(monkeypatch):
    """The HTML of every document rendered in the test, as WeasyPrint received it (the PDF's own
    text is compressed and set in subset fonts, so the footer is read here)."""
    seen = []

    def capturing(render):
        def capture(html):
            seen.append(html)
            return render(html)

        return capture

    monkeypatch.setattr(rendering, "pdf_bytes", capturing(rendering.pdf_bytes))
    monkeypatch.setattr(sheets, "_pdf", capturing(sheets._pdf))
    return seen


def recorded(response, kind, printed) -> DocumentRecord:
    """The record of the PDF just served: one, version 1, with the hash of the served bytes and
    its code, address and QR in the footer of what was printed."""
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    record = DocumentRecord.objects.get(kind=kind)
    assert record.sha256 == hashlib.sha256(response.content).hexdigest()
    assert record.size == len(response.content)
    footer = printed[-1].split('class="doc-footer"', 1)[1]
    assert record.code in footer and "<svg" in footer and f"/v/{record.code}/" in footer
    assert (record.version, record.replaced_by) == (1, None)
    assert record.signed_by is None and record.signed_at is None and not record.signed_file
    return record


def verification_page(record) -> str:
    response = Client().get(reverse("verification:document", args=[record.code]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_skp(org, approved, login, printed):
    url = reverse("appraisal:skp_pdf", kwargs={"public_id": approved.public_id})
    record = recorded(login("ppk").get(url), DocumentKind.SKP, printed)

    assert (record.owner, record.nip, record.name) == (
        org.pegawai,
        org.pegawai.nip,
        "Pegawai Surveilans",
    )
    assert str(approved.cycle.year) in record.period
    assert record.generated_by == org.ppk.user and record.generated_by_name == "Kasi Surveilans"


def test_the_evaluation_and_the_evaluation_document(org, approved, login, printed):
    realise(approved, 1)
    evaluation = ev.evaluation_finalise(scored(approved), actor=actor(org.ppk))
    kwargs = {"public_id": evaluation.public_id}
    client = login("pegawai")

    first = recorded(
        client.get(reverse("appraisal:evaluation_pdf", kwargs=kwargs)),
        DocumentKind.EVALUATION,
        printed,
    )
    second = recorded(
        client.get(reverse("appraisal:evaluation_document_pdf", kwargs=kwargs)),
        DocumentKind.EVALUATION_DOCUMENT,
        printed,
    )

    assert first.owner == second.owner == org.pegawai
    assert first.period == second.period == f"Triwulan I {approved.cycle.year}"
    assert first.code != second.code


def test_the_penetapan_of_the_organisational_predicate(org, cycle, login, printed):
    set_predicate(org, cycle, "BAIK")
    response = login("kepala_unit").get(
        page_url(cycle, org.surv, name="appraisal:unit_predicate_pdf")
    )
    record = recorded(response, DocumentKind.ORG_PREDICATE, printed)

    assert record.owner is None and record.nip == ""
    assert record.name.startswith("Seksi Surveilans")


def test_the_account_slip(org, login, printed):
    response = login("admin_opd").post(
        reverse("org:account_print_code", kwargs={"nip": org.pegawai.nip})
    )
    record = recorded(response, DocumentKind.ACCOUNT_SLIP, printed)

    assert record.owner == org.pegawai and record.generated_by == org.admin_opd.user


def test_a_new_slip_replaces_the_last_one(org, login, printed):
    url = reverse("org:account_print_code", kwargs={"nip": org.pegawai.nip})
    client = login("admin_opd")
    client.post(url)
    client.post(url)  # a new code: the first slip's no longer works

    first, second = DocumentRecord.objects.order_by("version")
    assert (first.replaced_by, second.version) == (second, 2)


def test_downloading_an_unchanged_document_again_gives_the_same_file(org, approved, login):
    url = reverse("appraisal:skp_pdf", kwargs={"public_id": approved.public_id})
    first = login("ppk").get(url).content
    again = login("pegawai").get(url).content

    assert first == again
    assert DocumentRecord.objects.count() == 1


def test_a_changed_document_is_the_next_version_and_the_old_page_says_so(org, plan, login):
    skp = plan.start(org.pegawai)
    plan.add_rhk(skp, text="Tersusunnya laporan surveilans mingguan")
    url = reverse("appraisal:skp_pdf", kwargs={"public_id": skp.public_id})
    client = login("pegawai")
    old = client.get(url).content
    plan.add_rhk(skp, text="Terlaksananya diseminasi buletin epidemiologi")
    new = client.get(url).content

    first, second = DocumentRecord.objects.order_by("version")
    assert second.version == 2 and first.replaced_by == second
    assert first.sha256 == hashlib.sha256(old).hexdigest()
    assert second.sha256 == hashlib.sha256(new).hexdigest()
    assert 'data-testid="verify-replaced"' in verification_page(first)
    assert 'data-testid="verify-current"' in verification_page(second)


def test_the_page_shows_nothing_of_the_content(org, approved, login):
    login("ppk").get(reverse("appraisal:skp_pdf", kwargs={"public_id": approved.public_id}))
    body = verification_page(DocumentRecord.objects.get())

    assert "Pegawai Surveilans" in body
    assert org.pegawai.nip not in body
    for rhk in approved.rhks.all():
        assert rhk.text not in body
    assert "Kepala Seksi Surveilans" not in body and "Pengelola Data" not in body


def test_the_served_file_matches_on_the_page_and_a_changed_byte_does_not(org, approved, login):
    served = (
        login("ppk")
        .get(reverse("appraisal:skp_pdf", kwargs={"public_id": approved.public_id}))
        .content
    )
    record = DocumentRecord.objects.get()
    url = reverse("verification:document", args=[record.code])
    changed = bytearray(served)
    changed[len(changed) // 2] ^= 1

    match = Client().post(url, {"file": SimpleUploadedFile("skp.pdf", served)})
    mismatch = Client().post(url, {"file": SimpleUploadedFile("skp.pdf", bytes(changed))})

    assert 'data-testid="verify-match"' in match.content.decode()
    assert 'data-testid="verify-mismatch"' in mismatch.content.decode()


def test_a_sheet_of_slips_for_many_is_one_document_of_its_own(org):
    from django.utils import timezone

    slips = [
        sheets.Slip(
            name=person.full_name,
            nip=person.nip,
            unit="Seksi Surveilans",
            code="ABCDE-23456",
            purpose="activation",
            expires_at=timezone.now(),
            employee_id=person.pk,
        )
        for person in (org.pegawai, org.colleague)
    ]
    content = sheets.render_slips_pdf(slips, actor=actor(org.admin_bkd))
    sheets.render_slips_pdf(slips, actor=actor(org.admin_bkd))  # another sheet, not a version

    first, second = DocumentRecord.objects.order_by("pk")
    assert first.owner is None and first.nip == "" and "2" in first.name
    assert first.sha256 == hashlib.sha256(content).hexdigest()
    assert first.subject != second.subject and first.replaced_by is None
