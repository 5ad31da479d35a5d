"""Permission-matrix rows for the document verification page: public, the same answer for every
persona (no login), and a code that names nothing is the same 404 for everyone."""

from tests.matrix import row


def _record_code(org):
    from django.template.loader import render_to_string

    from accounts.verification.models import DocumentKind
    from accounts.verification.services import DocumentSpec, document_issue
    from tests.actors import actor

    footer = render_to_string("accounts/verification/_footer.html", {"text": "SKP"})
    record, _content = document_issue(
        DocumentSpec(kind=DocumentKind.SKP, subject="matrix", owner_id=org.pegawai.pk),
        f"<body>{footer}</body>",
        lambda html: b"%PDF-1.7\n" + html.encode(),
        actor=actor(org.ppk),
    )
    return {"code": record.code}


KINDS = {"document_code": _record_code}

ROWS = {
    "verification:document": ("get", "document_code", row(*[200] * 8)),
}

# A post without a file: the page again, asking for one.
POST_ROWS = {"verification:document": ("document_code", row(*[200] * 8))}
