"""What each endpoint of the loopback eSign Client checks and answers (API v2 as publicly known,
/work/shared/integrations.md §3). sign/pdf and seal/pdf take `file` as a list of PDFs and
`signatureProperties` with one entry per file, entry i for file i (our reading of the v2 API,
see accounts/signatures/backends/bsre): any other count is a 400."""

from __future__ import annotations

import base64
import binascii
import io
import time

from accounts.signatures import pdf as pades
from tests.signatures.bsre_server.state import (
    ACCOUNTS,
    KEYSTORE_PASSWORD,
    SEAL_PASSPHRASE,
    SEAL_SUBSCRIBER,
    STATUS_CODES,
    Account,
    State,
    same,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class Refusal(Exception):
    """An error answer: HTTP `http` with the vendor's {"status_code", "error"}."""

    def __init__(self, code: int, error: str, http: int = 400):
        super().__init__(error)
        self.code, self.error, self.http = code, error, http


def bad_request(error: str) -> Refusal:
    return Refusal(400, error)


def find_account(body: dict) -> Account | None:
    keys = [key for key in ("nik", "email") if key in body]
    if len(keys) != 1 or not isinstance(body[keys[0]], str) or not body[keys[0]].strip():
        raise bad_request("Isi tepat satu dari nik atau email")
    value = body[keys[0]]
    return next((a for a in ACCOUNTS if value in (a.nik, a.email) and value), None)


def able_to_sign(body: dict) -> Account:
    account = find_account(body)
    if account is None or account.status == "NOT_REGISTERED":
        raise Refusal(2011, "Pengguna tidak terdaftar")
    if account.status == "NO_CERTIFICATE":
        raise Refusal(2021, "Pengguna tidak memiliki sertifikat")
    return account


def secret_kind(body: dict) -> str:
    kinds = [kind for kind in ("passphrase", "totp") if kind in body]
    if len(kinds) != 1:
        raise bad_request("Isi tepat satu dari passphrase atau totp")
    if not isinstance(body[kinds[0]], str) or not body[kinds[0]]:
        raise bad_request(f"{kinds[0]} kosong")
    return kinds[0]


def decode_pdf(value) -> bytes:
    if not isinstance(value, str):
        raise bad_request("file harus berupa base64")
    try:
        data = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise bad_request("file bukan base64 yang sah") from None
    if not data.startswith(b"%PDF-"):
        raise bad_request("file bukan PDF")
    return data


def decode_pdfs(body: dict) -> list[bytes]:
    files = body.get("file")
    if not isinstance(files, list) or not files:
        raise bad_request("file harus berupa daftar base64 PDF")
    return [decode_pdf(value) for value in files]


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    sizes = []
    for index in range(int(reader.root["/Pages"]["/Count"])):
        page = reader.find_page_for_modification(index)[0].get_object()
        while "/MediaBox" not in page:  # inherited from the page tree
            page = page["/Parent"]
        x1, y1, x2, y2 = (float(v) for v in page["/MediaBox"])
        sizes.append((x2 - x1, y2 - y1))
    return sizes


def number(properties: dict, key: str) -> float:
    value = properties.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_request(f"signatureProperties.{key} harus berupa angka")
    return float(value)


def requested_boxes(body: dict, pdfs: list[bytes]) -> list[tuple[pades.Box | None, dict]]:
    """For each file, its visible box (lower-left origin, page from 1) and its signature's
    properties: signatureProperties[i] belongs to file[i]."""
    entries = body.get("signatureProperties")
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise bad_request("signatureProperties harus berupa daftar objek")
    if len(entries) != len(pdfs):
        raise bad_request(
            f"jumlah signatureProperties ({len(entries)}) harus sama dengan jumlah file "
            f"({len(pdfs)})"
        )
    return [requested_box(entry, pdf) for entry, pdf in zip(entries, pdfs, strict=True)]


def requested_box(properties: dict, pdf: bytes) -> tuple[pades.Box | None, dict]:
    for key in ("location", "reason", "contactInfo"):
        if not isinstance(properties.get(key, ""), str):
            raise bad_request(f"signatureProperties.{key} harus berupa teks")
    tampilan = properties.get("tampilan")
    if tampilan == "INVISIBLE":
        return None, properties
    if tampilan != "VISIBLE":
        raise bad_request("tampilan harus VISIBLE atau INVISIBLE")
    check_png(properties.get("imageBase64"))
    page = properties.get("page")
    if isinstance(page, bool) or not isinstance(page, int) or page < 1:
        raise bad_request("page harus bilangan bulat mulai 1")
    x, y = number(properties, "originX"), number(properties, "originY")
    width, height = number(properties, "width"), number(properties, "height")
    if x < 0 or y < 0 or width <= 0 or height <= 0:
        raise bad_request("originX/originY tidak boleh negatif, width/height harus > 0")
    sizes = page_sizes(pdf)
    if page > len(sizes):
        raise bad_request(f"page {page} melebihi jumlah halaman ({len(sizes)})")
    page_width, page_height = sizes[page - 1]
    if x + width > page_width + 0.5 or y + height > page_height + 0.5:
        raise bad_request("kotak tanda tangan keluar dari halaman")
    return pades.Box(page - 1, x, y, x + width, y + height), properties


def check_png(value) -> None:
    from PIL import Image

    try:
        data = base64.b64decode(value, validate=True)
        if not data.startswith(PNG_MAGIC):
            raise ValueError("not a PNG")
        Image.open(io.BytesIO(data)).verify()
    except Exception:
        raise bad_request("imageBase64 harus berupa PNG dalam base64") from None


def signed(pdfs: list[bytes], keystore: bytes, boxes: list) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader

    results = []
    for pdf, (box, properties) in zip(pdfs, boxes, strict=True):
        existing = len(PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures)
        result = pades.sign_pkcs12(
            pdf,
            keystore,
            KEYSTORE_PASSWORD,
            box=box,
            field_name=f"BSrE{existing + 1}",
            reason=properties.get("reason", ""),
            location=properties.get("location", ""),
        )
        results.append(base64.b64encode(result).decode("ascii"))
    return results


def check_status(state: State, body: dict) -> dict:
    account = find_account(body)
    status = account.status if account else "NOT_REGISTERED"
    return {"status_code": STATUS_CODES[status], "status": status, "message": status}


def get_totp(state: State, body: dict) -> dict:
    account = able_to_sign(body)
    state.new_code(account.nik)
    return {"message": "Kode TOTP telah dikirim"}


def sign_pdf(state: State, body: dict) -> dict:
    started = time.monotonic()
    account = able_to_sign(body)
    kind = secret_kind(body)
    pdfs = decode_pdfs(body)
    boxes = requested_boxes(body, pdfs)
    if kind == "passphrase" and not same(body["passphrase"], account.passphrase):
        raise Refusal(2031, "Passphrase anda salah")
    # One code, one request: every file of this request, and nothing after it.
    if kind == "totp" and not state.use_code(account.nik, body["totp"]):
        raise Refusal(2032, "Kode TOTP salah atau kedaluwarsa")
    if account.slow:
        time.sleep(state.sign_delay)
    files = signed(pdfs, state.keystores[account.nik], boxes)
    return {"time": round((time.monotonic() - started) * 1000), "file": files}


def seal_pdf(state: State, body: dict) -> dict:
    started = time.monotonic()
    if not isinstance(body.get("idSubscriber"), str) or not body["idSubscriber"]:
        raise bad_request("idSubscriber wajib diisi")
    if body["idSubscriber"] != SEAL_SUBSCRIBER:
        raise Refusal(2011, "Subscriber segel tidak terdaftar")
    kind = secret_kind(body)
    pdfs = decode_pdfs(body)
    boxes = requested_boxes(body, pdfs)
    if kind == "totp":  # no code is ever sent for the seal here
        raise Refusal(2032, "Kode TOTP salah atau kedaluwarsa")
    if not same(body["passphrase"], SEAL_PASSPHRASE):
        raise Refusal(2031, "Passphrase anda salah")
    files = signed(pdfs, state.seal_keystore, boxes)
    return {"time": round((time.monotonic() - started) * 1000), "file": files}


def verify_pdf(state: State, body: dict) -> dict:
    checks = pades.signatures_in(decode_pdf(body.get("file")), [state.ca])
    if not checks:
        conclusion, description = "NO_SIGNATURE", "Dokumen tidak memiliki tanda tangan elektronik"
    elif all(check.valid for check in checks):
        conclusion, description = "VALID", "Semua tanda tangan elektronik valid"
    else:
        conclusion, description = "INVALID", "Ada tanda tangan elektronik yang tidak valid"
    return {
        "conclusion": conclusion,
        "description": description,
        "signatureCount": len(checks),
        "signatureInformations": [
            {
                "signerName": check.signer,
                "signatureDate": check.signed_at.isoformat() if check.signed_at else "",
                "signatureFormat": "PAdES",
                "integrityValid": check.intact and not check.changed_after,
                "certificateTrusted": check.trusted,
            }
            for check in checks
        ],
    }


ROUTES = {
    "/api/v2/user/check/status": check_status,
    "/api/v2/sign/get/totp": get_totp,
    "/api/v2/sign/pdf": sign_pdf,
    "/api/v2/seal/pdf": seal_pdf,
    "/api/v2/verify/pdf": verify_pdf,
}
