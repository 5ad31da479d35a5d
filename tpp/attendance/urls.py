"""The attendance pages under /kelola/tpp/."""

from django.urls import path

from tpp.attendance import views

urlpatterns = [
    path("kelola/tpp/absensi/", views.upload, name="recap_upload"),
    path("kelola/tpp/absensi/templat/", views.template, name="recap_template"),
    path("kelola/tpp/hukuman/", views.penalties, name="penalties"),
    path("kelola/tpp/hukuman/<uuid:public_id>/hapus/", views.penalty_remove, name="penalty_remove"),
    path(
        "kelola/tpp/pengecualian/<uuid:public_id>/hapus/",
        views.exemption_remove,
        name="exemption_remove",
    ),
]
