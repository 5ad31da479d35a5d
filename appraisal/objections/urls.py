"""Addresses of objections (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.objections import views

urlpatterns = [
    # Keberatan (domain §7)
    path("evaluasi/<uuid:public_id>/keberatan/", views.objection_file, name="objection_file"),
    path("keberatan/", views.objection_queue, name="objection_queue"),
    path("keberatan/<uuid:public_id>/", views.objection_detail, name="objection_detail"),
    path(
        "keberatan/<uuid:public_id>/pesan/",
        views.objection_message,
        name="objection_message",
    ),
    path(
        "keberatan/<uuid:public_id>/putuskan/",
        views.objection_decide,
        name="objection_decide",
    ),
]
