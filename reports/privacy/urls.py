"""Addresses of the personal data pages (namespace "privacy", under /privasi/ in config/urls.py)."""

from django.urls import path

from reports.privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("data-saya/", views.my_data, name="my_data"),
    path("data-saya/unduh/<slug:fmt>/", views.my_data_download, name="my_data_download"),
    path("log-akses/", views.access_log, name="access_log"),
]
