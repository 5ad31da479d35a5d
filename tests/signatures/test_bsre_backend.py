"""BsreSigner against our own BSrE eSign Client v2 (tests/signatures/bsre_server/): a real
server in its own process that enforces the protocol and signs with a test CA, so a signed file
is checked here the way the app checks one (`signatures_in`). What that server cannot be made to
do (a gateway's 502, a short answer) comes from a canned server in this module."""

import base64
import hashlib
import io
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from weasyprint import HTML

from accounts.signatures.backends import (
    Placement,
    Secret,
    SignerIdentity,
    SignerStatus,
    SigningError,
    SigningOutcomeUnknown,
    get_signer,
)
from accounts.signatures.backends.bsre import BsreSigner
from accounts.signatures.backends.bsre.calls import masked, split_userinfo
from accounts.signatures.pdf import Box, signatures_in
from tests.signatures.bsre_server import (
    EMAIL_READY,
    NIK_NO_CERTIFICATE,
    NIK_NOT_REGISTERED,
    NIK_READY,
    NIK_SLOW,
    PASSPHRASE,
    SEAL_NAME,
    SEAL_PASSPHRASE,
    bsre_fixture,  # noqa: F401 (the fixture `bsre`)
    bsre_server_fixture,  # noqa: F401 (the fixture `bsre_server`)
    free_port,
)

SITI = SignerIdentity(name="Dr. Siti Rahma, M.Kes.", nik=NIK_READY)
SITI_BY_EMAIL = SignerIdentity(name="Dr. Siti Rahma, M.Kes.", email=EMAIL_READY)
NOT_REGISTERED = SignerIdentity(name="Belum Terdaftar", nik=NIK_NOT_REGISTERED)
NO_CERTIFICATE = SignerIdentity(name="Tanpa Sertifikat", nik=NIK_NO_CERTIFICATE)
SLOW = SignerIdentity(name="Lambat", nik=NIK_SLOW)
NOBODY = SignerIdentity(name="Tanpa NIK")
# On the second page, lower right: originX/originY measured from the page's lower-left corner.
SECOND_PAGE_BOX = Box(page=1, x1=340, y1=60, x2=540, y2=120)
VISIBLE = Placement(box=SECOND_PAGE_BOX, reason="Persetujuan SKP", location="Kabupaten Demo")
RIGHT = Secret(passphrase=PASSPHRASE)
WRONG_PASSPHRASE = "tebakan-yang-salah-91"


@pytest.fixture(scope="module")
def document() -> bytes:
    return HTML(
        string="<h1>SKP 2025</h1><p>Halaman satu</p>"
        "<p style='page-break-before: always'>Halaman dua</p>"
    ).write_pdf()


@pytest.fixture
def signer(bsre) -> BsreSigner:
    chosen = get_signer()
    assert isinstance(chosen, BsreSigner)
    return chosen


@pytest.fixture(scope="module")
def signed_by_siti(bsre_server, document) -> bytes:
    """One signature made once for the module's verification tests."""
    with pytest.MonkeyPatch.context() as patch:
        from django.conf import settings

        for name, value in bsre_server.settings().items():
            patch.setattr(settings, name, value)
        return BsreSigner().sign(document, person=SITI, secret=RIGHT, placement=VISIBLE)


def signature_widgets(pdf: bytes) -> list[tuple[int, list[float]]]:
    """(0-based page, rectangle) of each signature field's widget."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    found = []
    for index in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(index)[0].get_object()
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            if annotation.get("/FT") == "/Sig":
                found.append((index, [float(v) for v in annotation["/Rect"]]))
    return found


def test_status_of_each_kind_of_account(signer, bsre):
    assert signer.status(SITI) == SignerStatus.READY
    assert signer.status(SITI_BY_EMAIL) == SignerStatus.READY
    assert signer.status(NOT_REGISTERED) == SignerStatus.NOT_REGISTERED
    assert signer.status(NO_CERTIFICATE) == SignerStatus.NO_CERTIFICATE
    calls = len(bsre.calls())
    assert signer.status(NOBODY) == SignerStatus.NO_IDENTITY
    assert len(bsre.calls()) == calls  # nothing to ask BSrE about
    assert bsre.calls("user/check/status", email=EMAIL_READY)


def test_always_asks_for_a_secret_and_can_send_codes(signer):
    assert signer.asks_secret is True
    assert signer.sends_codes is True


def test_a_one_time_code_signs_once(signer, bsre, document, english):
    signer.request_code(SITI)
    code = bsre.code_for(NIK_READY)
    signed = signer.sign(document, person=SITI, secret=Secret(totp=code), placement=VISIBLE)
    assert signatures_in(signed, [bsre.ca])[0].valid
    assert bsre.calls("sign/pdf", nik=NIK_READY, secret="totp")
    with pytest.raises(SigningError, match="one-time code is wrong or has expired") as refused:
        signer.sign(document, person=SITI, secret=Secret(totp=code), placement=VISIBLE)
    assert code not in str(refused.value)


def test_a_passphrase_signature_checks_out_on_the_requested_page(bsre, document, signed_by_siti):
    assert signed_by_siti.startswith(document)  # an incremental update of the very file
    [check] = signatures_in(signed_by_siti, [bsre.ca])
    assert check.intact and check.trusted and not check.changed_after
    assert check.signer == SITI.name
    assert check.serial == NIK_READY
    assert check.reason == "Persetujuan SKP"
    [(page, rectangle)] = signature_widgets(signed_by_siti)
    assert page == SECOND_PAGE_BOX.page
    assert rectangle == [340, 60, 540, 120]


def test_an_invisible_signature_has_no_stamp(signer, bsre, document):
    invisible = Placement(box=None, reason="Persetujuan", location="Kabupaten Demo")
    signed = signer.sign(document, person=SITI, secret=RIGHT, placement=invisible)
    assert signatures_in(signed, [bsre.ca])[0].valid
    assert all(rectangle == [0, 0, 0, 0] for _page, rectangle in signature_widgets(signed))


def test_a_wrong_passphrase_is_refused_without_repeating_it(signer, document, english):
    with pytest.raises(SigningError, match="passphrase is wrong") as refused:
        signer.sign(
            document,
            person=SITI,
            secret=Secret(passphrase=WRONG_PASSPHRASE),
            placement=VISIBLE,
        )
    assert WRONG_PASSPHRASE not in str(refused.value)
    assert WRONG_PASSPHRASE not in repr(refused.value)


@pytest.mark.parametrize(
    ("person", "message"),
    [
        (NO_CERTIFICATE, "no valid electronic certificate"),
        (NOT_REGISTERED, "not registered with BSrE"),
        (NOBODY, "no NIK or e-mail address"),
    ],
)
def test_who_cannot_sign_is_told_why(signer, document, english, person, message):
    with pytest.raises(SigningError, match=message):
        signer.sign(document, person=person, secret=RIGHT, placement=VISIBLE)


def test_exactly_one_secret_is_sent(signer, bsre, document, english):
    calls = len(bsre.calls())
    with pytest.raises(SigningError, match="not both"):
        signer.sign(
            document,
            person=SITI,
            secret=Secret(passphrase=PASSPHRASE, totp="123456"),
            placement=VISIBLE,
        )
    with pytest.raises(SigningError, match="Type your BSrE passphrase"):
        signer.sign(document, person=SITI, secret=Secret(), placement=VISIBLE)
    assert len(bsre.calls()) == calls


def test_the_institution_seals(signer, bsre, document):
    sealed = signer.seal(document, secret=Secret(passphrase=SEAL_PASSPHRASE), placement=VISIBLE)
    [check] = signatures_in(sealed, [bsre.ca])
    assert check.valid
    assert check.signer == SEAL_NAME
    assert bsre.calls("seal/pdf", idSubscriber="DEMO-SEGEL-01", secret="passphrase")


def test_verify_reports_a_valid_signature(signer, signed_by_siti):
    verdict = signer.verify(signed_by_siti)
    assert verdict.conclusion == "VALID"
    assert verdict.count == 1
    [signature] = verdict.signatures
    assert signature.signer == SITI.name
    assert signature.format == "PAdES"
    assert signature.signed_at
    assert signature.details == {"integrityValid": "true", "certificateTrusted": "true"}


def test_verify_finds_a_changed_byte(signer, signed_by_siti):
    changed = bytearray(signed_by_siti)
    changed[7] = (
        ord("6") if changed[7] != ord("6") else ord("5")
    )  # %PDF-1.7: inside the signed range
    verdict = signer.verify(bytes(changed))
    assert verdict.conclusion == "INVALID"
    assert verdict.signatures[0].details["integrityValid"] == "false"


def test_verify_of_an_unsigned_file(signer, document):
    verdict = signer.verify(document)
    assert verdict.conclusion == "NO_SIGNATURE"
    assert verdict.count == 0 and verdict.signatures == []


def test_a_sign_call_that_times_out_has_an_unknown_outcome_and_is_not_retried(
    signer, bsre, settings, document, english
):
    settings.BSRE_TIMEOUT = 0.5
    with pytest.raises(SigningOutcomeUnknown, match="may or may not have been signed") as unknown:
        signer.sign(document, person=SLOW, secret=RIGHT, placement=VISIBLE)
    assert len(bsre.calls("sign/pdf", nik=NIK_SLOW)) == 1
    # Where to look: BSrE's own records, not this application's copy (which never came back).
    message = str(unknown.value)
    assert "signing history of your BSrE account or the BeSign app" in message
    assert "sign it again here" in message
    assert "few minutes" not in message


def test_an_unreachable_service_is_a_plain_refusal(signer, settings, document, english):
    settings.BSRE_URL = f"http://127.0.0.1:{free_port()}"  # nobody listens there
    with pytest.raises(SigningError, match="cannot be reached") as refused:
        signer.sign(document, person=SITI, secret=RIGHT, placement=VISIBLE)
    assert type(refused.value) is SigningError  # nothing was sent: not an unknown outcome
    with pytest.raises(SigningError, match="cannot be reached"):
        signer.status(SITI)


def test_wrong_service_credentials_are_for_the_administrator(signer, settings, english):
    settings.BSRE_PASSWORD = "bukan-kata-sandinya"
    with pytest.raises(SigningError, match="BSRE_USER/BSRE_PASSWORD"):
        signer.status(SITI)


def test_the_secret_is_never_logged_nor_repeated(signer, settings, document, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SigningError) as refused:
        signer.sign(
            document, person=SITI, secret=Secret(passphrase=WRONG_PASSPHRASE), placement=VISIBLE
        )
    signer.sign(document, person=SITI, secret=RIGHT, placement=VISIBLE)
    settings.BSRE_DRY_RUN_FILE = str(tmp_path / "bsre-dry-run.jsonl")
    with pytest.raises(SigningError) as dry_run:
        signer.sign(document, person=SITI, secret=RIGHT, placement=VISIBLE)
    written = (tmp_path / "bsre-dry-run.jsonl").read_text()
    for secret in (WRONG_PASSPHRASE, PASSPHRASE):
        assert secret not in caplog.text
        assert secret not in written
        for error in (refused.value, dry_run.value):
            assert secret not in str(error) and secret not in repr(error)
    assert "/api/v2/sign/pdf" in caplog.text  # the calls were logged, without their bodies


def test_a_dry_run_writes_the_request_and_sends_nothing(
    signer, bsre, settings, document, tmp_path, english
):
    settings.BSRE_DRY_RUN_FILE = str(tmp_path / "bsre-dry-run.jsonl")
    calls = len(bsre.calls())
    with pytest.raises(SigningError, match="Dry run"):
        signer.sign(document, person=SITI, secret=RIGHT, placement=VISIBLE)
    assert signer.status(NOT_REGISTERED) == SignerStatus.READY
    assert signer.verify(document) is None
    assert len(bsre.calls()) == calls
    sign, status, verify = [
        json.loads(line) for line in (tmp_path / "bsre-dry-run.jsonl").read_text().splitlines()
    ]
    assert sign["method"] == "POST" and sign["url"] == f"{bsre.url}/api/v2/sign/pdf"
    assert sign["time"]
    assert sign["body"]["passphrase"] == "***"
    assert sign["body"]["nik"] == "3201********0001"
    assert NIK_READY not in (tmp_path / "bsre-dry-run.jsonl").read_text()
    assert sign["body"]["file"] == [
        {"sha256": hashlib.sha256(document).hexdigest(), "bytes": len(document)}
    ]
    [properties] = sign["body"]["signatureProperties"]
    assert properties["tampilan"] == "VISIBLE"
    assert (properties["page"], properties["originX"], properties["originY"]) == (2, 340, 60)
    assert (properties["width"], properties["height"]) == (200, 60)
    assert status["url"].endswith("/api/v2/user/check/status")
    assert verify["body"]["file"]["sha256"] == hashlib.sha256(document).hexdigest()


@pytest.mark.parametrize(
    ("method", "auth", "body", "status"),
    [
        ("POST", None, {"nik": NIK_READY}, 401),
        ("GET", "right", None, 405),
        ("POST", "right", {"nik": NIK_READY, "passphrase": PASSPHRASE, "file": ["JVBERi0="]}, 400),
        ("POST", "right", {"nik": NIK_READY, "passphrase": PASSPHRASE, "totp": "1"}, 400),
    ],
)
def test_the_test_server_enforces_the_protocol(bsre_server, method, auth, body, status):
    response = httpx.request(
        method,
        f"{bsre_server.url}/api/v2/sign/pdf",
        json=body,
        auth=(bsre_server.user, bsre_server.password) if auth else None,
        timeout=5,
    )
    assert response.status_code == status


def test_the_dry_run_masks_identities():
    assert masked(NIK_READY) == "3201********0001"
    assert masked(EMAIL_READY) == "s***@demo.go.id"
    assert masked("1234") == "****"


def test_the_userinfo_of_the_service_url_is_split_off_at_its_last_at_sign():
    assert split_userinfo("http://u:p@ss/w@esign.pemda:8080/bsre") == (
        "http://esign.pemda:8080/bsre",
        "u:p@ss/w",
    )
    assert split_userinfo("http://esign.pemda") == ("http://esign.pemda", "")


def test_credentials_in_the_service_url_stay_out_of_the_log_and_the_dry_run(
    signer, settings, caplog, tmp_path, english
):
    caplog.set_level(logging.DEBUG)
    settings.BSRE_URL = f"http://pengguna:sandi-di-url@127.0.0.1:{free_port()}"
    with pytest.raises(SigningError, match="cannot be reached"):
        signer.status(SITI)
    assert "BSrE unreachable at http://127.0.0.1:" in caplog.text
    assert "sandi" not in caplog.text and "pengguna" not in caplog.text
    settings.BSRE_DRY_RUN_FILE = str(tmp_path / "bsre-dry-run.jsonl")
    signer.status(SITI)
    [call] = (tmp_path / "bsre-dry-run.jsonl").read_text().splitlines()
    assert json.loads(call)["url"].startswith("http://127.0.0.1:")
    assert "sandi" not in call and "pengguna" not in call


# ----- several documents, one secret, one request ------------------------------------------------


@pytest.fixture(scope="module")
def batch(document) -> tuple[list[bytes], list[Placement]]:
    """Three different documents, each with its own box and reason (to see the pairing)."""
    one_page = HTML(string="<h1>Rencana Aksi 2025</h1>").write_pdf()
    evaluation = HTML(
        string="<h1>Evaluasi Triwulan I</h1><p style='page-break-before: always'>Lampiran</p>"
    ).write_pdf()
    placements = [
        VISIBLE,
        Placement(Box(page=0, x1=60, y1=80, x2=260, y2=140), "Rencana Aksi", "Kabupaten Demo"),
        Placement(Box(page=0, x1=300, y1=700, x2=500, y2=760), "Evaluasi", "Kabupaten Demo"),
    ]
    return [document, one_page, evaluation], placements


def test_a_batch_is_signed_with_one_code_in_one_request(signer, bsre, batch, english):
    pdfs, placements = batch
    signer.request_code(SITI)
    code = bsre.code_for(NIK_READY)
    before = len(bsre.calls("sign/pdf"))
    signed = signer.sign_many(pdfs, person=SITI, secret=Secret(totp=code), placements=placements)
    calls = bsre.calls("sign/pdf")[before:]
    assert [(call["nik"], call["secret"], call["files"]) for call in calls] == [
        (NIK_READY, "totp", 3)
    ]
    assert len(signed) == 3
    for original, result, placement in zip(pdfs, signed, placements, strict=True):
        assert result.startswith(original)  # in the order sent: each its own document signed
        [check] = signatures_in(result, [bsre.ca])
        assert check.valid and check.serial == NIK_READY
        assert check.reason == placement.reason  # signatureProperties[i] went to file[i]
        [(page, rectangle)] = signature_widgets(result)
        box = placement.box
        assert page == box.page
        assert rectangle == [box.x1, box.y1, box.x2, box.y2]
    # The code was spent by that one request: a second request with it is refused.
    with pytest.raises(SigningError, match="one-time code is wrong or has expired"):
        signer.sign_many(pdfs[1:], person=SITI, secret=Secret(totp=code), placements=placements[1:])
    assert len(bsre.calls("sign/pdf")) == before + 2


def test_a_batch_needs_one_placement_per_document(signer, bsre, batch):
    pdfs, placements = batch
    calls = len(bsre.calls())
    with pytest.raises(ValueError, match="3 PDFs but 2 placements"):
        signer.sign_many(pdfs, person=SITI, secret=RIGHT, placements=placements[:2])
    assert signer.sign_many([], person=SITI, secret=RIGHT, placements=[]) == []
    assert len(bsre.calls()) == calls


def test_the_test_server_wants_one_signature_entry_per_file(bsre_server, document):
    encoded = base64.b64encode(document).decode()
    entry = {"tampilan": "INVISIBLE", "location": "", "reason": "", "contactInfo": ""}
    body = {"nik": NIK_READY, "passphrase": PASSPHRASE, "file": [encoded, encoded]}
    for entries in ([entry], [entry, entry, entry]):
        response = httpx.post(
            f"{bsre_server.url}/api/v2/sign/pdf",
            json=body | {"signatureProperties": entries},
            auth=(bsre_server.user, bsre_server.password),
            timeout=30,
        )
        assert response.status_code == 400
        assert "harus sama dengan jumlah file" in response.json()["error"]


# ----- answers our server does not give: a canned one --------------------------------------------


class CannedServer(ThreadingHTTPServer):
    status = 200
    content_type = "application/json"
    body = b"{}"
    paths: list[str]


class CannedHandler(BaseHTTPRequestHandler):
    server: CannedServer

    def do_POST(self):  # noqa: N802 (http.server's name)
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.paths.append(self.path)
        self.send_response(self.server.status)
        self.send_header("Content-Type", self.server.content_type)
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def canned(settings):
    """A server answering every request with its `status`, `content_type` and `body` (a gateway
    in front of the eSign Client, or an eSign Client that misbehaves), the app pointed at it."""
    server = CannedServer(("127.0.0.1", 0), CannedHandler)
    server.paths = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.ESIGN_BACKEND = "bsre"
    settings.BSRE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.BSRE_USER, settings.BSRE_PASSWORD = "kinerja-bsre", "rahasia"
    settings.BSRE_DRY_RUN_FILE = ""
    settings.BSRE_SEAL_SUBSCRIBER_ID = "DEMO-SEGEL-01"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


GATEWAY_PAGE = b"<html><head><title>%d</title></head><body>nginx</body></html>"


@pytest.mark.parametrize("status", [502, 503, 504])
def test_a_gateway_error_on_a_sign_or_seal_call_has_an_unknown_outcome(
    canned, document, batch, english, status
):
    canned.status, canned.content_type = status, "text/html"
    canned.body = GATEWAY_PAGE % status
    signer = BsreSigner()
    with pytest.raises(SigningOutcomeUnknown, match="BeSign app"):
        signer.sign(document, person=SITI, secret=RIGHT, placement=VISIBLE)
    with pytest.raises(SigningOutcomeUnknown, match="may or may not have been signed"):
        signer.seal(document, secret=Secret(passphrase=SEAL_PASSPHRASE), placement=VISIBLE)
    pdfs, placements = batch
    with pytest.raises(SigningOutcomeUnknown, match="these 3 documents may or may not"):
        signer.sign_many(pdfs, person=SITI, secret=RIGHT, placements=placements)
    assert canned.paths == ["/api/v2/sign/pdf", "/api/v2/seal/pdf", "/api/v2/sign/pdf"]
    # Asking about a person signs nothing: there the gateway's error is a plain refusal.
    with pytest.raises(SigningError, match=f"unexpected answer \\(HTTP {status}\\)") as plain:
        signer.status(SITI)
    assert type(plain.value) is SigningError


def test_a_refusal_code_behind_a_gateway_status_is_still_a_refusal(canned, document, english):
    canned.status = 502
    canned.body = json.dumps({"status_code": 2031, "error": "Passphrase anda salah"}).encode()
    with pytest.raises(SigningError, match="passphrase is wrong") as refused:
        BsreSigner().sign(document, person=SITI, secret=RIGHT, placement=VISIBLE)
    assert not isinstance(refused.value, SigningOutcomeUnknown)


def test_fewer_signed_files_than_sent_is_an_unexpected_answer(canned, batch, english, caplog):
    pdfs, placements = batch
    canned.body = json.dumps({"time": 12, "file": [base64.b64encode(pdfs[0]).decode()]}).encode()
    with pytest.raises(SigningError, match="unexpected answer \\(HTTP 200\\)") as refused:
        BsreSigner().sign_many(pdfs, person=SITI, secret=RIGHT, placements=placements)
    assert type(refused.value) is SigningError
    assert "a sign or seal call of 3 files with 1" in caplog.text
