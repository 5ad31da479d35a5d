"""Checking an uploaded evidence file (bukti dukung): its type by content, never by its name.

Allowed: PDF, JPEG, PNG, XLSX and DOCX (domain §4); the size limit is
settings.EVIDENCE_MAX_UPLOAD_MB. An executable renamed .pdf is refused because its first bytes are
not a PDF's. The stored name is ours (see models.evidence_path); the uploader's name is only shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from core.errors import DomainError

# filetype's name → (the extension we store, the content type we serve)
ALLOWED = {
    "pdf": (".pdf", "application/pdf"),
    "jpg": (".jpg", "image/jpeg"),
    "png": (".png", "image/png"),
    "xlsx": (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "docx": (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}
SNIFF_BYTES = 64 * 1024  # enough for the ZIP directory entries that tell DOCX from XLSX
# The endings a name may already have for each stored extension (anything else is replaced).
SAME_ENDINGS = {".jpg": {".jpg", ".jpeg"}}


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    size: int
    original_name: str


def check_upload(upload) -> CheckedFile:
    """Refuse an empty, oversized or wrongly typed upload with a message in the user's language."""
    limit = settings.EVIDENCE_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size == 0:
        raise DomainError(_("The file is empty."))
    if upload.size > limit:
        raise DomainError(
            _("The file is larger than %(limit)s MB.") % {"limit": settings.EVIDENCE_MAX_UPLOAD_MB}
        )
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in ALLOWED:
        raise DomainError(
            _("Only PDF, JPG, PNG, XLSX or DOCX files are accepted (checked by their content).")
        )
    extension, content_type = ALLOWED[kind.extension]
    # Keep only the last path component of the shown name: "../../x.pdf" is shown as "x.pdf".
    shown = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][:200]
    return CheckedFile(extension, content_type, upload.size, download_name(shown, extension))


def download_name(name: str, extension: str) -> str:
    """The uploader's name ending in the extension of the type found in the content: a PDF
    named "x.html" is saved as "x.pdf", so no browser or desktop opens it as the type its name
    claims (an HTML page from our domain, a script). Used on upload and again on download, for
    files stored before this rule."""
    stem, dot, ending = name.rpartition(".")
    if dot and f".{ending.lower()}" in SAME_ENDINGS.get(extension, {extension}):
        return name
    return f"{(stem if dot else name) or 'bukti'}{extension}"
