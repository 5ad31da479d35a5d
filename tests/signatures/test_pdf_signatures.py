"""PAdES signing and checking without Django or a database (accounts/signatures/pdf.py, pki.py):
a signature made with a test CA validates; it fails when a byte changes, when its CA is not
trusted, or when something is appended after signing; a wrong password is refused."""

import asyncio
import concurrent.futures
import io

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from accounts.signatures import pdf, pki

BOX = pdf.Box(page=0, x1=340, y1=60, x2=540, y2=120)


@pytest.fixture(scope="module")
def signed():
    from weasyprint import HTML

    ca = pki.make_ca("CA Uji", "Pemerintah Kota Uji")
    person = pki.issue(ca, "Kasi Surveilans", serial="3201010101010001")
    p12 = pki.pkcs12_bytes(person, ca.certificate, "rahasia")
    original = HTML(string="<h1>SKP</h1><p>Rencana hasil kerja</p>").write_pdf()
    result = pdf.sign_pkcs12(
        original,
        p12,
        "rahasia",
        box=BOX,
        field_name="TTD-PPK",
        reason="Persetujuan SKP",
        location="Kota Uji",
    )
    return ca, p12, original, result


def test_a_signature_validates_and_keeps_the_original_as_its_prefix(signed):
    ca, _p12, original, result = signed
    assert result.startswith(original)
    [check] = pdf.signatures_in(result, [ca.certificate])
    assert check.valid and check.signer == "Kasi Surveilans" and check.serial == "3201010101010001"
    assert (check.field, check.reason) == ("TTD-PPK", "Persetujuan SKP")


def test_one_changed_byte_breaks_it(signed):
    ca, _p12, original, result = signed
    tampered = bytearray(result)
    tampered[len(original) // 2] ^= 0x01
    [check] = pdf.signatures_in(bytes(tampered), [ca.certificate])
    assert not check.intact and not check.valid


def test_a_certificate_from_an_untrusted_authority_is_not_valid(signed):
    _ca, _p12, _original, result = signed
    stranger = pki.make_ca("CA Lain", "Entah")
    [check] = pdf.signatures_in(result, [stranger.certificate])
    assert check.intact and not check.trusted and not check.valid


def test_a_change_appended_after_signing_is_seen(signed):
    ca, _p12, _original, result = signed
    writer = IncrementalPdfFileWriter(io.BytesIO(result))
    writer.root["/Dipalsukan"] = generic.BooleanObject(True)
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    [check] = pdf.signatures_in(out.getvalue(), [ca.certificate])
    assert check.intact and check.changed_after and not check.valid


def test_a_wrong_password_is_refused(signed):
    _ca, p12, original, _result = signed
    with pytest.raises(ValueError):
        pdf.sign_pkcs12(original, p12, "salah", box=None, field_name="X", reason="", location="")


def test_not_a_pdf_has_no_signatures():
    assert pdf.signatures_in(b"bukan pdf", []) == []


def test_checking_works_inside_a_running_event_loop(signed):
    ca, _p12, _original, result = signed

    async def inside():
        return pdf.signatures_in(result, [ca.certificate])

    # In a thread of its own: a browser journey earlier in this worker may have left Playwright's
    # loop running in the main thread, where asyncio.run refuses to start.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        [check] = pool.submit(asyncio.run, inside()).result()
    assert check.valid
