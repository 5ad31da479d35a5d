"""Addresses of two-factor login: the second step and one's own settings at /akun/dua-langkah/,
an admin BKD's reset beside the employee's page (namespace "org")."""

from django.urls import path

from accounts.twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("kode/", views.verify, name="verify"),
    path("pasang/", views.enrol, name="enrol"),
    path("kode-pemulihan/", views.codes, name="codes"),
    path("kode-pemulihan/baru/", views.regenerate, name="regenerate"),
    path("matikan/", views.remove, name="remove"),
]

# /kelola/pegawai/<nip>/akun/… (namespace "org", beside the employee's page).
employee_urlpatterns = [
    path("pegawai/<str:nip>/akun/dua-langkah/reset/", views.reset, name="twofactor_reset"),
]
