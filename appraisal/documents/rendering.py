"""What every printed document shares: the official language, names and places as printed,
the PDF itself (WeasyPrint), its record and verification footer (accounts.verification) and the
response that shows it."""

from __future__ import annotations

import threading

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.utils.cache import patch_cache_control

from accounts.org.models import AgencyProfile, OrgUnit
from accounts.org.roles import actor_for
from accounts.privacy.models import AccessKind
from accounts.privacy.services import access_record
from accounts.signatures.pdf import Box
from accounts.verification.services import DocumentSpec, document_issue

# Official documents are in Indonesian whatever the reader's language.
OFFICIAL_LANGUAGE = "id"
STYLESHEET = "css/pdf-skp.css"


def unit_name(unit: OrgUnit) -> str:
    """The unit with its OPD ("Seksi Surveilans, Dinas Kesehatan"): a bare "Sekretariat" or
    "Seksi Pemerintahan" says nothing on paper."""
    opd = unit.opd
    if opd is None or opd.pk == unit.pk:
        return unit.name
    return f"{unit.name}, {opd.name}"


def place(agency: AgencyProfile) -> str:
    return agency.region_name.strip() or agency.name.removeprefix("Pemerintah ").strip()


def css_string(text: str) -> str:
    """Text safe inside a double-quoted CSS string in a <style> element."""
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3C ")


_per_thread = threading.local()


def _weasyprint():
    """(HTML, our stylesheet, the font configuration), once per thread: WeasyPrint builds a
    FontConfiguration for each document that is not given one, and never frees it (a worker
    rendering result after result grew by 0.2 MB a document). Per thread, not per process:
    Pango's font maps are not to be shared between threads."""
    if not hasattr(_per_thread, "weasyprint"):
        from weasyprint import CSS, HTML  # a heavy import: only when a PDF is asked for
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        stylesheet = CSS(filename=finders.find(STYLESHEET), font_config=fonts)
        _per_thread.weasyprint = (HTML, stylesheet, fonts)
    return _per_thread.weasyprint


def _render(html: str):
    html_class, stylesheet, fonts = _weasyprint()
    return html_class(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[stylesheet], font_config=fonts
    )


def pdf_bytes(html: str) -> bytes:
    """The document as a PDF (A4, our stylesheet)."""
    return _render(html).write_pdf()


# CSS pixels (WeasyPrint's unit, 1/96 in) to PDF points (1/72 in).
PX_TO_PT = 72 / 96


class AnchoredPdf:
    """`pdf_bytes` that also remembers where the elements with an id landed (the signature
    boxes of _signatures.html), in PDF points with the origin at the page's lower left."""

    def __init__(self):
        self.boxes: dict[str, Box] = {}

    def __call__(self, html: str) -> bytes:
        document = _render(html)
        self.boxes = {}
        for number, page in enumerate(document.pages):
            for name, (x1, y1, x2, y2) in page.anchors.items():
                if name.startswith("ttd-") and name not in self.boxes:
                    self.boxes[name] = Box(
                        page=number,
                        x1=x1 * PX_TO_PT,
                        y1=(page.height - y2) * PX_TO_PT,
                        x2=x2 * PX_TO_PT,
                        y2=(page.height - y1) * PX_TO_PT,
                    )
        return document.write_pdf()


def inline_pdf(content: bytes, filename: str) -> HttpResponse:
    """Shown in the browser, never kept by a shared cache (personal data)."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response


def issued_pdf(request, spec: DocumentSpec, html: str, filename: str) -> HttpResponse:
    """The document as served to a user: recorded, its code and QR printed in the footer, and the
    very bytes whose SHA-256 its record keeps (accounts.verification.services.document_issue)."""
    _record, content = document_issue(spec, html, pdf_bytes, actor=actor_for(request))
    return inline_pdf(content, filename)


def record_opening(request, employee_id: int) -> None:
    """Someone else's document is their personal data opened: recorded (accounts.privacy), one
    INSERT; the owner's own is not."""
    access_record(
        actor=actor_for(request), kind=AccessKind.DOSSIER, path=request.path, subject_id=employee_id
    )
