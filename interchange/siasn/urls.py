"""The admin BKD's SIASN pages, under /kelola/ (namespace "interchange")."""

from django.urls import path

from interchange.siasn import views

admin_urlpatterns = [
    path("siasn/", views.status, name="siasn_status"),
    path("siasn/kirim-ulang/", views.retry_all, name="siasn_retry_all"),
    path("siasn/kirim/", views.push_year, name="siasn_push_year"),
    path("siasn/periksa-kode/", views.check_references, name="siasn_check_references"),
    path("siasn/<uuid:public_id>/kirim-ulang/", views.retry, name="siasn_retry"),
    path("siasn/tarik/", views.pull_start, name="siasn_pull_start"),
    path("siasn/tarik/<uuid:public_id>/", views.pull_detail, name="siasn_pull"),
]
