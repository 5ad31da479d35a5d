"""Addresses of documents (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.documents import evaluation, predicate, skp

urlpatterns = [
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
