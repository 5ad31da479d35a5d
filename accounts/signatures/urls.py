"""The admin BKD's signing certificates, under /kelola/ (namespace "org")."""

from django.urls import path

from accounts.signatures import views

admin_urlpatterns = [
    path("sertifikat-ttd/", views.certificates, name="signing_certificates"),
    path(
        "sertifikat-ttd/<uuid:public_id>/cabut/",
        views.withdraw,
        name="signing_certificate_withdraw",
    ),
]
