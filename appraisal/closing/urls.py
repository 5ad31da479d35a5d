"""Addresses of closing (namespace "appraisal", joined in appraisal/urls.py)."""

from django.urls import path

from appraisal.closing import views

urlpatterns = [
    # Closing (admin BKD)
    path("siklus/<int:year>/penutupan/", views.closing, name="closing"),
    path("siklus/<int:year>/penutupan/<int:period>/", views.closing_report, name="closing_report"),
    path(
        "siklus/<int:year>/penutupan/<int:period>/tutup/", views.period_close, name="period_close"
    ),
    path(
        "siklus/<int:year>/penutupan/<int:period>/buka/",
        views.period_reopen,
        name="period_reopen",
    ),
    path("siklus/<int:year>/tutup/", views.cycle_close, name="cycle_close"),
    path("siklus/<int:year>/buka-kembali/", views.cycle_reopen, name="cycle_reopen"),
]
