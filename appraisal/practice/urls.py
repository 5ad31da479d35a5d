"""Addresses of the practice cycle (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.practice import views

urlpatterns = [
    path("latihan/", views.practice_page, name="practice"),
    path("latihan/buka/", views.practice_open, name="practice_open"),
    path("latihan/masuk/", views.practice_enter, name="practice_enter"),
    path("latihan/keluar/", views.practice_leave, name="practice_leave"),
    path("latihan/hapus/", views.practice_wipe, name="practice_wipe"),
]
