"""Addresses of documents (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.documents import evaluation, predicate, signing, skp

urlpatterns = [
    path("tanda-tangan/", signing.documents_to_sign, name="documents_to_sign"),
    path("tanda-tangan/kode/", signing.signing_code, name="signing_code"),
    path(
        "evaluasi/<uuid:public_id>/finalkan-tandatangani/",
        signing.evaluation_finalise_and_sign,
        name="evaluation_finalise_and_sign",
    ),
    path(
        "keberatan/<uuid:public_id>/putuskan-tandatangani/",
        signing.objection_decide_and_sign,
        name="objection_decide_and_sign",
    ),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/predikat-tandatangani/",
        signing.unit_predicate_set_and_sign,
        name="unit_predicate_set_and_sign",
    ),
    path("tanda-tangan/status/", signing.signature_panel, name="signature_panel"),
    path(
        "skp/<uuid:public_id>/setujui-tandatangani/",
        signing.skp_approve_and_sign,
        name="skp_approve_and_sign",
    ),
    path("skp/<uuid:public_id>/pdf/", skp.skp_pdf, name="skp_pdf"),
    path("evaluasi/<uuid:public_id>/pdf/", evaluation.evaluation_pdf, name="evaluation_pdf"),
    path(
        "evaluasi/<uuid:public_id>/dokumen/",
        evaluation.evaluation_document_pdf,
        name="evaluation_document_pdf",
    ),
    path(
        "kalibrasi/<int:year>/<str:code>/<int:period>/penetapan.pdf",
        predicate.unit_predicate_pdf,
        name="unit_predicate_pdf",
    ),
]
